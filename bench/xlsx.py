"""Benchmark: the 清单 (宜明办字〔2023〕23号 附件2) of 100,000 rows as XLSX, XlsxWriter vs openpyxl.

    python bench/xlsx.py [--n 100000]

Each writer runs in a process of its own on the same `Sheet` (built before the measurement starts):
the library's own renderer (`hazardflow.reports.xlsx`, XlsxWriter in constant_memory mode), and the
same sheet written with openpyxl (borders, fonts, wrap, merged title, A4 one page wide, print titles
— what the library needs; openpyxl's write-only mode cannot merge cells). Measured: the peak
resident memory the writing adds (ru_maxrss after, minus before) and the time.

PASS when XlsxWriter's added memory is at most a quarter of openpyxl's in the same run (the reason
for choosing it); the times are printed for information.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from hazardflow.reports.register import RegisterRow, RegisterTable
from hazardflow.reports.sheet import Sheet

BOUND = 0.25
"""XlsxWriter's added peak memory, as a share of openpyxl's, at most."""


def sheet(n: int) -> Sheet:
    """A 清单 of ``n`` rows, the cells as long as a county's usually are."""
    rows = tuple(RegisterRow(
        i, f"第{i % 40}镇", f"某某钢铁有限公司第{i}分厂", "金属冶炼",
        f"煤气柜区域未设置一氧化碳泄漏报警装置（第{i}项）", "加装固定式一氧化碳报警仪并与排风机联锁，落实专人巡检",
        f"关于挂牌督办重大事故隐患的通知（区安委办〔2023〕{i}号）",
        (date(2023, 6, 1) + timedelta(days=i % 180)).isoformat(), "整改中") for i in range(1, n + 1))
    return RegisterTable("重大隐患（重点隐患）清单", date(2023, 12, 16), rows).sheet()


def openpyxl_write(s: Sheet, path: Path) -> None:
    """The same sheet with openpyxl (normal mode: the one that merges cells)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    ws = book.active
    ws.title = s.name
    thin = Side(style="thin")
    border, font = Border(left=thin, right=thin, top=thin, bottom=thin), Font(name="宋体", size=11)
    wrap = Alignment(wrap_text=True, vertical="center")
    ws.append([s.heading])
    ws.append([s.title[0]])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(s.widths))
    ws.append(list(s.header))
    for r, row in enumerate(s.rows, start=4):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, value)
            cell.border, cell.font, cell.alignment = border, font, wrap
            if isinstance(value, date):
                cell.number_format = 'yyyy"年"m"月"d"日"'
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize, ws.page_setup.orientation = 9, "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    book.save(path)


def child(writer: str, n: int) -> None:
    s = sheet(n)
    path = Path(tempfile.mkdtemp()) / f"{writer}.xlsx"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if writer == "xlsxwriter":
        from hazardflow.reports.xlsx import to_xlsx

        to_xlsx(s, path)
    else:
        openpyxl_write(s, path)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "mib": (after - before) / 1024, "bytes": path.stat().st_size}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--child", choices=["xlsxwriter", "openpyxl"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n)
        return
    found = {}
    for writer in ("xlsxwriter", "openpyxl"):
        out = subprocess.run([sys.executable, __file__, "--child", writer, "--n", str(args.n)], check=True,
                             capture_output=True, text=True).stdout
        found[writer] = json.loads(out)
        f = found[writer]
        print(f"{writer:>10}: {args.n:,} rows in {f['seconds']:.1f} s, +{f['mib']:.0f} MiB peak, "
              f"{f['bytes'] / 2**20:.1f} MiB file")
    share = found["xlsxwriter"]["mib"] / max(found["openpyxl"]["mib"], 1e-9)
    verdict = "PASS" if share <= BOUND else "FAIL"
    print(f"{verdict}: XlsxWriter (constant_memory) adds {share:.2f}x openpyxl's peak memory (bound {BOUND}x); "
          f"time {found['xlsxwriter']['seconds'] / found['openpyxl']['seconds']:.2f}x")
    sys.exit(0 if verdict == "PASS" else 1)


if __name__ == "__main__":
    main()
