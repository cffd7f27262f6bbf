"""Safe persistence around the unit of work: bare SQLite paths, retrying on `Conflict`, storage faults.

A hazard read with ``Ledger.get`` is a read-only snapshot (`lifecycle.read_only`): a trigger on it
raises `ReadOnly` instead of changing a copy nobody saves. Of the two ways the issue allows (bind
reads to the unit of work, or an explicit ``ledger.save(h)``), this one keeps a single way to write,
the unit of work that already checks the version it read, and makes the silent loss impossible:
a forgotten ``save`` would lose the change as silently as before.
"""

from __future__ import annotations

from hazardflow.checks import InvalidInput


class StorageError(Exception):
    """The database failed (disk full, connection lost, locked past the timeout), not a rule.

    ``written`` says what became of the unit of work: False, nothing was written (rolled back);
    None, the failure came while committing, so the outcome is unknown (read the hazard again
    before retrying). ``Conflict`` is not a storage fault: it is an optimistic-lock race.
    """

    def __init__(self, written: bool | None, detail: str) -> None:
        self.written = written
        outcome = "未写入任何内容" if written is False else "提交时出错，是否已写入未知，请重新读取后再决定是否重做"
        english = "nothing was written" if written is False else "outcome unknown: read again before retrying"
        super().__init__(f"存储故障：{outcome}（storage fault, {english}）：{detail}")


def url_of(target: str) -> str:
    """A database URL: ``target`` itself, or ``sqlite:///<target>`` for a bare file path."""
    if not isinstance(target, str) or not target.strip():
        raise InvalidInput("url", "a database URL or an SQLite file path", target,
                           zh="数据库地址（如 sqlite:///taizhang.db、postgresql+psycopg://…）或 SQLite 文件路径")
    return target if "://" in target else f"sqlite:///{target}"
