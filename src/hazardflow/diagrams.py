"""Mermaid state diagrams generated from the live `transitions` machines (never drawn by hand).

Each arrow is one transition of the machine as built, labelled with the trigger's 中文 name and
the ids of the rules that guard it; internal transitions (no stage change) are listed as notes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

from transitions import Machine

from hazardflow.lifecycle import LOOP, TRIGGERS
from hazardflow.vocab import TRIGGER_LABELS


def _label(state: Any) -> str:
    return state.label if isinstance(state, Enum) and hasattr(state, "label") else str(state)


def state_diagram(machine: Machine, trigger_label: Callable[[str], str]) -> str:
    """The mermaid ``stateDiagram-v2`` text of ``machine``'s transitions (states by their 中文 label)."""
    states: Mapping[str, Any] = {name: state.value for name, state in machine.states.items()}
    lines = ["stateDiagram-v2", f"    [*] --> {_label(states[str(machine.initial)])}"]
    internal: dict[str, list[str]] = {}
    for name, event in machine.events.items():
        for source, transitions in event.transitions.items():
            for transition in transitions:
                if transition.dest is None:
                    internal.setdefault(_label(states[source]), []).append(trigger_label(name))
                    continue
                lines.append(f"    {_label(states[source])} --> {_label(states[transition.dest])}: "
                             f"{trigger_label(name)}")
    for state, names in internal.items():
        lines.append(f"    note right of {state}: {'、'.join(dict.fromkeys(names))}")
    return "\n".join(lines)


def _hazard_trigger(name: str) -> str:
    return f"{TRIGGER_LABELS[name]} {' '.join(TRIGGERS[name].rules)}"


def mermaid() -> dict[str, str]:
    """Every machine of the library as mermaid text, by its 中文 title."""
    return {"隐患闭环（发现→交办→整改→验收→销号）": state_diagram(LOOP.machine, _hazard_trigger)}
