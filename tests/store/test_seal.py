"""The seal's key and algorithm, the refusal without a key, and the one-time re-seal of an older register."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import create_engine, text

import hazardflow as hf
from hazardflow.cli.main import main
from hazardflow.store import migrate, seal
from store.helpers import open_hazard


def test_a_new_sqlite_register_gets_a_key_file_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(seal.KEY_ENV, raising=False)
    db = tmp_path / "taizhang.db"
    with hf.Ledger(str(db)) as ledger:
        ledger.add(open_hazard())
    key = tmp_path / "taizhang.db.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with hf.Ledger(str(db)) as again:  # the same key next time: the MACs verify
        assert again.verify_chain() == []
    key.write_text("another key\n")
    with hf.Ledger(str(db)) as wrong:
        assert wrong.verify_chain() != []


def test_the_algorithm_is_recorded_per_event(sqlite_url: str) -> None:
    with hf.Ledger(sqlite_url) as ledger:
        ledger.add(open_hazard())
    engine = create_engine(sqlite_url)
    with engine.connect() as c:
        algorithms = set(c.scalars(text("SELECT alg FROM seals")))
    engine.dispose()
    assert algorithms == {seal.ALGORITHM}
    assert ("HMAC-SM3" if seal._has_sm3() else "HMAC-SHA256") == seal.ALGORITHM


@pytest.mark.postgres
def test_postgresql_without_a_key_refuses_to_write_and_db_verify_says_why(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(seal.KEY_ENV, raising=False)
    h = open_hazard()
    with hf.Ledger(pg_url) as ledger:
        assert not ledger.keyed
        with pytest.raises(seal.KeyMissing, match="没有台账密钥"):
            ledger.add(h)
        assert ledger.count() == 0
    result = CliRunner().invoke(main, ["db", "verify", "--db", pg_url])
    assert result.exit_code != 0 and "没有台账密钥" in result.output


def test_a_register_from_before_the_seal_is_resealed_once_and_says_so(url: str) -> None:
    with hf.Ledger(url) as ledger:
        ledger.add(open_hazard())
        ledger.add(open_hazard())
    engine = create_engine(url)
    with engine.begin() as c:  # the register as it stood at revision 0006, before the seal
        command.downgrade(migrate.config(c), "0006")
    engine.dispose()
    with pytest.raises(hf.store.migrate.SchemaOutdated):
        hf.Ledger(url)
    assert CliRunner().invoke(main, ["db", "upgrade", "--db", url]).exit_code == 0
    with hf.Ledger(url) as ledger:
        report = ledger.audit()
        assert report.findings == () and report.resealed == 6 and report.sealed == 6
    with hf.Ledger(url) as ledger:  # once
        assert ledger.audit().resealed_at == report.resealed_at
    result = CliRunner().invoke(main, ["db", "verify", "--db", url])
    assert result.exit_code == 0 and "重新封存" in result.output
