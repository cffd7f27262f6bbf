"""The store's errors: `Conflict` (an optimistic-lock race: nothing written), `NotFound` and
`RecordNotFound` (no such hazard or record on the ledger)."""

from __future__ import annotations

from collections.abc import Sequence

from hazardflow.store.records import Kind


class Conflict(Exception):
    """A unit of work lost an optimistic-lock race: a hazard changed after it was read.

    Nothing of the unit was written. ``hazard_ids`` names every hazard that had moved on (the
    first is ``hazard_id``); read them again and retry the work if it still applies.
    """

    def __init__(self, hazard_ids: Sequence[str], detail: str = "") -> None:
        self.hazard_ids: tuple[str, ...] = tuple(hazard_ids)
        self.hazard_id: str = self.hazard_ids[0]
        named = "、".join(self.hazard_ids)
        reason = detail or "读取之后已被其他操作修改（版本冲突）"
        what = "记录" if any("/" in i for i in self.hazard_ids) else "隐患"
        super().__init__(f"{what} {named} {reason}；本次工作单元未写入任何内容，请重新读取后再办理")


class NotFound(KeyError):
    """No hazard with this id on the ledger."""

    def __init__(self, hazard_id: str) -> None:
        self.hazard_id = hazard_id
        super().__init__(f"台账中没有隐患 {hazard_id}")

    def __str__(self) -> str:
        return str(self.args[0])


class RecordNotFound(NotFound):
    """No record of this kind and id on the ledger (a case, a suspension, a participation …)."""

    def __init__(self, kind: Kind, record_id: str) -> None:
        KeyError.__init__(self, f"台账中没有{kind.label} {record_id}")
        self.hazard_id = f"{kind.name}/{record_id}"
        self.kind = kind.name
        self.record_id = record_id
