"""xacheck diff: rules gained, lost, changed and expiring between two evaluations."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.diff import diff_results
from xacheck.evaluate import evaluate_profile
from xacheck.profiles import profile_from_mapping
from xacheck.whatif import with_sets

from .conftest import ROOT


@pytest.fixture
def firm(reg):
    # a 双五 firm: revenue 51500, R&D 2600 (5.05% > 5%)
    return profile_from_mapping({"type": "enterprise", "name": "测试光电", "city": "西安市", "revenue_wan": 51500,
                                 "rd_expense_wan": 2600}, reg)


def ids(items):
    return [x["rule_id"] for x in items]


def test_lost_on_the_day_after_the_window(mini, reg, firm):
    before = evaluate_profile([mini], firm, dt.date(2026, 12, 31), reg)
    after = evaluate_profile([mini], firm, dt.date(2027, 1, 1), reg)
    d = diff_results(before, after)
    assert ids(d["lost"]) == ["mini.shuangwu", "mini.xian-qualitative"]
    assert [(x["from"], x["to"]) for x in d["lost"]] == [("applies", "expired"), ("needs_assessment", "expired")]
    assert d["lost"][0]["supports"] == ["培育支持"] and d["lost"][0]["deadline"] == "2026-12-31"
    assert d["gained"] == [] and d["changed"] == [] and d["counts"]["lost"] == 2


def test_expiring_within(mini, reg, firm):
    before = evaluate_profile([mini], firm, dt.date(2026, 10, 1), reg)
    after = evaluate_profile([mini], firm, dt.date(2026, 12, 1), reg)
    d = diff_results(before, after, within_days=30)
    assert ids(d["expiring"]) == ["mini.shuangwu", "mini.xian-qualitative"]
    assert {x["days_left"] for x in d["expiring"]} == {30}
    assert diff_results(before, after, within_days=29)["expiring"] == []
    assert d["unchanged"] == 2 and not d["lost"]


def test_gained_and_changed_by_set(mini, reg, firm):
    day = dt.date(2026, 6, 1)
    low = with_sets(firm, ["rd_expense_wan=2163"], reg)
    d = diff_results(evaluate_profile([mini], low, day, reg), evaluate_profile([mini], firm, day, reg))
    assert ids(d["gained"]) == ["mini.shuangwu"] and d["gained"][0]["from"] == "not_applicable"
    # clearing the city: the qualitative rule goes from needs_assessment to unknown (lost), with the missing field
    nocity = with_sets(firm, ["city="], reg)
    d = diff_results(evaluate_profile([mini], firm, day, reg), evaluate_profile([mini], nocity, day, reg))
    assert ids(d["lost"]) == ["mini.xian-qualitative"] and d["lost"][0]["reason"] == "missing: city"
    # unknown -> not_applicable is a change, neither gained nor lost
    norev = with_sets(low, ["revenue_wan="], reg)
    d = diff_results(evaluate_profile([mini], norev, day, reg), evaluate_profile([mini], low, day, reg))
    assert ids(d["changed"]) == ["mini.shuangwu"] and (d["changed"][0]["from"], d["changed"][0]["to"]) == \
        ("unknown", "not_applicable")


@pytest.fixture
def firm_file(tmp_path):
    p = tmp_path / "firm.yaml"
    p.write_text("type: enterprise\nname: 测试光电\ncity: 西安市\nrevenue_wan: 51500\nrd_expense_wan: 2600\n",
                 encoding="utf-8")
    return p


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_what_do_my_clients_lose(mini_dir, firm_file):
    r = run("diff", firm_file, "--rules", mini_dir, "--no-shipped", "--as-of", "2026-12-31", "--to", "2027-01-01")
    assert r.exit_code == 0, r.output
    assert "失去 (2)" in r.output and "- 脚注1 双五企业" in r.output and "适用 → 已失效" in r.output
    assert "原因: 截止 2026-12-31，已失效" in r.output
    r = run("diff", firm_file, "--rules", mini_dir, "--no-shipped", "--as-of", "2026-12-31", "--to", "2027-01-01",
            "--format", "json")
    data = json.loads(r.output)
    assert data["before"]["as_of"] == "2026-12-31" and data["after"]["as_of"] == "2027-01-01"
    assert ids(data["lost"]) == ["mini.shuangwu", "mini.xian-qualitative"]
    en = run("diff", firm_file, "--rules", mini_dir, "--no-shipped", "--as-of", "2026-12-31", "--to", "2027-01-01",
             "--lang", "en")
    assert "Lost (2)" in en.output and "applies → expired" in en.output


def test_cli_diff_set_and_two_profiles(mini_dir, firm_file, tmp_path):
    r = run("diff", firm_file, "--rules", mini_dir, "--no-shipped", "--as-of", "2026-06-01",
            "--set", "rd_expense_wan=2000", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert ids(data["lost"]) == ["mini.shuangwu"] and data["after"]["sets"] == ["rd_expense_wan=2000"]
    other = tmp_path / "other.yaml"
    other.write_text("type: enterprise\nname: 另一家\ncity: 宝鸡市\nrevenue_wan: 51500\nrd_expense_wan: 2600\n",
                     encoding="utf-8")
    r = run("diff", firm_file, other, "--rules", mini_dir, "--no-shipped", "--as-of", "2026-06-01")
    assert r.exit_code == 0, r.output
    assert "失去 (1)" in r.output and "另一家" in r.output and "原因: city == '西安市'" in r.output


def test_cli_diff_needs_something_to_compare(firm_file):
    r = run("diff", firm_file)
    assert r.exit_code == 2 and "没有可比较的" in r.output


def test_cli_diff_shipped_sample_end_of_hardtech_pack():
    sample = ROOT / "samples" / "enterprise-optics.yaml"
    r = run("diff", sample, "--as-of", "2026-12-31", "--to", "2027-01-01", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    lost = {x["rule_id"]: x for x in data["lost"]}
    assert lost["xa-hardtech-2024.m05-three-firsts"]["from"] == "applies"
    assert lost["xa-hardtech-2024.m05-three-firsts"]["to"] == "expired"
    assert all(x["to"] == "expired" for x in data["lost"])
    assert data["gained"] == []
