"""What ``import hazardflow`` costs, beside the interpreter and the domain's own dependencies, in one run.

    python bench/imports.py [--runs 15]

Each command runs in a fresh interpreter, the commands taking turns, ``--runs`` times; the median wall
time of each is kept. Bytecode is cached first (in a temporary ``-X pycache_prefix``, as an installed
package has its ``.pyc``; the repository's ``PYTHONDONTWRITEBYTECODE`` would otherwise make every run
compile the sources). The cost of an import is its median minus the bare interpreter's (``python -c
pass``); the bound is the bare import of ``attrs`` and ``transitions``, which the domain is built on.
"first hazard found" adds what the first use of the hazard API reads on demand (`uuid` for a fresh id).
``hf.RULES`` imports every area of the in-memory API (the campaign's and enforcement's modules are
imported on first use, as the store's are): the whole domain's cost, for information.

Targets (issue 20): ``import hazardflow`` ≤ 0.1 s, and it loads none of SQLAlchemy, Alembic, click, rich
(the in-memory API needs none of them; tests/test_imports.py checks the same on every CI run).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

FIRST_HAZARD = """from datetime import datetime
import hazardflow as hf
hf.Hazard.found(description="防护罩缺失", level=hf.Level.GENERAL, source=hf.Source.SELF_CHECK, enterprise="某公司",
                sector="机械", jurisdiction="铁西区", at=datetime(2023, 6, 1, 9, tzinfo=hf.SHANGHAI),
                by=hf.Actor("张三", hf.Role.ENTERPRISE, "某公司"))"""
COMMANDS = {
    "python -c pass": "pass",
    "import attrs, transitions (bound)": "import attrs, transitions",
    "import hazardflow": "import hazardflow",
    "import hazardflow; first hazard found": FIRST_HAZARD,
    "import hazardflow; hf.RULES (domain)": "import hazardflow; hazardflow.RULES",
    "import hazardflow; hf.Ledger": "import hazardflow; hazardflow.Ledger",
    "hazardflow --help": "import sys; sys.argv = ['hazardflow', '--help']\n"
                         "from hazardflow.cli.main import main\ntry: main()\nexcept SystemExit: pass",
}
HEAVY = ("sqlalchemy", "alembic", "click", "rich")
TARGET = 0.1


def run(code: str, env: dict[str, str], prefix: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-X", f"pycache_prefix={prefix}", "-c", code], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (median kept)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="hazardflow-pyc-") as prefix:
        for code in COMMANDS.values():  # warm: write the bytecode once
            run(code, env, prefix)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        for _ in range(args.runs):
            for name, code in COMMANDS.items():
                times[name].append(run(code, env, prefix))
        probe = f"import hazardflow, sys; print(__import__('json').dumps([m for m in {HEAVY!r} if m in sys.modules]))"
        loaded = json.loads(subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                                           check=True).stdout)
    median = {name: statistics.median(t) for name, t in times.items()}
    base = median["python -c pass"]
    print(f"medians of {args.runs} interleaved runs; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"  {'command':<36}{'wall':>9}{'import (wall - python -c pass)':>34}")
    for name, value in median.items():
        print(f"  {name:<36}{value * 1000:>7.0f}ms{(value - base) * 1000:>32.0f}ms")
    cost = median["import hazardflow"] - base
    bound = median["import attrs, transitions (bound)"] - base
    print(f"  import hazardflow / bound (attrs + transitions): {cost / bound:.1f}x (for information)")
    print(f"  {'PASS' if cost <= TARGET else 'FAIL'}  import hazardflow = {cost:.3f} s, target <= {TARGET} s")
    print(f"  {'PASS' if not loaded else 'FAIL'}  import hazardflow loads none of {', '.join(HEAVY)}"
          f"{'' if not loaded else f' (loaded: {loaded})'}")


if __name__ == "__main__":
    main()
