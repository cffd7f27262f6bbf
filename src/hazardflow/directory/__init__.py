"""Who is who (名录): organisations, people, jurisdictions and the sectors departments supervise.

Sits between the rule catalogue and the hazard loop (ARCHITECTURE.md): it imports vocab and checks
only; hazard, campaign and enforcement guards ask it through `current()` (principle 8).
"""

from hazardflow.directory.directory import Directory, current, dumps, parse_directory, using
from hazardflow.directory.loader import DirectoryError
from hazardflow.directory.records import SMALL_STAFF, Organisation, Person, jurisdiction_path

__all__ = [
    "SMALL_STAFF",
    "Directory",
    "DirectoryError",
    "Organisation",
    "Person",
    "current",
    "dumps",
    "jurisdiction_path",
    "parse_directory",
    "using",
]
