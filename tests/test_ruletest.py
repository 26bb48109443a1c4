"""`xacheck test`: embedded and stand-alone cases, failures with expected vs actual, -k, formats."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from xacheck.cli import main

from .conftest import ROOT

CORPUS = ROOT / "tests" / "rules_corpus"
PACK = (CORPUS / "ok-clean.yaml").read_text(encoding="utf-8")

STANDALONE = """\
tests:
  - rule: corpus.shuangwu
    name: 刚好超过
    profile: {type: enterprise, revenue_wan: 50001, rd_expense_wan: 2600}
    expect: applies
  - rule: xa-hardtech-2024.m05-three-firsts
    name: 西安三首产品企业（内置规则）
    as_of: 2026-06-01
    profile: {type: enterprise, city: 西安市, has_three_firsts_product: true}
    expect: applies
"""


def run(*args: str):
    return CliRunner().invoke(main, ["test", *args])


def _folder(tmp_path: Path, tests: str = STANDALONE, pack: str = PACK) -> Path:
    d = tmp_path / "measures"
    d.mkdir(parents=True)
    (d / "corpus.yaml").write_text(pack, encoding="utf-8")
    (d / "corpus.tests.yaml").write_text(tests, encoding="utf-8")
    return d


def test_shipped_cases_pass():
    res = run()
    assert res.exit_code in (0, 1)  # the shipped cases are checked in test_shipped_packs; here: the summary
    assert " passed, " in res.output.splitlines()[-1]


def test_embedded_and_standalone_cases_run(tmp_path):
    res = run("-v", str(_folder(tmp_path)))
    assert res.exit_code == 0, res.output
    assert "ok   corpus.shuangwu::刚好超过" in res.output
    assert "ok   xa-hardtech-2024.m05-three-firsts::西安三首产品企业（内置规则）" in res.output
    assert res.output.splitlines()[-1] == "8 passed, 0 failed"


def test_failure_shows_expected_actual_and_explanation(tmp_path):
    bad = STANDALONE.replace("revenue_wan: 50001", "revenue_wan: 50000")
    res = run(str(_folder(tmp_path, bad)))
    assert res.exit_code == 1
    out = res.output
    assert "FAIL corpus.shuangwu::刚好超过" in out and "corpus.tests.yaml:2)" in out
    assert "status: expected applies, got not_applicable (false: revenue_wan > 50000)" in out
    assert "| rule corpus.shuangwu [programme] 脚注1 双五企业" in out
    assert "| when: revenue_wan > 50000" in out
    assert out.splitlines()[-1] == "7 passed, 1 failed"


def test_keyword_filter(tmp_path):
    res = run("-k", "刚好", "--format", "json", str(_folder(tmp_path)))
    data = json.loads(res.output)
    assert [c["name"] for c in data["cases"]] == ["corpus.shuangwu::刚好超过"] and data["passed"] == 1
    res = run("-k", "nothing-matches", str(_folder(tmp_path / "x")))
    assert res.exit_code == 1 and "no test cases match -k 'nothing-matches'" in res.output


def test_junit_format(tmp_path):
    bad = STANDALONE.replace("expect: applies\n  - rule: xa", "expect: unknown\n  - rule: xa")
    res = run("--format", "junit", str(_folder(tmp_path, bad)))
    assert res.exit_code == 1
    root = ET.fromstring(res.output)
    assert root.tag == "testsuites" and root.get("tests") == "8" and root.get("failures") == "1"
    failed = [tc for tc in root.iter("testcase") if tc.find("failure") is not None]
    assert len(failed) == 1
    tc = failed[0]
    assert tc.get("classname") == "corpus.shuangwu" and tc.get("name") == "刚好超过"
    assert tc.get("file").endswith("corpus.tests.yaml") and tc.get("line") == "2"
    assert "expected unknown, got applies" in tc.find("failure").get("message")


def test_github_format(tmp_path):
    bad = STANDALONE.replace("revenue_wan: 50001", "revenue_wan: 50000")
    res = run("--format", "github", str(_folder(tmp_path, bad)))
    first = res.output.splitlines()[0]
    assert first.startswith("::error file=") and "corpus.tests.yaml,line=2," in first
    assert "%0A" in first and "expected applies" in first


def test_unknown_rule_in_standalone_file_is_exit_2(tmp_path):
    res = run(str(_folder(tmp_path, STANDALONE.replace("rule: corpus.shuangwu", "rule: corpus.shuangw"))))
    assert res.exit_code == 2
    assert "XA141" in res.output and "did you mean 'corpus.shuangwu'" in res.output
