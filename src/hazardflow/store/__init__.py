"""The store: the register (台账) in SQLite or PostgreSQL, through SQLAlchemy Core and Alembic.

`Ledger` persists hazards and their hash-chained events; `Unit` is its unit of work; `Conflict`
is the optimistic-lock failure. The store records what the domain did; it never decides a rule.
May import the domain (hazard, campaign, enforcement) and below; reports, cli and bdd import it.
"""

from hazardflow.store.ledger import Conflict, Ledger, NotFound, Unit
from hazardflow.store.migrate import SchemaOutdated, upgrade
from hazardflow.store.queries import Page
from hazardflow.store.safety import StorageError
from hazardflow.store.tokens import Token, Tokens

__all__ = ["Conflict", "Ledger", "NotFound", "Page", "SchemaOutdated", "StorageError", "Token", "Tokens", "Unit",
           "upgrade"]
