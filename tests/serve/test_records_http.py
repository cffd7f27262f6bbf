"""`hazardflow serve` beyond hazards, over real HTTP: tokens of directory people and what they see,
campaigns (join, file, advance, status), enforcement records, directory look-ups."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest
from starlette.routing import Route

import hazardflow as hf
from serve.conftest import ENTERPRISE, PEOPLE, Server
from serve.test_http import record

NOTICE = "shenyang-2023"
AT = "2023-06-20T09:00:00+08:00"


def test_a_token_is_made_only_for_a_person_of_the_directory(server: Server) -> None:
    with hf.Ledger(server.url) as ledger:
        tokens = hf.Tokens(ledger)
        with pytest.raises(hf.InvalidInput, match="名录中沈阳某钢铁公司的人员") as unknown:
            tokens.create("无名氏", ENTERPRISE, at=datetime.now(hf.SHANGHAI))
        assert unknown.value.field == "person"
        with pytest.raises(hf.InvalidInput, match="名录中登记的单位"):
            tokens.create("张三", "不存在的公司", at=datetime.now(hf.SHANGHAI))
        made = {t.actor for t in tokens.list()}
    assert PEOPLE["principal"] in made and PEOPLE["inspector"] in made  # role from the post and the kind
    shell = subprocess.run(
        [sys.executable, "-c", "from hazardflow.cli.main import main; main()", "token", "create", "--db", server.url,
         "--person", "无名氏", "--org", ENTERPRISE], capture_output=True, text=True, timeout=120)
    assert shell.returncode != 0 and "名录" in shell.stderr and "hf_" not in shell.stdout


def test_departments_see_their_jurisdiction_and_sectors(server: Server) -> None:
    hazard_id = record(server)  # 金属冶炼, an enterprise of 沈阳市/铁西区
    with server.client("inspector") as inspector:  # 沈阳市应急管理局: 金属冶炼 over 沈阳市
        assert inspector.get(f"/hazards/{hazard_id}").status_code == 200
        assert hazard_id in {h["id"] for h in inspector.get("/hazards", params={"limit": 1000}).json()["hazards"]}
    for other in ("tourism", "dalian"):  # another sector in the same 属地; the same sector elsewhere
        with server.client(other) as client:
            assert client.get(f"/hazards/{hazard_id}").status_code == 403
            assert client.get("/hazards").json()["total"] == 0
    with server.client("staff") as staff:
        assert staff.get("/hazards", params={"sectors": "x"}).status_code == 422  # the token sets the scope


def test_campaign_join_file_advance_status(server: Server) -> None:
    with server.client("stranger") as stranger:
        joined = stranger.post(f"/campaigns/{NOTICE}/units", json={"unit": ENTERPRISE, "kind": "enterprise",
                                                                   "sector": "金属冶炼", "at": AT})
        assert joined.status_code == 403
    with server.client("principal") as principal:
        assert principal.post("/campaigns/nope/units", json={"unit": ENTERPRISE, "at": AT}).status_code == 404
        joined = principal.post(f"/campaigns/{NOTICE}/units", json={"unit": ENTERPRISE, "kind": "enterprise",
                                                                    "sector": "金属冶炼", "at": AT})
        assert joined.status_code == 201, joined.text
        assert joined.json()["unit"] == ENTERPRISE
        again = principal.post(f"/campaigns/{NOTICE}/units", json={"unit": ENTERPRISE, "kind": "enterprise",
                                                                   "sector": "金属冶炼", "at": AT})
        assert again.status_code == 409  # already on the ledger
        filed = principal.post(f"/campaigns/{NOTICE}/units/{ENTERPRISE}/filings", json={"what": "plan", "at": AT})
        assert filed.status_code == 201, filed.text
        assert filed.json()["filing"]["kind"] == "PLAN"
        bad = principal.post(f"/campaigns/{NOTICE}/units/{ENTERPRISE}/filings", json={"what": "诗歌", "at": AT})
        assert bad.status_code == 422
        moved = principal.post(f"/campaigns/{NOTICE}/units/{ENTERPRISE}/advance", json={"at": AT})
        assert moved.status_code == 200, moved.text
        assert moved.json()["step"] != joined.json()["step"]
        status = principal.get(f"/campaigns/{NOTICE}", params={"at": AT}).json()
        assert [u["unit"] for u in status["units"]] == [ENTERPRISE]
    with server.client("stranger") as stranger:
        assert stranger.get(f"/campaigns/{NOTICE}", params={"at": AT}).json()["units"] == []
    with server.client("inspector") as inspector:
        assert [u["unit"] for u in inspector.get(f"/campaigns/{NOTICE}", params={"at": AT}).json()["units"]] == [
            ENTERPRISE]


def test_enforcement_records(server: Server) -> None:
    hazard_id = record(server)
    inspector = PEOPLE["inspector"]
    with hf.Ledger(server.url) as ledger, ledger.directory().in_use(), ledger.unit(by=inspector) as u:  # type: ignore[union-attr]
        at = hf.schema.time_from_json(AT)
        inspection = hf.Inspection.signed(enterprise=ENTERPRISE, scope="煤气系统", hazards=[u.get(hazard_id)],
                                          at=at, by=inspector, id=f"case-{hazard_id}")
        case_id = u.put(hf.EnforcementCase.open(inspection=inspection, at=at, by=inspector, id=f"case-{hazard_id}"))
    with server.client("inspector") as client:
        shown = client.get(f"/records/case/{case_id}")
        assert shown.status_code == 200, shown.text
        assert shown.json()["enterprise"] == ENTERPRISE and shown.json()["stage"] == "INSPECTED"
        assert case_id in client.get("/records/case").json()["ids"]
        assert client.get("/records/nope").status_code == 404
        assert client.get("/records/case/no-such-case").status_code == 404
    with server.client("staff") as staff:
        assert staff.get(f"/records/case/{case_id}").status_code == 200  # its own enterprise's case
    for other in ("stranger", "tourism"):
        with server.client(other) as client:
            assert client.get(f"/records/case/{case_id}").status_code == 403
            assert case_id not in client.get("/records/case").json()["ids"]


def test_directory_look_ups(server: Server) -> None:
    with server.client("staff") as staff:
        org = staff.get("/directory/organisations/沈阳市应急管理局")
        assert org.status_code == 200
        assert org.json()["kind"] == "DEPARTMENT" and [p["name"] for p in org.json()["people"]] == ["王五"]
        assert staff.get("/directory/organisations/无此单位").status_code == 404
        competent = staff.get("/directory/competent", params={"sector": "金属冶炼", "jurisdiction": "沈阳市/铁西区"})
        assert [o["name"] for o in competent.json()["departments"]] == ["沈阳市应急管理局"]
        missing = staff.get("/directory/competent", params={"jurisdiction": "沈阳市/铁西区"})
        assert missing.status_code == 422 and missing.json()["field"] == "sector"
    with server.client(None) as anonymous:
        assert anonymous.get("/directory/organisations/沈阳市应急管理局").status_code == 401


def test_every_route_is_in_the_openapi_document(server: Server) -> None:
    from hazardflow.serve.app import create_app

    with server.client(None) as anonymous:
        paths = anonymous.get("/openapi.json").json()["paths"]
    with hf.Ledger(server.url) as ledger:
        routes = {r.path.replace(":str", "").replace(":path", "") for r in create_app(ledger).routes
                  if isinstance(r, Route)}  # the dashboard's pages (a Mount of HTML) are not the JSON API
    assert routes - {"/openapi.json", "/docs"} == set(paths)
