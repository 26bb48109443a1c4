"""Deadlines: inclusive windows, soonest first, days left, the profile filter, the CLI."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.deadlines import collect_deadlines, group_deadlines, parse_within
from xacheck.packs import load_pack_text, load_packs
from xacheck.profiles import load_profile, profile_from_mapping

from .conftest import ROOT

D = dt.date


@pytest.fixture(scope="module")
def packs():
    return load_packs()


def _by_rule(items, rule_id, kind=None):
    return [d for d in items if d.rule_id == rule_id and (kind is None or d.kind == kind)]


def test_hardtech_expiry_is_inclusive(packs):
    on_day = collect_deadlines(packs, D(2026, 12, 31))
    (m05,) = _by_rule(on_day, "xa-hardtech-2024.m05-three-firsts")
    assert (m05.date, m05.kind, m05.days_left, m05.soon) == (D(2026, 12, 31), "expiry", 0, True)
    assert not _by_rule(collect_deadlines(packs, D(2027, 1, 1)), "xa-hardtech-2024.m05-three-firsts")
    (past,) = _by_rule(collect_deadlines(packs, D(2027, 1, 1), include_past=True), "xa-hardtech-2024.m05-three-firsts")
    assert past.days_left == -1 and not past.soon


def test_soonest_first_with_days_left(packs):
    items = collect_deadlines(packs, D(2026, 11, 22))
    assert [d.date for d in items] == sorted(d.date for d in items)
    assert items[0].date == D(2026, 12, 31) and items[0].days_left == 39 and items[0].soon
    gaoxin = _by_rule(items, "xa-gaoxin-2030.p-haina")[0]
    assert gaoxin.days_left == (D(2030, 12, 31) - D(2026, 11, 22)).days == 1500
    assert not gaoxin.soon


def test_targets_use_their_own_deadline(packs):
    items = collect_deadlines(packs, D(2025, 6, 1))
    (t02,) = _by_rule(items, "xa-hardtech-2024.t02-new-rd-institutions")
    assert (t02.kind, t02.date) == ("target", D(2025, 12, 31))  # not the pack's 2026-12-31 expiry
    (t04,) = _by_rule(items, "xa-hardtech-2024.t04-scenario-demos")
    assert (t04.kind, t04.date) == ("target", D(2026, 12, 31))


def test_start_dates_only_while_ahead(packs):
    before = collect_deadlines(packs, D(2025, 1, 1))
    (eff,) = _by_rule(before, "xa-gaoxin-2030.p-haina", "effective")
    assert eff.date == D(2025, 1, 15) and eff.days_left == 14
    assert not _by_rule(collect_deadlines(packs, D(2025, 2, 1)), "xa-gaoxin-2030.p-haina", "effective")


def test_within(packs):
    items = collect_deadlines(packs, D(2026, 11, 22), within_days=90)
    assert items and {d.date for d in items} == {D(2026, 12, 31)}
    assert collect_deadlines(packs, D(2026, 11, 22), within_days=38) == []
    assert len(collect_deadlines(packs, D(2026, 11, 22), within_days=39)) == len(items)


def test_profile_filter(packs, reg):
    optics = load_profile(str(ROOT / "samples/enterprise-optics.yaml"), reg)
    items = collect_deadlines(packs, D(2026, 11, 22), optics, reg)
    ids = {d.rule_id for d in items}
    assert "xa-hardtech-2024.m05-three-firsts" in ids            # applies
    assert "xa-hardtech-2024.m10-chain-leaders" not in ids       # not_applicable: not its date
    assert "xa-hardtech-2024.m01-facilities" not in ids          # institutions only
    assert all(d.status not in (None, "not_applicable") for d in items if d.kind != "renewal")
    outside = load_profile(str(ROOT / "samples/enterprise-outside-xian.yaml"), reg)
    assert not [d for d in collect_deadlines(packs, D(2026, 11, 22), outside, reg) if d.pack == "xa-hardtech-2024"]


def test_unknown_rules_keep_their_dates(packs, reg):
    prof = profile_from_mapping({"type": "enterprise", "name": "未填城市"}, reg)
    items = collect_deadlines(packs, D(2026, 11, 22), prof, reg)
    assert {d.status for d in items if d.pack == "xa-hardtech-2024"} == {"unknown"}


def test_date_in_a_condition_is_collected(reg):
    pack = load_pack_text("""
pack: cut
title: {zh: 申报截止, en: Filing cut-off}
document: {file: x.txt, title: 测试}
rules:
  - id: cut.filing
    kind: programme
    clause: 第一条
    title: {zh: 年度申报, en: Annual filing}
    quote: 2027年3月31日前提交申报材料
    applies_to: [enterprise]
    when: ["as_of <= date('2027-03-31')", "city == '西安市'"]
    tests:
      - {name: 期内, as_of: 2027-01-05, profile: {type: enterprise, city: 西安市}, expect: applies}
      - {name: 期后, as_of: 2027-04-01, profile: {type: enterprise, city: 西安市}, expect: not_applicable}
""", "cut.yaml", reg)
    (d,) = collect_deadlines([pack], D(2027, 3, 1))
    assert (d.kind, d.date, d.days_left) == ("condition", D(2027, 3, 31), 30)


def test_grouping_one_line_per_pack_day_kind(packs):
    groups = group_deadlines(collect_deadlines(packs, D(2026, 11, 22), within_days=90))
    assert [(g.date, g.kind, g.pack) for g in groups] == [
        (D(2026, 12, 31), "expiry", "xa-hardtech-2024"), (D(2026, 12, 31), "target", "xa-hardtech-2024")]
    assert len(groups[0].items) == 22


@pytest.mark.parametrize("text,days", [("90d", 90), ("90", 90), ("12w", 84), (" 7D ", 7)])
def test_parse_within(text, days):
    assert parse_within(text) == days


@pytest.mark.parametrize("text", ["", "3m", "-5d", "abc"])
def test_parse_within_rejects(text):
    with pytest.raises(ValueError):
        parse_within(text)


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_text():
    res = invoke("deadlines", "--as-of", "2026-11-22", "--within", "90d")
    assert res.exit_code == 0, res.output
    first = res.output.splitlines()[1]
    assert first.startswith("2026-12-31") and "剩余 39 天" in first and "即将到期" in first
    assert "2030-12-31" not in res.output


def test_cli_json_profile():
    res = invoke("deadlines", "--as-of", "2026-12-31", "--profile", ROOT / "samples/enterprise-optics.yaml",
                 "--format", "json", "--lang", "en")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["profile"] == "西安曦芒光电科技有限公司"
    m05 = next(d for d in data["deadlines"] if d["rule_id"] == "xa-hardtech-2024.m05-three-firsts")
    assert m05 == {**m05, "date": "2026-12-31", "days_left": 0, "soon": True, "kind": "expiry", "status": "applies"}


def test_cli_bad_within():
    res = CliRunner().invoke(main, ["deadlines", "--within", "three months"])
    assert res.exit_code == 2 and "90d" in res.output


def test_version_switch_and_title_renewal():
    import datetime as _d

    from xacheck.deadlines import collect_deadlines
    from xacheck.fields import default_registry
    from xacheck.packs import load_packs
    from xacheck.profiles import profile_from_mapping

    packs = load_packs()
    items = collect_deadlines(packs, _d.date(2026, 3, 1), pack_ids=["natl-quality-sme"])
    kinds = {(d.rule_id, d.kind, d.date) for d in items}
    assert ("natl-quality-sme.srdi-sme", "switch", _d.date(2026, 4, 1)) in kinds
    assert not any(d.kind == "expiry" and d.rule_id == "natl-quality-sme.srdi-sme" for d in items)
    prof = profile_from_mapping({"titles": [{"name": "高新技术企业", "date": "2024-12-05"}]}, default_registry())
    renewals = [d for d in collect_deadlines(packs, _d.date(2026, 11, 22), prof) if d.kind == "renewal"]
    assert [(d.date, d.days_left) for d in renewals] == [(_d.date(2027, 12, 4), 377)]
