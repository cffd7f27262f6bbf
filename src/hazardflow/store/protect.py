"""Optional append-only protection on PostgreSQL (ARCHITECTURE.md principle 11): beside the MACs, which
detect a rewrite, the database itself can refuse one. Two independent layers, both offered by
``hazardflow db protect``:

- ``REVOKE UPDATE, DELETE, TRUNCATE`` on the append-only tables from the application's role (the role
  the Ledger connects as; the owner who migrates keeps its rights);
- a trigger on each append-only table that raises on UPDATE or DELETE, whoever runs it (a superuser
  can still drop the trigger: which is why the MACs and checkpoints stay the proof).

The append-only tables are the event logs and the seal: ``events``, ``record_events``, ``seals``,
``activities`` and ``activity_findings``. (``seal_state`` and the state rows are updated by design.)
"""

from __future__ import annotations

APPEND_ONLY = ("events", "record_events", "seals", "activities", "activity_findings")

_FUNCTION = """CREATE OR REPLACE FUNCTION hazardflow_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '台账表 % 只能追加，不能修改或删除 (append-only)', TG_TABLE_NAME;
END $$;"""


def statements(role: str | None) -> list[str]:
    """The SQL that makes the append-only tables so: the trigger on each, and the REVOKE from ``role``."""
    out = [_FUNCTION]
    for table in APPEND_ONLY:
        out.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        out.append(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION hazardflow_append_only();")
    if role is not None:
        quoted = '"' + role.replace('"', '""') + '"'
        out.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(APPEND_ONLY)} FROM {quoted};")
    return out
