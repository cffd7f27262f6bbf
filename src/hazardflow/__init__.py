"""hazardflow: China's work-safety campaign notices as executable, tested state machines.

The public API (ARCHITECTURE.md) is re-exported here; nothing else is public.
"""

from hazardflow import notices, reports, schema
from hazardflow.campaign.campaign import Campaign, Filing, Obligation, ObligationStatus, Participation, PhaseEvent, Step
from hazardflow.checks import SHANGHAI, InvalidInput, at_date, local_date
from hazardflow.enforcement.accountability import Trace, TraceKind, trace
from hazardflow.enforcement.activities import Activity, ActivityKind, Finding, penalty_activities, reward_activity
from hazardflow.enforcement.case import CaseStage, EnforcementCase, Inspection, Reinspection
from hazardflow.enforcement.law import (
    DailyFine,
    add_working_days,
    daily_fines,
    publication_deadline,
    working_days_between,
)
from hazardflow.enforcement.penalties import (
    Accident,
    AccidentGrade,
    Measure,
    MeasureKind,
    Penalty,
    PenaltyDecision,
    Tally,
    Target,
    decide_penalty,
    overdue_publications,
    tally,
)
from hazardflow.enforcement.suspension import Suspension, SuspensionStage
from hazardflow.enforcement.tips import Reward, RewardTotals, TipOff, reward_tip, reward_totals, verify_tip
from hazardflow.hazard.lifecycle import LOOP, Allowed, ReadOnly, replay
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
from hazardflow.store import Conflict, Ledger, NotFound, Page, StorageError, Token, Tokens, Unit
from hazardflow.vocab import TRIGGER_LABELS, Level, PhaseKind, ReportKind, RiskLevel, Role, Source, Stage

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
    "Allowed",
    "Campaign",
    "CaseStage",
    "Conflict",
    "DailyFine",
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
    "NotFound",
    "Obligation",
    "ObligationStatus",
    "Page",
    "Participation",
    "Penalty",
    "PenaltyDecision",
    "PhaseEvent",
    "PhaseKind",
    "Plan",
    "ReadOnly",
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
    "StorageError",
    "Suspension",
    "SuspensionStage",
    "Tally",
    "Target",
    "TipOff",
    "Token",
    "Tokens",
    "Trace",
    "TraceKind",
    "Unit",
    "add_working_days",
    "at_date",
    "daily_fines",
    "decide_penalty",
    "dispatch_obligations",
    "escalations",
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
    "schema",
    "tally",
    "trace",
    "verify_tip",
    "working_days_between",
]
