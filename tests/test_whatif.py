"""What-if: --set FIELD=VALUE parsed against the field registry and applied to a copy of the profile."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.errors import UsageError
from xacheck.profiles import profile_from_mapping
from xacheck.whatif import apply_settings, parse_setting, plan_to_sets, with_sets

from .conftest import ROOT


@pytest.fixture
def base(reg):
    return profile_from_mapping({"type": "enterprise", "name": "测试光电", "city": "西安市", "revenue_wan": 51500,
                                 "rd_expense_wan": 2163, "titles": ["高新技术企业"]}, reg)


@pytest.mark.parametrize("name", ["revenue_wan", "营业收入", "营业收入（万元）", "营业收入(万元)", " 营业收入 ",
                                  "Operating revenue (10k CNY)"])
def test_field_by_key_or_label(reg, name):
    s = parse_setting(f"{name}=60000", reg)
    assert s.field == "revenue_wan" and s.value == Decimal(60000) and s.op == "="


def test_values_are_coerced_like_a_profile(reg):
    assert parse_setting("revenue_wan=５,000.5", reg).value == Decimal("5000.5")
    assert parse_setting("has_three_firsts_product=是", reg).value is True
    assert parse_setting("established=2024-03-01", reg).value == dt.date(2024, 3, 1)
    assert parse_setting("titles=高新技术企业,硬科技企业", reg).value == ("高新技术企业", "硬科技企业")
    assert parse_setting("科技人员数=12", reg).value == 12


def test_errors_name_the_field(reg):
    with pytest.raises(UsageError) as e:
        parse_setting("revenue_wan=abc", reg)
    assert "Operating revenue (10k CNY): expected a number" in e.value.message
    assert "营业收入（万元）：应为数字" in e.value.text("zh")
    with pytest.raises(UsageError) as e:
        parse_setting("revenue=1", reg)
    assert "unknown field 'revenue'" in e.value.message and "did you mean 'revenue_wan'" in e.value.message
    with pytest.raises(UsageError) as e:
        parse_setting("tech_staff=2.5", reg)
    assert "tech_staff" in e.value.message and "whole number" in e.value.message
    with pytest.raises(UsageError) as e:
        parse_setting("titles=高新企", reg)  # (高企 is an alias of 高新技术企业)
    assert "titles" in e.value.message
    with pytest.raises(UsageError) as e:
        parse_setting("rd_intensity=0.06", reg)
    assert "computed from" in e.value.message
    with pytest.raises(UsageError):
        parse_setting("revenue_wan", reg)
    with pytest.raises(UsageError):
        parse_setting("revenue_wan=-5", reg)  # below the field's minimum


def test_apply_set_clear_add(reg, base):
    p = with_sets(base, ["rd_expense_wan+=412.01", "city=", "titles+=硬科技企业", "营业收入=60000"], reg)
    assert p.values["rd_expense_wan"] == Decimal("2575.01")
    assert "city" not in p.values
    assert p.values["titles"] == ("高新技术企业", "硬科技企业")
    assert p.values["revenue_wan"] == 60000
    # the original is not changed
    assert base.values["rd_expense_wan"] == 2163 and base.values["city"] == "西安市"
    p = with_sets(base, ["titles-=高新技术企业", "rd_expense_wan-=163"], reg)
    assert p.values["titles"] == () and p.values["rd_expense_wan"] == 2000
    with pytest.raises(UsageError):
        with_sets(base, ["rd_expense_wan-=3000"], reg)  # would go below 0
    with pytest.raises(UsageError):
        with_sets(base, ["tech_staff+=3"], reg)  # nothing to add to
    with pytest.raises(UsageError):
        parse_setting("city+=西安", reg)


def test_later_sets_win(reg, base):
    settings = [parse_setting("revenue_wan=1", reg), parse_setting("revenue_wan=2", reg)]
    assert apply_settings(base, settings, reg).values["revenue_wan"] == 2


def test_plan_to_sets():
    plan = {"changes": [{"field": "rd_expense_wan", "to": 2575.01}, {"field": "titles", "to": ["高新技术企业", "硬科技企业"]},
                        {"field": "has_three_firsts_product", "to": True}, {"field": "rd_expense_prior_year_wan", "to": None}]}
    assert plan_to_sets(plan) == ["rd_expense_wan=2575.01", "titles=高新技术企业,硬科技企业",
                                  "has_three_firsts_product=true"]


@pytest.fixture
def firm(tmp_path):
    p = tmp_path / "firm.yaml"
    p.write_text("type: enterprise\nname: 测试光电\ncity: 西安市\nrevenue_wan: 51500\nrd_expense_wan: 2163\n",
                 encoding="utf-8")
    return p


def _status(output: str, rid: str) -> str:
    return {r["id"]: r["status"] for r in json.loads(output)["results"]}[rid]


def test_check_with_set(mini_dir, firm):
    args = ["check", str(firm), "--rules", str(mini_dir), "--no-shipped", "--as-of", "2026-06-01", "--format", "json"]
    r = CliRunner().invoke(main, args)
    assert _status(r.output, "mini.shuangwu") == "not_applicable"
    r = CliRunner().invoke(main, args + ["--set", "研发费用=2575.01"])
    assert r.exit_code == 0, r.output
    assert _status(r.output, "mini.shuangwu") == "applies"
    assert json.loads(r.output)["profile"]["values"]["rd_expense_wan"] == 2575.01
    r = CliRunner().invoke(main, args + ["--set", "研发费用=2575"])
    assert _status(r.output, "mini.shuangwu") == "not_applicable"  # strictly more than 5%
    assert firm.read_text(encoding="utf-8").count("2163") == 1  # the file is not edited


def test_check_with_bad_set_exits_2(mini_dir, firm):
    r = CliRunner().invoke(main, ["check", str(firm), "--rules", str(mini_dir), "--no-shipped", "--set", "营业收入=很多"])
    assert r.exit_code == 2
    assert "营业收入（万元）：应为数字" in r.output and "很多" in r.output and "Traceback" not in r.output


def test_gaps_with_set(mini_dir, firm):
    r = CliRunner().invoke(main, ["gaps", str(firm), "--rules", str(mini_dir), "--no-shipped", "--as-of", "2026-06-01",
                                  "--format", "json", "--set", "rd_expense_wan=2500"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["sets"] == ["rd_expense_wan=2500"]
    plan = next(p for p in data["gaps"] if p["rule_id"] == "mini.shuangwu")
    assert plan["changes"][0]["from"] == 2500 and plan["changes"][0]["delta"] == 75.01


def test_sample_startup_gets_city(reg):
    sample = ROOT / "samples" / "enterprise-startup-incomplete.yaml"
    r = CliRunner().invoke(main, ["check", str(sample), "--as-of", "2026-06-01", "--format", "json",
                                  "--pack", "xa-hardtech-2024", "--set", "city=西安市"])
    assert r.exit_code == 0, r.output
    assert _status(r.output, "xa-hardtech-2024.m06-talent") == "applies"
