"""hazardflow: China's work-safety campaign notices as executable, tested state machines.

The public API (ARCHITECTURE.md) is re-exported here; nothing else is public.
"""

from hazardflow import notices, reports
from hazardflow.campaign.campaign import (
    Campaign,
    Filing,
    Obligation,
    ObligationStatus,
    Participation,
    PhaseEvent,
    Step,
    TargetStatus,
)
from hazardflow.checks import SHANGHAI, InvalidInput, at_date, local_date
from hazardflow.directory import Directory, DirectoryError, Organisation, Person
from hazardflow.enforcement.accountability import Trace, TraceKind, trace
from hazardflow.enforcement.activities import Activity, ActivityKind, Finding, penalty_activities, reward_activity
from hazardflow.enforcement.case import CaseStage, EnforcementCase, Inspection, Reinspection
from hazardflow.enforcement.law import DailyFine, daily_fines, publication_deadline
from hazardflow.enforcement.penalties import (
    Accident,
    AccidentGrade,
    Measure,
    MeasureKind,
    Penalty,
    PenaltyDecision,
    Tally,
    Target,
    closure_grounds,
    decide_penalty,
    overdue_publications,
    tally,
)
from hazardflow.enforcement.supply import Supply, SupplyStop, stop_supply
from hazardflow.enforcement.suspension import Suspension, SuspensionStage
from hazardflow.enforcement.tips import Reward, RewardTotals, TipOff, reward_tip, reward_totals, verify_tip
from hazardflow.hazard import standards
from hazardflow.hazard.lifecycle import LOOP, replay
from hazardflow.hazard.records import Actor, Event, Hazard, Listing, Plan, Report, Signature
from hazardflow.hazard.supervision import (
    Dispatch,
    DispatchDue,
    Escalation,
    LookBack,
    dispatch_obligations,
    escalations,
    look_back,
)
from hazardflow.rules import RULES, Reason, Rejected, Rule
from hazardflow.store import Conflict, Ledger
from hazardflow.vocab import (
    TRIGGER_LABELS,
    Level,
    OrgKind,
    PhaseKind,
    Position,
    ReportKind,
    RiskLevel,
    Role,
    Source,
    Stage,
)
from hazardflow.workdays import (
    CalendarNotCovered,
    add_working_days,
    is_working_day,
    rolled_over,
    working_days_between,
)

__all__ = [
    "LOOP",
    "RULES",
    "SHANGHAI",
    "TRIGGER_LABELS",
    "Accident",
    "AccidentGrade",
    "Activity",
    "ActivityKind",
    "Actor",
    "CalendarNotCovered",
    "Campaign",
    "CaseStage",
    "Conflict",
    "DailyFine",
    "Directory",
    "DirectoryError",
    "Dispatch",
    "DispatchDue",
    "EnforcementCase",
    "Escalation",
    "Event",
    "Filing",
    "Finding",
    "Hazard",
    "Inspection",
    "InvalidInput",
    "Ledger",
    "Level",
    "Listing",
    "LookBack",
    "Measure",
    "MeasureKind",
    "Obligation",
    "ObligationStatus",
    "OrgKind",
    "Organisation",
    "Participation",
    "Penalty",
    "PenaltyDecision",
    "Person",
    "PhaseEvent",
    "PhaseKind",
    "Plan",
    "Position",
    "Reason",
    "Reinspection",
    "Rejected",
    "Report",
    "ReportKind",
    "Reward",
    "RewardTotals",
    "RiskLevel",
    "Role",
    "Rule",
    "Signature",
    "Source",
    "Stage",
    "Step",
    "Supply",
    "SupplyStop",
    "Suspension",
    "SuspensionStage",
    "Tally",
    "Target",
    "TargetStatus",
    "TipOff",
    "Trace",
    "TraceKind",
    "add_working_days",
    "at_date",
    "closure_grounds",
    "daily_fines",
    "decide_penalty",
    "dispatch_obligations",
    "escalations",
    "is_working_day",
    "local_date",
    "look_back",
    "notices",
    "overdue_publications",
    "penalty_activities",
    "publication_deadline",
    "replay",
    "reports",
    "reward_activity",
    "reward_tip",
    "reward_totals",
    "rolled_over",
    "standards",
    "stop_supply",
    "tally",
    "trace",
    "verify_tip",
    "working_days_between",
]
