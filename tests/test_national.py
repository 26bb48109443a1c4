"""The national-title packs: scores band by band, the gap plan loop, versions in time, title lapses."""
from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from xacheck.cli import main
from xacheck.packs import load_packs
from xacheck.profiles import load_profile
from xacheck.titles import title_lapses

from .conftest import ROOT

NEAR = ROOT / "samples" / "enterprise-techsme-near.yaml"


def run(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    assert res.exit_code == 0, res.output
    return res.output


def status_of(output: str, rule_id: str) -> dict:
    return next(r for r in json.loads(output)["results"] if r["id"] == rule_id)


def test_near_miss_score_is_shown_band_by_band():
    r = status_of(run("check", NEAR, "--pack", "natl-tech-sme", "--as-of", "2026-06-01", "--format", "json"),
                  "natl-tech-sme.art6")
    assert r["status"] == "not_applicable"
    score = next(t for t in r["thresholds"] if t["field"] == "tech_sme_score")
    assert (score["actual"], score["required"], score["gap"]) == (56, 60, 4)
    assert [p["field"] for p in score["parts"]] == ["tech_sme_staff_pts", "tech_sme_rd_pts", "tech_sme_ip_pts"]
    assert sum(p["value"] for p in score["parts"]) == 56


def test_gap_plan_applied_with_set_makes_it_qualify():
    # exactly the loop an enterprise runs: ask for the plan, apply it with --set, check again
    plans = json.loads(run("gaps", NEAR, "--as-of", "2026-06-01", "--format", "json", "--top", "0"))["gaps"]
    plan = next(p for p in plans if p["rule_id"] == "natl-tech-sme.art6")
    assert plan["feasible"] and plan["verified"]
    (change,) = plan["changes"]
    assert change["field"] == "rd_expense_wan"
    profile = load_profile(str(NEAR))
    # the R&D band 4%–5% gives 30 points, reaching 5% gives 40: revenue × 5% is the amount needed
    assert change["to"] == float(profile.values["revenue_wan"] * 5 / 100)
    assert "+10" in change["text"]
    sets = [a for c in plan["changes"] for a in ("--set", f"{c['field']}={c['to']}")]
    after = status_of(run("check", NEAR, "--as-of", "2026-06-01", "--format", "json", *sets), "natl-tech-sme.art6")
    assert after["status"] == "applies"
    short = status_of(run("check", NEAR, "--as-of", "2026-06-01", "--format", "json", "--set",
                          f"rd_expense_wan={change['to'] - 0.01}"), "natl-tech-sme.art6")
    assert short["status"] == "not_applicable"


def test_two_regimes_of_the_quality_sme_titles():
    ids = {}
    for day in ("2026-03-31", "2026-04-01"):
        out = run("measures", "list", "--format", "json", "--pack", "natl-quality-sme", "--as-of", day)
        ids[day] = {(r["id"], r["source"].get("regulation")) for r in json.loads(out)["rules"]}
    old = {reg for _, reg in ids["2026-03-31"]}
    new = {reg for _, reg in ids["2026-04-01"]}
    assert old != new
    assert any("2022" in (r or "") for r in old) and any("2026" in (r or "") for r in new)


def test_hnte_certificate_lapses_after_three_years(reg):
    packs = load_packs()
    prof = load_profile(str(ROOT / "samples" / "enterprise-optics.yaml"), reg)
    prof.title_dates["高新技术企业"] = dt.date(2024, 12, 5)
    lapse = next(t for t in title_lapses(packs, prof, dt.date(2026, 11, 22)) if t.title == "高新技术企业")
    assert lapse.lapses == dt.date(2027, 12, 4) and lapse.status == "valid"
