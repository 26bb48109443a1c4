"""XLSX reading: fastexcel (calamine, what `xacheck batch` uses) vs openpyxl read-only, 100,000 rows.

usage: python bench/xlsx_read.py DATADIR [--peer-python PY]
  writes DATADIR/profiles_100000.xlsx from the CSV if missing and times xacheck's reader with this Python;
  openpyxl is timed with PY (the peers' venv, where run.sh installs it): xacheck does not depend on it, so
  a fresh venv with xacheck alone runs this script
"""
import os
import subprocess
import sys
import time

if sys.argv[1:2] == ["--openpyxl"]:  # the peers' Python: openpyxl read-only over the same file
    import openpyxl

    t = time.perf_counter()
    wb = openpyxl.load_workbook(sys.argv[2], read_only=True)
    rows = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
    print(f"{time.perf_counter() - t:.3f} {rows}")
    sys.exit(0)

import polars as pl  # noqa: E402

datadir = sys.argv[1]
peer = sys.argv[sys.argv.index("--peer-python") + 1] if "--peer-python" in sys.argv else None
xlsx = os.path.join(datadir, "profiles_100000.xlsx")
if not os.path.exists(xlsx):
    pl.read_csv(os.path.join(datadir, "profiles_100000.csv"), infer_schema=False).write_excel(xlsx)

t = time.perf_counter()
from xacheck.batch.readers import Source, read_batches  # noqa: E402

rows = sum(df.height for df in read_batches(Source(xlsx, "xlsx")))
fast = time.perf_counter() - t
line = f"\nXLSX read, {rows:,} rows ({os.path.getsize(xlsx) / 1e6:.1f} MB): xacheck reader (fastexcel) {fast:.2f} s"
if peer:
    got = subprocess.run([peer, os.path.abspath(__file__), "--openpyxl", xlsx], capture_output=True, text=True)
    if got.returncode == 0:
        slow, rows_o = got.stdout.split()
        line += f"; openpyxl read-only {float(slow):.2f} s ({int(rows_o):,} rows); speed-up {float(slow) / fast:.1f}x"
    else:
        line += f"; openpyxl not timed ({got.stderr.strip().splitlines()[-1] if got.stderr.strip() else 'failed'})"
print(line)
