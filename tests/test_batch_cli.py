"""`xacheck batch` end to end: real file encodings and formats, broken rows, exit codes, safe writing."""
from __future__ import annotations

import json
import os

import pytest

pl = pytest.importorskip("polars")
from click.testing import CliRunner  # noqa: E402

from xacheck.cli import main  # noqa: E402

HEAD_ZH = ["统一社会信用代码", "名称", "营业收入（万元）", "研发费用(万元)", "所在城市", "客户经理"]
ROWS = [
    ["916101310000000015", "甲公司", "86356.2", "4317.81", "西安市", "王"],   # exactly 5%: not 超过
    ["000123456789012340", "乙公司", "86356.2", "4317.82", "西安市", "李"],              # applies
    ["91610131000000003B", "丙公司", "五万", "100", "西安市", "张"],           # broken number
    ["91610131000000004E", "丁公司", "60000", "", "宝鸡市", "赵"],            # unknown: R&D missing
    ["91610131000000005H", "戊公司", "-5", "1", "西安市", "孙"],               # below the field's minimum
]
SHUANGWU = ["not_applicable", "applies", "unknown", "unknown", "unknown"]  # a bad cell: that field unknown
PACK = ["--pack", "xa-hardtech-2024"]


def _csv_text(rows, head, sep=","):
    lines = [sep.join(head)] + [sep.join(r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


def _run(args, lang="en"):
    # most messages asserted here are the English ones (tests/test_one_language.py covers the Chinese)
    return CliRunner().invoke(main, ["batch", *args, "--as-of", "2026-06-01", "--lang", lang], catch_exceptions=False)


def _shuangwu_col(df):
    cols = [c for c in df.columns if c.endswith("m06-double-five") or "double" in c or "shuangwu" in c]
    assert cols, df.columns
    return cols[0]


def _check(out_path, ids_col="统一社会信用代码"):
    df = pl.read_csv(out_path, infer_schema=False) if out_path.endswith(".csv") else None
    if out_path.endswith(".jsonl"):
        df = pl.read_ndjson(out_path)
    if out_path.endswith(".xlsx"):  # the workbook for people: results under the rules' titles, in --lang
        import fastexcel

        df = fastexcel.read_excel(out_path).load_sheet(0, dtypes="string").to_polars()
        words = {"适用": "applies", "不适用": "not_applicable", "待补充数据": "unknown",
                 "not applicable": "not_applicable", "unknown (data missing)": "unknown"}
        heads = {"错误": "error", "脚注1 双五企业": "mini.shuangwu", "脚注1 Double-five enterprise": "mini.shuangwu"}
        df = df.rename({k: v for k, v in heads.items() if k in df.columns}).with_columns(
            pl.col("mini.shuangwu").replace(words))
    assert df.height == len(ROWS)
    assert df[ids_col].to_list() == [r[0] for r in ROWS]          # same rows, same order, ids as text
    errors = df["error"].to_list()
    assert errors[0] is None and errors[1] is None
    assert "五万" in errors[2] and "营业收入（万元）" in errors[2]   # the column as headed in the sheet
    assert "-5" in errors[4] and ("at least 0" in errors[4] or "不能小于 0" in errors[4])   # in --lang
    assert df["客户经理"].to_list() == [r[5] for r in ROWS]       # unknown column carried through
    return df


@pytest.fixture
def shuangwu_rule(tmp_path):
    """(extra CLI args, rule id): the tests' own small pack, so shipped-pack edits do not move these tests."""
    from tests.conftest import MINI_PACK

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mini.yaml").write_text(MINI_PACK, encoding="utf-8")
    return ["--rules", str(rules), "--no-shipped"], "mini.shuangwu"


def test_gbk_csv_with_chinese_headers(tmp_path, shuangwu_rule):
    pack, rid = shuangwu_rule
    src = tmp_path / "clients.csv"
    src.write_bytes(_csv_text(ROWS, HEAD_ZH).encode("gbk"))
    out = tmp_path / "scored.csv"
    res = _run([str(src), "-o", str(out), *pack])
    assert res.exit_code == 1, res.output
    assert "2 of 5 rows had errors" in res.output
    assert "客户经理" in res.output  # the unmatched heading is reported
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 with BOM for Excel
    df = _check(str(out))
    assert df[rid].to_list() == SHUANGWU


def test_gbk_csv_whose_first_mb_is_ascii(tmp_path, shuangwu_rule, monkeypatch):
    """The encoding is guessed from the file's start and the reader checks the rest: a GBK file that is
    pure ASCII for its first block is re-read as GB18030 (same result as --encoding gb18030)."""
    from xacheck.batch import readers

    monkeypatch.setattr(readers, "PREFIX_BYTES", 64)
    pack, rid = shuangwu_rule
    head = ["id", "revenue_wan", "rd_expense_wan", "manager"]
    rows = [[f"{i:05d}", "86356.2", "4317.82", "x"] for i in range(40)] + [["00099", "60000", "", "王经理"]]
    src = tmp_path / "clients.csv"
    src.write_bytes(_csv_text(rows, head).encode("gbk"))
    out, ref = tmp_path / "scored.csv", tmp_path / "ref.csv"
    res = _run([str(src), "-o", str(out), *pack])
    assert res.exit_code == 0, res.output
    assert res.output.count("manager") == 1  # the unmatched heading reported once, not once per read
    assert _run([str(src), "-o", str(ref), "--encoding", "gb18030", *pack]).exit_code == 0
    assert out.read_bytes() == ref.read_bytes()
    df = pl.read_csv(str(out), infer_schema=False)
    assert df.height == 41 and df["manager"][-1] == "王经理" and df[rid][-1] == "unknown"


def test_late_bytes_neither_utf8_nor_gbk_exit_2(tmp_path, monkeypatch):
    from xacheck.batch import readers

    monkeypatch.setattr(readers, "PREFIX_BYTES", 64)
    src = tmp_path / "bad.csv"
    src.write_bytes(b"id,revenue_wan\r\n" + b"1,5\r\n" * 50 + b"2,\xff\xff\r\n")
    out = tmp_path / "o.csv"
    res = _run([str(src), "-o", str(out)])
    assert res.exit_code == 2, res.output
    assert "GBK" in res.output or "UTF-8" in res.output
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]


def test_utf8_bom_csv_tab_and_quoted_newline(tmp_path, shuangwu_rule):
    pack, rid = shuangwu_rule
    rows = [r[:] for r in ROWS]
    rows[1][1] = '"乙公司\n（分公司）"'
    src = tmp_path / "clients.tsv"
    src.write_bytes(b"\xef\xbb\xbf" + _csv_text(rows, HEAD_ZH, "\t").encode("utf-8"))
    out = tmp_path / "scored.jsonl"
    res = _run([str(src), "-o", str(out), *pack])
    assert res.exit_code == 1, res.output
    df = _check(str(out))
    assert df["名称"][1] == "乙公司\n（分公司）"
    assert df[rid].to_list() == SHUANGWU


def test_xlsx_input_and_output(tmp_path, shuangwu_rule):
    pack, rid = shuangwu_rule
    src = tmp_path / "clients.xlsx"
    pl.DataFrame({h: [r[i] for r in ROWS] for i, h in enumerate(HEAD_ZH)}).write_excel(str(src))
    out = tmp_path / "scored.xlsx"
    res = _run([str(src), "-o", str(out), *pack, "--summary", str(tmp_path / "s.md")], lang="zh")
    assert res.exit_code == 1, res.output
    df = _check(str(out))
    assert df[rid].to_list() == SHUANGWU
    import fastexcel

    assert fastexcel.read_excel(str(out)).sheet_names == ["评估结果", "汇总", "规则说明"]
    assert rid in (tmp_path / "s.md").read_text(encoding="utf-8")


def test_jsonl_with_a_broken_line_and_parquet_out(tmp_path, shuangwu_rule):
    pack, rid = shuangwu_rule
    src = tmp_path / "clients.jsonl"
    lines = [json.dumps(dict(zip(HEAD_ZH, r)), ensure_ascii=False) for r in ROWS]
    lines.insert(2, "{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "scored.parquet"
    res = _run([str(src), "-o", str(out), *pack])
    assert res.exit_code == 1, res.output
    df = pl.read_parquet(out)
    assert df.height == 6
    assert "line 3" in df["error"][2]
    assert df[rid].to_list() == SHUANGWU[:2] + [None] + SHUANGWU[2:]


def test_clean_input_exits_0_and_sorts_by_opportunity(tmp_path, shuangwu_rule):
    pack, rid = shuangwu_rule
    src = tmp_path / "ok.csv"
    src.write_text(_csv_text([ROWS[0], ROWS[1], ROWS[3]], HEAD_ZH), encoding="utf-8")
    out = tmp_path / "ok_scored.csv"
    res = _run([str(src), "-o", str(out), *pack, "--sort", "opportunity", "--lang", "en"])
    assert res.exit_code == 0, res.output
    df = pl.read_csv(out, infer_schema=False)
    assert df["名称"][0] == "乙公司"  # the one where something applies comes first
    assert "rows scored" in res.output


def test_map_file_for_client_headings(tmp_path, shuangwu_rule):
    pack, rid = shuangwu_rule
    src = tmp_path / "c.csv"
    src.write_text("客户号,收入,研发\n007,86356.2,4317.82\n", encoding="utf-8")
    mp = tmp_path / "map.yaml"
    mp.write_text("客户号: id\n收入: 营业收入（万元）\n研发: rd_expense_wan\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    res = _run([str(src), "-o", str(out), *pack, "--map", str(mp)])
    assert res.exit_code == 0, res.output
    df = pl.read_csv(out, infer_schema=False)
    assert df["客户号"].to_list() == ["007"] and df[rid].to_list() == ["applies"]


def test_unreadable_input_exits_2_and_leaves_no_file(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_bytes(b"\xff\xfe\x00\x00garbage\x81\x00")
    out = tmp_path / "o.csv"
    res = _run([str(src), "-o", str(out)])
    assert res.exit_code == 2
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]  # no temporary file left behind


def test_refuses_to_overwrite_input(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,revenue_wan\n1,5\n", encoding="utf-8")
    before = src.read_bytes()
    res = _run([str(src), "-o", str(src)])
    assert res.exit_code == 2 and "overwrite the input" in res.output
    assert src.read_bytes() == before


def test_failed_run_keeps_the_old_output(tmp_path, monkeypatch):
    from xacheck.batch import scorer

    src = tmp_path / "in.csv"
    src.write_text("id,revenue_wan\n1,5\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("old", encoding="utf-8")

    def boom(self, typed):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(scorer.Scorer, "finish", boom)
    res = _run([str(src), "-o", str(out)])
    assert res.exit_code == 2
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["in.csv", "out.csv"]


def test_batch_does_not_slow_down_check_startup():
    import subprocess
    import sys

    code = "import sys, xacheck.cli; print('polars' in sys.modules, 'pyarrow' in sys.modules)"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "False False"


def test_output_encoding_refuses_a_character_it_cannot_hold(tmp_path):
    """--out-encoding gbk with a name outside GBK: a clear error and no file, never a silent '?'."""
    src = tmp_path / "in.csv"
    src.write_text("id,name,revenue_wan\n1,西安光子,5\n2,𠀀科技,6\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    res = _run([str(src), "-o", str(out), "--out-encoding", "gbk"])
    assert res.exit_code == 2
    assert "cannot write '𠀀'" in res.output and "line 3" in res.output and "gb18030" in res.output
    assert not out.exists() and sorted(os.listdir(tmp_path)) == ["in.csv"]
    res = _run([str(src), "-o", str(out), "--out-encoding", "gb18030"])
    assert res.exit_code == 0
    assert "𠀀科技" in out.read_text(encoding="gb18030")


def test_summary_counts_a_versioned_rule_once(tmp_path):
    """A rule with dated versions is one result column (the version in force on --as-of), so the summary
    and the XLSX rules sheet list it once and its counts add up to the rows (they were counted per version)."""
    src = tmp_path / "firms.csv"
    src.write_text(_csv_text([r[:2] + ["是"] for r in ROWS], HEAD_ZH[:2] + ["是否中小企业"]), encoding="utf-8")
    out, md = tmp_path / "scored.xlsx", tmp_path / "summary.md"
    res = _run([str(src), "-o", str(out), "--pack", "natl-quality-sme", "--summary", str(md), "--lang", "en",
                "--all-rules"])  # (the 2022-only 创新型 rule has ended by 2026-06-01: listed on request)
    assert res.exit_code == 0, res.output
    import fastexcel

    book = fastexcel.read_excel(str(out))
    assert book.sheet_names == ["results", "summary", "rules"]  # --lang en
    results = book.load_sheet("results", dtypes="string").to_polars()
    titles = ["Innovative SME", "Specialised", "little giant"]
    rule_cols = [c for c in results.columns if any(t.lower() in c.lower() for t in titles)]
    assert len(rule_cols) == 3, results.columns
    sheet = book.load_sheet("rules", dtypes="string").to_polars()
    rule_ids = sheet["rule id"].to_list()
    assert rule_ids == ["natl-quality-sme.innovative-sme", "natl-quality-sme.srdi-sme", "natl-quality-sme.little-giant"]
    assert sheet["heading in the results"].to_list() == rule_cols
    summary = book.load_sheet("summary", header_row=None, dtypes="string").to_polars()
    head = next(i for i, v in enumerate(summary[:, 1].to_list()) if v == "rule id")
    table = summary[head + 1: head + 4]
    assert table[:, 1].to_list() == rule_ids
    assert [int(x) for x in table[:, table.width - 1].to_list()] == [len(ROWS)] * 3  # each rule counts every row
    rows = [line for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("| natl-quality-sme.")]
    assert [line.split(" | ")[0][2:] for line in rows] == rule_ids
    # the version in force on 2026-06-01: the 2026 办法's (from 2026-04-01), not the 2022 one's
    srdi = sheet.filter(pl.col("rule id") == "natl-quality-sme.srdi-sme")
    assert srdi["in force"][0].startswith("2026-04-01")


def test_title_rows_above_the_headings_are_not_data(tmp_path, shuangwu_rule):
    """Sheets made for people start with a report title (often merged across the table) or a blank row:
    the headings row is found among the first rows, the rows above it are left out, and stderr says so."""
    pack, rid = shuangwu_rule
    import xlsxwriter

    src = tmp_path / "clients.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet()
    ws.merge_range(0, 0, 0, len(HEAD_ZH) - 1, "2025年度重点企业名单（高新区）")
    ws.write_row(2, 0, HEAD_ZH)                      # a blank row between the title and the headings
    for i, r in enumerate(ROWS):
        ws.write_row(3 + i, 0, r)
    wb.close()
    out = tmp_path / "scored.csv"
    res = _run([str(src), "-o", str(out), *pack])
    assert res.exit_code == 1, res.output            # the broken rows of ROWS, as in the other formats
    assert "the headings are on row 3" in res.output
    df = _check(str(out))
    assert df[rid].to_list() == SHUANGWU
    assert f"{src}: row 6: " in res.output and f"{src}: row 8: " in res.output  # as Excel numbers them

    # CSV saved from such a sheet: the title line, with a quoted newline, then the table
    csv_src = tmp_path / "clients.csv"
    title = '"2025年度重点企业名单\n（高新区）"' + "," * (len(HEAD_ZH) - 1)
    csv_src.write_text(title + "\r\n" + ",,,,,\r\n" + _csv_text(ROWS, HEAD_ZH), encoding="utf-8-sig")
    res = _run([str(csv_src), "-o", str(out), *pack])
    assert "the headings are on row 3" in res.output
    assert _check(str(out))[rid].to_list() == SHUANGWU
    assert f"{csv_src}: row 6: " in res.output  # rows, not lines: the title's quoted newline is one row


def test_headings_row_stays_first_when_it_names_fields(tmp_path, shuangwu_rule):
    pack, rid = shuangwu_rule
    src = tmp_path / "plain.csv"
    # the first row names two fields; a later data row that happens to look like headings changes nothing
    rows = [["甲", "86356.2", "4317.82"], ["名称", "营业收入（万元）", "研发费用(万元)"]]
    src.write_text(_csv_text(rows, ["名称", "营业收入（万元）", "研发费用(万元)"]), encoding="utf-8")
    out = tmp_path / "out.csv"
    res = _run([str(src), "-o", str(out), *pack])
    assert "headings are on row" not in res.output
    assert pl.read_csv(out, infer_schema=False).height == 2

    # client headings known only through --map are found below a title too
    mapped = tmp_path / "mapped.csv"
    mapped.write_text("客户名单\r\n" + _csv_text([["甲", "86356.2", "4317.82"]], ["客户", "收入", "研发"]), encoding="utf-8")
    (tmp_path / "map.yaml").write_text("客户: name\n收入: revenue_wan\n研发: rd_expense_wan\n", encoding="utf-8")
    res = _run([str(mapped), "-o", str(out), *pack, "--map", str(tmp_path / "map.yaml")])
    assert "the headings are on row 2" in res.output
    df = pl.read_csv(out, infer_schema=False)
    assert df["客户"].to_list() == ["甲"] and df[rid].to_list() == ["applies"]


def test_totals_rows_are_flagged_not_scored(tmp_path, shuangwu_rule):
    """A 合计 row at the foot of a report sheet would score as the biggest firm of the file (双五 on the
    sum of everyone's revenue): it keeps its place, gets no statuses and an error naming it."""
    pack, rid = shuangwu_rule
    src = tmp_path / "report.csv"
    rows = [ROWS[1], ["", "小 计：", "86356.2", "4317.82", "", ""], ["", "合计", "172712.4", "8635.64", "", ""],
            ["", "Total Energies", "60000", "4000", "西安市", ""],
            ["总计", "", "90000", "9000", "", ""]]   # in the first column (序号), the name blank
    src.write_text(_csv_text(rows, HEAD_ZH), encoding="utf-8")
    out = tmp_path / "out.csv"
    res = _run([str(src), "-o", str(out), *pack])
    assert res.exit_code == 1 and "3 of 5 rows had errors" in res.output, res.output
    df = pl.read_csv(out, infer_schema=False)
    assert df["名称"].to_list() == ["乙公司", "小 计：", "合计", "Total Energies", ""]
    assert df[rid].to_list() == ["applies", None, None, "applies", None]
    assert df["error"][1] == "a totals row (小 计：), not a firm: left unscored"
    assert df["error"][4] == "a totals row (总计), not a firm: left unscored" and df["error"][3] is None
    # no result of any kind on a row that is not a firm
    assert df.select("supports", "nearest_gap_rule", "missing").row(2) == (None, None, None)
    assert df["supports"][0] is not None
    # a firm whose first cell says 累计 (a data basis column before the name) is a firm
    basis = tmp_path / "basis.csv"
    basis.write_text("数据口径,名称,营业收入（万元）,研发费用(万元)\n累计,丙公司,86356.2,4317.82\n累计,,1,1\n", encoding="utf-8")
    _run([str(basis), "-o", str(out), *pack])
    df = pl.read_csv(out, infer_schema=False)
    assert df[rid].to_list() == ["applies", None] and df["error"][1].startswith("a totals row (累计)")


def test_money_unit_in_the_heading_is_converted(tmp_path, shuangwu_rule):
    """营业收入（元） / 研发费用（千元）: the same fields in another money unit, read exactly into the field's
    unit (a cell with its own unit word, 12万, keeps it); a heading in an unknown unit stays unmatched."""
    pack, rid = shuangwu_rule
    src = tmp_path / "yuan.csv"
    head = ["名称", "营业收入（元）", "研发费用(千元)"]
    rows = [["甲", "\"863,562,000\"", "43178.1"], ["乙", "８６３５６２０００", "43178.2"], ["丙", "6亿", "4317.82万"],
            ["丁", "五万", "1"]]
    src.write_text(_csv_text(rows, head), encoding="utf-8")
    out = tmp_path / "out.csv"
    res = _run([str(src), "-o", str(out), *pack])
    assert "column '营业收入（元）' is in 元: read as Operating revenue (10k CNY) in 万元 (÷10,000)" in res.output
    assert "column '研发费用(千元)' is in 千元: read as R&D expense (10k CNY) in 万元 (÷10)" in res.output
    df = pl.read_csv(out, infer_schema=False)
    # 86356.2 万元 revenue; R&D 4317.81 (exactly 5%: not 超过) vs 4317.82 (applies); 丙: 6亿 = 60000 万元 and
    # 4317.82万 in its own units (7.2%: applies; shifted as 元 it would be 0.43 万元)
    assert df[rid].to_list() == ["not_applicable", "applies", "applies", "unknown"]  # 五万: revenue unknown
    assert "'五万'" in df["error"][3]
    odd = tmp_path / "odd.csv"
    odd.write_text(_csv_text([["甲", "1"]], ["名称", "营业收入（美元）"]), encoding="utf-8")
    assert "'营业收入（美元）' matches no field" in _run([str(odd), "-o", str(out), *pack]).output


def test_sheets_as_found_in_the_wild(tmp_path, shuangwu_rule):
    """The odd layouts a review found mishandled: blank rows above a title (calamine counts header_row from
    the sheet's top but starts the sheet at its first filled row), a TSV whose title has no tab, a 200,000-
    character note in the first rows, money-unit headings under a title, a unit in a --map'd heading, and a
    file of headings only."""
    import xlsxwriter

    pack, rid = shuangwu_rule
    out = tmp_path / "out.csv"
    head = ["名称", "营业收入（万元）", "研发费用(万元)"]
    src = tmp_path / "blank_then_title.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet()
    ws.write(1, 0, "2024年企业名录")                    # row 1 blank, title on row 2, headings on row 3
    ws.write_row(2, 0, head)
    ws.write_row(3, 0, ["甲", "86356.2", "4317.82"])
    ws.write_row(4, 0, ["乙", "abc", "1"])
    wb.close()
    res = _run([str(src), "-o", str(out), *pack])
    df = pl.read_csv(out, infer_schema=False)
    assert df["名称"].to_list() == ["甲", "乙"] and df[rid][0] == "applies"
    assert "headings are on row 3" in res.output and f"{src}: row 5: " in res.output

    tsv = tmp_path / "title.tsv"
    tsv.write_text("2024年企业名录\n" + "\t".join(head) + "\n甲\t86356.2\t4317.82\n", encoding="utf-8")
    res = _run([str(tsv), "-o", str(out), *pack])
    assert pl.read_csv(out, infer_schema=False)[rid].to_list() == ["applies"], res.output

    big = tmp_path / "note.csv"
    big.write_text(",".join(head + ["备注"]) + "\n甲,86356.2,4317.82," + "长" * 200_000 + "\n", encoding="utf-8")
    assert _run([str(big), "-o", str(out), *pack]).exit_code == 0

    yuan = tmp_path / "yuan_title.csv"
    yuan.write_text("名录\n名称,营业收入（元）,研发费用（元）\n甲,863562000,43178200\n", encoding="utf-8")
    res = _run([str(yuan), "-o", str(out), *pack])
    assert "headings are on row 2" in res.output
    assert pl.read_csv(out, infer_schema=False)[rid].to_list() == ["applies"]

    mapped = tmp_path / "client.csv"
    mapped.write_text("客户,客户收入（元）,研发\n甲,863562000,4317.82\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("客户: name\n客户收入（元）: revenue_wan\n研发: rd_expense_wan\n", encoding="utf-8")
    res = _run([str(mapped), "-o", str(out), *pack, "--map", str(tmp_path / "m.yaml")])
    assert "'客户收入（元）' is in 元: read as Operating revenue (10k CNY) in 万元" in res.output
    assert pl.read_csv(out, infer_schema=False)[rid].to_list() == ["applies"]

    only = tmp_path / "headings_only.csv"
    for text in (",".join(head) + "\n", ",".join(head)):  # with and without a line end
        only.write_text(text, encoding="utf-8")
        res = _run([str(only), "-o", str(out), *pack])
        assert res.exit_code == 0 and "0 rows scored" in res.output, res.output
        empty = pl.read_csv(out, infer_schema=False)
        assert empty.height == 0 and rid in empty.columns
    # typed as a result with rows is, so Parquet results of several runs share a schema
    pq_out = tmp_path / "out.parquet"
    _run([str(only), "-o", str(pq_out), *pack])
    _run([str(yuan), "-o", str(tmp_path / "full.parquet"), *pack])
    assert pl.read_parquet(pq_out).schema == pl.read_parquet(tmp_path / "full.parquet").schema
    zero = tmp_path / "zero.parquet"
    pl.DataFrame(schema={"名称": pl.String, "revenue_wan": pl.Float64}).write_parquet(zero)
    assert _run([str(zero), "-o", str(out), *pack]).exit_code == 0


def test_xlsx_rows_without_cell_references(tmp_path, shuangwu_rule):
    """Cell references (r="B5") are optional in the sheet XML; rows are then placed by their order."""
    import re
    import zipfile

    import xlsxwriter

    from xacheck.batch import xlsx_formats

    pack, rid = shuangwu_rule
    src = tmp_path / "made.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("表")
    ws.write(4, 0, "2024年企业名录")
    ws.write_row(5, 0, ["名称", "营业收入（万元）", "研发费用(万元)"])
    ws.write_row(6, 0, ["甲", "86356.2", "4317.82"])
    wb.close()
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(r'(<c) r="[A-Z]+[0-9]+"', r"\1", sheet).encode()
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(bare, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert xlsx_formats.sheet_facts(str(bare), "表").first_row == 4
    out = tmp_path / "out.csv"
    res = _run([str(bare), "-o", str(out), *pack])
    assert "headings are on row 6" in res.output, res.output
    assert pl.read_csv(out, infer_schema=False)[rid].to_list() == ["applies"]


def test_unit_change_refuses_absurd_numbers(tmp_path, shuangwu_rule):
    """1e2000000 元 is no amount: the row says so instead of the run failing (or spending megabytes a cell)."""
    pack, rid = shuangwu_rule
    src = tmp_path / "absurd.csv"
    src.write_text("名称,营业收入（元）,研发费用（万元）\n甲,1e2000000,1\n乙,9e999999,1\n丙,863562000,4317.82\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    res = _run([str(src), "-o", str(out), *pack])
    assert res.exit_code == 1, res.output
    df = pl.read_csv(out, infer_schema=False)
    assert "too large a number to convert units" in df["error"][0] and df[rid].to_list() == ["unknown", "unknown", "applies"]


def test_empty_lists_from_json_and_parquet_are_known():
    """A JSON or Parquet [] is a known empty list ("holds no title"), as in `xacheck check`, not a blank."""
    from xacheck.batch.readers import _json_text
    from xacheck.batch.scorer import as_text

    assert _json_text([]) == "[]" and _json_text(["高企", {"name": "瞪羚"}]) == "高企|瞪羚"
    df = as_text(pl.DataFrame({"titles": [[], ["高新技术企业", "瞪羚企业"], None]}))
    assert df["titles"].to_list() == ["[]", "高新技术企业|瞪羚企业", None]
