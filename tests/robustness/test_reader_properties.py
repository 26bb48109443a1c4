"""Property tests over the spreadsheet readers: whatever bytes arrive, `xacheck batch` exits 0, 1 or 2
with a message — never a traceback — and when it reads the file, every data row comes out once."""
from __future__ import annotations

import csv
import io

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xacheck.cli import main

from .strategies import VALUES

HEADERS = ["id", "name", "营业收入（万元）", "rd_expense_wan", "成立日期", "city", "titles", "职工总数（人）", "备注", "营业收入(万元)"]
CELL = st.sampled_from([v for v in VALUES if not isinstance(v, (dict, list))]).map(lambda v: "" if v is None else str(v)) \
    | st.text(max_size=12)


def _run(tmp_path, name: str, data: bytes):
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / ("out-" + name.rsplit(".", 1)[0] + ".csv")
    res = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--as-of", "2026-06-01", "--quiet"])
    assert res.exit_code in (0, 1, 2), res.output
    assert "Traceback" not in res.output and "internal error" not in res.output, res.output
    return res, out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headers=st.lists(st.sampled_from(HEADERS), min_size=2, max_size=6, unique=True),  # delimiter shows in the header
       rows=st.lists(st.lists(CELL, min_size=0, max_size=7), max_size=12),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
       delimiter=st.sampled_from([",", "\t"]))
def test_csv_any_content(tmp_path, headers, rows, encoding, delimiter):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(headers)
    for r in rows:
        w.writerow(r)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8")
    res, out = _run(tmp_path, "in.csv", data)
    if res.exit_code in (0, 1):
        with open(out, encoding="utf-8-sig", newline="") as fh:
            got = list(csv.reader(fh))
        # header + one output row per input row; an empty physical line is not a row (Excel never writes
        # one: a blank spreadsheet row is saved as ",,,"), as in every CSV reader
        assert len(got) - 1 == len([r for r in rows if r])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda s: s.encode("utf-8")))
def test_csv_any_bytes(tmp_path, data):
    _run(tmp_path, "in.csv", data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_xlsx_and_jsonl_any_bytes(tmp_path, data):
    _run(tmp_path, "in.xlsx", data)
    _run(tmp_path, "in.jsonl", data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.one_of(CELL, st.integers(-10**6, 10**12), st.floats(allow_nan=True), st.booleans(),
                                        st.dates()), min_size=1, max_size=6), max_size=10))
def test_xlsx_any_cells(tmp_path, rows):
    import xlsxwriter

    path = tmp_path / "in.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
    ws = wb.add_worksheet()
    ws.write_row(0, 0, HEADERS[:6])
    for i, r in enumerate(rows, 1):
        for j, v in enumerate(r):
            ws.write(i, j, v)
    wb.close()
    res, out = _run(tmp_path, "in.xlsx", path.read_bytes())
    if res.exit_code in (0, 1):
        # blank rows after the last filled one are not in the sheet at all (Excel's used range ends there)
        filled = [i for i, r in enumerate(rows) if any(v not in ("", None) for v in r)]
        with open(out, encoding="utf-8-sig", newline="") as fh:
            assert len(list(csv.reader(fh))) - 1 == (filled[-1] + 1 if filled else 0)
