"""hazardflow: China's work-safety campaign notices as executable, tested state machines.

The public API (ARCHITECTURE.md) is re-exported here; nothing else is public.
"""

from hazardflow import notices
from hazardflow.campaign import Campaign, Filing, Obligation, ObligationStatus, Participation, PhaseEvent, Step
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
    "Campaign",
    "Conflict",
    "Event",
    "Filing",
    "Hazard",
    "InvalidInput",
    "Ledger",
    "Level",
    "Listing",
    "Obligation",
    "ObligationStatus",
    "Participation",
    "PhaseEvent",
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
    "Step",
    "at_date",
    "local_date",
    "notices",
    "replay",
]
