"""Dated rule versions, pack-level derived quantities (scores) and title lifetimes."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xacheck.errors import RulePackError
from xacheck.evaluate import evaluate_profile
from xacheck.packs import load_pack_text
from xacheck.profiles import profile_from_mapping
from xacheck.ruletest import run_pack_tests
from xacheck.titles import title_lapses

PACK = """
pack: natl-test
title: {zh: 测试国家标准, en: Test national criteria}
document: {file: national-criteria.md, title: 国家认定标准（参考）}
derived:
  staff_points:
    expr: "band(tech_staff_ratio, [30%, 25%, 20%, 15%, 10%], [20, 16, 12, 8, 4, 0])"
    label: {zh: 科技人员得分, en: S&T staff points}
title_lifetimes:
  - {title: 高新技术企业, years: 3, basis: 高新技术企业认定管理办法 第九条}
rules:
  - id: natl-test.tier
    kind: programme
    title: {zh: 梯度培育, en: Tiered cultivation}
    applies_to: [enterprise]
    versions:
      - valid_from: 2022-06-01
        valid_until: 2026-03-31
        regulation: 暂行办法（2022）
        clause: 第七条
        quote: 研发费用不低于100万元
        when: ["rd_expense_wan >= 100"]
        tests:
          - {as_of: 2026-03-31, profile: {rd_expense_wan: 100}, expect: applies}
          - {as_of: 2026-03-31, profile: {rd_expense_wan: 99}, expect: not_applicable}
      - valid_from: 2026-04-01
        regulation: 办法（2026）
        clause: 第八条
        quote: 研发费用不低于150万元
        when: ["rd_expense_wan >= 150"]
        tests:
          - {as_of: 2026-04-01, profile: {rd_expense_wan: 150}, expect: applies}
          - {as_of: 2026-04-01, profile: {rd_expense_wan: 100}, expect: not_applicable}
  - id: natl-test.staff
    kind: programme
    clause: 附件
    title: {zh: 科技人员得分, en: Staff score}
    quote: 科技人员占比得分
    applies_to: [enterprise]
    when: ["staff_points >= 12"]
    tests:
      - {profile: {tech_staff: 20, employees: 100}, expect: applies}
      - {profile: {tech_staff: 19, employees: 100}, expect: not_applicable}
      - {profile: {employees: 100}, expect: unknown, missing: [tech_staff]}
"""


@pytest.fixture(scope="module")
def pack(reg):
    return load_pack_text(PACK, "natl.yaml", reg)


@pytest.mark.parametrize("day, status, version", [
    ("2026-03-31", "applies", 0),        # old regime: 120 >= 100
    ("2026-04-01", "not_applicable", 1),  # new regime: 120 < 150
    ("2021-01-01", "not_yet_effective", 0),
])
def test_as_of_picks_the_version_in_force(pack, reg, day, status, version):
    prof = profile_from_mapping({"rd_expense_wan": 120}, reg)
    res = {r.rule.id: r for r in evaluate_profile([pack], prof, dt.date.fromisoformat(day), reg)}
    tier = res["natl-test.tier"]
    assert (tier.status, tier.rule.version) == (status, version)
    assert tier.rule.source_dict()["regulation"] == ("暂行办法（2022）" if version == 0 else "办法（2026）")


def test_embedded_cases_run_against_their_version(pack, reg):
    outcomes = run_pack_tests([pack], reg)
    assert len(outcomes) == 7 and all(o.ok for o in outcomes), [o.problems for o in outcomes]


def test_score_threshold_reports_points(pack, reg):
    prof = profile_from_mapping({"tech_staff": 19, "employees": 100}, reg)
    res = next(r for r in evaluate_profile([pack], prof, dt.date(2026, 6, 1), reg) if r.rule.id == "natl-test.staff")
    th = res.thresholds[0]
    assert (th.field, th.actual, th.required, th.gap) == ("staff_points", Decimal(8), Decimal(12), Decimal(4))


@pytest.mark.parametrize("bad, code", [
    ("valid_until: 2026-03-31", "XA122"),   # overlap: the 2022 version now runs past 2026-04-01
    ("valid_until: 2026-03-30", "XA123"),   # a one-day gap
])
def test_versions_must_tile(reg, bad, code):
    text = PACK.replace("valid_until: 2026-03-31", bad.replace("2026-03-31", "2026-05-01") if code == "XA122" else bad)
    with pytest.raises(RulePackError) as exc:
        load_pack_text(text, "natl.yaml", reg)
    assert exc.value.code == code


def test_title_lapses(pack, reg):
    prof = profile_from_mapping({"titles": [{"name": "高新技术企业", "date": "2023-11-22"}]}, reg)
    (lapse,) = title_lapses([pack], prof, dt.date(2026, 11, 22))
    assert lapse.lapses == dt.date(2026, 11, 21) and lapse.status == "lapsed" and lapse.days_left == -1
    (lapse,) = title_lapses([pack], prof, dt.date(2026, 11, 21))
    assert lapse.status == "valid" and lapse.days_left == 0
