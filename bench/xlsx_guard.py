"""The XLSX guard's cost beside the reader's: check_workbook (inflate + byte scan of every sheet) against
fastexcel loading the same sheet, same file, interleaved, medians of REPS runs.

usage: python bench/xlsx_guard.py [ROWS] [COLUMNS] [REPS]     (default 100000 26 5; the workbook is written to
       a temporary folder with xlsxwriter: a text name, a credit code, numbers)
"""
import os
import statistics
import sys
import tempfile
import time

import fastexcel
import xlsxwriter

from xacheck.batch.xlsx_guard import check_workbook

rows, cols, reps = (int(a) for a in (sys.argv[1:] + ["100000", "26", "5"][len(sys.argv) - 1:])[:3])
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "book.xlsx")
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("企业")
    for c in range(cols):
        ws.write_string(0, c, f"列{c}")
    for r in range(1, rows + 1):
        ws.write_string(r, 0, f"西安某某科技有限公司{r}")
        ws.write_string(r, 1, f"91610131{r:010d}")
        for c in range(2, cols):
            ws.write_number(r, c, (r * 7919 + c * 104729) % 100000 / 10)
    wb.close()
    guard, reader = [], []
    for _ in range(reps):
        t = time.perf_counter()
        check_workbook(path)
        guard.append(time.perf_counter() - t)
        t = time.perf_counter()
        fastexcel.read_excel(path).load_sheet(0, dtypes="string")
        reader.append(time.perf_counter() - t)
    ratios = [g / r for g, r in zip(guard, reader)]
    print(f"XLSX guard, {rows:,} rows x {cols} columns ({os.path.getsize(path) / 1e6:.1f} MB): guard median "
          f"{statistics.median(guard):.2f} s, fastexcel median {statistics.median(reader):.2f} s, guard/reader "
          f"{statistics.median(ratios):.2f} (load {os.getloadavg()[0]:.2f})")
