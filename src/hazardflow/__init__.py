"""hazardflow: China's work-safety campaign notices as executable, tested state machines.

The public API (ARCHITECTURE.md) is re-exported here; nothing else is public.
"""

from hazardflow.checks import SHANGHAI, InvalidInput, at_date, local_date
from hazardflow.lifecycle import LOOP, replay
from hazardflow.records import Actor, Event, Hazard, Listing, Plan, Report, Signature
from hazardflow.rules import RULES, Reason, Rejected, Rule
from hazardflow.store import Conflict, Ledger
from hazardflow.vocab import TRIGGER_LABELS, Level, PhaseKind, ReportKind, RiskLevel, Role, Source, Stage

__all__ = [
    "LOOP",
    "RULES",
    "SHANGHAI",
    "TRIGGER_LABELS",
    "Actor",
    "Conflict",
    "Event",
    "Hazard",
    "InvalidInput",
    "Ledger",
    "Level",
    "Listing",
    "PhaseKind",
    "Plan",
    "Reason",
    "Rejected",
    "Report",
    "ReportKind",
    "RiskLevel",
    "Role",
    "Rule",
    "Signature",
    "Source",
    "Stage",
    "at_date",
    "local_date",
    "replay",
]
