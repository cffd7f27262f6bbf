"""The hazard's closed loop: records (Hazard, Plan, Event …), the lifecycle machine, guards H1–H10, supervision.

May import vocab, checks and rules only; campaign, enforcement, store and everything above import it.
"""
