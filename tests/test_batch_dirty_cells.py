"""Cells as Excel and people write them, read by the vectorised readers exactly as ``coerce`` reads them; a
cell no rule can read costs only its own field; dates known to the month.

The reference is always the row evaluator: ``xacheck.fields.coerce`` for a cell, ``Scorer.score_row`` (coerce
+ ``evaluate_rule``) for a row.
"""
from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

pl = pytest.importorskip("polars")

from click.testing import CliRunner  # noqa: E402

from xacheck import condition as cond  # noqa: E402
from xacheck.batch import Layout, Scorer, cells  # noqa: E402
from xacheck.cli import main  # noqa: E402
from xacheck.fields import CoercionError, Field, coerce  # noqa: E402
from xacheck.packs import load_pack_text, load_packs  # noqa: E402

AS_OF = dt.date(2026, 12, 2)

#: the forms a spreadsheet saved by Excel (Chinese locale) or typed by people holds; each must be read by
#: the vectorised readers, never left to the row evaluator
EXCEL_FORMS = {
    "revenue_wan": ["1,234.56", "86,356.20", " 86356.2 ", "\u300086356.2", "86356.2\xa0", "８６３５６．２", "12万",
                    "1.2亿", "86356.2万元", "0.863562亿元", "12345678元", "N/A", "n/a", "#N/A", "—", "-", "暂无", "",
                    " ", "1,234,567.5", "+1,234", "１，２３４"],
    "hightech_revenue_share_pct": ["79.32%", " 79.32 % ", "７９．３２％", "65", "N/A"],
    "employees": ["1,234", "120人", " 7 ", "1,000,000", "—"],
    "established": ["2005/09/20", "2005/9/20", "2005.09.20", "2005.9.20", "2005年9月20日", "2005年9月20", "38615",
                    "20050920", "2005-9-20", "2019年3月", "2019-03", "2019/3", "2019.3", " 2005/9/20 ",
                    "２００５／９／２０", "2024-03-01 00:00:00", "2024-03-01T12:30", "#N/A", "N/A", "—"],
    "is_leading_enterprise": ["是", " 是 ", "否", "Y", "n", "√", "×", "ＹＥＳ", "True", "N/A", "—"],
    "type": ["企业", " 企业 ", "enterprise", "N/A"],
}


def _reg():
    from xacheck.fields import default_registry

    return default_registry()


def _read(f: Field, texts: list, shift: int = 0):
    value, plain = cells.typed(f, "c", shift=shift)
    got = pl.DataFrame({"c": texts}, schema={"c": pl.String}).select(value.alias("v"), plain.alias("p"))
    return got["v"].to_list(), got["p"].to_list()


def _same(f: Field, fast, want) -> bool:
    """The vectorised value ``fast`` is coerce's ``want`` (numbers scaled by 10**6; a month by its first day)."""
    if f.type in ("number", "integer"):
        return Decimal(fast) == want * 10**6
    if isinstance(want, cond.Month):
        return fast == want.first
    return fast == want


@pytest.mark.parametrize("key", sorted(EXCEL_FORMS))
def test_excel_forms_are_read_vectorised_as_coerce_reads_them(key):
    f = _reg().fields[key]
    texts = EXCEL_FORMS[key]
    values, plain = _read(f, texts)
    for text, v, p in zip(texts, values, plain):
        want = coerce(f, text)  # every form here is one coerce accepts
        assert p, f"{text!r} left to the row evaluator"
        assert (v is None) == (want is None), (text, v, want)
        if want is not None:
            assert _same(f, v, want), (text, v, want)


#: the forms Excel writes most (a CSV saved in a Chinese locale), read by the clean reading itself — not left to
#: the fix step, which costs ~1–2 µs a cell (bench: the Excel-style register's throughput against the clean one)
CLEAN_PATH_FORMS = {
    "revenue_wan": ["86,356.20", "1,234", "+12,345,678.5", "N/A", "—", "#N/A", "暂无"],
    "established": ["2005/9/20", "2005.09.20", "2005-9-2", "N/A", "-"],
    "is_leading_enterprise": [" 是 ", "否 ", " Y", "N/A"],
    "type": ["N/A", "企业"],
}


@pytest.mark.parametrize("key", sorted(CLEAN_PATH_FORMS))
def test_the_common_excel_forms_need_no_fix_step(key):
    f = _reg().fields[key]
    texts = CLEAN_PATH_FORMS[key]
    c = cells.clean(f, "c")
    got = pl.DataFrame({"c": texts}, schema={"c": pl.String}).select(c.value.alias("v"), c.decided.alias("d"))
    for text, v, d in zip(texts, got["v"], got["d"]):
        assert d, f"{text!r} left to the fix step"
        want = coerce(f, text)
        assert (v is None) == (want is None) and (want is None or _same(f, v, want)), (text, v, want)


def test_what_coerce_refuses_is_not_decided_by_the_clean_reading():
    reg = _reg()
    for key, text in [("revenue_wan", "1,23"), ("revenue_wan", "12,3456"), ("established", "0000-01-01"),
                      ("established", "2005/9.20"), ("established", "2005-02-30")]:
        f = reg.fields[key]
        c = cells.clean(f, "c")
        d = pl.DataFrame({"c": [text]}, schema={"c": pl.String}).select(c.decided)[0, 0]
        assert not d, text
        with pytest.raises(CoercionError):
            coerce(f, text)


def _dirty_texts(rng: random.Random, kind: str) -> str:
    """A cell of a kind, written any way — valid, odd, broken."""
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 9)))
    frac = rng.choice(["", "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 8)))])
    grouped = f"{int(digits):,}" if rng.random() < 0.5 else digits
    if kind == "number":
        core = rng.choice([digits + frac, grouped + frac, rng.choice(["-", "+", ""]) + digits + frac,
                           digits + "e" + str(rng.randint(-8, 4)), "1,23", "1,2345", ",123", "1.2.3", "0x10",
                           "nan", "inf", "五万", "约300", "3.5", ""])
        core = core.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，")) if rng.random() < 0.1 else core
        unit = rng.choice(["", "", "", "%", "万", "亿", "元", "万元", "亿元", "人", "件", "%%", "万人", "千元", " %"])
        pad = rng.choice(["", " ", "\u3000", "\t", "\xa0", "\x1c", "\u200b", " \t "])
        return rng.choice([pad + core + unit + pad, core + unit, rng.choice(sorted(EXCEL_FORMS["revenue_wan"]))])
    if kind == "date":
        y, m, d = rng.randint(0, 2030), rng.randint(0, 13), rng.randint(0, 32)
        sep = rng.choice(["-", "/", ".", "年"])
        body = rng.choice([f"{y:04d}{sep}{m}{sep}{d}", f"{y:04d}{sep}{m:02d}{sep}{d:02d}", f"{y}年{m}月{d}日",
                           f"{y}年{m}月", f"{y:04d}-{m:02d}", f"{y:04d}/{m}", f"{y:04d}{m:02d}{d:02d}",
                           str(rng.randint(0, 99999)), f"{rng.randint(1000, 99999)}.0", f"{y}-{m}-{d}T10:00",
                           f"{y}-{m}-{d} x", f"{y}/{m}-{d}", "N/A", "#N/A", "—", "2019年"])
        return rng.choice(["", " ", "\u3000"]) + body
    if kind == "bool":
        return rng.choice(["是", "否", " 是 ", "Y", "y", "N", "√", "×", "ＹＥＳ", "tRuE", "maybe", "1", "0", "—", "N/A", ""])
    return rng.choice(["企业", " 企业 ", "机构", "project", "公司", "N/A", "—", "", "企 业"])


FIELDS = [("revenue_wan", "number", 0), ("revenue_wan", "number", -4), ("hightech_revenue_share_pct", "number", 0),
          ("hightech_revenue_share_pct", "number", 2), ("employees", "number", 0), ("total_assets_wan", "number", 0),
          ("established", "date", 0), ("is_leading_enterprise", "bool", 0), ("type", "enum", 0)]


@pytest.mark.parametrize("key,kind,shift", FIELDS)
def test_generated_dirty_cells_read_as_coerce_reads_them(key, kind, shift):
    """Differential over generated dirty cells: where the vectorised readers read a cell, ``coerce`` reads
    the same value; where ``coerce`` refuses it, they leave it (null, not plain); a cell that means unknown
    is null. ``shift``: a column in another money unit (÷10,000 for 元) or of Excel percentages (×100)."""
    f = _reg().fields[key]
    rng = random.Random(f"{key}{shift}")
    texts = [_dirty_texts(rng, kind) for _ in range(3000)]
    values, plain = _read(f, texts, shift)
    read = 0
    for text, v, p in zip(texts, values, plain):
        try:
            want = coerce(f, cells.shifted(text, shift) if shift else text)
        except CoercionError:
            assert v is None and not p, (text, v)
            continue
        if v is not None:
            read += 1
            assert want is not None and _same(f, v, want), (text, v, want)
        elif p:
            assert want is None, (text, want)
    assert read > 25  # the generator does reach the readers' forms (few fit a 0–100 % field)


# --------------------------------------------------------------------------- one bad cell, one field

EDGE = """
pack: dirty
title: {zh: 脏数据, en: Dirty}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
rules:
  - {id: dirty.revenue, kind: measure, clause: '1', title: {zh: 营收, en: revenue}, quote: q, applies_to: [enterprise],
     when: [revenue_wan > 50000, "rd_expense_wan / revenue_wan > 5%"], supports: [{zh: 奖励, en: award}]}
  - {id: dirty.age, kind: measure, clause: '2', title: {zh: 成立, en: age}, quote: q, applies_to: [enterprise],
     when: ["years_between(established, as_of) >= 1", "city == '西安市'"], supports: [{zh: 服务, en: service}]}
  - {id: dirty.young, kind: measure, clause: '3', title: {zh: 新企, en: young}, quote: q, applies_to: [enterprise],
     when: ["established >= add_years(as_of, -5)", "established != date('2024-02-29')"]}
  - {id: dirty.staff, kind: measure, clause: '4', title: {zh: 人员, en: staff}, quote: q, applies_to: [enterprise],
     when: ["employees >= 10", "is_leading_enterprise"]}
  - {id: dirty.share, kind: measure, clause: '5', title: {zh: 占比, en: share}, quote: q, applies_to: [enterprise],
     when: ["hightech_revenue_share_pct >= 60"]}
"""

COLUMNS = {"id": "编号", "name": "企业名称", "city": "所在城市", "revenue_wan": "营业收入（万元）", "rd_expense_wan": "研发费用（万元）",
           "established": "成立日期", "employees": "职工总数（人）", "is_leading_enterprise": "龙头企业",
           "hightech_revenue_share_pct": "近一年高新技术产品（服务）收入占企业同期总收入的比例（%）"}


def _rows(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append({"id": f"{i:05d}", "name": f"企业{i}", "city": rng.choice(["西安市", " 西安市", "宝鸡市", "N/A", "—", ""]),
                     "revenue_wan": _dirty_texts(rng, "number"), "rd_expense_wan": _dirty_texts(rng, "number"),
                     "established": _dirty_texts(rng, "date"), "employees": _dirty_texts(rng, "number"),
                     "is_leading_enterprise": _dirty_texts(rng, "bool"),
                     "hightech_revenue_share_pct": _dirty_texts(rng, "number")})
    rows += [{"id": "m1", "established": "2025年11月", "city": "西安市"},   # a month that settles 成立满1年 …
             {"id": "m2", "established": "2025年12月", "city": "西安市"},   # … and one that cannot
             {"id": "m3", "established": "2021年12月"}, {"id": "m4", "established": "2021年11月"},
             {"id": "m5", "established": "2024年2月"}, {"id": "w", "revenue_wan": "五万", "rd_expense_wan": "约300",
                                                      "employees": "3.5", "established": "2019-03-01", "city": "西安市"}]
    return rows


def _frame(rows):
    return pl.DataFrame({COLUMNS[k]: [r.get(k) for r in rows] for k in COLUMNS}, schema={c: pl.String for c in COLUMNS.values()})


@pytest.fixture(scope="module")
def dirty_scorer():
    reg = _reg()
    rules = list(load_pack_text(EDGE, "dirty.yaml", reg).rules)
    return Scorer(rules, reg, AS_OF, Layout(fields=dict(COLUMNS), passthrough=[]), lang="en")


def test_dirty_rows_score_as_the_row_evaluator_does(dirty_scorer):
    """Every result column of every row — statuses, supports, counts, nearest gap, missing fields, the error
    naming each cell that could not be read — is the row evaluator's (``score_row``: coerce each cell; a cell
    it refuses is that field unknown; evaluate_rule per rule)."""
    rows = _rows(2500, seed=16)
    out = dirty_scorer.score(_frame(rows))
    names = dirty_scorer.rule_ids + ["supports", "n_applies", "n_unknown", "n_needs_assessment", "nearest_gap_rule",
                                     "nearest_gap_field", "missing", "error"]
    errors = 0
    for i, row in enumerate(rows):
        got = out.row(i, named=True)
        want = dirty_scorer.score_row({COLUMNS[k]: v for k, v in row.items()})
        assert {c: got[c] for c in names} == {c: want.get(c) for c in names}, (row, got, want)
        errors += got["error"] is not None
    assert errors > 300 and out["n_applies"].sum() > 100  # (broken cells abound, and rows still apply)
    assert set(out["row_kind"].to_list()) == {"scored"}


def test_a_bad_cell_costs_only_its_field(dirty_scorer):
    """五万 in 营业收入: the revenue rule is unknown, every rule that does not read revenue keeps its status,
    and the error column names the cell and its value."""
    rows = [{"id": "w", "revenue_wan": "五万", "rd_expense_wan": "10", "established": "2019-03-01", "city": "西安市",
             "employees": "20", "is_leading_enterprise": "是", "hightech_revenue_share_pct": "79.32%"},
            {"id": "b", "revenue_wan": "", "rd_expense_wan": "10", "established": "2019-03-01", "city": "西安市",
             "employees": "20", "is_leading_enterprise": "是", "hightech_revenue_share_pct": "79.32%"}]
    out = dirty_scorer.score(_frame(rows))
    bad, blank = out.row(0, named=True), out.row(1, named=True)
    assert {r: bad[r] for r in dirty_scorer.rule_ids} == {r: blank[r] for r in dirty_scorer.rule_ids}
    assert bad["dirty.revenue"] == "unknown" and bad["dirty.age"] == "applies" and bad["dirty.share"] == "applies"
    assert bad["error"].startswith("营业收入（万元）: expected a number in 万元, got '五万'")
    assert blank["error"] is None


def test_months_are_exact_unknown_when_the_month_cannot_settle_it(dirty_scorer):
    """成立满1年 as of 2026-12-02: 2025年11月 settles it (every day of November 2025 is more than a year back),
    2025年12月 cannot (1 December is, 31 December is not): unknown, and 成立日期 is listed as missing."""
    rows = [{"id": "a", "established": "2025年11月", "city": "西安市"}, {"id": "b", "established": "2025年12月", "city": "西安市"},
            {"id": "c", "established": "2025-12-01", "city": "西安市"}, {"id": "d", "established": "2025-12-31", "city": "西安市"},
            {"id": "e", "established": "2021年12月"}, {"id": "f", "established": "2021年11月"}]
    out = dirty_scorer.score(_frame(rows))
    assert out["dirty.age"].to_list() == ["applies", "unknown", "applies", "not_applicable", "unknown", "unknown"]
    assert "established" in out["missing"][1].split(", ") and "established" not in out["missing"][0].split(", ")
    # established >= add_years(as_of, -5) = 2021-12-02: December 2021 straddles it, November 2021 does not
    assert out["dirty.young"].to_list()[4:] == ["unknown", "not_applicable"]


def test_month_values_in_the_row_evaluator():
    m = cond.Month(2025, 12)
    env = cond.Env({"established": m}, as_of=AS_OF)
    assert cond.evaluate(cond.parse("years_between(established, as_of) >= 1"), env) is cond.UNKNOWN
    env = cond.Env({"established": cond.Month(2025, 11)}, as_of=AS_OF)
    assert cond.evaluate(cond.parse("years_between(established, as_of) >= 1"), env) is True
    assert cond.evaluate(cond.parse("established == date('2025-11-15')"), env) is cond.UNKNOWN
    assert cond.evaluate(cond.parse("established == date('2025-12-15')"), env) is False
    assert cond.evaluate(cond.parse("known(established)"), env) is True
    assert (m.first, m.last, str(m)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31), "2025-12")
    f = _reg().fields["established"]
    assert coerce(f, "2019年3月") == cond.Month(2019, 3) and coerce(f, "2019-03") == cond.Month(2019, 3)
    with pytest.raises(CoercionError):
        coerce(f, "2019年13月")


def test_check_reads_a_month_and_lists_the_day_as_missing(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text("name: 月份\nestablished: 2025年12月\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(p), "--as-of", "2026-12-02", "--pack", "natl-hnte", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert '"established": "2025-12"' in res.output and '"established"' in res.output.split('"missing"')[1]


def test_wu_wan_keeps_every_status_that_does_not_read_revenue():
    """All shipped packs: a row with 五万 in 营业收入 has, rule for rule, the statuses of the same row with the
    revenue blank (every rule that does not read revenue keeps its status; the rest are unknown)."""
    reg = _reg()
    packs = load_packs(reg=reg)
    rules = [r for p in packs for r in p.rules if "enterprise" in r.applies_to]
    cols = {"name": "企业名称", "city": "所在城市", "district": "所在区县或开发区", "revenue_wan": "营业收入（万元）",
            "rd_expense_wan": "研发费用（万元）", "employees": "职工总数（人）", "titles": "已获称号或资质",
            "established": "成立日期", "is_sme": "属于中小企业（按《中小企业划型标准规定》划型）"}
    scorer = Scorer(rules, reg, AS_OF, Layout(fields=cols, passthrough=[]), lang="en")
    row = {"企业名称": "甲", "所在城市": "西安市", "所在区县或开发区": "西安高新区", "研发费用（万元）": "300",
           "职工总数（人）": "120", "已获称号或资质": "高企、科小", "成立日期": "2015/6/1",
           "属于中小企业（按《中小企业划型标准规定》划型）": "是"}
    df = pl.DataFrame([{**row, "营业收入（万元）": "五万"}, {**row, "营业收入（万元）": ""}],
                      schema={c: pl.String for c in cols.values()})
    out = scorer.score(df)
    bad, blank = out.row(0, named=True), out.row(1, named=True)
    assert {r: bad[r] for r in scorer.rule_ids} == {r: blank[r] for r in scorer.rule_ids}
    assert sum(1 for r in scorer.rule_ids if bad[r] not in (None, "unknown")) > 10  # plenty of rules kept a status
    assert bad["error"].startswith("营业收入（万元）: expected a number in 万元, got '五万'")


def test_cell_errors_exit_1_and_name_the_cell(tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("企业名称,营业收入（万元）,成立日期,所在城市\n甲,五万,2019/3/1,西安市\n乙,\"86,356.20\",2005年9月20日,西安市\n",
                   encoding="utf-8")
    out = tmp_path / "o.csv"
    res = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--as-of", "2026-12-02", "--pack", "xa-hardtech-2024",
                                    "--lang", "en"])
    assert res.exit_code == 1, res.output
    assert "row 2: 营业收入（万元）: expected a number in 万元, got '五万'" in res.output
    df = pl.read_csv(out, infer_schema=False)
    assert df["row_kind"].to_list() == ["scored", "scored"] and df["error"][1] is None
    assert df["xa-hardtech-2024.m04-scenarios"].to_list() == ["applies", "applies"]  # (reads no revenue)


def test_excel_na_reads_the_same_in_csv_and_xlsx(tmp_path):
    """#N/A — text in a CSV, an error cell in an XLSX — is unknown in both, never an error in one of them."""
    import xlsxwriter

    csv_ = tmp_path / "a.csv"
    csv_.write_text("企业名称,营业收入（万元）,研发费用（万元）\n甲,#N/A,100\n乙,#DIV/0!,100\n", encoding="utf-8")
    book = tmp_path / "a.xlsx"
    wb = xlsxwriter.Workbook(str(book))
    ws = wb.add_worksheet("clients")
    ws.write_row(0, 0, ["企业名称", "营业收入（万元）", "研发费用（万元）"])
    ws.write(1, 0, "甲")
    ws.write_formula(1, 1, "=NA()", None, "#N/A")
    ws.write(1, 2, 100)
    ws.write(2, 0, "乙")
    ws.write_formula(2, 1, "=1/0", None, "#DIV/0!")
    ws.write(2, 2, 100)
    wb.close()
    outs = []
    for src in (csv_, book):
        out = tmp_path / f"{src.suffix[1:]}.csv"
        res = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--as-of", "2026-12-02", "--pack", "xa-14fyp", "-q"])
        assert res.exit_code == 0, res.output
        df = pl.read_csv(out, infer_schema=False)
        outs.append(df.drop("企业名称"))
        assert df["error"].null_count() == 2
    assert outs[0].equals(outs[1])


def test_generated_excel_register_scores_as_the_clean_one(tmp_path):
    """bench/gen_register.py writes one register twice, clean and as Excel saves it: the result files are the
    same bytes (the benchmark's "identical results" at 1M rows, here at 1,500)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "bench" / "gen_register.py"), "1500", str(tmp_path)], check=True,
                   capture_output=True)
    outs = []
    for name in ("register_1500.csv", "register_1500_excel.csv"):
        out = tmp_path / f"out-{name}"
        res = CliRunner().invoke(main, ["batch", str(tmp_path / name), "-o", str(out), "--as-of", "2026-11-22", "-q"])
        assert res.exit_code == 0, res.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    clean = (tmp_path / "register_1500.csv").read_text(encoding="utf-8")
    excel = (tmp_path / "register_1500_excel.csv").read_text(encoding="utf-8")
    assert clean != excel and "年" in excel and "%" in excel and "亿" in excel and "#N/A" in excel


def test_progress_is_the_share_of_the_input_read(tmp_path):
    """run() reports the bytes read of the bytes there are, from the first chunk on, up to the whole file;
    and the rows finished."""
    from xacheck.batch.runner import BatchOptions, run
    from xacheck.fields import default_registry

    src = tmp_path / "in.csv"
    src.write_text("企业名称,所在城市\n" + "".join(f"企业{i},西安市\n" for i in range(200_000)), encoding="utf-8")
    reads, rows = [], []

    def progress(done, total, scored):
        if done is not None:
            reads.append((done, total))
        if scored is not None:
            rows.append(scored)

    reg = default_registry()
    run(BatchOptions(input=str(src), output=str(tmp_path / "o.csv"), as_of=AS_OF, pack_ids=("xa-hardtech-2024",)),
        load_packs(reg=reg), reg, on_progress=progress)
    size = src.stat().st_size
    assert len(reads) > 1 and all(t == size for _, t in reads)
    assert [d for d, _ in reads] == sorted(d for d, _ in reads) and 0 < reads[0][0] < size and reads[-1][0] == size
    assert rows[-1] == 200_000
