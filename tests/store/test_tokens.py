"""API tokens (store/tokens.py): made only for directory people, acting as them; found tokens kept briefly."""

from __future__ import annotations

from datetime import datetime

import pytest

import hazardflow as hf
from hazardflow.store import tokens as tokens_module

NOW = datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI)


def directory() -> hf.Directory:
    return hf.Directory(
        [hf.Organisation("某钢铁公司", hf.OrgKind.ENTERPRISE, "沈阳市/铁西区", ["金属冶炼"]),
         hf.Organisation("沈阳市应急管理局", hf.OrgKind.DEPARTMENT, "沈阳市", ["金属冶炼"]),
         hf.Organisation("某钢铁公司职工代表大会", hf.OrgKind.WORKERS_CONGRESS, "沈阳市/铁西区", of="某钢铁公司")],
        [hf.Person("李四", "某钢铁公司", hf.Position.PRINCIPAL), hf.Person("张三", "某钢铁公司", hf.Position.STAFF),
         hf.Person("王五", "沈阳市应急管理局", hf.Position.INSPECTOR),
         hf.Person("赵六", "某钢铁公司职工代表大会", hf.Position.STAFF)])


def test_no_directory_no_token(sqlite_url: str) -> None:
    with hf.Ledger(sqlite_url) as ledger, pytest.raises(hf.InvalidInput, match="请先导入名录") as refused:
        hf.Tokens(ledger).create("张三", "某钢铁公司", at=NOW)
    assert refused.value.field == "directory"


@pytest.mark.parametrize(("person", "organisation", "role"), [
    ("李四", "某钢铁公司", hf.Role.PRINCIPAL), ("张三", "某钢铁公司", hf.Role.ENTERPRISE),
    ("王五", "沈阳市应急管理局", hf.Role.DEPARTMENT),
])
def test_a_token_acts_as_its_directory_person(sqlite_url: str, person: str, organisation: str,
                                              role: hf.Role) -> None:
    with hf.Ledger(sqlite_url) as ledger:
        ledger.save_directory(directory())
        tokens = hf.Tokens(ledger)
        token = tokens.authenticate(tokens.create(person, organisation, at=NOW))
    assert token is not None and token.actor == hf.Actor(person, role, organisation)


def test_a_workers_congress_gets_no_token(sqlite_url: str) -> None:
    with hf.Ledger(sqlite_url) as ledger:
        ledger.save_directory(directory())
        with pytest.raises(hf.InvalidInput, match="职工大会不办理隐患"):
            hf.Tokens(ledger).create("赵六", "某钢铁公司职工代表大会", at=NOW)


def test_found_tokens_are_kept_briefly_and_revoked_at_once_here(sqlite_url: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with hf.Ledger(sqlite_url) as ledger:
        ledger.save_directory(directory())
        here, elsewhere = hf.Tokens(ledger), hf.Tokens(ledger)
        text = here.create("张三", "某钢铁公司", at=NOW)
        token = here.authenticate(text)
        assert token is not None
        assert elsewhere.revoke(token.id, at=NOW)  # another process, say
        assert here.authenticate(text) == token  # still trusted for FRESH seconds
        monkeypatch.setattr(tokens_module, "FRESH", 0.0)
        assert here.authenticate(text) is None  # read again: revoked
        other = here.create("李四", "某钢铁公司", at=NOW)
        monkeypatch.setattr(tokens_module, "FRESH", 60.0)
        found = here.authenticate(other)
        assert found is not None and here.revoke(found.id, at=NOW)
        assert here.authenticate(other) is None  # revoked through this Tokens: at once
