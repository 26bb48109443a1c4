"""The command line end to end: outputs, languages, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from .conftest import MINI_PACK


@pytest.fixture
def profile(tmp_path):
    p = tmp_path / "firm.yaml"
    p.write_text("type: enterprise\nname: 测试光电\ncity: 西安市\nrevenue_wan: 51500\nrd_expense_wan: 2163\n",
                 encoding="utf-8")
    return p


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_check_json_shape(mini_dir, profile):
    res = invoke("check", profile, "--rules", mini_dir, "--no-shipped", "--format", "json", "--as-of", "2026-12-31")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["as_of"] == "2026-12-31"
    assert set(data) >= {"profile", "as_of", "results"}
    sw = next(r for r in data["results"] if r["id"] == "mini.shuangwu")
    for key in ("pack", "id", "kind", "status", "supports", "thresholds", "missing", "deadline", "days_left", "source"):
        assert key in sw
    assert sw["status"] == "not_applicable" and sw["days_left"] == 0 and sw["deadline_soon"] is True
    assert set(sw["source"]) >= {"doc", "clause", "quote"}
    th = next(t for t in sw["thresholds"] if t["field"] == "rd_intensity")
    assert set(th) >= {"field", "op", "required", "actual", "gap"}
    assert th["gap_in"] == {"field": "rd_expense_wan", "amount": 412}


def test_check_text_zh_and_en(mini_dir, profile):
    zh = invoke("check", profile, "--rules", mini_dir, "--no-shipped", "--as-of", "2026-06-01", "--all")
    assert zh.exit_code == 0
    assert "需评审认定" in zh.output and "412 万元" in zh.output and "差 0.8 个百分点" in zh.output
    en = invoke("check", profile, "--rules", mini_dir, "--no-shipped", "--as-of", "2026-06-01", "--lang", "en", "--all")
    assert "needs assessment" in en.output and "short by 0.8 points" in en.output


def test_check_markdown(mini_dir, profile):
    res = invoke("check", profile, "--rules", mini_dir, "--no-shipped", "--format", "markdown", "--as-of", "2026-06-01",
                 "--all")
    assert res.exit_code == 0
    assert res.output.startswith("# 测试光电")
    assert "| 需评审认定 | （四） | 重点支持 |" in res.output


def test_expired_day_after(mini_dir, profile):
    res = invoke("check", profile, "--rules", mini_dir, "--no-shipped", "--format", "json", "--as-of", "2027-01-01")
    statuses = {r["id"]: r["status"] for r in json.loads(res.output)["results"]}
    assert statuses == {"mini.shuangwu": "expired", "mini.xian-qualitative": "expired"}


def test_bad_profile_exit_2_with_place(tmp_path, mini_dir):
    p = tmp_path / "bad.yaml"
    p.write_text("type: enterprise\nrevenue_wan: [1, 2\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(p)])
    assert res.exit_code == 2
    assert f"{p}:3" in res.output and "XA001" in res.output


def test_bad_rule_pack_exit_2(tmp_path, profile):
    d = tmp_path / "r"
    d.mkdir()
    text = MINI_PACK.replace("rd_intensity > 5%", "rd_intensty > 5%")
    line = text.splitlines().index("      - rd_intensty > 5%") + 1
    (d / "x.yaml").write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(profile), "--rules", str(d)])
    assert res.exit_code == 2
    assert "XA112" in res.output and "did you mean 'rd_intensity'" in res.output
    assert f"x.yaml:{line}:9:" in res.output


def test_missing_profile_file(tmp_path):
    res = CliRunner().invoke(main, ["check", str(tmp_path / "nope.yaml")])
    assert res.exit_code == 2 and "无法读取文件：文件不存在" in res.output


def test_unknown_pack_suggests(profile):
    res = CliRunner().invoke(main, ["check", str(profile), "--pack", "xa-hardtech"])
    assert res.exit_code == 2 and "xa-hardtech-2024" in res.output


def test_schema_commands():
    rules = json.loads(invoke("schema", "rules").output)
    assert rules["title"] == "xacheck rule pack"
    prof = json.loads(invoke("schema", "profile").output)
    assert prof["properties"]["revenue_wan"]["title"] == "营业收入（万元）"


def test_installed_entry_point_runs_from_any_directory(tmp_path):
    # the packs ship inside the package: no need to run from the repository
    out = subprocess.run([sys.executable, "-m", "xacheck", "measures", "list", "--format", "json"],
                         cwd=tmp_path, capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert len(data["rules"]) > 50
