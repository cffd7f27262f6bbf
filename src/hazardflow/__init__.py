"""hazardflow: China's work-safety campaign notices as executable, tested state machines.

The public API (ARCHITECTURE.md) is re-exported here; nothing else is public.

The hazard's API (records, the hazard machine, standards, the directory, the working-day calendar) is
imported with the package; supervision's names (挂牌督办, 逾期 escalations, 回头看), the campaign's and
enforcement's, `notices`, `RULES` (whole once every area that defines rules is imported), the store's
names (`Ledger`, `Unit`, …), `reports` and `schema` are imported on first use (`__getattr__`, PEP 562).
So ``import hazardflow`` stays within issue 20's budget and never loads SQLAlchemy, Alembic, click or
rich (bench/imports.py measures it, the whole in-memory API beside it; tests/test_imports.py checks it).
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from hazardflow.checks import SHANGHAI, InvalidInput, at_date, local_date
from hazardflow.directory import Directory, DirectoryError, Organisation, Person
from hazardflow.hazard import jsonform as _jsonform  # noqa: F401  (installs to_json/from_json on the records)
from hazardflow.hazard import standards
from hazardflow.hazard.lifecycle import LOOP, ReadOnly, replay
from hazardflow.hazard.records import Actor, Allowed, Event, Hazard, Listing, Plan, Report, Signature
from hazardflow.rules import Reason, Rejected, Rule
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

if TYPE_CHECKING:  # the names below, typed for mypy, imported lazily at run time (`__getattr__`)
    from hazardflow import notices, reports, schema
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
    from hazardflow.enforcement.accountability import Trace, TraceKind, trace
    from hazardflow.enforcement.activities import (
        Activity,
        ActivityKind,
        Finding,
        accountability_activity,
        penalty_activities,
        reward_activity,
        suspension_activity,
        typical_case,
    )
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
    from hazardflow.enforcement.spot_checks import SpotCheck
    from hazardflow.enforcement.supply import Supply, SupplyStop, stop_supply
    from hazardflow.enforcement.suspension import Suspension, SuspensionStage
    from hazardflow.enforcement.tips import Reward, RewardTotals, TipOff, reward_tip, reward_totals, verify_tip
    from hazardflow.hazard.supervision import (
        Dispatch,
        DispatchDue,
        Escalation,
        LookBack,
        dispatch_obligations,
        dispatch_progress,
        escalations,
        look_back,
    )
    from hazardflow.rules import RULES
    from hazardflow.store import Conflict, Ledger, NotFound, Page, StorageError, Token, Tokens, Unit
    from hazardflow.store.records import participation_id

_ENFORCEMENT = "hazardflow.enforcement."
_LAZY = {
    **dict.fromkeys(("Campaign", "Filing", "Obligation", "ObligationStatus", "Participation", "PhaseEvent", "Step",
                     "TargetStatus"), "hazardflow.campaign.campaign"),
    **dict.fromkeys(("Trace", "TraceKind", "trace"), _ENFORCEMENT + "accountability"),
    **dict.fromkeys(("Activity", "ActivityKind", "Finding", "accountability_activity", "penalty_activities",
                     "reward_activity", "suspension_activity", "typical_case"), _ENFORCEMENT + "activities"),
    **dict.fromkeys(("CaseStage", "EnforcementCase", "Inspection", "Reinspection"), _ENFORCEMENT + "case"),
    **dict.fromkeys(("DailyFine", "daily_fines", "publication_deadline"), _ENFORCEMENT + "law"),
    **dict.fromkeys(("Accident", "AccidentGrade", "Measure", "MeasureKind", "Penalty", "PenaltyDecision", "Tally",
                     "Target", "closure_grounds", "decide_penalty", "overdue_publications", "tally"),
                    _ENFORCEMENT + "penalties"),
    "SpotCheck": _ENFORCEMENT + "spot_checks",
    **dict.fromkeys(("Supply", "SupplyStop", "stop_supply"), _ENFORCEMENT + "supply"),
    **dict.fromkeys(("Suspension", "SuspensionStage"), _ENFORCEMENT + "suspension"),
    **dict.fromkeys(("Reward", "RewardTotals", "TipOff", "reward_tip", "reward_totals", "verify_tip"),
                    _ENFORCEMENT + "tips"),
    **dict.fromkeys(("Dispatch", "DispatchDue", "Escalation", "LookBack", "dispatch_obligations", "dispatch_progress",
                     "escalations", "look_back"), "hazardflow.hazard.supervision"),
    "RULES": "hazardflow.rules",
    **dict.fromkeys(("Conflict", "Ledger", "NotFound", "Page", "StorageError", "Token", "Tokens", "Unit"),
                    "hazardflow.store"),
    "participation_id": "hazardflow.store.records",
}
"""The public names imported on first use, and the module each comes from."""

_RULED = sorted({m for m in _LAZY.values() if m.startswith(("hazardflow.campaign.", _ENFORCEMENT))})
"""The lazily imported modules that define rules: ``hf.RULES`` imports them first, so the catalogue is whole."""


def __getattr__(name: str) -> Any:
    """A lazily imported public name (`_LAZY`) or subpackage (``hf.reports``, ``hf.store``, …), bound
    in the package on first use so later look-ups are plain attribute reads."""
    source = _LAZY.get(name)
    if source is not None:
        for module in _RULED if name == "RULES" else ():
            importlib.import_module(module)
        value = getattr(importlib.import_module(source), name)
    elif not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
    "NotFound",
    "Obligation",
    "ObligationStatus",
    "OrgKind",
    "Organisation",
    "Page",
    "Participation",
    "Penalty",
    "PenaltyDecision",
    "Person",
    "PhaseEvent",
    "PhaseKind",
    "Plan",
    "Position",
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
    "SpotCheck",
    "Stage",
    "Step",
    "StorageError",
    "Supply",
    "SupplyStop",
    "Suspension",
    "SuspensionStage",
    "Tally",
    "Target",
    "TargetStatus",
    "TipOff",
    "Token",
    "Tokens",
    "Trace",
    "TraceKind",
    "Unit",
    "accountability_activity",
    "add_working_days",
    "at_date",
    "closure_grounds",
    "daily_fines",
    "decide_penalty",
    "dispatch_obligations",
    "dispatch_progress",
    "escalations",
    "is_working_day",
    "local_date",
    "look_back",
    "notices",
    "overdue_publications",
    "participation_id",
    "penalty_activities",
    "publication_deadline",
    "replay",
    "reports",
    "reward_activity",
    "reward_tip",
    "reward_totals",
    "rolled_over",
    "schema",
    "standards",
    "stop_supply",
    "suspension_activity",
    "tally",
    "trace",
    "typical_case",
    "verify_tip",
    "working_days_between",
]
