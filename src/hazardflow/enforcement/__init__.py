"""Enforcement under the 安全生产法: the case (三部曲), penalties (P2–P6, L3–L6), suspension (L2), tips (P8),
accountability (P7), recorded activities, the working-day law helpers and the shared step flow.

May import vocab, checks, rules and hazard; never campaign, store or anything above.
"""
