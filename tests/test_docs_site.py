"""The built site's diagrams page, served on 127.0.0.1 and opened in headless Chromium with every other
host unreachable, holds rendered SVG diagrams; the screenshot is saved under .screenshots/.

Chromium comes from the distribution (.ci/run installs it and sets HAZARDFLOW_REQUIRE_CHROMIUM=1, so
there the test cannot skip); HAZARDFLOW_SITE names an already built site, else the site is built here.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / ".screenshots"


def chromium() -> str:
    """The Chromium binary, or a skip (a failure where CI requires it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("HAZARDFLOW_REQUIRE_CHROMIUM") == "1":
            pytest.fail("HAZARDFLOW_REQUIRE_CHROMIUM=1 but no chromium on PATH (apt-get install -y chromium)")
        pytest.skip("Chromium 未安装 (not installed): apt-get install -y chromium；CI 中必须运行 (required in CI)")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = os.environ.get("HAZARDFLOW_SITE")
    if built:
        return Path(built)
    chromium()
    out = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
                   check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return out


class _Quiet(SimpleHTTPRequestHandler):
    requested: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        self.requested.append(self.path)


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    """The site on http://127.0.0.1:PORT/."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def headless(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium headless, a fresh profile, no network but 127.0.0.1."""
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--virtual-time-budget=20000", *args],
        capture_output=True, text=True, timeout=180, check=False)


def test_diagrams_render_offline_in_headless_chromium(served: str, site: Path, tmp_path: Path) -> None:
    binary = chromium()
    page = served + "reference/diagrams/"
    assert "unpkg.com" not in (site / "reference" / "diagrams" / "index.html").read_text(encoding="utf-8")
    dom = headless(binary, tmp_path / "profile-dom", "--dump-dom", page)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('data-rendered="true"') == 3, dom.stdout[-2000:]
    assert dom.stdout.count("<svg") >= 3 and 'aria-roledescription="stateDiagram"' in dom.stdout
    assert "Syntax error" not in dom.stdout
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / "diagrams.png"
    shot.unlink(missing_ok=True)
    taken = headless(binary, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,2400", page)
    assert taken.returncode == 0 and shot.stat().st_size > 10_000, taken.stderr[-2000:]
    assert any(p.endswith("vendor/mermaid/mermaid.min.js") for p in _Quiet.requested)
