"""docs/citus.md (issue 20): the Citus layout it documents fits the tables the code uses — every table
distributed or a reference table exactly once, the distribution column in every primary key and unique
constraint, foreign keys between distributed tables within one colocation group on the distribution
columns, no reference table pointing at a distributed one."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Table

from hazardflow.store.tables import metadata

DOC = Path(__file__).resolve().parents[2] / "docs" / "citus.md"
CALL = re.compile(r"SELECT (create_distributed_table|create_reference_table)\('(\w+)'(?:, '(\w+)')?"
                  r"(?:, colocate_with => '(\w+)')?\);")


def _layout() -> tuple[dict[str, tuple[str, str]], set[str]]:
    """Distributed tables (column, colocation group) and reference tables, as the doc's DDL says."""
    distributed: dict[str, tuple[str, str]] = {}
    reference: set[str] = set()
    for kind, table, column, colocate in CALL.findall(DOC.read_text(encoding="utf-8")):
        assert table not in distributed and table not in reference, f"{table} laid out twice"
        if kind == "create_reference_table":
            reference.add(table)
        else:
            group = distributed[colocate][1] if colocate else table
            distributed[table] = (column, group)
    return distributed, reference


def _keys(table: Table) -> list[set[str]]:
    keys = [{c.name for c in table.primary_key.columns}]
    keys += [{c.name for c in i.columns} for i in table.indexes if i.unique]
    return keys


def test_every_table_is_laid_out_once() -> None:
    distributed, reference = _layout()
    assert set(distributed) | reference == set(metadata.tables)


def test_the_distribution_column_is_in_every_key() -> None:
    distributed, _ = _layout()
    for name, (column, _) in distributed.items():
        for key in _keys(metadata.tables[name]):
            assert column in key, f"{name}: {column} not in the key {sorted(key)}"


def test_foreign_keys_stay_on_one_node() -> None:
    distributed, reference = _layout()
    for name, table in metadata.tables.items():
        for fk in table.foreign_key_constraints:
            target = fk.referred_table.name
            if name in reference:
                assert target in reference, f"reference table {name} points at distributed {target}"
                continue
            if target in reference:
                continue
            (column, group), (target_column, target_group) = distributed[name], distributed[target]
            pairs = {(e.parent.name, e.column.name) for e in fk.elements}
            assert group == target_group, f"{name} → {target} across colocation groups"
            assert (column, target_column) in pairs, f"{name} → {target} not on the distribution columns"
