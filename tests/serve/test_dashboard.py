"""The dashboard of a live `hazardflow serve` over a demo register, opened in headless Chromium (from the
distribution, as tests/test_docs_site.py opens the docs): the overview's figures are `dispatch_table`'s
for that day, the trend chart is an SVG with one point per campaign month, the 调度表 page is the
attachment's layout cell for cell; screenshots are kept under .screenshots/ (git-ignored). Then what
an enterprise's token sees: none of another enterprise's hazards on any page.

Chromium sends the token the way a browser behind a county's gateway would: a small forwarding proxy
in the test adds ``Authorization: Bearer …`` (the login form's cookie is tested over httpx below).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

import hazardflow as hf
from hazardflow.reports.sheet import shown
from serve.conftest import Server, serving
from test_docs_site import SHOTS, chromium, headless

NOTICE = hf.notices.load("shenyang-2023")
DAY = date(2023, 9, 15)
"""Mid-September: the 沈阳 调度表 counts to 08-31 (截止月末), the trend has five points (May–September)."""


class Demo:
    """The demo register served: its URL, and per viewer a token (``department`` answers for every
    jurisdiction; ``mine`` and ``theirs`` are people of two enterprises)."""

    def __init__(self, server: Server, db: str, tokens: dict[str, str], places: list[str],
                 enterprises: list[str]) -> None:
        self.server, self.db, self.tokens = server, db, tokens
        self.places, self.enterprises = places, enterprises

    def ledger(self) -> hf.Ledger:
        return hf.Ledger(self.db)

    def get(self, who: str, path: str, **params: Any) -> httpx.Response:
        with httpx.Client(base_url=self.server.base, timeout=60) as client:
            return client.get(path, params=params or None, headers={"Authorization": f"Bearer {self.tokens[who]}"})


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("dashboard")
    db = folder / "demo.db"
    subprocess.run([sys.executable, "-c", "from hazardflow.cli.main import main; main()", "demo", "--units", "20",
                    "--db", str(db)], check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", "from hazardflow.cli.main import main; main()", "tick", "--db", str(db),
                    "--at", f"{DAY.isoformat()} 18:00"], check=True, capture_output=True)
    url = f"sqlite:///{db}"
    with hf.Ledger(url) as ledger:
        hazards = ledger.find()
        places = sorted({h.jurisdiction for h in hazards})
        by_count: dict[str, int] = {}
        for h in hazards:
            by_count[h.enterprise] = by_count.get(h.enterprise, 0) + 1
        enterprises = sorted(by_count, key=lambda e: -by_count[e])[:2]
        now = datetime.now(hf.SHANGHAI)
        tokens, people = hf.Tokens(ledger), ledger.directory().people  # the demo's stored 名录
        government = next(o.name for o in ledger.directory().organisations if o.kind is hf.OrgKind.GOVERNMENT)

        def person_of(org: str) -> str:
            return next(p.name for p in people if p.organisation == org)

        made = {"department": tokens.create(person_of(government), government, at=now),
                "mine": tokens.create(person_of(enterprises[0]), enterprises[0], at=now),
                "theirs": tokens.create(person_of(enterprises[1]), enterprises[1], at=now)}
    served = serving(url, made)
    server = next(served)
    try:
        yield Demo(server, url, made, places, enterprises)
    finally:
        served.close()


@pytest.fixture(scope="module")
def proxy(demo: Demo) -> Iterator[str]:
    """http://127.0.0.1:PORT/ forwarding every GET to the server with the department's token."""
    token = demo.tokens["department"]

    class Forward(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = httpx.get(demo.server.base + self.path, headers={"Authorization": f"Bearer {token}"}, timeout=60)
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("content-type", "text/html"))
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Dom(HTMLParser):
    """The parts of a page the tests read: elements by attribute, table cells in order, their text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.cells: list[str] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str]] = []
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attributes}
        self.elements.append((tag, attrs))
        if tag == "td" and self._in("attachment"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        if "data-figure" in attrs:
            self._open.append((tag, attrs["data-figure"]))
            self.texts[attrs["data-figure"]] = ""
        elif tag == "table":
            self._open.append(("table", attrs.get("class", "")))

    def _in(self, css: str) -> bool:
        return any(kind == "table" and css in value for kind, value in self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        for kind, value in self._open:
            if kind != "table":
                self.texts[value] += data

    def having(self, attribute: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if attribute in a]


def _dom(binary: str, profile: Path, url: str) -> Dom:
    done = headless(binary, profile, "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    return Dom(done.stdout)


def _shot(binary: str, profile: Path, url: str, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / f"dashboard-{name}.png"
    shot.unlink(missing_ok=True)
    taken = headless(binary, profile, f"--screenshot={shot}", "--window-size=1280,2200", url)
    assert taken.returncode == 0 and shot.stat().st_size > 10_000, taken.stderr[-2000:]


def _figure(values: tuple[Any, ...]) -> str:
    return "、".join(shown(v) for v in values)


def test_overview_shows_the_dispatch_tables_figures_and_a_monthly_trend(demo: Demo, proxy: str,
                                                                          tmp_path: Path) -> None:
    binary = chromium()
    place = demo.places[0]
    url = f"{proxy}/dashboard/?jurisdiction={place}&as_of={DAY.isoformat()}"
    dom = _dom(binary, tmp_path / "dom", url)
    with demo.ledger() as ledger:
        table = hf.reports.dispatch_table(ledger, NOTICE, DAY, unit=place)
        months = [hf.reports.dispatch_table(ledger, NOTICE, day, unit=place)
                  for day in (date(2023, 5, 31), date(2023, 6, 30), date(2023, 7, 31), date(2023, 8, 31))]
    shown_figures = {k: v.strip() for k, v in dom.texts.items()}
    overall = [r for r in table.rows if r.section == table.sections[0]]
    enforcement = [r for r in table.rows if r.section == "部门精准严格执法情况"]
    assert overall and enforcement
    for row in overall + enforcement:
        assert shown_figures[f"{row.section}:{row.number}"] == _figure(row.figures), row.label
    assert sum(int(shown_figures[f"{r.section}:{r.number}"]) for r in overall[:4]) > 0, "a demo with no hazards"
    found = [a for a in dom.having("data-series") if a["data-series"] == "found"]
    closed = [a for a in dom.having("data-series") if a["data-series"] == "closed"]
    assert [a["data-month"] for a in found] == ["2023-05-31", "2023-06-30", "2023-07-31", "2023-08-31", "2023-09-15"]
    assert len(closed) == len(found) == 5
    for i, month in enumerate(months):  # each month end's point is that day's 调度表 (总体情况 1+3, 2+4)
        figures = {r.number: r.figures[0] for r in month.rows if r.section == month.sections[0]}
        assert int(found[i]["data-value"]) == figures[1] + figures[3]
        assert int(closed[i]["data-value"]) == figures[2] + figures[4]
    with demo.ledger() as ledger:
        ticked = ledger.load("tick", DAY.isoformat())
        escalated = [e.hazard for e in ticked.get("escalations", ()) if ledger.get(e.hazard).jurisdiction == place]
    assert [a["data-tick"] for a in dom.having("data-tick")] == ["recorded"]
    assert escalated and sorted(a["data-escalation"] for a in dom.having("data-escalation")) == sorted(escalated)
    assert len(dom.having("data-obligation")) == sum(1 for ob in ticked.get("obligations", ()) if ob.unit == place)
    svg = [a for tag, a in dom.elements if tag == "svg" and "trend" in a.get("class", "")]
    assert len(svg) == 1
    assert any(a.get("data-text") == "发现（累计）" for a in dom.having("data-text"))
    _shot(binary, tmp_path / "shot", url, "overview")


def test_dispatch_page_is_the_attachment_cell_for_cell(demo: Demo, proxy: str, tmp_path: Path) -> None:
    binary = chromium()
    place = demo.places[0]
    url = f"{proxy}/dashboard/dispatch?jurisdiction={place}&as_of=2023-09-30"
    dom = _dom(binary, tmp_path / "dom", url)
    with demo.ledger() as ledger:
        sheet = hf.reports.dispatch_table(ledger, NOTICE, date(2023, 9, 30), unit=place).sheet()
    covered = sheet.covered()
    expected = [shown(cell) for r, row in enumerate(sheet.rows) for c, cell in enumerate(row) if (r, c) not in covered]
    assert dom.cells == expected
    spans = [int(a["rowspan"]) for a in dom.having("rowspan")]
    assert spans == [s.rows for s in sheet.spans if s.rows > 1]
    links = {a["data-format"]: a["href"] for a in dom.having("data-format")}
    assert set(links) == {"xlsx", "pdf", "csv"}
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF"), ("csv", "\ufeff".encode())):
        got = demo.get("department", links[fmt].replace(proxy, ""))
        assert got.status_code == 200 and got.content.startswith(magic), (fmt, got.text[:200])
    _shot(binary, tmp_path / "shot", url, "dispatch")
    printed = SHOTS / "dashboard-dispatch.pdf"  # the print stylesheet: A4 landscape, the attachment alone
    printed.unlink(missing_ok=True)
    done = headless(binary, tmp_path / "print", f"--print-to-pdf={printed}", "--no-pdf-header-footer", url)
    assert done.returncode == 0 and printed.exists(), done.stderr[-2000:]
    pages = PdfReader(printed).pages
    assert len(pages) == 1 and pages[0].mediabox.width > pages[0].mediabox.height
    text = pages[0].extract_text()
    assert "调度表" in text and "下载" not in text and "退出" not in text


def test_hazard_page_shows_its_loop_with_the_stage_highlighted(demo: Demo, proxy: str, tmp_path: Path) -> None:
    binary = chromium()
    with demo.ledger() as ledger:
        h = next(h for h in ledger.find(jurisdiction=demo.places[0]) if h.plan is not None and h.reports)
    url = f"{proxy}/dashboard/hazards/{h.id}?at=2023-12-31T12:00:00%2B08:00"
    dom = _dom(binary, tmp_path / "dom", url)
    stages = [a for a in dom.having("data-stage") if "class" in a]
    assert [a["data-stage"] for a in stages] == [s.name for s in (hf.Stage.FOUND, hf.Stage.ASSIGNED,
                                                                  hf.Stage.RECTIFYING, hf.Stage.VERIFYING,
                                                                  hf.Stage.CLOSED)]
    assert [a["data-stage"] for a in stages if "current" in a["class"]] == [h.stage.name]
    timeline = [a["data-trigger"] for tag, a in dom.elements if tag == "li" and "data-trigger" in a]
    assert timeline == [e.trigger for e in h.events]
    steps = {a["data-trigger"]: a["data-allowed"] for tag, a in dom.elements if tag == "tr" and "data-allowed" in a}
    who = hf.Actor("王五", hf.Role.DEPARTMENT, demo.places[0])
    at = datetime(2023, 12, 31, 12, tzinfo=hf.SHANGHAI)
    for trigger, allowed in steps.items():
        refused = [r for r in h.why_not(trigger, at=at, by=who) if r.rule != "INPUT"]
        assert allowed == ("no" if refused else "yes"), trigger
    _shot(binary, tmp_path / "shot", url, "hazard")


def _pages(demo: Demo, who: str, ids: list[str]) -> dict[str, httpx.Response]:
    pages = {path: demo.get(who, path, as_of="2023-12-31") for path in
             ("/dashboard/", "/dashboard/dispatch", "/dashboard/register")}
    for place in demo.places:
        pages[f"register {place}"] = demo.get(who, "/dashboard/register", as_of="2023-12-31", jurisdiction=place)
    for page in range(1, 4):
        pages[f"register page {page}"] = demo.get(who, "/dashboard/register", as_of="2023-12-31", page=str(page))
    for hazard_id in ids:
        pages[hazard_id] = demo.get(who, f"/dashboard/hazards/{hazard_id}")
    return pages


def test_an_enterprise_sees_none_of_another_enterprises_hazards(demo: Demo) -> None:
    mine = demo.enterprises[0]
    with demo.ledger() as ledger:
        own = ledger.find(enterprise=mine)
        others = [h for h in ledger.find() if h.enterprise != mine]
    assert own and others
    pages = _pages(demo, "mine", [h.id for h in own + others])
    for h in own:
        assert pages[h.id].status_code == 200
    for h in others:
        assert pages[h.id].status_code == 403
    assert pages["/dashboard/"].status_code == 403 and pages["/dashboard/dispatch"].status_code == 403
    for name, page in pages.items():
        if name in {h.id for h in others} or page.status_code == 403:
            continue
        for h in others:
            assert h.id not in page.text and h.enterprise not in page.text, (name, h.id)
    rows = Dom(pages["/dashboard/register"].text).cells
    assert rows and all(cell == mine for cell in rows[2::9])
    assert demo.get("mine", "/dashboard/reports/register", as_of="2023-12-31", format="csv").status_code == 403


def test_a_department_sees_its_jurisdictions_only(demo: Demo) -> None:
    assert demo.get("department", "/dashboard/", jurisdiction="别处").status_code == 403
    assert demo.get("department", "/dashboard/register", jurisdiction="别处").status_code == 403


def test_login_form_keeps_the_token_in_a_cookie(demo: Demo) -> None:
    with httpx.Client(base_url=demo.server.base, timeout=60) as browser:
        assert browser.get("/dashboard/").status_code == 401
        assert browser.post("/dashboard/login", data={"token": "hf_nope_nope"}).status_code == 401
        done = browser.post("/dashboard/login",
                            data={"token": demo.tokens["department"], "back": "/dashboard/register"})
        assert done.status_code == 303 and done.headers["location"] == "/dashboard/register"
        cookie = done.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/dashboard" in cookie
        assert browser.get("/dashboard/register", params={"as_of": "2023-12-31"}).status_code == 200
        assert browser.get("/dashboard/reports/dispatch", params={"as_of": "2023-09-30", "format": "xlsx",
                                                                  "jurisdiction": demo.places[0]}
                           ).content[:2] == b"PK"
        browser.post("/dashboard/logout")
        assert browser.get("/dashboard/").status_code == 401
