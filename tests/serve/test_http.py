"""`hazardflow serve` over real HTTP: the whole loop, refusals, stale writes, tokens, and concurrent clients.

The client below is routing only: it sends the documented JSON and reads the documented JSON back
(docs/json.md); there is no serialisation or error-mapping code in it.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter

import httpx
import jsonschema

import hazardflow as hf
from hazardflow.store.tokens import FRESH
from serve.conftest import CONGRESS, Server

JSON_SCHEMA = hf.schema.published()
FOUND = {"description": "煤气柜未设置一氧化碳泄漏报警", "level": "MAJOR", "source": "SELF_CHECK",
         "enterprise": "沈阳某钢铁公司", "sector": "金属冶炼", "jurisdiction": "铁西区",
         "at": "2023-06-16T09:00:00+08:00"}
PLAN = {"responsible": "李四", "measures": "加装一氧化碳报警仪", "funds": "50000", "deadline": "2023-06-30",
        "contingency": "煤气泄漏应急预案"}


def shape(name: str, document: object) -> None:
    jsonschema.validate(document, {**JSON_SCHEMA, "$ref": f"#/$defs/{name}"})


def record(server: Server, **changes: object) -> str:
    with server.client("staff") as staff:
        made = staff.post("/hazards", json={**FOUND, **changes})
    assert made.status_code == 201, made.text
    shape("Hazard", made.json())
    return str(made.json()["id"])


def test_the_whole_loop(server: Server) -> None:
    hazard_id = record(server)
    steps = [
        ("staff", "report", {"kind": "FOUND", "to": "沈阳市应急管理局", "at": "2023-06-16T10:00:00+08:00"}),
        ("staff", "report", {"kind": "FOUND", "to": CONGRESS, "at": "2023-06-16T10:05:00+08:00"}),
        ("principal", "assign", {"plan": PLAN, "at": "2023-06-17T09:00:00+08:00"}),
        ("staff", "rectify", {"at": "2023-06-18T09:00:00+08:00"}),
        ("staff", "submit", {"evidence": "报警仪已安装并联动", "at": "2023-06-25T09:00:00+08:00"}),
        ("staff", "report", {"kind": "整改报告", "to": "沈阳市应急管理局", "at": "2023-06-26T09:00:00+08:00"}),
        ("staff", "report", {"kind": "整改报告", "to": CONGRESS, "at": "2023-06-26T09:05:00+08:00"}),
        ("inspector", "close", {"at": "2023-06-28T10:30:00+08:00"}),
    ]
    for who, trigger, body in steps:
        with server.client(who) as client:
            done = client.post(f"/hazards/{hazard_id}/{trigger}", json=body)
        assert done.status_code == 200, done.text
        shape("Hazard", done.json())
    with server.client("inspector") as inspector:
        shown = inspector.get(f"/hazards/{hazard_id}").json()
        history = inspector.get(f"/hazards/{hazard_id}/history").json()
        table = inspector.get("/reports/register", params={"as_of": "2023-06-30"})
        xlsx = inspector.get("/reports/dispatch", params={"as_of": "2023-06-30", "format": "xlsx"})
        csv = inspector.get("/reports/dispatch", params={"as_of": "2023-06-30", "format": "csv"})
    assert shown["stage"] == "CLOSED" and shown["acceptance"]["by"]["name"] == "王五"
    assert [e["actor"]["name"] for e in history] == ["张三", "张三", "张三", "李四", "张三", "张三", "张三", "张三",
                                                      "王五"]
    shape("Table", table.json())
    assert xlsx.content[:2] == b"PK" and "调度" in csv.content.decode("utf-8-sig")


def test_refusals_and_stale_writes(server: Server) -> None:
    hazard_id = record(server, level="GENERAL")
    with server.client("staff") as staff, server.client("principal") as principal:
        refused = staff.post(f"/hazards/{hazard_id}/close", json={"at": "2023-06-17T09:00:00+08:00"})
        assert refused.status_code == 409 and refused.json()["rules"] == ["H1"]
        shape("Rejected", refused.json())
        etag = staff.get(f"/hazards/{hazard_id}").headers["etag"]
        assert principal.post(f"/hazards/{hazard_id}/assign", json={"plan": PLAN, "at": "2023-06-17T09:00:00+08:00"},
                              headers={"If-Match": etag}).status_code == 200
        stale = staff.post(f"/hazards/{hazard_id}/rectify", json={"at": "2023-06-18T09:00:00+08:00"},
                           headers={"If-Match": etag})
        assert stale.status_code == 412 and stale.json()["error"] == "stale"
        staff.post(f"/hazards/{hazard_id}/rectify", json={"at": "2023-06-18T09:00:00+08:00"})
        staff.post(f"/hazards/{hazard_id}/submit", json={"evidence": "已整改", "at": "2023-06-19T09:00:00+08:00"})
        own = staff.post(f"/hazards/{hazard_id}/close", json={"at": "2023-06-20T09:00:00+08:00"})
        assert own.status_code == 409 and own.json()["rules"] == ["H5"]  # the rectifier may not accept
        allowed = staff.get(f"/hazards/{hazard_id}/allowed", params={"at": "2023-06-20T09:00:00+08:00"}).json()
        assert {a["trigger"] for a in allowed} == {"reject", "report"}  # 从业人员: no 延期 (H8)
        bad = staff.post(f"/hazards/{hazard_id}/reject", json={"at": "2023-06-20"})
        assert bad.status_code == 422 and bad.json()["field"] == "at"
        assert staff.post(f"/hazards/{hazard_id}/reject", json={"reason": "x", "at": "2023-06-20T09:00:00+08:00",
                                                             "by": {"name": "王五"}}).status_code == 422
        assert staff.get("/hazards/nope").status_code == 404
        listed = staff.get("/hazards", params={"stage": "验收", "limit": 10}).json()
        assert listed["total"] == 1 and listed["hazards"][0]["id"] == hazard_id
        assert staff.get("/hazards", params={"stage": "整顿"}).json()["field"] == "stage"
        first = staff.get("/hazards", params={"limit": 1}).json()
        second = staff.get("/hazards", params={"limit": 1, "cursor": first["next"]}).json()
        assert first["more"] and second["hazards"][0]["id"] != first["hazards"][0]["id"]
        assert staff.get("/hazards", params={"cursor": "x"}).json()["field"] == "cursor"


def test_tokens(server: Server) -> None:
    hazard_id = record(server)
    with server.client(None) as anonymous, server.client("stranger") as stranger:
        assert anonymous.get(f"/hazards/{hazard_id}").status_code == 401
        assert anonymous.get("/hazards", headers={"Authorization": "Bearer hf_x_y"}).status_code == 401
        assert stranger.get(f"/hazards/{hazard_id}").status_code == 403
        assert stranger.post(f"/hazards/{hazard_id}/rectify", json={"at": FOUND["at"]}).status_code == 403
        assert stranger.get("/hazards").json()["total"] == 0
        assert stranger.post("/hazards", json=FOUND).status_code == 403  # not its enterprise
    with server.client("inspector") as inspector:
        assert inspector.get(f"/hazards/{hazard_id}").status_code == 200  # its jurisdiction
        assert inspector.get("/hazards", params={"jurisdiction": "沈河区"}).json()["total"] == 0
    with hf.Ledger(server.url) as ledger:
        tokens = hf.Tokens(ledger)
        stranger_id = server.tokens["stranger"].split("_")[1]
        assert tokens.revoke(stranger_id, at=hf.at_date(hf.local_date(ledger.get(hazard_id).found_at)))
    time.sleep(FRESH)  # the server trusts a token it has just read for FRESH seconds (store/tokens.py)
    with server.client("stranger") as stranger:
        assert stranger.get("/hazards").status_code == 401


def test_concurrent_clients_lose_no_event_and_double_no_transition(server: Server) -> None:
    clients, triggers, n_hazards = 8, 200, 50
    with server.client("staff") as staff, server.client("principal") as principal:
        ids = []
        for i in range(n_hazards):
            hazard_id = record(server, level="GENERAL", description=f"隐患{i}")
            principal.post(f"/hazards/{hazard_id}/assign", json={"plan": PLAN, "at": "2023-06-17T09:00:00+08:00"})
            staff.post(f"/hazards/{hazard_id}/rectify", json={"at": "2023-06-18T09:00:00+08:00"})
            ids.append(hazard_id)
    done: Counter[str] = Counter()
    outcomes: Counter[int] = Counter()
    unexpected: list[str] = []
    lock = threading.Lock()

    def drive(k: int) -> None:
        known: dict[str, httpx.Response] = {}  # the last answer seen per hazard: its stage and ETag
        with server.client("staff") as staff, server.client("colleague") as colleague:
            for n in range(triggers):
                hazard_id = ids[(k * 7 + n) % n_hazards]
                while True:
                    if hazard_id not in known:
                        known[hazard_id] = staff.get(f"/hazards/{hazard_id}")
                    seen = known.pop(hazard_id)
                    h = seen.json()
                    count = len(h["events"])
                    at = f"2023-06-19T{9 + count // 3600:02}:{count // 60 % 60:02}:{count % 60:02}+08:00"
                    if h["stage"] == "RECTIFYING":
                        sent = staff.post(f"/hazards/{hazard_id}/submit", json={"evidence": f"#{k}.{n}", "at": at},
                                          headers={"If-Match": seen.headers["etag"]})
                    else:
                        sent = colleague.post(f"/hazards/{hazard_id}/reject", json={"reason": f"#{k}.{n}", "at": at},
                                              headers={"If-Match": seen.headers["etag"]})
                    with lock:
                        outcomes[sent.status_code] += 1
                    if sent.status_code == 200:
                        known[hazard_id] = sent
                        with lock:
                            done[hazard_id] += 1
                        break
                    if sent.status_code != 412:  # stale: read again and retry; anything else is a failure
                        with lock:
                            unexpected.append(f"{sent.status_code} {sent.text}")
                        return

    def client(k: int) -> None:
        try:
            drive(k)
        except Exception as error:  # a failure in a thread is reported, not lost with the thread
            with lock:
                unexpected.append(repr(error))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert unexpected == []
    assert sum(done.values()) == clients * triggers and set(outcomes) <= {200, 412}
    with hf.Ledger(server.url) as ledger:
        for hazard_id in ids:
            events = ledger.history(hazard_id)
            assert len(events) == 3 + done[hazard_id]  # found, assign, rectify, then every 200: none lost
            for before, after in itertools.pairwise(events):
                assert after.from_stage is before.to_stage  # no transition applied twice
        assert ledger.verify_chain() == []
