"""Mermaid state diagrams generated from the live `transitions` machines (never drawn by hand).

Each arrow is one transition of the machine as built, labelled with the trigger's 中文 name and
the ids of the rules that guard it; internal transitions (no stage change) are listed as notes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from typing import Any

from transitions import Machine

from hazardflow.campaign.phases import PHASE_RULE, PHASES, Step
from hazardflow.enforcement.case import EnforcementCase
from hazardflow.hazard.lifecycle import LOOP, TRIGGERS
from hazardflow.rules import rules_of
from hazardflow.vocab import TRIGGER_LABELS


def _label(state: Any) -> str:
    return state.label if isinstance(state, Enum) and hasattr(state, "label") else str(state)


def transitions(machine: Machine) -> Iterator[tuple[str, Any, Any]]:
    """Each transition of ``machine`` as built: (trigger, the state it leaves, the state it enters —
    None for an internal transition), states as the machine's values (e.g. `Stage`)."""
    states: Mapping[str, Any] = {name: state.value for name, state in machine.states.items()}
    for name, event in machine.events.items():
        for source, built in event.transitions.items():
            for transition in built:
                yield name, states[source], None if transition.dest is None else states[transition.dest]


def state_diagram(machine: Machine, trigger_label: Callable[[str, str], str]) -> str:
    """The mermaid ``stateDiagram-v2`` text of ``machine``'s transitions (states by their 中文 label).

    ``trigger_label(trigger, source)`` names an arrow: the trigger and the state it leaves (by name).
    """
    lines = ["stateDiagram-v2", f"    [*] --> {_label(machine.states[str(machine.initial)].value)}"]
    internal: dict[str, list[str]] = {}
    for name, source, dest in transitions(machine):
        source_name = source.name if isinstance(source, Enum) else str(source)
        if dest is None:
            internal.setdefault(_label(source), []).append(trigger_label(name, source_name))
            continue
        lines.append(f"    {_label(source)} --> {_label(dest)}: {trigger_label(name, source_name)}")
    for state, names in internal.items():
        lines.append(f"    note right of {state}: {'、'.join(dict.fromkeys(names))}")
    return "\n".join(lines)


def _hazard_trigger(name: str, source: str) -> str:
    return f"{TRIGGER_LABELS[name]} {' '.join(TRIGGERS[name].rules)}"


def _campaign_step(name: str, source: str) -> str:
    """``advance`` out of ``source``: C1 (order and dates) and the rule of the phase being left."""
    kind = Step[source].phase_kind
    ids = ["C1"] if kind is None else ["C1", PHASE_RULE[kind].id]
    return f"进入下一阶段 {' '.join(ids)}"


def _case_step(name: str, source: str) -> str:
    flow = EnforcementCase.flow
    ids = [flow.order.id]
    for function in flow.steps[name].guards:
        ids += [r for r in rules_of(function) if r not in ids]
    return f"{flow.steps[name].label} {' '.join(ids)}"


def mermaid() -> dict[str, str]:
    """Every machine of the library as mermaid text, by its 中文 title: the hazard loop, the campaign
    phases and the enforcement case."""
    return {
        "隐患闭环（发现→交办→整改→验收→销号）": state_diagram(LOOP.machine, _hazard_trigger),
        "专项行动阶段（动员部署→排查→整治→总结）": state_diagram(PHASES.machine, _campaign_step),
        "执法案件（检查诊断→行政处罚→整改复查→结案）": state_diagram(EnforcementCase.flow.machine, _case_step),
    }
