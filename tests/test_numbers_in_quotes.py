"""Numbers bound to their quotes: the words read (quote_numbers), the checks (numbers_in_quotes), and the
slips they exist to catch — a number mistyped, ``>`` where the text says 以上, ``>=`` where it says 超过."""
from __future__ import annotations

import dataclasses
import shutil
from decimal import Decimal

import pytest
from click.testing import CliRunner

from xacheck import condition as c
from xacheck.cli import main
from xacheck.model import Condition
from xacheck.numbers_in_quotes import boundary_problems, bounds_of, number_problems
from xacheck.packs import load_packs, shipped_pack_dir
from xacheck.profiles import profile_from_mapping
from xacheck.quote_numbers import numbers_in
from xacheck.ruletest import run_case

PACKS = load_packs()
RULES = [r for p in PACKS for r in p.rules]


def _read(quote):
    return [(q.text, q.value, q.percent, "".join(sorted(q.ops))) for q in numbers_in(quote)]


@pytest.mark.parametrize("quote, text, value, percent, ops", [
    ("营收超5亿元且内部研发投入强度超过5%的企业", "5亿", Decimal("500000000"), False, ">"),
    ("营收超5亿元且内部研发投入强度超过5%的企业", "5%", Decimal(5), True, ">"),
    ("实现国家高新技术企业超过1.1万家，科技型中小企业超过1.3万家。", "1.3万", Decimal(13000), False, ">"),
    ("培育国家级单项冠军20家以上。", "20", Decimal(20), False, ">="),
    ("每年组织不少于100场对接活动", "100", Decimal(100), False, ">="),
    ("比重达到25%", "25%", Decimal(25), True, ">="),
    ("全市国家高新技术企业达10000家", "10000", Decimal(10000), False, ">="),
    ("职工总数不超过500人", "500", Decimal(500), False, "<="),
    ("资产负债率低于55%", "55%", Decimal(55), True, "<"),
    ("成立不足5年", "5", Decimal(5), False, "<"),
    ("营业收入5000万元以下", "5000万", Decimal(50000000), False, "<="),
    ("「70分以上（不含70分）」", "70", Decimal(70), False, ">"),
    ("annual sales ≤ 2亿, total assets ≤ 2亿", "2亿", Decimal(200000000), False, "<="),
    ("revenue ≥ 1,000万 (or ≥ 2,000万 new equity)", "1,000万", Decimal(10000000), False, ">="),
    ("share ≥ 10% or national top 3", "3", Decimal(3), False, "<="),
    ("助力西安打造千亿级电子信息产业集群", "千亿", Decimal(10) ** 11, False, ""),
    ("累计支持百家优势企业", "百", Decimal(100), False, ""),
    ("全社会 R&D 经费支出占 GDP 比重 % 5.05 5", "5", Decimal(5), False, ""),
    ("建成20个高水平中试转化平台（基地）", "20", Decimal(20), False, ""),
])
def test_quote_numbers_and_their_words(quote, text, value, percent, ops):
    assert (text, value, percent, ops) in _read(quote), _read(quote)


def test_ranges_bound_both_ends_and_years_dates_and_numbers_of_documents_are_not_quantities():
    got = _read("5,000万–1亿 → ≥ 6%")
    assert got[0] == ("5,000万", Decimal(50000000), False, ">>=") and got[1][:2] == ("1亿", Decimal(10) ** 8)
    assert got[1][3] == "<<="
    assert _read("到2025年，国科发火〔2016〕32号 第十一条，2026-04-01 起") == []
    # a footnote mark is not a 1; 一批 / 双五 / 三首 are not numbers
    assert [t for t, *_ in _read("支持培育“双五”¹企业群体，一批“三首”产品")] == []


def _when(rule, *texts):
    return dataclasses.replace(rule, when=tuple(Condition(t, c.parse(t)) for t in texts))


def _codes(rule, reg):
    return [p.code for p in number_problems(rule, reg.extended(rule.derived))]


def _rule(rid):
    return next(r for r in RULES if r.id == rid)


def test_the_three_slips_of_the_issue_are_caught(reg):
    champions = _rule("xa-gaoxin-2030.t-single-champions")
    assert _codes(dataclasses.replace(champions, target=dataclasses.replace(champions.target, value=Decimal(30))),
                  reg) == ["XA150"]
    double_five = _rule("xa-14fyp.p-double-five")
    assert _codes(double_five, reg) == []
    assert _codes(_when(double_five, "city == '西安市'", "revenue_wan >= 50000", "rd_intensity > 5%"), reg) == ["XA151"]
    assert _codes(_when(double_five, "city == '西安市'", "revenue_wan > 50000", "rd_intensity >= 5%"), reg) == ["XA151"]
    smes = _rule("xa-qinchuangyuan-2023.t-tech-smes")
    assert _codes(dataclasses.replace(smes, target=dataclasses.replace(smes.target, op=">=")), reg) == ["XA151"]


def test_an_implication_may_negate_its_premise_but_not_shift_it(reg):
    """`revenue_wan <= 20000 or ratio >= 3%` encodes "> 2亿: ≥ 3%"; `< 20000` there is a slip."""
    hnte = _rule("natl-hnte.art11")
    assert _codes(hnte, reg) == []
    assert _codes(_when(hnte, "revenue_wan <= 20000 or hnte_rd_ratio_3y >= 3%"), reg) == []
    assert _codes(_when(hnte, "revenue_wan < 20000 or hnte_rd_ratio_3y >= 3%"), reg) == ["XA151"]
    # written as a band guard, the premise is the words' own comparison
    assert _codes(_when(hnte, "if(revenue_wan > 20000, hnte_rd_ratio_3y >= 3%, true)"), reg) == []
    assert _codes(_when(hnte, "if(revenue_wan >= 20000, hnte_rd_ratio_3y >= 3%, true)"), reg) == ["XA151"]


def _flip(op):
    return {">": ">=", ">=": ">", "<": "<=", "<=": "<"}[op]


def _flipped_rules(rule, reg):
    """Every copy of ``rule`` with one threshold's strictness flipped (> ↔ >=, < ↔ <=)."""
    for b in bounds_of(rule, reg.extended(rule.derived)):
        if b.metric:
            yield b, dataclasses.replace(rule, target=dataclasses.replace(rule.target, op=_flip(rule.target.op)))
            continue
        j = b.path[1]
        text = rule.when[j].text
        node = b.compare
        op_text = text[node.left.end:node.right.start]
        new = text[:node.left.end] + op_text.replace(node.op, _flip(node.op), 1) + text[node.right.start:]
        yield b, dataclasses.replace(rule, when=rule.when[:j] + (Condition(new, c.parse(new)),) + rule.when[j + 1:])


def test_every_strictness_slip_in_the_shipped_packs_is_caught(reg):
    """Flip > and >= (or < and <=) of any threshold or target of any shipped rule: `validate` (XA151) or the
    rule's own case at exactly that number must fail. 118 thresholds and targets, each tried."""
    uncaught, tried = [], 0
    for rule in RULES:
        for b, slipped in _flipped_rules(rule, reg):
            if b.value in {r.value for r in rule.readings}:
                continue  # a reading's comparison is the encoder's: only its boundary case holds it
            tried += 1
            if "XA151" in _codes(slipped, reg):
                continue
            if any(not run_case(slipped, case, reg).ok for case in slipped.tests):
                continue
            uncaught.append(f"{rule.id}: {b.expr}")
    assert tried >= 100 and uncaught == []


def test_every_threshold_and_target_of_the_shipped_packs_has_a_case_at_exactly_its_number(reg):
    def profile_of(case):
        return profile_from_mapping(case.profile, reg)

    assert [p.message for r in RULES for p in boundary_problems(r, reg, profile_of)] == []


def test_a_declared_number_is_not_looked_for_and_an_unused_one_is_reported(reg):
    deduction = _rule("xa-14fyp.p-rd-super-deduction")
    assert deduction.readings and _codes(deduction, reg) == []
    assert _codes(dataclasses.replace(deduction, readings=()), reg) == ["XA150"]
    assert _codes(_when(deduction, "city == '西安市'", "rd_expense_wan > 10"), reg) == ["XA150", "XA152"]


# ---------------------------------------------------------------- the command, as CI runs it


MUTATIONS = {
    "单项冠军 20→30": ("xa-gaoxin-2030.yaml", "metric: national_single_champions_count\n      op: '>='\n      value: 20",
                      "metric: national_single_champions_count\n      op: '>='\n      value: 30", "XA150"),
    "双五 营收 >→>=": ("xa-14fyp.yaml", "      - revenue_wan > 50000\n      - rd_intensity > 5%",
                     "      - revenue_wan >= 50000\n      - rd_intensity > 5%", "XA151"),
    "双五 强度 >→>=": ("xa-14fyp.yaml", "      - revenue_wan > 50000\n      - rd_intensity > 5%",
                     "      - revenue_wan > 50000\n      - rd_intensity >= 5%", "XA151"),
    "超过1.3万家 >→>=": ("xa-qinchuangyuan-2023.yaml", "metric: tech_sme_registered_cumulative\n      op: '>'",
                      "metric: tech_sme_registered_cumulative\n      op: '>='", "XA151"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_validate_strict_fails_on_each_slip_of_the_issue(name, tmp_path):
    file, old, new, code = MUTATIONS[name]
    rules = tmp_path / "measures"
    shutil.copytree(shipped_pack_dir(), rules)
    runner = CliRunner()
    clean = runner.invoke(main, ["validate", "--strict", "--as-of", "2026-06-01", str(rules)])
    assert clean.exit_code == 0, clean.output
    text = (rules / file).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (rules / file).write_text(text.replace(old, new), encoding="utf-8")
    res = runner.invoke(main, ["validate", "--strict", "--as-of", "2026-06-01", str(rules)])
    assert res.exit_code == 1 and f" {code} " in res.output, res.output
