"""XLSX reading: fastexcel (calamine, what `xacheck batch` uses) vs openpyxl read-only, 100,000 rows.

usage: python bench/xlsx_read.py DATADIR   (writes DATADIR/profiles_100000.xlsx from the CSV if missing)
"""
import os
import sys
import time

import polars as pl

datadir = sys.argv[1]
xlsx = os.path.join(datadir, "profiles_100000.xlsx")
if not os.path.exists(xlsx):
    pl.read_csv(os.path.join(datadir, "profiles_100000.csv"), infer_schema=False).write_excel(xlsx)

t = time.perf_counter()
from xacheck.batch.readers import Source, read_batches  # noqa: E402

rows = sum(df.height for df in read_batches(Source(xlsx, "xlsx")))
fast = time.perf_counter() - t

t = time.perf_counter()
import openpyxl  # noqa: E402

wb = openpyxl.load_workbook(xlsx, read_only=True)
rows_o = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True)) - 1
slow = time.perf_counter() - t
print(f"\nXLSX read, {rows:,} rows ({os.path.getsize(xlsx) / 1e6:.1f} MB): xacheck reader (fastexcel) {fast:.2f} s; "
      f"openpyxl read-only {slow:.2f} s ({rows_o:,} rows); speed-up {slow / fast:.1f}x")
