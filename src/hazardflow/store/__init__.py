"""The store: the register (台账) in SQLite or PostgreSQL, through SQLAlchemy Core and Alembic.

`Ledger` persists hazards and their hash-chained events, and every other aggregate the library
decides as an event-sourced record (`records`: cases, suspensions, participations, dossiers); `Unit`
is its unit of work; `Conflict` is the optimistic-lock failure. The store records what the domain
did; it never decides a rule.
May import the domain (hazard, campaign, enforcement) and below; reports, cli and bdd import it.
"""

from hazardflow.store.ledger import Conflict, Ledger, NotFound, RecordNotFound, Unit
from hazardflow.store.migrate import SchemaOutdated, upgrade
from hazardflow.store.queries import Page
from hazardflow.store.records import Dossier
from hazardflow.store.safety import StorageError
from hazardflow.store.tokens import Token, Tokens

__all__ = ["Conflict", "Dossier", "Ledger", "NotFound", "Page", "RecordNotFound", "SchemaOutdated", "StorageError",
           "Token", "Tokens", "Unit", "upgrade"]
