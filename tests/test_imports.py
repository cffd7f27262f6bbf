"""``import hazardflow`` for the in-memory API loads no storage, report or CLI library (issue 20): the
store's names, `hazardflow.reports`, `hazardflow.schema`, the campaign's, enforcement's and supervision's
names and the whole `RULES` are imported on first use, and every name of ``__all__`` still resolves to the object it
always was. Checked on ``sys.modules`` of a fresh interpreter, never on time (bench/imports.py measures
the time)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import hazardflow as hf

HEAVY = ("sqlalchemy", "alembic", "click", "rich", "hazardflow.store", "hazardflow.reports", "hazardflow.cli")
AREAS = ("hazardflow.campaign", "hazardflow.enforcement", "hazardflow.notices", "hazardflow.hazard.supervision")
ON_FIRST_USE = ("chinese_calendar", "uuid")
STORAGE = ("sqlalchemy", "alembic", "hazardflow.store", "hazardflow.reports")


def _fresh(code: str) -> list[str]:
    """The modules of HEAVY loaded after ``code`` runs in a new interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    loaded: list[str] = json.loads(out.splitlines()[-1])
    return loaded


def test_import_loads_only_the_in_memory_api() -> None:
    assert _fresh("import hazardflow") == []


def test_the_in_memory_api_runs_without_the_store() -> None:
    code = """
from datetime import datetime
import hazardflow as hf
by = hf.Actor("张三", hf.Role.ENTERPRISE, "某公司")
h = hf.Hazard.found(description="防护罩缺失", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK,
                    enterprise="某公司", sector="机械", unit="铁西区", at=datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI),
                    by=by)
assert hf.replay(h.events).stage is hf.Stage.FOUND
"""
    assert _fresh(code) == []


def test_campaign_and_enforcement_are_imported_on_first_use() -> None:
    probe = f"import hazardflow, json, sys\nprint(json.dumps([m for m in {AREAS!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_the_holiday_calendar_and_uuid_load_on_first_use() -> None:
    """`chinesecalendar`'s data and `uuid` (which loads `platform`) are read by the first working-day
    count and the first record made without an id, not by ``import hazardflow``."""
    code = f"""import json, sys
from datetime import date, datetime
import hazardflow as hf
loaded = lambda: [m for m in {ON_FIRST_USE!r} if m in sys.modules]
print(json.dumps(loaded()))
assert hf.add_working_days(date(2023, 9, 28), 1) == date(2023, 10, 7)
print(json.dumps(loaded()))
hf.Hazard.found(description="防护罩缺失", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK, enterprise="某公司",
                sector="机械", jurisdiction="铁西区", at=datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI),
                by=hf.Actor("张三", hf.Role.ENTERPRISE, "某公司"))
print(json.dumps(loaded()))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert [json.loads(line) for line in out.splitlines()] == [[], ["chinese_calendar"], list(ON_FIRST_USE)]


def test_the_cli_help_loads_no_store() -> None:
    """``hazardflow --help`` imports every command's module but neither SQLAlchemy, the store nor the reports:
    a command imports them when it opens a ledger or prints a report."""
    code = ("import sys\nsys.argv = ['hazardflow', '--help']\nfrom hazardflow.cli.main import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass")
    probe = f"{code}\nimport json\nprint(json.dumps([m for m in {STORAGE!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "hazardflow" in out and json.loads(out.splitlines()[-1]) == []


def test_the_rule_catalogue_is_whole_on_first_use() -> None:
    """``hf.RULES`` imports every area that defines rules: the same catalogue as once everything is imported."""
    code = "import hazardflow as hf\nprint(sorted(hf.RULES))\nimport hazardflow.store\nprint(sorted(hf.RULES))"
    first, everything = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout.splitlines()
    assert first == everything and "P2" in first and "C1" in first


def test_a_store_name_loads_the_store_on_first_use() -> None:
    assert set(_fresh("import hazardflow as hf\nhf.Ledger")) >= {"sqlalchemy", "hazardflow.store"}
    assert "hazardflow.reports" in _fresh("from hazardflow import reports")


def test_every_public_name_resolves_to_its_home() -> None:
    from hazardflow import reports, schema, store

    for name in hf.__all__:
        assert getattr(hf, name) is not None, name
    assert hf.Ledger is store.Ledger and hf.Unit is store.Unit and hf.Conflict is store.Conflict
    assert hf.reports is reports and hf.schema is schema and hf.store is store
    assert set(hf.__all__) <= set(dir(hf))


@pytest.mark.parametrize("name", ["no_such_name", "_private"])
def test_an_unknown_name_is_an_attribute_error(name: str) -> None:
    with pytest.raises(AttributeError, match=name):
        getattr(hf, name)
