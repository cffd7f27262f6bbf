"""A notice's campaign: periods and 调度表 slots, the phase machine with C1–C10, H11 and H12, `Campaign` and `tick`.

May import vocab, checks, rules, notices and hazard; never enforcement, store or anything above.
"""
