"""Gap plans: the smallest change that makes a rule apply, computed (not guessed) and verified."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.evaluate import evaluate_profile, evaluate_rule
from xacheck.gaps import _on_grid, apply_changes, plan_gaps, step_of
from xacheck.packs import load_pack_text
from xacheck.profiles import load_profile, profile_from_mapping
from xacheck.whatif import plan_to_sets, with_sets

from .conftest import MINI_PACK, ROOT

DAY = dt.date(2026, 6, 1)

GAP_PACK = """
pack: gapt
title: {zh: 差距测试包, en: Gap test pack}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
valid_until: 2026-12-31
rules:
  - id: gapt.staff
    kind: measure
    clause: （一）
    title: {zh: 科技人员, en: S&T staff}
    quote: 科技人员不少于50人且占比超过30%
    applies_to: [enterprise]
    when: ["city == '西安市'", "tech_staff >= 50", "tech_staff_ratio > 30%"]
    supports: [{zh: 人才补贴, en: Talent subsidy}]
  - id: gapt.title
    kind: measure
    clause: （二）
    title: {zh: 高企, en: High-tech}
    quote: 高新技术企业
    applies_to: [enterprise]
    when: ["'高新技术企业' in titles"]
    supports: [{zh: 税收优惠, en: Tax relief}]
  - id: gapt.fact
    kind: measure
    clause: （三）
    title: {zh: 三首, en: Three firsts}
    quote: 三首产品
    applies_to: [enterprise]
    when: [has_three_firsts_product]
  - id: gapt.growth
    kind: measure
    clause: （四）
    title: {zh: 研发递增, en: R&D growth}
    quote: 研发投入较上年增长
    applies_to: [enterprise]
    when: ["rd_expense_wan > rd_expense_prior_year_wan"]
  - id: gapt.either
    kind: measure
    clause: （五）
    title: {zh: 规模, en: Size}
    quote: 营收10亿元以上或科技人员500人以上
    applies_to: [enterprise]
    when: ["revenue_wan >= 100000 or tech_staff >= 500"]
  - id: gapt.old
    kind: measure
    clause: （六）
    title: {zh: 旧措施, en: Old measure}
    quote: 旧
    applies_to: [enterprise]
    valid_until: 2020-12-31
    when: ["revenue_wan > 100"]
  - id: gapt.debt
    kind: measure
    clause: （七）
    title: {zh: 负债, en: Debt}
    quote: 营收不超过
    applies_to: [enterprise]
    when: ["revenue_wan < 10000"]
"""


@pytest.fixture(scope="module")
def gap_pack(reg):
    return load_pack_text(GAP_PACK, "gapt.yaml", reg)


def prof(reg, **values):
    return profile_from_mapping({"type": "enterprise", **values}, reg)


def plans_by_id(packs, profile, reg, day=DAY):
    results = evaluate_profile(packs, profile, day, reg)
    return {p["rule_id"]: p for p in plan_gaps(results, profile, reg, packs, day)}, results


# --------------------------------------------------------------------------- the grid


def test_grid_strict_and_not():
    cent = Decimal("0.01")
    assert _on_grid(Decimal(2575), ">", cent) == Decimal("2575.01")
    assert _on_grid(Decimal(2575), ">=", cent) == Decimal(2575)
    assert _on_grid(Decimal("2500.0005"), ">", cent) == Decimal("2500.01")
    assert _on_grid(Decimal("2500.0005"), ">=", cent) == Decimal("2500.01")
    assert _on_grid(Decimal(10000), "<", cent) == Decimal("9999.99")
    assert _on_grid(Decimal(10000), "<=", cent) == Decimal(10000)
    assert _on_grid(Decimal("120"), ">", Decimal(1)) == 121
    assert _on_grid(Decimal("2.1"), ">=", Decimal(1)) == 3


def test_step_by_field(reg):
    assert step_of(reg.fields["revenue_wan"]) == Decimal("0.01")
    assert step_of(reg.fields["tech_staff"]) == 1


# --------------------------------------------------------------------------- the R&D ratio: exact numbers


def test_rd_gap_is_revenue_times_5pct_minus_rd_plus_one_cent(mini, reg):
    p = prof(reg, city="西安市", revenue_wan=51500, rd_expense_wan=2163)
    plans, _ = plans_by_id([mini], p, reg)
    plan = plans["mini.shuangwu"]
    assert plan["status"] == "not_applicable" and plan["feasible"] and plan["verified"]
    assert len(plan["changes"]) == 1
    ch = plan["changes"][0]
    expected = Decimal(51500) * Decimal("0.05") - Decimal(2163) + Decimal("0.01")  # strict '>': one step more
    assert expected == Decimal("412.01")
    assert ch["field"] == "rd_expense_wan" and Decimal(str(ch["delta"])) == expected
    assert ch["from"] == 2163 and ch["to"] == 2575.01 and ch["unit"] == "万元"
    assert ch["text"] == "研发费用再增加 412.01 万元（2,163 万元 → 2,575.01 万元），须使研发投入强度 > 5%"
    assert ch["text_en"].startswith("raise R&D expense by 412.01 万元")
    assert plan["unlocks"] == ["培育支持"] and plan["unlocks_en"] == ["Cultivation support"]
    assert plan["title"] == "双五企业" and plan["title_en"] == "Double-five enterprise"


def test_non_strict_threshold_needs_exactly_the_bound(reg):
    pack = load_pack_text(MINI_PACK.replace("rd_intensity > 5%", "rd_intensity >= 5%"), "mini.yaml", reg)
    p = prof(reg, city="西安市", revenue_wan=51500, rd_expense_wan=2163)
    plans, _ = plans_by_id([pack], p, reg)
    ch = plans["mini.shuangwu"]["changes"][0]
    assert ch["delta"] == 412 and ch["to"] == 2575
    assert plans["mini.shuangwu"]["verified"]


def test_plan_applied_with_set_makes_the_rule_apply(mini, reg):
    """The loop: plan -> --set -> re-evaluate -> applies (and one cent less does not)."""
    p = prof(reg, city="西安市", revenue_wan=51500, rd_expense_wan=2163)
    plans, _ = plans_by_id([mini], p, reg)
    sets = plan_to_sets(plans["mini.shuangwu"])
    assert sets == ["rd_expense_wan=2575.01"]
    rule = next(r for r in mini.rules if r.id == "mini.shuangwu")
    assert evaluate_rule(rule, with_sets(p, sets, reg), DAY, reg).status == "applies"
    assert evaluate_rule(rule, with_sets(p, ["rd_expense_wan=2575"], reg), DAY, reg).status == "not_applicable"


def test_denominator_must_move_first(mini, reg):
    """Revenue below 5亿 AND R&D short: revenue is solved first, R&D at the NEW revenue."""
    p = prof(reg, city="西安市", revenue_wan=40000, rd_expense_wan=1000)
    plans, _ = plans_by_id([mini], p, reg)
    plan = plans["mini.shuangwu"]
    got = {c["field"]: c for c in plan["changes"]}
    assert got["revenue_wan"]["to"] == 50000.01
    # 5% of the new revenue is 2500.0005; strictly more on the 0.01 grid is 2500.01 (at the old revenue it would be 2000.01)
    assert got["rd_expense_wan"]["to"] == 2500.01
    assert Decimal(str(got["rd_expense_wan"]["delta"])) == Decimal("1500.01")
    assert plan["verified"] and plan["feasible"]
    # raising revenue alone lowers the intensity: R&D of 2500 is enough at 40000 but not at 50000.01
    p2 = prof(reg, city="西安市", revenue_wan=40000, rd_expense_wan=2500)
    plans2, _ = plans_by_id([mini], p2, reg)
    got2 = {c["field"]: c for c in plans2["mini.shuangwu"]["changes"]}
    assert got2["rd_expense_wan"]["delta"] == 0.01 and plans2["mini.shuangwu"]["verified"]


def test_missing_revenue_is_a_field_to_supply_with_the_qualifying_value(mini, reg):
    p = prof(reg, city="西安市", rd_expense_wan=3000)
    plans, _ = plans_by_id([mini], p, reg)
    plan = plans["mini.shuangwu"]
    assert plan["status"] == "unknown" and plan["feasible"] and plan["only_missing_data"]
    ch = plan["changes"][0]
    assert ch["field"] == "revenue_wan" and ch["kind"] == "supply" and ch["from"] is None
    assert ch["text"].startswith("补充字段: 营业收入（万元）") and "> 50,000 万元" in ch["text"]
    assert plan["verified"]  # with revenue just over 5亿 and R&D 3000 (> 5%), it applies


# --------------------------------------------------------------------------- people, titles, facts, place, windows


def test_integer_fields_round_up(gap_pack, reg):
    p = prof(reg, city="西安市", employees=400, tech_staff=42)
    plans, _ = plans_by_id([gap_pack], p, reg)
    ch = plans["gapt.staff"]["changes"]
    assert [(c["field"], c["to"], c["delta"]) for c in ch] == [("tech_staff", 121, 79)]  # 30% of 400 = 120, strictly more
    assert ch[0]["text"].startswith("科技人员数再增加 79 人")
    assert plans["gapt.staff"]["verified"]
    # a small firm: the head-count floor decides, the ratio is then already met
    p = prof(reg, city="西安市", employees=100, tech_staff=42)
    plans, _ = plans_by_id([gap_pack], p, reg)
    assert [(c["field"], c["to"]) for c in plans["gapt.staff"]["changes"]] == [("tech_staff", 50)]
    # 2.1 people is 3 people
    p = prof(reg, city="西安市", employees=7, tech_staff=2)
    pack = load_pack_text(GAP_PACK.replace("tech_staff >= 50", "tech_staff >= 0"), "g.yaml", reg)
    plans, _ = plans_by_id([pack], p, reg)
    assert plans["gapt.staff"]["changes"][0]["to"] == 3


def test_outside_xian_is_infeasible(gap_pack, reg):
    p = prof(reg, city="宝鸡市", employees=400, tech_staff=200)
    plans, _ = plans_by_id([gap_pack], p, reg)
    plan = plans["gapt.staff"]
    assert plan["feasible"] is False and plan["verified"] is False and plan["blocker"] == "fixed"
    assert "宝鸡市" in plan["note"] and "西安市" in plan["note"] and "Xi" not in plan["note"]
    assert "no change of figures" in plan["note_en"]


def test_titles_and_facts_are_listed_but_not_feasible(gap_pack, reg):
    p = prof(reg, titles=["专精特新中小企业"], has_three_firsts_product=False)
    plans, _ = plans_by_id([gap_pack], p, reg)
    t = plans["gapt.title"]
    assert t["feasible"] is False and t["blocker"] == "qualitative" and t["verified"] is True
    assert t["changes"][0]["to"] == ["专精特新中小企业", "高新技术企业"]
    assert "取得: 高新技术企业" in t["changes"][0]["text"]
    f = plans["gapt.fact"]
    assert f["feasible"] is False and f["changes"][0]["to"] is True and f["verified"] is True


def test_field_compared_with_field(gap_pack, reg):
    p = prof(reg, rd_expense_wan=800, rd_expense_prior_year_wan=900)
    plans, _ = plans_by_id([gap_pack], p, reg)
    ch = plans["gapt.growth"]["changes"]
    assert [(c["field"], c["to"]) for c in ch] == [("rd_expense_wan", 900.01)]
    assert plans["gapt.growth"]["verified"]
    # the prior year missing: supply it first; the gap cannot be computed yet
    p = prof(reg, rd_expense_wan=800)
    plans, _ = plans_by_id([gap_pack], p, reg)
    g = plans["gapt.growth"]
    assert g["feasible"] is True and g["verified"] is False
    assert [c["field"] for c in g["changes"]] == ["rd_expense_prior_year_wan"]


def test_or_takes_the_nearer_branch(gap_pack, reg):
    p = prof(reg, revenue_wan=99000, tech_staff=100)
    plans, _ = plans_by_id([gap_pack], p, reg)
    assert [(c["field"], c["to"]) for c in plans["gapt.either"]["changes"]] == [("revenue_wan", 100000)]
    p = prof(reg, revenue_wan=20000, tech_staff=450)
    plans, _ = plans_by_id([gap_pack], p, reg)
    assert [(c["field"], c["to"]) for c in plans["gapt.either"]["changes"]] == [("tech_staff", 500)]


def test_upper_bound_lowers_the_value(gap_pack, reg):
    p = prof(reg, revenue_wan=12000)
    plans, _ = plans_by_id([gap_pack], p, reg)
    ch = plans["gapt.debt"]["changes"][0]
    assert ch["to"] == 9999.99 and Decimal(str(ch["delta"])) == Decimal("-2000.01") and "再减少" in ch["text"]


def test_closed_window_is_infeasible_and_ranked_last(gap_pack, reg):
    p = prof(reg, city="西安市", revenue_wan=50, employees=400, tech_staff=42)
    plans, _ = plans_by_id([gap_pack], p, reg)
    old = plans["gapt.old"]
    assert old["status"] == "expired" and old["feasible"] is False and old["blocker"] == "window"
    assert "2020-12-31" in old["note"] and "失效" in old["note"]
    ranked = plan_gaps(evaluate_profile([gap_pack], p, DAY, reg), p, reg, None, DAY)
    assert ranked[-1]["rule_id"] == "gapt.old"
    feasible = [x["feasible"] for x in ranked]
    assert feasible == sorted(feasible, reverse=True)  # every feasible plan before every infeasible one


def test_ranking_fewest_changes_then_smallest_relative_change(gap_pack, mini, reg):
    p = prof(reg, city="西安市", revenue_wan=99000, rd_expense_wan=2163, employees=400, tech_staff=42)
    ranked = [x["rule_id"] for x in plan_gaps(evaluate_profile([gap_pack, mini], p, DAY, reg), p, reg, None, DAY)
              if x["feasible"]]
    # one change each: either revenue +1.0%; shuangwu R&D 2163 -> 4950.01 (+128.9%); staff 42 -> 121 (+188%).
    # Missing fields to supply (titles, the three-firsts fact) count 0 and come first. "debt" (revenue under
    # 10000: -89.9%) would need the firm to shrink: never an opportunity, listed last with the reason
    assert ranked[:2] == ["gapt.fact", "gapt.title"]
    assert ranked[2:5] == ["gapt.either", "mini.shuangwu", "gapt.staff"]
    every = plan_gaps(evaluate_profile([gap_pack, mini], p, DAY, reg), p, reg, None, DAY)
    assert every[-1]["rule_id"] == "gapt.debt" and every[-1]["blocker"] == "shrink" and "不作为机会" in every[-1]["note"]


def test_qualitative_rule_goal_is_needs_assessment(mini, reg):
    p = prof(reg, revenue_wan=51500, rd_expense_wan=2163)  # city missing
    plans, _ = plans_by_id([mini], p, reg)
    q = plans["mini.xian-qualitative"]
    assert q["goal"] == "needs_assessment" and q["verified"] and q["feasible"]
    assert q["changes"][0]["text"] == "补充字段: 所在城市（须为 西安市）"


def test_apply_changes_round_trips_json_values(mini, reg):
    p = prof(reg, city="西安市", revenue_wan=51500, rd_expense_wan=2163)
    plans, _ = plans_by_id([mini], p, reg)
    changed = apply_changes(p, json.loads(json.dumps(plans["mini.shuangwu"]["changes"])), reg)
    assert changed.values["rd_expense_wan"] == Decimal("2575.01")
    assert p.values["rd_expense_wan"] == 2163  # the original is untouched


def test_targets_and_held_rules_get_no_plan(mini, reg):
    p = prof(reg, city="西安市", revenue_wan=60000, rd_expense_wan=3100)
    plans, results = plans_by_id([mini], p, reg)
    assert {r.rule.id: r.status for r in results}["mini.shuangwu"] == "applies"
    assert plans == {}


# --------------------------------------------------------------------------- shipped sample and the CLI loop


def test_shipped_optics_double_five(reg):
    """samples/enterprise-optics.yaml: 51500 万元 revenue, 2163 万元 R&D, the 14th FYP '双五' (超过5%) rule."""
    from xacheck.packs import load_packs

    packs = load_packs([], include_shipped=True, reg=reg)
    day = dt.date(2025, 6, 1)  # the 14th five-year plan pack is in force until 2025-12-31
    p = load_profile(str(ROOT / "samples" / "enterprise-optics.yaml"), reg)
    plans, _ = plans_by_id(packs, p, reg, day)
    plan = plans["xa-14fyp.p-double-five"]
    rev, rd = p.values["revenue_wan"], p.values["rd_expense_wan"]
    assert [c["field"] for c in plan["changes"]] == ["rd_expense_wan"]
    assert Decimal(str(plan["changes"][0]["delta"])) == rev * Decimal("0.05") - rd + Decimal("0.01") == Decimal("412.01")
    assert plan["feasible"] and plan["verified"]
    # a year later the pack has expired: still reported, but nothing can qualify
    later, _ = plans_by_id(packs, p, reg, dt.date(2026, 6, 1))
    assert later["xa-14fyp.p-double-five"]["feasible"] is False
    assert "2025-12-31" in later["xa-14fyp.p-double-five"]["note"]


def test_cli_gaps_then_check_with_set(tmp_path):
    sample = ROOT / "samples" / "enterprise-optics.yaml"
    r = CliRunner().invoke(main, ["gaps", str(sample), "--as-of", "2025-06-01", "--format", "json", "--top", "0"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    plan = next(p for p in data["gaps"] if p["rule_id"] == "xa-14fyp.p-double-five")
    assert plan["try"] == ["rd_expense_wan=2575.01"]
    args = ["check", str(sample), "--as-of", "2025-06-01", "--format", "json"]
    for s in plan["try"]:
        args += ["--set", s]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    status = {x["id"]: x["status"] for x in json.loads(r.output)["results"]}
    assert status["xa-14fyp.p-double-five"] == "applies"
    assert not any(g["rule_id"] == "xa-14fyp.p-double-five" for g in json.loads(r.output)["gaps"])


def test_cli_gaps_text_zh_and_en():
    sample = str(ROOT / "samples" / "enterprise-optics.yaml")
    zh = CliRunner().invoke(main, ["gaps", sample, "--as-of", "2025-06-01"])
    assert zh.exit_code == 0, zh.output
    assert "最近的机会" in zh.output and "研发费用再增加 412.01 万元" in zh.output
    assert "--set rd_expense_wan=2575.01" in zh.output
    en = CliRunner().invoke(main, ["gaps", sample, "--as-of", "2025-06-01", "--lang", "en", "--top", "3"])
    assert en.exit_code == 0 and "Nearest opportunities" in en.output and "more (--top 0 shows all)" in en.output


def test_check_output_has_nearest_opportunities(tmp_path):
    sample = str(ROOT / "samples" / "enterprise-optics.yaml")
    text = CliRunner().invoke(main, ["check", sample, "--as-of", "2025-06-01", "--all"]).output
    assert "最近的机会" in text and "412.01 万元" in text
    first = CliRunner().invoke(main, ["check", sample, "--as-of", "2025-06-01"]).output
    assert "── 最近的机会 (10)" in first   # the first view: the three nearest, then a count
    md = CliRunner().invoke(main, ["check", sample, "--as-of", "2025-06-01", "--format", "markdown"]).output
    assert "## 最近的机会" in md
    data = json.loads(CliRunner().invoke(main, ["check", sample, "--as-of", "2025-06-01", "--format", "json"]).output)
    keys = {"rule_id", "title", "title_en", "status", "changes", "unlocks", "unlocks_en", "feasible", "note",
            "note_en", "verified"}
    assert data["gaps"] and all(keys <= set(g) for g in data["gaps"])
    ch_keys = {"field", "label", "label_en", "from", "to", "delta", "unit", "text", "text_en"}
    assert all(ch_keys <= set(c) for g in data["gaps"] for c in g["changes"])
