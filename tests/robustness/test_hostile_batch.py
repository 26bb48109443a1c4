"""Issue 15's batch-reading reproductions (#15–#22) and the book issue's sheets as they come: each input that
used to cost a whole run (or scored what is not a firm) now costs at most its own row, with the exact outcome
asserted."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from xacheck.cli import main

pl = pytest.importorskip("polars")

PACK = ["--pack", "xa-hardtech-2024", "--as-of", "2026-06-01"]
RID = "xa-hardtech-2024.m04-scenarios"   # applies to any 西安 enterprise: reads city only


def _batch(*args):
    # the messages asserted here are the English ones (tests/test_one_language.py covers the Chinese)
    args = list(map(str, args))
    return CliRunner().invoke(main, ["batch", *args, *([] if "--lang" in args else ["--lang", "en"])],
                              catch_exceptions=False)


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- #15 one ragged CSV row
@pytest.mark.parametrize("where", [2, 30_000])  # in pyarrow's first block, and after batches already scored
def test_15_a_ragged_row_costs_only_that_row(tmp_path, where):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    lines = ["id,企业名称,所在城市,营业收入（万元）"]
    for i in range(40_000):
        lines.append(f"{i},企业{i},西安市" if i == where else f"{i},企业{i},西安市,{i % 900}")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = _batch(src, "-o", out, *PACK)
    assert res.exit_code == 1, res.output
    rows = _rows(out)
    assert [r["id"] for r in rows] == [str(i) for i in range(40_000)]
    bad = rows[where]
    assert bad["row_kind"] == "unreadable" and bad[RID] == ""
    assert bad["error"] == f"line {where + 2}: a row of 3 cell(s) under 4 headings; not read"
    assert {r["row_kind"] for i, r in enumerate(rows) if i != where} == {"scored"}
    assert rows[where + 1][RID] == "applies"


# ---------------------------------------------------------------- #16 one ~4 MB cell
def test_16_a_4mb_cell_costs_only_that_cell(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    big = "备" * (1_400_000)  # 4.2 MB of UTF-8 in one cell: more than a pyarrow block
    src.write_text(f"id,企业名称,所在城市,备注\n1,甲,西安市,短\n2,乙,西安市,{big}\n3,丙,西安市,\n", encoding="utf-8")
    res = _batch(src, "-o", out, *PACK)
    assert res.exit_code == 1, res.output
    rows = _rows(out)
    assert [r["id"] for r in rows] == ["1", "2", "3"] and [r[RID] for r in rows] == ["applies"] * 3
    assert rows[1]["备注"] == "" and rows[1]["error"] == "备注: a cell of 4,200,000 bytes (a spreadsheet cell holds far less); left out"
    assert rows[0]["error"] == "" and rows[2]["error"] == ""


# ---------------------------------------------------------------- #17 binary in a Parquet column no rule reads
def test_17_binary_in_a_parquet_column_no_rule_reads(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    src, out = tmp_path / "in.parquet", tmp_path / "out.csv"
    pq.write_table(pa.table({"企业名称": ["甲", "乙"], "所在城市": ["西安市", "西安市"],
                             "blob": pa.array([b"\xff\xfe\x00raw", b"ok"], type=pa.binary())}), src)
    res = _batch(src, "-o", out, *PACK)
    assert res.exit_code == 0, res.output
    rows = _rows(out)
    assert [r["blob"] for r in rows] == ["0xfffe00726177", "ok"] and [r[RID] for r in rows] == ["applies"] * 2


# ---------------------------------------------------------------- #18 mixed encodings
def test_18_mixed_encodings_are_refused_not_garbled(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    head = "企业名称,所在城市,营业收入（万元）\n".encode("utf-8")
    body = b"".join(f"西安企业{i},西安市,{i}\n".encode("utf-8") for i in range(20_000))
    tail = b"".join(f"宝鸡企业{i},宝鸡市,{i}\n".encode("gbk") for i in range(5))
    src.write_bytes(head + body + tail)
    res = _batch(src, "-o", out, *PACK)
    assert res.exit_code == 2 and not out.exists()
    assert "mixes text encodings: it is UTF-8 before line 20002, and line 20002 is GBK" in res.output
    # and the other way round: a GBK file with rows saved as UTF-8
    src.write_bytes("企业名称,所在城市\n".encode("gbk") + "甲公司,西安市\n".encode("gbk") + "乙公司,西安市\n".encode("utf-8"))
    res = _batch(src, "-o", out, *PACK)
    assert res.exit_code == 2 and "line 3 is UTF-8" in res.output


# ---------------------------------------------------------------- #19 JSON Lines with a repeated key
@pytest.mark.parametrize("other_line_broken", [False, True])
def test_19_a_repeated_key_is_refused_per_row_on_every_path(tmp_path, other_line_broken):
    """Whether the chunk is read by Polars (first value wins) or line by line (last wins), a line that names a
    key twice is that row's error, as `check` refuses such a profile — never a different score per path."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    lines = ['{"企业名称": "甲", "所在城市": "西安市"}',
             '{"企业名称": "乙", "所在城市": "宝鸡市", "所在城市": "西安市"}',
             '{"企业名称": "丙", "所在城市": "西安市", "x": {"所在城市": 1}}']
    if other_line_broken:
        lines.append("{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = _batch(src, "-o", out, *PACK)
    assert res.exit_code == 1, res.output
    rows = _rows(out)
    assert [r[RID] for r in rows][:3] == ["applies", "", "applies"]
    assert rows[1]["row_kind"] == "unreadable"
    assert rows[1]["error"] == "line 2: the key '所在城市' appears twice (which value is meant?); not read"


# ---------------------------------------------------------------- #20 internal column names
def test_20_no_input_column_is_taken_for_an_internal_one(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("企业名称,所在城市,__read_error,@kind,@err,@in0,@note,--set city\n"
                   "甲,西安市,boom,3,boom,x,y,z\n", encoding="utf-8")
    res = _batch(src, "-o", out, *PACK, "--set", "has_three_firsts_product=是", "--raw-csv")  # (headings as given)
    assert res.exit_code == 0, res.output
    row = _rows(out)[0]
    assert row[RID] == "applies" and row["row_kind"] == "scored" and row["error"] == ""
    assert (row["__read_error"], row["@kind"], row["@err"], row["@in0"], row["@note"], row["--set city"]) == \
        ("boom", "3", "boom", "x", "y", "z")
    assert row["xa-hardtech-2024.m05-three-firsts"] in ("applies", "unknown", "not_applicable")


# ---------------------------------------------------------------- #21 one BOM per file
@pytest.mark.parametrize("codec", ["utf-16", "UTF-16", "utf_16", "utf-8-sig", "UTF-8-SIG", "utf-32"])
def test_21_one_bom_per_file_whatever_the_codec(tmp_path, codec):
    import datetime as dt

    from xacheck.batch.runner import BatchOptions, run
    from xacheck.fields import default_registry
    from xacheck.packs import load_packs

    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("id,所在城市\n" + "".join(f"{i:07d},西安市\n" for i in range(3000)), encoding="utf-8")
    reg = default_registry()
    opts = BatchOptions(input=str(src), output=str(out), as_of=dt.date(2026, 6, 1), pack_ids=("xa-hardtech-2024",),
                        out_encoding=codec, batch_rows=500)  # six batches of output
    run(opts, load_packs(reg=reg), reg)
    text = out.read_bytes().decode(codec.lower().replace("_", "-") if "sig" not in codec.lower() else "utf-8-sig")
    assert "\ufeff" not in text
    ids = [r["id"] for r in csv.DictReader(io.StringIO(text))]
    assert ids == [f"{i:07d}" for i in range(3000)]


# ---------------------------------------------------------------- #22 signals
def _big_csv(path, n=300_000):
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("id,企业名称,所在城市,营业收入（万元）,研发费用（万元）,成立日期\n")
        for i in range(n):
            fh.write(f"{i},企业{i},西安市,{i % 90000}.5,{i % 900},2019/3/{1 + i % 28}\n")


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129),
                                      (signal.SIGQUIT, 131)])
def test_22_a_signal_ends_the_run_with_its_code_and_no_temporary_file(tmp_path, sig, code):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _big_csv(src)
    proc = subprocess.Popen([sys.executable, "-m", "xacheck", "batch", str(src), "-o", str(out), "--as-of", "2026-06-01",
                             "--quiet", "--lang", "en"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".out.csv.*")) and proc.poll() is None:
        time.sleep(0.02)  # until it writes its temporary file
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err[-500:]
    assert b"xacheck: interrupted" in err and b"no partial output left" in err and b"Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".out.csv.*")), os.listdir(tmp_path)


# ---------------------------------------------------------------- sheets and rows as they come
def _workbook(path):
    """A consultant's workbook: a 填表说明 sheet first, then the client sheet with a title, a blank row, a
    footnote, a 合计 row and bad cells."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    notes = wb.add_worksheet("填表说明")
    notes.write_column(0, 0, ["填表说明", "1. 金额单位为万元", "联系人：张三"])
    ws = wb.add_worksheet("客户名单")
    ws.write(0, 0, "2025年度重点客户名单")
    ws.write_row(2, 0, ["序号", "企业名称", "所在城市", "营业收入（万元）", "研发费用（万元）", "成立日期"])
    data = [["1", "甲公司", "西安市", "86356.2", "4317.82", "2019/3/1"],
            ["2", "乙公司", "西安市", "五万", "300", "2019年3月"],
            [None, None, None, None, None, None],
            ["3", "丙公司", "西安市", "#N/A", "1,234.5", "38615"],
            ["合计", None, None, "136356.2", "5852.32", None],
            ["注：数据来源于客户自报，单位万元。", None, None, None, None, None]]
    for r, row in enumerate(data, start=3):
        for c, v in enumerate(row):
            if v is not None:
                ws.write_string(r, c, v)
    ws.write_string(4, 1, "乙公司")
    ws.write_string(5, 0, "   ")  # a cell of spaces only: still a blank row
    wb.close()


def test_a_workbook_as_it_comes(tmp_path):
    """One output row per input row below the headings, each kind marked; the sheet chosen is the one whose
    headings name fields (stderr says so); the summary counts only firms; the exit code says some rows had
    errors (a bad cell, a totals row)."""
    book, out = tmp_path / "book.xlsx", tmp_path / "out.csv"
    _workbook(book)
    res = _batch(book, "-o", out, *PACK, "--lang", "en")
    assert res.exit_code == 1, res.output
    assert "reading sheet '客户名单', whose headings name the most fields (sheets: '填表说明' (0), '客户名单' (5))" in res.output
    assert "the headings are on row 3" in res.output
    rows = _rows(out)
    assert [r["row_kind"] for r in rows] == ["scored", "scored", "blank", "scored", "totals", "note"]
    assert [r[RID] for r in rows] == ["applies", "applies", "", "applies", "", ""]
    assert rows[1]["error"].startswith("营业收入（万元）: expected a number in 万元, got '五万'")
    assert rows[3]["error"] == "" and rows[2]["error"] == "" and rows[5]["error"] == ""
    assert rows[4]["error"] == "a totals row (合计), not a firm: left unscored"
    assert "3 rows scored; 2 rows with errors (6 rows in all; not scored: 1 blank, 1 notes, 1 totals)" in res.output
    assert "2 of 6 rows had errors" in res.output


def test_a_workbook_whose_sheets_name_no_field_is_refused(tmp_path):
    import xlsxwriter

    book = tmp_path / "b.xlsx"
    wb = xlsxwriter.Workbook(str(book))
    wb.add_worksheet("说明").write_column(0, 0, ["说明", "联系人：张三"])
    wb.add_worksheet("其他").write_row(0, 0, ["甲", "乙"])
    wb.close()
    res = _batch(book, "-o", tmp_path / "o.csv", *PACK)
    assert res.exit_code == 2
    assert "no sheet has headings that name a field (sheets, with the fields their headings name: '说明' (0), '其他' (0))" \
        in res.output


def test_blank_and_note_rows_in_a_csv(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("企业名称,所在城市,营业收入（万元）\n甲,西安市,1\n,,\n ,\u3000,\n注1：单位万元,,\n填表人：李四,,联系电话：123\n"
                   "数据截至2025年6月30日。,,\n乙,西安市,2\n*ST海润,西安市,3\n* 数据为自报,,\n", encoding="utf-8")
    res = _batch(src, "-o", out, *PACK, "--lang", "en")
    assert res.exit_code == 0, res.output
    rows = _rows(out)
    assert [r["row_kind"] for r in rows] == ["scored", "blank", "blank", "note", "note", "note", "scored", "scored", "note"]
    assert "3 rows scored; 0 rows with errors (9 rows in all; not scored: 2 blank, 4 notes)" in res.output


def test_jsonl_lines_that_are_not_objects_keep_their_place(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    src.write_text('[1, 2]\n"x"\n{"企业名称": "甲", "所在城市": "西安市"}\n', encoding="utf-8")
    res = _batch(src, "-o", out, *PACK)
    assert res.exit_code == 1
    rows = _rows(out)
    assert [r["row_kind"] for r in rows] == ["unreadable", "unreadable", "scored"]
    assert rows[0]["error"].startswith("line 1: not a JSON object")
    assert json.loads(json.dumps(rows[2][RID])) == "applies"
