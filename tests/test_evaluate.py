"""The evaluation core: statuses, boundaries, missing data, validity windows, gaps, targets."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xacheck.evaluate import evaluate_profile, evaluate_rule
from xacheck.profiles import profile_from_mapping

D = Decimal


def rule(pack, rid):
    return next(r for r in pack.rules if r.id == rid)


def run(mini, reg, rid, as_of=dt.date(2026, 6, 1), **values):
    prof = profile_from_mapping(values, reg)
    return evaluate_rule(rule(mini, rid), prof, as_of, reg)


@pytest.mark.parametrize("revenue, rd, status", [
    (50000, 3000, "not_applicable"),          # exactly 5亿 is not 超过5亿
    ("50000.01", 3000, "applies"),
    ("86356.2", "4317.81", "not_applicable"),  # exactly 5% is not 超过5% (a float would say it is)
    ("86356.2", "4317.82", "applies"),
    (None, 3000, "unknown"),
    (40000, None, "not_applicable"),           # revenue alone decides: nothing missing
])
def test_shuangwu_boundaries(mini, reg, revenue, rd, status):
    res = run(mini, reg, "mini.shuangwu", revenue_wan=revenue, rd_expense_wan=rd)
    assert res.status == status
    if status == "unknown":
        assert res.missing == ["revenue_wan"]
    if status == "not_applicable":
        assert res.missing == []


def test_unknown_lists_fields_that_would_settle_it(mini, reg):
    res = run(mini, reg, "mini.shuangwu", revenue_wan=60000)
    assert res.status == "unknown"
    assert res.missing == ["rd_expense_wan"]


def test_gap_in_points_and_in_money(mini, reg):
    # 4.2% of 51500 = 2163; 5% of 51500 = 2575 -> 412 万元 more R&D
    res = run(mini, reg, "mini.shuangwu", revenue_wan=51500, rd_expense_wan=2163)
    th = next(t for t in res.thresholds if t.field == "rd_intensity")
    assert th.met is False
    assert th.actual == D("0.042")
    assert th.gap == D("0.008")
    assert th.gap_field == "rd_expense_wan"
    assert th.gap_amount == D("412")
    rev = next(t for t in res.thresholds if t.field == "revenue_wan")
    assert rev.met is True


def test_validity_window_is_inclusive(mini, reg):
    kw = dict(revenue_wan=60000, rd_expense_wan=4000)
    last = run(mini, reg, "mini.shuangwu", dt.date(2026, 12, 31), **kw)
    assert (last.status, last.days_left) == ("applies", 0)
    after = run(mini, reg, "mini.shuangwu", dt.date(2027, 1, 1), **kw)
    assert (after.status, after.days_left) == ("expired", -1)


def test_qualitative_rule_needs_assessment(mini, reg):
    assert run(mini, reg, "mini.xian-qualitative", city="西安市").status == "needs_assessment"
    assert run(mini, reg, "mini.xian-qualitative", city="宝鸡市").status == "not_applicable"
    res = run(mini, reg, "mini.xian-qualitative")
    assert (res.status, res.missing) == ("unknown", ["city"])


def test_rules_filtered_by_profile_type(mini, reg):
    prof = profile_from_mapping({"type": "region", "region": "西安市"}, reg)
    ids = [r.rule.id for r in evaluate_profile([mini], prof, dt.date(2026, 6, 1), reg)]
    assert ids == ["mini.target", "mini.floor", "mini.nobase"]


def region(reg, **values):
    return profile_from_mapping({"type": "region", "region": "西安市", **values}, reg)


@pytest.mark.parametrize("period, actual, as_of, status", [
    (2025, 2000, "2026-06-01", "met"),
    (2025, 1999, "2026-06-01", "not_met"),
    (2023, 1900, "2024-06-01", "on_track"),   # line at end-2023: 1648 + 352*3/5 ≈ 1859
    (2023, 1800, "2024-06-01", "behind"),
    (2023, 1900, "2026-06-01", "unknown"),    # after the deadline a 2023 figure cannot settle it
    (2025, 1999, "2025-12-31", "behind"),     # deadline day, final figure short
])
def test_target_statuses(mini, reg, period, actual, as_of, status):
    prof = region(reg, period=period, tech_contract_turnover_yi=actual)
    res = evaluate_rule(rule(mini, "mini.target"), prof, dt.date.fromisoformat(as_of), reg)
    assert res.status == status


def test_target_without_figure_is_unknown(mini, reg):
    res = evaluate_rule(rule(mini, "mini.target"), region(reg, period=2024), dt.date(2024, 6, 1), reg)
    assert (res.status, res.missing) == ("unknown", ["tech_contract_turnover_yi"])


def test_floor_target_below_baseline(mini, reg):
    r = rule(mini, "mini.floor")
    hold = evaluate_rule(r, region(reg, period=2022, rd_gdp_pct="5.01"), dt.date(2023, 6, 1), reg)
    assert hold.status == "on_track" and hold.progress["progress"] == 1
    slip = evaluate_rule(r, region(reg, period=2022, rd_gdp_pct="4.99"), dt.date(2023, 6, 1), reg)
    assert slip.status == "behind"


def test_missing_baseline_does_not_divide_by_zero(mini, reg):
    r = rule(mini, "mini.nobase")
    res = evaluate_rule(r, region(reg, period=2022, high_value_invention_patents_per_10k=8), dt.date(2023, 6, 1), reg)
    assert res.status == "unknown" and res.progress["progress"] is None
    res = evaluate_rule(r, region(reg, period=2022, high_value_invention_patents_per_10k=13), dt.date(2023, 6, 1), reg)
    assert res.status == "on_track"


def test_baseline_figure_alone_is_no_progress(mini, reg):
    # the 2020 figure of a 2020 → 2025 target is its baseline: "on track at 0 %" would mislead — unknown
    res = evaluate_rule(rule(mini, "mini.target"), region(reg, period=2020, tech_contract_turnover_yi=1648),
                        dt.date(2024, 6, 1), reg)
    assert (res.status, res.reason, res.missing) == ("unknown", "no figure after the baseline", ["tech_contract_turnover_yi"])
    floor = evaluate_rule(rule(mini, "mini.floor"), region(reg, period=2020, rd_gdp_pct="5.05"), dt.date(2024, 6, 1), reg)
    assert floor.status == "unknown"
    later = evaluate_rule(rule(mini, "mini.target"), region(reg, period=2021, tech_contract_turnover_yi=1800),
                          dt.date(2024, 6, 1), reg)
    assert later.status == "on_track"
