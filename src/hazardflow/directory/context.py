"""Which directory is in use: a context variable, so the domain asks the directory without importing the store.

``with directory.in_use(): h.close(...)`` — every authority guard calls `current()`; with no directory
in use (a quick in-memory use) the guards keep their role checks. A context variable (not a global)
keeps threads and asyncio tasks apart; the CLI puts the Ledger's saved directory in use for a command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hazardflow.directory.directory import Directory

_CURRENT: ContextVar[Directory | None] = ContextVar("hazardflow_directory", default=None)


def current() -> Directory | None:
    """The directory in use here, or None."""
    return _CURRENT.get()


@contextmanager
def using(directory: Directory | None) -> Iterator[Directory | None]:
    """Put ``directory`` in use for the block (None: none in use), restoring the previous one after."""
    token = _CURRENT.set(directory)
    try:
        yield directory
    finally:
        _CURRENT.reset(token)
