"""The notices as data: one TOML profile per seed notice, and the loader for a county's own.

    >>> import hazardflow as hf
    >>> hf.notices.available()
    ['dongsheng-2023', 'mingyueshan-2023', 'shenyang-2023', 'wuhua-2020', 'wushan-2023']
    >>> hf.notices.load("shenyang-2023").phases[2].name
    '执法督导'

The profile format is documented in docs/profile-format.md.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from hazardflow.notices.profile import (
    Cadence,
    Deliverable,
    DeliverableKind,
    Dispatching,
    Drill,
    Every,
    Frequency,
    Inspection,
    MandatoryListing,
    Notice,
    Phase,
    ProfileError,
    Quota,
    ScheduledReport,
    Target,
    Task,
    Topic,
    TopicKind,
    UnitKind,
    read_profile,
)

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "Cadence",
    "Deliverable",
    "DeliverableKind",
    "Dispatching",
    "Drill",
    "Every",
    "Frequency",
    "Inspection",
    "MandatoryListing",
    "Notice",
    "Phase",
    "ProfileError",
    "Quota",
    "ScheduledReport",
    "Target",
    "Task",
    "Topic",
    "TopicKind",
    "UnitKind",
    "available",
    "load",
    "load_file",
]


def _folder() -> Path:
    from importlib import resources  # on first use: ``import hazardflow`` reads no file (issue 20)
    from pathlib import Path

    return Path(str(resources.files(__name__)))


def available() -> list[str]:
    """The ids of the bundled profiles, sorted (e.g. ``shenyang-2023``)."""
    return sorted(p.stem for p in _folder().glob("*.toml"))


@cache
def load(id: str) -> Notice:
    """The bundled profile ``id``; an unknown id raises `ProfileError` listing the available ones."""
    if not isinstance(id, str) or id not in available():
        raise ProfileError("hazardflow/notices", "id", f"one of {', '.join(available())}", id)
    notice = read_profile(_folder() / f"{id}.toml")
    if notice.id != id:
        raise ProfileError(notice.source, "id", f"{id!r} (the file's name)", notice.id)
    return notice


def load_file(path: str | Path) -> Notice:
    """A county's own profile from ``path`` (docs/profile-format.md); errors name the file and key."""
    return read_profile(path)
