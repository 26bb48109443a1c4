"""Crashes bench/fuzz.py found (issue 15, the fuzz), each at its root, each with the input that showed it:
the outcome asserted is the one the input now has — a row's error, a refusal naming the file, a result."""
from __future__ import annotations

import csv
import decimal
import json

import pytest
from click.testing import CliRunner

from xacheck.cli import main

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _batch(src, out, *more):
    return CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--lang", "en", "--as-of", "2026-06-01", "-q",
                                     *more], catch_exceptions=False)


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_parquet_column_polars_cannot_hold_is_read_as_text(tmp_path):
    """A 256-bit decimal made Polars panic (PanicException: not an Exception, so it escaped as a traceback); a
    duration could not be cast to text and refused the file; a map type likewise. Each is text now."""
    src, out = tmp_path / "in.parquet", tmp_path / "out.csv"
    import datetime

    pq.write_table(pa.table({
        "名称": ["甲", "乙"],
        "营业收入（万元）": pa.array([decimal.Decimal("5000"), None], pa.decimal256(76, 0)),
        "big": pa.array([decimal.Decimal("1" * 60), None], pa.decimal256(76, 0)),
        "took": pa.array([datetime.timedelta(days=1), None]),
        "pairs": pa.array([[("a", 1)], None], pa.map_(pa.string(), pa.int64())),
    }), src)
    res = _batch(src, out)
    assert res.exit_code == 0, res.output
    rows = _rows(out)
    assert [(r["名称"], r["big"], r["took"], r["pairs"]) for r in rows] == [
        ("甲", "1" * 60, "1 day, 0:00:00", '[["a", 1]]'), ("乙", "", "", "")]


def test_a_json_line_nested_past_the_recursion_limit_costs_its_row(tmp_path):
    """``json`` raises RecursionError (not a ValueError) on a line nested thousands deep: it escaped the reader."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    src.write_text(json.dumps({"名称": "甲"}, ensure_ascii=False) + "\n" + "[" * 5000 + "]" * 5000 + "\n"
                   + '{"a":' * 3000 + "1" + "}" * 3000 + "\n" + json.dumps({"名称": "乙"}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    res = _batch(src, out)
    assert res.exit_code == 1, res.output
    rows = _rows(out)
    assert [r["名称"] for r in rows] == ["甲", "", "", "乙"]
    assert [r["error"] for r in rows] == ["", "line 2: not a JSON object (nested too deeply)",
                                          "line 3: not a JSON object (nested too deeply)", ""]


@pytest.mark.parametrize("src_name,text", [("in.csv", "名称,a\x00b,所在城市\n甲,1,西安市\n"),
                                           ("in.jsonl", '{"名称": "甲", "a\\u0000b": 1}\n')])
def test_a_heading_with_a_nul_character_is_refused_naming_its_column(tmp_path, src_name, text):
    """Arrow's column names are C strings: a NUL in a heading made Polars panic writing Parquet (exit 1, a Rust
    backtrace), and a JSON Lines result likewise. No spreadsheet makes such a heading: the file is refused."""
    src, out = tmp_path / src_name, tmp_path / "out.parquet"
    src.write_text(text, encoding="utf-8")
    res = _batch(src, out)
    assert res.exit_code == 2
    assert res.output == (f"xacheck: {src}: XA300 the heading of column 2 (a\\x00b) holds a NUL character (shown as "
                          "\\x00), which no result file can carry: the file is damaged; remove it\n")
    assert not out.exists()


def test_a_panic_in_a_rust_library_is_an_internal_error_not_exit_1(tmp_path, monkeypatch):
    """pyo3's PanicException derives from BaseException: it went past the command's last line of defence and
    the run exited 1 — the code for "finished, some rows had errors". It is an internal error (exit 2) now."""
    pl = pytest.importorskip("polars")
    try:
        pl.DataFrame({"a\x00": [1]}).to_arrow()
    except BaseException as exc:  # noqa: BLE001 - a real panic, to have its class
        panic = type(exc)
    assert panic.__name__ == "PanicException" and not issubclass(panic, Exception)

    def boom(*args, **kwargs):
        raise panic("called `Result::unwrap()` on an `Err` value")

    import xacheck.batch.runner as runner

    monkeypatch.setattr(runner, "run", boom)
    src = tmp_path / "in.csv"
    src.write_text("名称\n甲\n", encoding="utf-8")
    res = _batch(src, tmp_path / "out.csv")
    assert res.exit_code == 2
    assert res.output.splitlines() == [
        "xacheck: internal error: PanicException: called `Result::unwrap()` on an `Err` value",
        "please report this with the command and input that caused it"]


def test_a_long_bad_cell_is_named_not_repeated(tmp_path):
    """A 120 KB cell that is no number came back whole in its row's error column and on the terminal (a 1 MB
    cell would: 100,000 such rows made gigabytes of errors). A message quotes a value's first characters."""
    from xacheck.fields import MAX_QUOTED

    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("名称,研发费用（万元）\n甲," + "备" * 40_000 + "\n", encoding="utf-8")
    res = _batch(src, out)
    assert res.exit_code == 1
    error = _rows(out)[0]["error"]
    assert error.startswith("研发费用（万元）: expected a number in 万元, got '" + "备" * MAX_QUOTED + "…' (e.g. ")
    assert len(error) < 400 and len(res.output) < 1000


def test_a_parquet_text_column_with_bytes_that_are_not_utf8_costs_those_cells(tmp_path):
    """Parquet's reader does not check that a text column is UTF-8 (a damaged page, a careless writer): Polars
    took the bytes and panicked reading the cell back ("PyObject pointer is null"). Such a column is read as a
    binary one is: text where it is UTF-8, 0x… hex where not."""
    import struct

    src, out = tmp_path / "in.parquet", tmp_path / "out.csv"
    values = ["甲".encode(), b"\xe5\x00\xff", "乙".encode()]
    offsets = struct.pack("<4i", 0, 3, 6, 9)
    bad = pa.Array.from_buffers(pa.string(), 3, [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(values))])
    with pytest.raises(pa.ArrowInvalid):
        bad.validate(full=True)
    pq.write_table(pa.table({"名称": bad, "所在城市": ["西安市"] * 3}), src)
    res = _batch(src, out)
    assert res.exit_code == 0, res.output
    assert [r["名称"] for r in _rows(out)] == ["甲", "0xe500ff", "乙"]


def test_a_map_file_that_is_not_utf8_is_a_plain_error(tmp_path):
    """A --map file saved as GBK ended in "internal error: UnicodeDecodeError"."""
    src, out, mapping = tmp_path / "in.csv", tmp_path / "out.csv", tmp_path / "map.csv"
    src.write_text("客户名称,收入\n甲,5000\n", encoding="utf-8")
    mapping.write_bytes("column,field\n客户名称,name\n收入,revenue_wan\n".encode("gbk"))
    res = _batch(src, out, "--map", str(mapping))
    assert res.exit_code == 2
    assert res.output == f"xacheck: {mapping}: XA900 file is not UTF-8 (byte 13)\n"


def test_a_what_if_over_a_chunk_of_unreadable_rows_only(tmp_path):
    """A chunk whose every row is unreadable has no column: --set's columns (one value a row) could not be
    added to it, and Polars' length error ended the run."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    src.write_text("[1, 2]\n{\n", encoding="utf-8")
    res = _batch(src, out, "--set", "city=西安市")
    assert res.exit_code == 1, res.output
    assert [(r["row_kind"], r["error"][:26]) for r in _rows(out)] == [("unreadable", "line 1: not a JSON object "),
                                                                      ("unreadable", "line 2: not a JSON object ")]


def test_a_huge_gap_is_written_into_the_workbook():
    """Fuzz input 14110 (seed 1): a JSON Lines row with a revenue near the 1e30 limit made the workbook's gap
    text round a 30-digit number in Decimal's 28-digit context (InvalidOperation: the batch wrote nothing)."""
    from xacheck.batch.workbook import _gap_text
    from xacheck.fields import default_registry

    reg = default_registry()
    assert _gap_text(reg, None, "revenue_wan", 1e29, "zh", "up") == "营业收入（万元） 差 " + f"{10**29:,}" + " 万元"
    assert _gap_text(reg, None, "revenue_wan", 0.004, "en", "up").endswith("short by 0.004 万元")


def test_a_parquet_file_whose_metadata_is_not_utf8_is_read(tmp_path):
    """A damaged schema-metadata key (bytes that are not UTF-8) made Polars panic (Utf8Error) taking the batch;
    the metadata is not read: the cells are."""
    src, out = tmp_path / "in.parquet", tmp_path / "out.csv"
    table = pa.table({"名称": ["甲", "乙"], "所在城市": ["西安市", "宝鸡市"]})
    pq.write_table(table.replace_schema_metadata({b"ARROW:sc\xe8ema": b"x", b"\xff\xfe": b"\xff"}), src)
    res = _batch(src, out)
    assert res.exit_code == 0, res.output
    assert [r["名称"] for r in _rows(out)] == ["甲", "乙"]
