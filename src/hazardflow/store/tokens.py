"""API tokens of the HTTP API (`hazardflow serve`), hashed at rest, revocable.

A token is ``hf_<id>_<secret>``: 32 random bytes of secret (`secrets.token_urlsafe`), of which the
database keeps only the SHA-256 digest. A fast hash is right here: the secret is random, not a
password, so there is nothing to guess from the digest.

A token stands for a person of the stored directory (名录, `Ledger.directory`): it is made only for
a person registered there, and acts as that person (`acting`: the role follows from the
organisation's kind and the person's post). The organisation's jurisdiction is kept beside it
(``jurisdiction``) for `token list`; what a request may see is decided from the directory
(`serve.scope`).

`Tokens.authenticate` keeps what it found for `FRESH` seconds (a request per token per second
reads the table; the rest compare a digest in memory, as any bearer check does): a token revoked in
another process is refused within that time, one revoked through the same `Tokens` at once.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import datetime
from typing import TYPE_CHECKING

import attrs
from sqlalchemy import Column, Engine, Index, String, Table, select

from hazardflow.checks import InvalidInput, aware_time
from hazardflow.directory import Directory, Organisation, Person
from hazardflow.hazard.records import Actor
from hazardflow.store.codec import time_text
from hazardflow.store.tables import metadata
from hazardflow.vocab import OrgKind, Position, Role

if TYPE_CHECKING:
    from hazardflow.store.ledger import Ledger

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", String(32), primary_key=True),
    Column("digest", String(64), nullable=False),
    Column("person", String(200), nullable=False),
    Column("organisation", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("jurisdiction", String(200)),
    Column("created_at", String(64), nullable=False),
    Column("revoked_at", String(64)),
    Index("ix_api_tokens_digest", "digest", unique=True),
)
"""One row per token: its id, the digest of its secret, who it acts as, when made and revoked."""


@attrs.frozen
class Token:
    """A stored token (never its secret): whom it acts as and what it may see."""

    id: str
    actor: Actor
    jurisdictions: frozenset[str]
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None


_ROLES: dict[OrgKind, Role] = {
    OrgKind.ENTERPRISE: Role.ENTERPRISE, OrgKind.DEPARTMENT: Role.DEPARTMENT, OrgKind.GOVERNMENT: Role.GOVERNMENT,
    OrgKind.TOWN: Role.GOVERNMENT, OrgKind.EXPERT_POOL: Role.EXPERT,
}
"""The role a person acts in, by their organisation's kind (an enterprise's 主要负责人: `Role.PRINCIPAL`)."""


def registered(directory: Directory | None, person: str, organisation: str) -> tuple[Person, Organisation]:
    """The directory's person ``person`` of ``organisation``; `InvalidInput` (中文 first) if not there."""
    if directory is None:
        raise InvalidInput("directory", "a stored directory (hazardflow directory load)", None,
                           zh="已导入的名录：令牌只能发给名录中的人员，请先导入名录（hazardflow directory load）")
    org = directory.organisation(organisation)
    if org is None:
        raise InvalidInput("organisation", "an organisation of the stored directory", organisation,
                           zh="名录中登记的单位")
    found = directory.person(person, organisation)
    if found is None:
        raise InvalidInput("person", f"a person of {organisation} in the stored directory", person,
                           zh=f"名录中{organisation}的人员")
    if org.kind not in _ROLES:
        raise InvalidInput("organisation", "an enterprise, department, government, town or expert pool", organisation,
                           zh=f"企业、监管部门、党委政府、乡镇街道或专家库（{org.kind.label}不办理隐患）")
    return found, org


def acting(person: Person, organisation: Organisation) -> Actor:
    """The `Actor` a directory person acts as."""
    role = _ROLES[organisation.kind]
    if role is Role.ENTERPRISE and person.position is Position.PRINCIPAL:
        role = Role.PRINCIPAL
    return Actor(person.name, role, organisation.name)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token(row: object) -> Token:
    r = row._mapping  # type: ignore[attr-defined]
    return Token(r["id"], Actor(r["person"], Role[r["role"]], r["organisation"]),
                 frozenset(j for j in (r["jurisdiction"] or "").split(",") if j), r["created_at"], r["revoked_at"])


FRESH = 1.0
"""How long (seconds) `Tokens.authenticate` trusts a token it found before reading it again."""


class Tokens:
    """The API tokens of a ledger's database: ``hf.Tokens(ledger).create("张三", "某公司", at=...)``."""

    def __init__(self, ledger: Ledger) -> None:
        self._engine = ledger.engine
        self._ledger = ledger
        self._found: dict[str, tuple[float, Token]] = {}

    def create(self, person: str, organisation: str, *, at: datetime) -> str:
        """A new token acting as ``person`` of ``organisation``, who must be in the stored directory
        (`InvalidInput` otherwise): its text, shown once and never stored."""
        found, org = registered(self._ledger.directory(), person, organisation)
        return create(self._engine, acting(found, org), at=at, jurisdictions=frozenset({org.place}))

    def revoke(self, token_id: str, *, at: datetime) -> bool:
        """Revoke token ``token_id``; False if there is no such active token."""
        self._found.clear()
        return revoke(self._engine, token_id, at=at)

    def list(self) -> list[Token]:
        """Every token, active and revoked, oldest first."""
        return listed(self._engine)

    def authenticate(self, text: str) -> Token | None:
        """The active token whose text is ``text``, or None (found tokens kept `FRESH` seconds)."""
        now = time.monotonic()
        key = _digest(text) if isinstance(text, str) else ""
        seen = self._found.get(key)
        if seen is not None and now - seen[0] < FRESH:
            return seen[1]
        token = authenticate(self._engine, text)
        if token is None:
            self._found.pop(key, None)
        else:
            self._found[key] = (now, token)
        return token


def create(engine: Engine, actor: Actor, *, at: datetime, jurisdictions: frozenset[str] = frozenset()) -> str:
    """Store a new token acting as ``actor``; returns the token text, shown once and never stored."""
    if not isinstance(actor, Actor):
        raise InvalidInput("actor", "a hazardflow.Actor", actor)
    if any("," in j or not j.strip() for j in jurisdictions):
        raise InvalidInput("jurisdiction", "names without commas", sorted(jurisdictions), zh="不含逗号的属地名称")
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    text = f"hf_{token_id}_{secret}"
    with engine.begin() as connection:
        connection.execute(api_tokens.insert().values(
            id=token_id, digest=_digest(text), person=actor.name, organisation=actor.organisation, role=actor.role.name,
            jurisdiction=",".join(sorted(jurisdictions)) or None, created_at=time_text(aware_time(at))))
    return text


def revoke(engine: Engine, token_id: str, *, at: datetime) -> bool:
    """Revoke token ``token_id``; False if there is no such active token."""
    with engine.begin() as connection:
        done = connection.execute(
            api_tokens.update().where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=time_text(aware_time(at))))
    return bool(done.rowcount)


def listed(engine: Engine) -> list[Token]:
    """Every token (active and revoked), oldest first."""
    with engine.connect() as connection:
        return [_token(r) for r in connection.execute(select(api_tokens).order_by(api_tokens.c.created_at))]


def authenticate(engine: Engine, text: str) -> Token | None:
    """The active token whose text is ``text``, or None."""
    if not isinstance(text, str) or not text.startswith("hf_"):
        return None
    with engine.connect() as connection:
        row = connection.execute(select(api_tokens).where(
            api_tokens.c.digest == _digest(text), api_tokens.c.revoked_at.is_(None))).first()
    return None if row is None else _token(row)
