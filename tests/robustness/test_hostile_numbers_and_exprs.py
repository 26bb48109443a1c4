"""Issue 15's reproductions #5 and #8–#12, with the exact outcome asserted: expressions whose batch form used to
grow exponentially, numbers and dates at and beyond what xacheck reads, chains that used to exhaust the
stack — each now an answer (the same on the row evaluator and the columnar engine) or a clear refusal that
names the file, line and field, never an internal error."""
from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from xacheck import condition as c
from xacheck.cli import main

from ..conftest import ROOT

pl = pytest.importorskip("polars")

AS_OF = "2026-06-01"
OPTICS = ROOT / "samples" / "enterprise-optics.yaml"
REGION = ROOT / "samples" / "region-xian-2020.yaml"
HEAD = """pack: {pack}
title: {{zh: 测试, en: Test}}
document: {{file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}}
"""


def _run(*args):
    """A command in English (tests/test_one_language.py covers the Chinese), exceptions caught as the CLI's."""
    res = CliRunner().invoke(main, ["--lang", "en", *map(str, args)])
    assert "internal error" not in res.output and "Traceback" not in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


def _rule(rid: str, when: list[str], applies=("enterprise",), clause="1") -> str:
    conds = ", ".join(f'"{w}"' for w in when)
    return (f"  - {{id: {rid}, kind: measure, clause: '{clause}', title: {{zh: 甲, en: a}}, quote: q, "
            f"applies_to: [{', '.join(applies)}], when: [{conds}]}}\n")


def _pack(tmp_path: Path, name: str, body: str, pack: str = "hostile") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "p.yaml").write_text(HEAD.format(pack=pack) + body, encoding="utf-8")
    return folder


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- #5 what batch builds grows with the condition
MIN7 = "min(revenue_wan, rd_expense_wan, total_assets_wan, revenue_wan, rd_expense_wan, total_assets_wan, revenue_wan) > 1"
MAX6 = ("max(max(max(max(max(max(revenue_wan, total_assets_wan), rd_expense_wan), revenue_wan), total_assets_wan), "
        "rd_expense_wan), revenue_wan) > 2000")
#: every construct that reads an operand more than once, nested
SHARED = {
    "min7": MIN7,
    "max6": MAX6,
    "ratio-max": "max(rd_expense_wan / revenue_wan, tech_staff / employees, rd_expense_wan / total_assets_wan) >= 5%",
    "if3": "if(revenue_wan > 1000, if(rd_expense_wan > 100, if(total_assets_wan > 10, revenue_wan, rd_expense_wan), "
           "total_assets_wan), rd_expense_wan) > 500",
    "band2": "band(band(revenue_wan, [50000, 10000, 1000], [3, 2, 1]), [2, 1], [10, 5, 0]) >= 5",
    "member": "max(invention_patents, 1) in [1, 3, 5]",
    "ratio-sum": "rd_expense_wan / revenue_wan + rd_expense_wan / total_assets_wan > 10%",
    "divisor": "revenue_wan / (rd_expense_wan - total_assets_wan) > 200%",
}


def test_5_the_reproductions_score_as_check_does(reg):
    """min() of 7 fields and max() nested 6 deep (and each construct that reads an operand twice, nested): the
    columnar engine decides them — no refusal to the row path — with the row evaluator's statuses on the
    differential test's rows (boundaries, zero denominators, blanks and broken cells included)."""
    from xacheck.packs import load_pack_text

    from ..test_batch_differential import _compare, gen_rows

    body = "rules:\n" + "".join(_rule(f"hostile.{k}", [w]) for k, w in SHARED.items())
    rules = list(load_pack_text(HEAD.format(pack="hostile") + body, "hostile.yaml", reg).rules)
    _compare(rules, reg, gen_rows(600, seed=15))


def test_5_batch_of_the_reproductions_on_six_rows(tmp_path):
    """The issue's 6-row CSV: written in full (it used to take every byte of 24 GB), each row as `check` says."""
    rules = _pack(tmp_path, "rules", "rules:\n" + _rule("hostile.min7", [MIN7]) + _rule("hostile.max6", [MAX6]))
    src, out = tmp_path / "six.csv", tmp_path / "out.csv"
    lines = ["id,名称,营业收入（万元）,研发费用（万元）,total_assets_wan"]
    lines += [f"{i},企业{i},{i * 700},{i},{i * 50}" for i in range(1, 7)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = _run("batch", src, "-o", out, "--rules", rules, "--pack", "hostile", "--as-of", AS_OF, "-q")
    assert res.exit_code == 0, res.output
    got = [(r["hostile.min7"], r["hostile.max6"]) for r in _rows(out)]
    assert got == [("not_applicable", "not_applicable"), ("applies", "not_applicable"), ("applies", "applies"),
                   ("applies", "applies"), ("applies", "applies"), ("applies", "applies")]
    for i in range(1, 7):  # the row evaluator, one profile at a time
        prof = tmp_path / f"p{i}.yaml"
        prof.write_text(f"type: enterprise\nrevenue_wan: {i * 700}\nrd_expense_wan: {i}\ntotal_assets_wan: {i * 50}\n",
                        encoding="utf-8")
        res = _run("check", prof, "--rules", rules, "--pack", "hostile", "--as-of", AS_OF, "--format", "json")
        statuses = {r["id"]: r["status"] for r in __import__("json").loads(res.output)["results"]}
        assert (statuses["hostile.min7"], statuses["hostile.max6"]) == got[i - 1]


def _emitted(text: str) -> int:
    """Characters of everything the compiler builds for a condition: the expression and the columns it stages."""
    from xacheck.batch.compiler import INT_DIGITS, SCALE, SCALE_DIGITS, Compiler, V

    def column(key):
        return V("num", n=pl.col(key), d=SCALE, nb=INT_DIGITS + SCALE_DIGITS, db=SCALE_DIGITS + 1)

    comp = Compiler(column, {}, dt.date(2026, 6, 1))
    expr = comp.boolean(c.parse(text))
    return len(str(expr)) + sum(len(str(e)) for _, e in comp.stage)


def _nested(form: str, k: int) -> str:
    text = "a"
    for _ in range(k):
        text = form.format(text)
    return text + " > 1"


@pytest.mark.parametrize("form", ["max({}, b)", "min(b, {}, a)", "if(b > 1, {}, b)",
                                  "band({}, [3, 2, 1], [1, 2, 3])", "-abs({} - b)", "if({} in [1, 2, 3], a, b)"])
def test_5_emitted_size_grows_linearly_with_nesting(form):
    """What the compiler builds for an operand nested k deep is at most a constant times k (it was 4^k for max):
    each operand a construct reads twice is computed once, as a column, and read from there."""
    one = _emitted(_nested(form, 1))
    for k in range(2, 9):  # (one depth at a time: an exponential size fails here long before it fills memory)
        size = _emitted(_nested(form, k))
        assert size <= 3 * k * one, (k, size, one)
    two = _emitted("min(a, a) > 1")
    for k in range(3, 17):  # min() of k fields: linear in k
        size = _emitted("min(" + ", ".join(["a"] * k) + ") > 1")
        assert size <= k * two, (k, size, two)


# ---------------------------------------------------------------- #8 numbers up to the documented limits, shown
def _profile(tmp_path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


BIG_PACK = ("rules:\n" + _rule("bignum.a", ["revenue_wan > 1234567890123456789012345678901234567890"])
            + _rule("bignum.b", ["rd_expense_wan / revenue_wan >= 0.000000000000000000000000000000000000001"], clause="2")
            + _rule("bignum.c", ["revenue_wan > 1000000000000000000000000000000.5"], clause="3"))


@pytest.mark.parametrize("revenue,rd", [("500000000000000000000000000000", "1e29"), ("9.99e30", "1e-30"),
                                        ("1e-20", "1e10"), ("1234567890123456789012345.123456789012345", "100")])
def test_8_figures_up_to_1e30_and_40_digit_literals_are_shown(tmp_path, revenue, rd):
    """Figures from 10^27 to the 10^30 limit, tiny revenues (a ratio of 10^30 % over them) and 40-digit
    thresholds: every view shows them (the display's decimal context had 28 digits)."""
    rules = _pack(tmp_path, "rules", BIG_PACK, pack="bignum")
    prof = _profile(tmp_path, "p.yaml", f"type: enterprise\nname: 甲\ncity: 西安市\nrevenue_wan: {revenue}\n"
                                        f"rd_expense_wan: {rd}\ntotal_assets_wan: {revenue}\n")
    for cmd in (["check", "--all"], ["check", "--format", "json"], ["check", "--format", "markdown"], ["gaps"],
                ["report", "-o", tmp_path / "r.html"], ["report", "-o", tmp_path / "r.md"],
                ["diff", "--set", "employees=5"]):
        for packs in (["--rules", rules], []):  # with the big thresholds, and against every shipped pack
            res = _run(cmd[0], prof, *cmd[1:], *packs, "--as-of", AS_OF)
            assert res.exit_code == 0, res.output


def test_8_the_gap_to_a_40_digit_threshold_is_exact(tmp_path):
    rules = _pack(tmp_path, "rules", BIG_PACK, pack="bignum")
    prof = _profile(tmp_path, "p.yaml", "type: enterprise\nrevenue_wan: 500000000000000000000000000000\n"
                                        "rd_expense_wan: 100\n")
    res = _run("check", prof, "--rules", rules, "--pack", "bignum", "--all", "--as-of", AS_OF)
    assert ("Operating revenue (10k CNY) 500,000,000,000,000,000,000,000,000,000 万元 — needs > "
            "1,234,567,890,123,456,789,012,345,678,901,234,567,890 万元, short by "
            "1,234,567,889,623,456,789,012,345,678,901,234,567,890 万元") in res.output
    assert "short by 500,000,000,000,000,000,000,000,000,000.5 万元" in res.output


@pytest.mark.parametrize("value", ["123456789012345678901234567890.1234567890", "1E-20", "1.2345678901E-30", "4.2"])
def test_8_init_writes_every_digit_it_was_given(value):
    """`init` wrote a figure through a float (1.2345678901234568e+29); it writes the decimal as given."""
    from xacheck.questionnaire import _entry
    from xacheck.yamlsafe import load_yaml

    line = _entry("revenue_wan", Decimal(value))
    assert load_yaml(line, "p.yaml").data["revenue_wan"] == Decimal(value), line


def test_8_display_is_exact_at_every_size():
    from xacheck.i18n import fmt_decimal, fmt_value

    assert fmt_decimal(Decimal("9.99e30")) == "9,990,000,000,000,000,000,000,000,000,000"
    assert fmt_decimal(Decimal("1234567890123456789012345678901234567890.125")) == \
        "1,234,567,890,123,456,789,012,345,678,901,234,567,890.13"
    assert fmt_decimal(Decimal("1e-30")) == "0"
    assert fmt_value(Decimal("1e30"), "ratio", "en") == "100,000,000,000,000,000,000,000,000,000,000%"


# ---------------------------------------------------------------- #9 1e99999999999 refused where it is read
def test_9_a_profile_figure_beyond_every_range_is_refused_by_name(tmp_path):
    prof = _profile(tmp_path, "p.yaml", "type: enterprise\nname: 甲\ncity: 西安市\nrevenue_wan: 1e99999999999\n")
    for cmd in (["check"], ["gaps"], ["report", "-o", tmp_path / "r.html"], ["diff", "--set", "employees=5"]):
        res = _run(cmd[0], prof, *cmd[1:], "--as-of", AS_OF)
        assert res.exit_code == 2
        assert res.output.strip().splitlines()[0] == (
            f"xacheck: {prof}:4:1: XA200 Operating revenue (10k CNY): number '1e99999999999' is out of range "
            "(from 1e-30 to 1e30, either sign, or 0)")
    res = CliRunner().invoke(main, ["check", str(prof), "--as-of", AS_OF])
    assert res.exit_code == 2 and "营业收入（万元）：数字 “1e99999999999” 超出范围（绝对值须在 1e-30 至 1e30 之间，或为 0）" in res.output
    res = _run("check", OPTICS, "--set", "revenue_wan=1e99999999999", "--as-of", AS_OF)
    assert res.exit_code == 2 and "number '1e99999999999' is out of range" in res.output


def test_9_a_cell_beyond_every_range_is_that_rows_error(tmp_path):
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    cells_ = ["1e99999999999", "500", "1e-99999999999", "１e-99999999999", " 1e-99999999999万", "0e-5", "9e30"]
    src.write_text("id,企业名称,所在城市,营业收入（万元）\n" + "".join(f"{i},甲{i},西安市,{v}\n" for i, v in enumerate(cells_)),
                   encoding="utf-8")
    res = _run("batch", src, "-o", out, "--pack", "xa-hardtech-2024", "--as-of", AS_OF, "-q")
    assert res.exit_code == 1, res.output
    rows = _rows(out)
    assert [r["id"] for r in rows] == [str(i) for i in range(len(cells_))]
    assert {r["xa-hardtech-2024.m04-scenarios"] for r in rows} == {"applies"}  # (reads the city: every row scored)
    errors = [r["error"] for r in rows]
    bad = "营业收入（万元）: number {!r} is out of range (from 1e-30 to 1e30, either sign, or 0)"
    assert errors == [bad.format(cells_[0]), "", bad.format(cells_[2]), bad.format(cells_[3]), bad.format(cells_[4]),
                      "", ""]


def test_9_the_columnar_reading_leaves_an_underflow_to_coerce(reg):
    """A float reads 1e-99999999999 as 0.0: the columnar engine took it for 0 while `check` refused it."""
    from ..test_batch_differential import _fast_path_reads_as_coerce

    texts = ["1e-99999999999", "-1e-99999999999", "1e-400", "0e-5", "0", "0.0", "1e99999999999", "1e30", "1e-7", "5"]
    fast = _fast_path_reads_as_coerce(reg.fields["revenue_wan"], texts, lambda n: None if n is None else Decimal(n) / 10**6)
    assert fast["1e-99999999999"] is False and fast["1e-400"] is False and fast["5"] is True


def _target_pack_body(value: str = "6", deadline: str = "2025-12-31") -> str:
    """One target rule, its value and deadline as written in YAML (the line of interest is line 11)."""
    return f"""rules:
  - id: tgt.a
    kind: target
    clause: '1'
    title: {{zh: 甲, en: a}}
    quote: q
    applies_to: [region]
    target: {{metric: rd_gdp_pct, op: '>=', value: {value}, unit: '%', deadline: {deadline}}}
"""


# ---------------------------------------------------------------- #10 NaN, infinities and huge targets
@pytest.mark.parametrize("value,shown", [(".nan", "nan"), (".inf", "inf"), ("-.inf", "-inf"),
                                         ("1.0e+999999", "1.0E+999999"), ("1" + "0" * 40, "1" + "0" * 40),
                                         ("'1" + "0" * 40 + "'", "1" + "0" * 40)])
def test_10_a_target_xacheck_cannot_compare_is_refused_with_its_code(tmp_path, value, shown):
    body = _target_pack_body(value=value)
    rules = _pack(tmp_path, "rules", body, pack="tgt")
    pack = rules / "p.yaml"
    res = _run("validate", rules, "--as-of", AS_OF)
    assert res.exit_code == 1
    msg = (f"XA126 rules/0/target/value: {shown} is not a number xacheck can compare: give a finite number from "
           "1e-30 to 1e30 (either sign), or 0")
    assert f"{pack}:11:44: {msg}" in res.output.splitlines()
    for cmd in (["check", REGION], ["report", REGION, "-o", tmp_path / "r.html"], ["gaps", REGION]):
        res = _run(*cmd, "--rules", rules, "--as-of", AS_OF)
        assert res.exit_code == 2 and res.output.strip() == f"xacheck: {pack}:11:44: {msg}"


def test_10_a_baseline_or_a_field_bound_that_is_not_finite_is_refused(tmp_path):
    body = """rules:
  - id: tgt.a
    kind: target
    clause: '1'
    title: {zh: 甲, en: a}
    quote: q
    applies_to: [region]
    target: {metric: rd_gdp_pct, op: '>=', value: 6, unit: '%', baseline: {value: .nan, year: 2020}, deadline: 2025-12-31}
"""
    rules = _pack(tmp_path, "rules", body, pack="tgt")
    res = _run("validate", rules, "--as-of", AS_OF)
    assert "XA126 rules/0/target/baseline/value: nan is not a number xacheck can compare" in res.output
    (rules / "fields").mkdir()
    (rules / "fields" / "mine.yaml").write_text("fields:\n  my_figure: {type: number, min: .nan, label: x}\n",
                                                encoding="utf-8")
    res = _run("check", REGION, "--rules", rules, "--as-of", AS_OF)
    assert res.exit_code == 2
    assert "XA120 field 'my_figure': min must be a finite number from 1e-30 to 1e30 (either sign) or 0, got nan" \
        in res.output


# ---------------------------------------------------------------- #11 chains: bounded where packs are loaded
def test_11_a_sum_of_500_terms_is_refused_by_its_depth(tmp_path):
    rules = _pack(tmp_path, "rules", "rules:\n" + _rule("chain.sum", ["revenue_wan > " + "+".join(["1"] * 500)]),
                  pack="chain")
    msg = ("XA117 condition 'revenue_wan > " + "+".join(["1"] * 53) + "+…': condition is 501 levels deep (a chain like "
           "a + b + c counts a level per operator); the limit is 100: split it, e.g. into derived quantities")
    res = _run("validate", rules, "--as-of", AS_OF)
    assert res.exit_code == 1 and f"{rules / 'p.yaml'}:5:115: {msg}" in res.output.splitlines(), res.output
    src = tmp_path / "in.csv"
    src.write_text("id,营业收入（万元）\n1,5\n", encoding="utf-8")
    for cmd in (["check", OPTICS], ["gaps", OPTICS], ["report", OPTICS, "-o", tmp_path / "r.html"],
                ["batch", src, "-o", tmp_path / "out.csv"]):
        res = _run(*cmd, "--rules", rules, "--as-of", AS_OF)
        assert res.exit_code == 2 and res.output.strip() == f"xacheck: {rules / 'p.yaml'}:5:115: {msg}"


def test_11_a_chain_of_350_derived_quantities_is_reported_once(tmp_path):
    derived = "derived:\n" + "".join(
        f"  d{i}: {{expr: {'revenue_wan' if i == 0 else f'd{i - 1}'} + 1, label: {{zh: d{i}, en: d{i}}}}}\n"
        for i in range(350))
    rules = _pack(tmp_path, "rules", derived + "rules:\n" + _rule("chain.deep", ["d349 > 5"]), pack="chain")
    res = _run("validate", rules, "--as-of", AS_OF)
    found = [line for line in res.output.splitlines() if "XA117" in line]
    assert found == [f"{rules / 'p.yaml'}:55:3: XA117 derived 'd50' goes 102 levels deep with the derived quantities "
                     "it reads (each counts with its own expression); the limit is 100: shorten the chain"]
    for cmd in (["check", OPTICS], ["gaps", OPTICS], ["report", OPTICS, "-o", tmp_path / "r.md"]):
        res = _run(*cmd, "--rules", rules, "--as-of", AS_OF)
        assert res.exit_code == 2 and found[0] in res.output


def _nest(form: str, k: int, inner: str) -> str:
    for _ in range(k):
        inner = form.format(inner)
    return inner


#: conditions at the limits: depth 99–100 (a chain, a chain of derived quantities), nesting 58–60, 16 arguments
AT_THE_LIMITS = {
    "sum": "revenue_wan > " + "+".join(["1"] * 98),
    "fields": "revenue_wan + " + " + ".join(["rd_expense_wan"] * 97) + " > 5",
    "if": _nest("if(revenue_wan > 5, {}, rd_expense_wan)", 29, "revenue_wan") + " > 10",
    "max": _nest("max({}, rd_expense_wan)", 29, "revenue_wan") + " > 10",
    "min": "min(" + ", ".join(["revenue_wan"] * 16) + ") > 1",
    "not": "not " * 58 + "revenue_wan > 5",
    "neg": "-" * 58 + "revenue_wan < 5",
    "div": _nest("rd_expense_wan / ({})", 29, "revenue_wan") + " > 0.5",
    "band": _nest("band({}, [3, 2, 1], [1, 2, 3])", 29, "revenue_wan") + " >= 2",
    "derived": "dchain > 5",
}
CHAIN = "derived:\n" + "".join(
    f"  d{i}: {{expr: {'revenue_wan' if i == 0 else f'd{i - 1}'} + rd_expense_wan, label: {{zh: d{i}, en: d{i}}}}}\n"
    for i in range(48)) + "  dchain: {expr: d47 * 2, label: {zh: 链, en: chain}}\n"


def test_11_at_the_limits_every_command_answers(tmp_path, reg):
    """The deepest conditions the limits let through: every command evaluates them (no RecursionError), and
    the columnar engine agrees with the row evaluator."""
    from xacheck.engine import Engine
    from xacheck.packs import load_pack_text

    from ..test_batch_differential import _compare, gen_rows

    for text in AT_THE_LIMITS.values():
        assert c.measure(c.parse(text))[0] <= c.MAX_TREE_DEPTH
    body = CHAIN + "rules:\n" + "".join(_rule(f"lim.{k}", [w], clause=str(j)) for j, (k, w) in
                                        enumerate(AT_THE_LIMITS.items()))
    rules = _pack(tmp_path, "rules", body, pack="lim")
    src = tmp_path / "in.csv"
    src.write_text("id,营业收入（万元）,研发费用（万元）\n1,7,3\n2,70000,3\n3,,3\n", encoding="utf-8")
    for cmd in (["check", OPTICS, "--all"], ["check", OPTICS, "--format", "json"], ["gaps", OPTICS],
                ["report", OPTICS, "-o", tmp_path / "r.html"], ["report", OPTICS, "-o", tmp_path / "r.md"],
                ["diff", OPTICS, "--set", "revenue_wan=7"], ["batch", src, "-o", tmp_path / "out.xlsx"]):
        assert _run(*cmd, "--rules", rules, "--pack", "lim", "--as-of", AS_OF).exit_code == 0
    assert _run("validate", rules, "--as-of", AS_OF).exit_code == 1  # (numbers not in the quote: XA150 only)
    assert "XA117" not in _run("validate", rules, "--as-of", AS_OF).output
    engine = Engine([rules], shipped=False)
    assert engine.check(OPTICS, AS_OF, lang="en").statuses()["lim.derived"] == "applies"
    pack = load_pack_text(HEAD.format(pack="lim") + body, "lim.yaml", reg)
    _compare(list(pack.rules), reg, gen_rows(200, seed=11), require_columnar=False)


def test_11_parse_limits():
    assert c.measure(c.parse("a > " + "+".join(["1"] * 99)))[0] == 100
    with pytest.raises(c.ConditionSyntaxError) as exc:
        c.parse("a > " + "+".join(["1"] * 100))
    assert exc.value.code == "XA117" and "101 levels deep" in exc.value.message
    assert c.measure(c.parse("x in [" + ",".join(["1"] * 997) + "]")) == (3, 1000)
    with pytest.raises(c.ConditionSyntaxError) as exc:  # shallow, 2,002 characters, but too large
        c.parse("x in [" + ",".join(["1"] * 998) + "]")
    assert exc.value.code == "XA117" and "condition has 1001 parts" in exc.value.message


# ---------------------------------------------------------------- #12 years and days out of the calendar
@pytest.mark.parametrize("period,problem", [("0", "must be at least 1800, got 0"), ("-5", "must be at least 1800, got -5"),
                                            ("99999999", "must be at most 2200, got 99999999")])
def test_12_a_region_period_outside_the_years(tmp_path, period, problem):
    prof = _profile(tmp_path, "r.yaml", REGION.read_text(encoding="utf-8").replace("period: 2020", f"period: {period}"))
    for cmd in (["check"], ["gaps"], ["report", "-o", tmp_path / "r.html"]):
        res = _run(cmd[0], prof, *cmd[1:], "--as-of", AS_OF)
        assert res.exit_code == 2 and res.output.strip() == f"xacheck: {prof}:9:1: XA200 Year the figures describe: {problem}"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_12_a_title_dated_outside_the_calendar(tmp_path, day):
    text = OPTICS.read_text(encoding="utf-8").replace("{name: 高新技术企业, date: 2023-12-12}", f"{{name: 高新技术企业, date: {day}}}")
    prof = _profile(tmp_path, "p.yaml", text)
    for cmd in (["check"], ["gaps"], ["report", "-o", tmp_path / "r.html"], ["deadlines", "--profile"]):
        args = [cmd[0], *cmd[1:], prof] if cmd[0] == "deadlines" else [cmd[0], prof, *cmd[1:]]
        res = _run(*args, "--as-of", AS_OF)
        assert res.exit_code == 2 and res.output.strip() == (
            f"xacheck: {prof}:22:20: XA200 Titles held: date of '高新技术企业': '{day}' is outside the dates xacheck "
            "reads (1800-01-01 to 2200-12-31)")


@pytest.mark.parametrize("day", ["9999-10-01", "0001-01-01"])
def test_12_an_as_of_day_outside_the_calendar(tmp_path, day):
    for cmd in (["report", OPTICS, "-o", tmp_path / "r.html"], ["check", REGION], ["deadlines"]):
        res = _run(*cmd, "--as-of", day)
        assert res.exit_code == 2 and res.output.strip().endswith(
            f"Invalid value for '--as-of': '{day}' is outside the days xacheck evaluates on (1800-01-01 to 2200-12-31)")
    res = CliRunner().invoke(main, ["report", str(OPTICS), "--as-of", day])
    assert res.exit_code == 2 and f"“{day}” 超出 xacheck 可评估的日期范围（1800-01-01 至 2200-12-31）" in res.output
    from xacheck.engine import Engine
    from xacheck.errors import UsageError

    with pytest.raises(UsageError):
        Engine().check(OPTICS, day)


def test_12_the_api_refuses_such_days_and_figures_as_bad_values():
    from ..serving import call_json, need, running

    need("fastapi", "serve")
    with running() as base:
        status, body = call_json(base, "/check?lang=en&as_of=9999-10-01", '{"city": "西安市"}')
        assert status == 422 and body["error"]["field"] == "as_of"
        assert body["error"]["message"] == "'9999-10-01' is not a date YYYY-MM-DD from 1800-01-01 to 2200-12-31"
        status, body = call_json(base, f"/check?lang=en&as_of={AS_OF}", '{"revenue_wan": "1e99999999999"}')
        assert status == 422 and body["error"]["field"] == "revenue_wan" and "is out of range" in body["error"]["message"]
        status, body = call_json(base, f"/check?lang=en&as_of={AS_OF}", '{"established": "0001-01-01"}')
        assert status == 422 and body["error"]["field"] == "established"


def test_12_a_date_where_a_condition_belongs(tmp_path):
    body = """rules:
  - id: ver.a
    kind: measure
    title: {zh: 甲, en: a}
    applies_to: [enterprise]
    versions:
      - {valid_from: 2022-01-01, valid_until: 2025-12-31, clause: '1', quote: q, when: [revenue_wan > 5]}
      - {valid_from: 2026-01-01, clause: '1', quote: q, when: [2026-01-01]}
"""
    rules = _pack(tmp_path, "rules", body, pack="ver")
    msg = (f"{rules / 'p.yaml'}:11:64: XA100 rules/0/versions/1/when/0: expected a condition (text), or "
           "{expr: …, label: …}, got a date 2026-01-01")
    res = _run("validate", rules, "--as-of", AS_OF)
    assert res.exit_code == 1 and msg in res.output.splitlines()
    res = _run("check", OPTICS, "--rules", rules, "--as-of", AS_OF)
    assert res.exit_code == 2 and res.output.strip() == f"xacheck: {msg}"


def test_12_a_date_cell_outside_the_calendar_is_that_rows_error(tmp_path, reg):
    from ..test_batch_differential import _fast_path_reads_as_coerce

    from xacheck.batch import cells

    texts = ["0001-01-01", "9999-12-31", "1799-12-31", "1800-01-01", "2200-12-31", "2201-01-01", "9999年12月31日",
             "2024-03-01", " 2024-03-01", "2958465"]
    fast = _fast_path_reads_as_coerce(reg.fields["established"], texts)
    assert not fast["0001-01-01"] and not fast["9999年12月31日"] and fast["2200-12-31"] and fast["1800-01-01"]
    months = ["2201年1月", "1799-12", "2200年12月", "1800-01"]  # (a month: coerce reads a condition.Month)
    value, plain = cells.typed(reg.fields["established"], "c")
    got = pl.DataFrame({"c": months}, schema={"c": pl.String}).select(plain.alias("p"))["p"].to_list()
    assert got == [False, False, True, True]
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text("id,企业名称,所在城市,成立日期\n1,甲,西安市,0001-01-01\n2,乙,西安市,2020-01-01\n", encoding="utf-8")
    res = _run("batch", src, "-o", out, "--pack", "xa-hardtech-2024", "--as-of", AS_OF, "-q")
    assert res.exit_code == 1
    rows = _rows(out)
    assert [r["error"] for r in rows] == [
        "成立日期: '0001-01-01' is outside the dates xacheck reads (1800-01-01 to 2200-12-31)", ""]
    assert [r["xa-hardtech-2024.m04-scenarios"] for r in rows] == ["applies", "applies"]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_12_a_pack_day_outside_the_calendar_is_refused_with_its_code(tmp_path, day):
    """A deadline of 9999-12-31 could not be drawn on a report's timeline nor written to a calendar."""
    body = _target_pack_body(deadline=day)
    rules = _pack(tmp_path, "rules", body, pack="tgt")
    msg = (f"{rules / 'p.yaml'}:11:65: XA126 rules/0/target/deadline: {day} is outside the days xacheck reasons "
           "about (1800-01-01 to 2200-12-31)")
    res = _run("validate", rules, "--as-of", AS_OF)
    assert res.exit_code == 1 and msg in res.output.splitlines(), res.output
    for cmd in (["report", REGION, "-o", tmp_path / "r.html"], ["deadlines", "--ics", tmp_path / "d.ics"]):
        res = _run(*cmd, "--rules", rules, "--as-of", AS_OF)
        assert res.exit_code == 2 and res.output.strip() == f"xacheck: {msg}"
