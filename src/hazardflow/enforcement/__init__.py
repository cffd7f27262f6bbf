"""Enforcement under the 安全生产法: the case (三部曲), penalties (P2–P6, L3–L6, L8, L10), suspension (L2),
停止供电 (L9, supply), tips (P8), accountability (P7), recorded activities, the law's arithmetic (publication
days, daily fines) and the shared step flow.

May import vocab, checks, rules, workdays and hazard; never campaign, store or anything above.
"""
