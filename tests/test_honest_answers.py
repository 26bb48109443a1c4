"""Answers a reader can trust: open lists (…等), target years, confidence shown, criteria not encoded after a
version ends, gap advice that never asks a firm to shrink, and sources by title and number."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.evaluate import evaluate_profile, evaluate_rule
from xacheck.fields import default_registry
from xacheck.gaps import plan_gaps
from xacheck.packs import load_pack_text, load_packs
from xacheck.profiles import load_profile, profile_from_mapping

from .conftest import ROOT

OPTICS = ROOT / "samples" / "enterprise-optics.yaml"
REG = default_registry()


@pytest.fixture(scope="module")
def packs():
    return load_packs()


def result(packs, rule_id: str, data: dict, as_of: str):
    prof = profile_from_mapping(data, REG)
    return next(r for r in evaluate_profile(packs, prof, dt.date.fromisoformat(as_of)) if r.rule.id == rule_id)


# ------------------------------------------------------------------------------------------- open lists

def test_a_field_outside_an_open_list_needs_assessment_with_the_reason(packs):
    ai = result(packs, "xa-hardtech-2024.m08-new-tracks", {"city": "西安", "industry_fields": ["人工智能"]}, "2026-06-01")
    assert ai.status == "needs_assessment" and ai.reason.startswith("open_list: ")
    photon = result(packs, "xa-hardtech-2024.m08-new-tracks", {"city": "西安", "industry_fields": ["光子"]}, "2026-06-01")
    # listed: the field counts as in; the measure's own criteria (技术前瞻性好 …) still go to a reviewer
    assert photon.status == "needs_assessment" and photon.reason == "qualitative"
    # a list that is open on a rule with no other criteria: listed applies, unlisted goes to a reviewer
    listed = result(packs, "xa-hardtech-2024.m08-terminal-products", {"city": "西安", "terminal_products": ["消费光子"]},
                    "2026-06-01")
    other = result(packs, "xa-hardtech-2024.m08-terminal-products", {"city": "西安", "terminal_products": ["其他"]},
                   "2026-06-01")
    assert (listed.status, other.status) == ("applies", "needs_assessment")
    aero = result(packs, "xa-gaoxin-2030.p-frontier-tech", {"district": "高新区", "industry_fields": ["航空航天"]}, "2026-06-01")
    assert aero.status == "needs_assessment" and aero.reason.startswith("open_list")
    # still "no" where the list is not the reason: a firm outside Xi'an
    assert result(packs, "xa-hardtech-2024.m08-new-tracks", {"city": "宝鸡", "industry_fields": ["人工智能"]},
                  "2026-06-01").status == "not_applicable"


def test_the_open_list_reason_is_shown_in_words(tmp_path):
    p = tmp_path / "ai.yaml"
    p.write_text("type: enterprise\nname: AI\ncity: 西安\nindustry_fields: [人工智能]\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(p), "--as-of", "2026-06-01", "--all"])   # the audit list
    assert res.exit_code == 0 and "原文列举未尽（等）" in res.output


def test_every_deng_list_in_the_packs_is_marked_open(packs):
    res = CliRunner().invoke(main, ["validate", "--as-of", "2026-06-01", "--format", "json"])
    assert [f for f in json.loads(res.output)["findings"] if f["code"] == "XW010"] == []
    opened = {r.id for p in packs for r in p.rules for c in r.when if c.open}
    assert opened == {"xa-gaoxin-2030.p-frontier-tech", "xa-gaoxin-2030.p-priority-industries",
                      "xa-hardtech-2024.m08-new-tracks", "xa-hardtech-2024.m08-terminal-products",
                      "xa-qinchuangyuan-2023.p-civil-military"}


# ------------------------------------------------------------------------------------------- target years

def test_a_later_years_figure_does_not_settle_a_target(packs):
    later = result(packs, "xa-qinchuangyuan-2023.t-tech-contract-turnover",
                   {"type": "region", "region": "西安", "period": 2024, "tech_contract_turnover_yi": 2400}, "2026-06-01")
    assert later.status == "unknown" and later.reason.startswith("year_needed: 2023")
    assert later.missing == ["tech_contract_turnover_yi"]
    assert later.thresholds[-1].met is None  # no verdict drawn from another year's figure
    same = result(packs, "xa-qinchuangyuan-2023.t-tech-contract-turnover",
                  {"type": "region", "region": "西安", "period": 2023, "tech_contract_turnover_yi": 2400}, "2026-06-01")
    assert same.status == "not_met"
    fyp = result(packs, "xa-14fyp.ind1-rd-gdp", {"type": "region", "region": "西安市", "period": 2026, "rd_gdp_pct": 5.2},
                 "2027-06-01")
    assert fyp.status == "unknown" and "2025" in fyp.reason


# ------------------------------------------------------------------------------------------- confidence

def test_confidence_below_high_is_said_in_every_format(packs):
    low = {"type": "enterprise", "name": "x", "is_sme": True, "niche_years": 5, "revenue_wan": 3000}
    args = ["--as-of", "2026-06-01", "--pack", "natl-quality-sme"]
    runner = CliRunner()
    with runner.isolated_filesystem():
        open("p.json", "w", encoding="utf-8").write(json.dumps(low, ensure_ascii=False))
        text = runner.invoke(main, ["check", "p.json", *args]).output
        md = runner.invoke(main, ["check", "p.json", *args, "--format", "markdown"]).output
        data = json.loads(runner.invoke(main, ["check", "p.json", *args, "--format", "json"]).output)
        runner.invoke(main, ["report", "p.json", *args, "-o", "r.html"])
        html = open("r.html", encoding="utf-8").read()
    srdi = next(r for r in data["results"] if r["id"] == "natl-quality-sme.srdi-sme")
    assert srdi["confidence"] == "low" and "须以正式文件核实" in srdi["confidence_text"]
    for out in (text, md, html):
        assert "可信度低" in out


# ------------------------------------------------------------------------------------------- not encoded

def test_an_ended_version_whose_successor_is_not_encoded_is_not_expired(packs):
    innov = result(packs, "natl-quality-sme.innovative-sme", {"is_sme": True}, "2026-06-01")
    assert innov.status == "needs_assessment" and innov.reason == "successor_not_encoded"
    assert "2026-04-01 起的认定条件未编码" in innov.rule.successor.note.zh
    m05 = result(packs, "xa-hardtech-2024.m05-three-firsts", {"city": "西安", "has_three_firsts_product": True}, "2027-01-02")
    assert m05.status == "expired" and "未编码后续政策" in m05.rule.successor.note.zh
    out = CliRunner().invoke(main, ["check", str(OPTICS), "--as-of", "2027-01-02", "--all"]).output
    assert "本版本未编码后续政策" in out


# ------------------------------------------------------------------------------------------- gap advice

def test_the_optics_gap_list_never_asks_to_shrink_and_hnte_shows_no_revenue_cap(packs):
    prof = load_profile(str(OPTICS))
    as_of = dt.date(2026, 6, 1)
    results = evaluate_profile(packs, prof, as_of)
    plans = plan_gaps(results, prof, REG, packs, as_of)
    for p in plans:
        if p["feasible"]:
            for ch in p["changes"]:
                if ch["field"] in ("revenue_wan", "total_assets_wan", "employees", "tech_staff") and ch["delta"] is not None:
                    assert ch["delta"] > 0, (p["rule_id"], ch)
    shrink = [p for p in plans if p["blocker"] == "shrink"]
    assert shrink and plans[-len(shrink):] == shrink  # listed last …
    assert all("不作为机会" in p["note"] for p in shrink)  # … and labelled
    hnte = next(r for r in results if r.rule.id == "natl-hnte.art11")
    assert not [th for th in hnte.thresholds if th.field == "revenue_wan"]  # a band, not a cap
    text = CliRunner().invoke(main, ["check", str(OPTICS), "--as-of", "2026-06-01", "--all"]).output
    block = text.split("natl-hnte.art11")[1].split("出处")[0]
    assert "营业收入" not in block and "<= 20,000" not in block
    assert "再减少" not in text.split("最近的机会")[1]


def test_hnte_takes_the_band_the_firm_is_in():
    hnte = next(r for r in load_packs() if r.id == "natl-hnte").rules[0]
    base = {"type": "enterprise", "established": "2015-01-01", "owns_core_ip": True, "core_tech_in_key_fields": True,
            "tech_staff": 20, "employees": 100, "domestic_rd_3y_wan": 900, "hightech_revenue_share_pct": 70,
            "major_accident_last_year": False}
    big = profile_from_mapping({**base, "revenue_wan": 51500, "revenue_3y_wan": 150000, "rd_expense_3y_wan": 4000}, REG)
    # 4000 / 150000 = 2.67 % < 3 %: the gap is R&D expense up, never revenue down
    res = evaluate_rule(hnte, big, dt.date(2026, 6, 1))
    assert res.status == "not_applicable"
    [plan] = plan_gaps([res], big, REG, None, dt.date(2026, 6, 1))
    assert plan["feasible"] and {c["field"] for c in plan["changes"]} <= {"rd_expense_3y_wan", "domestic_rd_3y_wan"}
    assert all(c["delta"] > 0 for c in plan["changes"])


def test_field_directions_are_in_the_registry():
    moves = {k: f.moves for k, f in REG.fields.items()}
    assert moves["rd_expense_wan"] == moves["invention_patents"] == moves["revenue_wan"] == "up"
    assert moves["total_assets_wan"] == moves["employees"] == "up"
    assert moves["niche_market_rank_national"] == "down" and moves["asset_liability_ratio_pct"] == "either"


def test_batch_nearest_gap_says_direction_and_unit_and_never_shrink():
    import polars as pl

    from xacheck.batch import Layout, Scorer

    pack = load_pack_text("""
pack: g
title: {zh: 测试, en: t}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
rules:
  - {id: g.grow, kind: measure, clause: '1', title: {zh: 营收, en: r}, quote: q, applies_to: [enterprise],
     when: [revenue_wan > 50000]}
  - {id: g.cap, kind: measure, clause: '2', title: {zh: 小, en: s}, quote: q, applies_to: [enterprise],
     when: [revenue_wan <= 20000]}
  - {id: g.ratio, kind: measure, clause: '3', title: {zh: 强度, en: i}, quote: q, applies_to: [enterprise],
     when: [rd_intensity > 5%]}
""", "g.yaml", REG)
    scorer = Scorer(list(pack.rules), REG, dt.date(2026, 6, 1),
                    Layout(fields={"revenue_wan": "revenue_wan", "rd_expense_wan": "rd_expense_wan"}, passthrough=[]))
    out = scorer.score(pl.DataFrame({"revenue_wan": ["21000", "49000"], "rd_expense_wan": ["2100", "2400"]}))
    rows = out.select("nearest_gap_rule", "nearest_gap", "nearest_gap_direction", "nearest_gap_unit").rows()
    # 21000: the cap is 1000 away, but only by shrinking: the nearest opportunity is growing to 50000
    assert rows[0] == ("g.grow", 29000, "up", "万元")
    assert rows[1] == ("g.grow", 1000, "up", "万元")  # (the ratio, 4.9 % -> 5 %, is 2.04 % away relatively)
    rd_short = scorer.score(pl.DataFrame({"revenue_wan": ["50001"], "rd_expense_wan": ["2000"]}))
    assert rd_short.select("nearest_gap_rule", "nearest_gap_direction", "nearest_gap_unit").row(0) == ("g.ratio", "up", "ratio")


# ------------------------------------------------------------------------------------------- sources

def test_sources_name_title_and_number_never_a_file(packs):
    data = json.loads(CliRunner().invoke(main, ["check", str(OPTICS), "--as-of", "2026-06-01", "--format", "json"]).output)
    m05 = next(r for r in data["results"] if r["id"] == "xa-hardtech-2024.m05-three-firsts")
    assert m05["source"]["cite"] == "《西安市加快推进硬科技产业化发展若干措施》（五）"
    assert m05["source"]["doc"] == "001_8fee340fc1397ebd.txt"  # the stable key stays
    hnte = next(r for r in data["results"] if r["id"] == "natl-hnte.art11")
    assert hnte["source"]["cite"].startswith("《高新技术企业认定管理办法》（国科发火〔2016〕32号）第十一条")
    assert hnte["source"]["quote_kind"] == "summary" and hnte["source"]["quote_label"].startswith("摘要")
    for fmt in ("text", "markdown"):
        out = CliRunner().invoke(main, ["check", str(OPTICS), "--as-of", "2026-06-01", "--format", fmt, "--all"]).output
        assert ".txt" not in out and "national-criteria.md" not in out
        # a summary quote is said to be one: in Chinese, the project's rendering of it (quote_zh), so labelled
        assert "摘要（本项目据参考资料整理的中文，非原文）" in out and "原文：“all eight" not in out
    out = CliRunner().invoke(main, ["--lang", "en", "check", str(OPTICS), "--as-of", "2026-06-01", "--all"]).output
    assert "Summary (reference note, not the document's words)" in out
