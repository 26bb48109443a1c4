"""`xacheck validate`: the broken-file corpus (exact code, line, exit status), formats parsed back,
the quote matcher, the unit checker and the shipped packs."""
from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from xacheck import condition as c
from xacheck.cli import main
from xacheck.condcheck import check_condition
from xacheck.findings.codes import CODES
from xacheck.packs import shipped_pack_dir
from xacheck.quotes import fold, match_quote
from xacheck.validate import Validation

from .conftest import ROOT, SEEDS

CORPUS = ROOT / "tests" / "rules_corpus"
AS_OF = "2026-11-22"


def _expectation(entry: Path) -> tuple[Path, str, int | None]:
    files = sorted(entry.glob("*.yaml")) if entry.is_dir() else [entry]
    for f in files:
        head = f.read_text(encoding="utf-8").splitlines()[0]
        m = re.match(r"# expect: (\w+) line (\d+)", head)
        if m:
            return f, m.group(1), int(m.group(2))
    return files[0], "clean", None


ENTRIES = sorted(p for p in CORPUS.iterdir() if p.suffix == ".yaml" or p.is_dir())


def run(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def test_corpus_has_one_file_per_code():
    codes = {_expectation(e)[1] for e in ENTRIES} - {"clean"}
    assert len(ENTRIES) >= 20
    assert codes == set(CODES), f"codes without a corpus file: {sorted(set(CODES) - codes)}"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_corpus_entry(entry):
    """Each broken file yields exactly its finding, at its line, with the documented exit status."""
    target, code, line = _expectation(entry)
    res = run("--format", "json", "--strict", "--as-of", AS_OF, "--sources", str(SEEDS), str(entry))
    report = json.loads(res.output)
    got = [(f["code"], f["line"]) for f in report["findings"]]
    if code == "clean":
        assert got == [] and res.exit_code == 0
        return
    assert got == [(code, line)], report["findings"]
    assert report["findings"][0]["path"].endswith(target.name)
    # XW002 is an advance notice: reported, but it never fails a run, not even under --strict
    assert res.exit_code == (0 if code == "XW002" else 1)
    # without --strict a warning alone leaves the run clean
    if code.startswith("XW"):
        assert run("--as-of", AS_OF, "--sources", str(SEEDS), str(entry)).exit_code == 0


def test_text_format_is_path_line_col_code_message():
    res = run("--as-of", AS_OF, str(CORPUS / "XA112-unknown-field.yaml"))
    first = res.output.splitlines()[0]
    assert re.match(r"^.*XA112-unknown-field\.yaml:15:9: XA112 condition 'rd_intensty > 5%' names unknown field "
                    r"'rd_intensty' \(did you mean 'rd_intensity'\?\)$", first)
    assert "\033[" not in res.output  # not a terminal: no colour
    assert res.exit_code == 1


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    import io

    from xacheck.findings import use_color

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Tty()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Tty())


def test_json_format_parses_back():
    res = run("--format", "json", "--as-of", AS_OF, str(CORPUS / "XA105-unexpected-key.yaml"))
    data = json.loads(res.output)
    assert data["errors"] == 1 and data["ok"] is False and data["version"] == 1
    f = data["findings"][0]
    assert {k: f[k] for k in ("code", "severity", "line", "column")} == {"code": "XA105", "severity": "error",
                                                                       "line": 16, "column": 5}
    assert "did you mean 'supports'" in f["message"]


def test_github_format_is_workflow_commands():
    res = run("--format", "github", "--as-of", AS_OF, str(CORPUS / "XA110-condition-syntax.yaml"),
              str(CORPUS / "XW003-no-test.yaml"))
    lines = res.output.splitlines()
    err = next(l for l in lines if l.startswith("::error "))
    assert re.match(r"^::error file=[^,]*XA110-condition-syntax\.yaml,line=14,col=9,title=XA110::XA110 condition", err)
    assert any(l.startswith("::warning ") and "title=XW003" in l for l in lines)
    assert res.exit_code == 1


def test_github_escapes_newlines_and_percent():
    from xacheck.findings.github import command

    assert command("error", "50% done\nnext", "a,b:c.yaml", 3, 4, "T") == \
        "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=T::50%25 done%0Anext"


def test_junit_format_is_well_formed_and_holds_the_findings():
    res = run("--format", "junit", "--as-of", AS_OF, str(CORPUS / "XA141-test-file.yaml"),
              str(CORPUS / "ok-clean.yaml"))
    root = ET.fromstring(res.output)
    assert root.tag == "testsuites" and root.get("failures") == "1"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 2
    failing = [tc for tc in cases if tc.find("failure") is not None]
    assert len(failing) == 1 and failing[0].get("name").endswith("XA141-test-file.yaml")
    fail = failing[0].find("failure")
    assert fail.get("type") == "XA141" and ":4:5: XA141 " in fail.text


def test_sarif_format_has_the_2_1_0_shape():
    res = run("--format", "sarif", "--as-of", AS_OF, str(CORPUS / "XA141-test-file.yaml"),
              str(CORPUS / "XW004-one-sided-tests.yaml"))
    log = json.loads(res.output)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "xacheck" and {r["id"] for r in driver["rules"]} == {"XA141", "XW004"}
    by_rule = {r["ruleId"]: r for r in run_["results"]}
    err = by_rule["XA141"]
    assert err["level"] == "error" and driver["rules"][err["ruleIndex"]]["id"] == "XA141"
    region = err["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 4, "startColumn": 5}
    assert err["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("XA141-test-file.yaml")
    assert by_rule["XW004"]["level"] == "warning"
    assert "did you mean 'xa-hardtech-2024.m05-three-firsts'" in err["message"]["text"]


def test_output_file_option(tmp_path):
    out = tmp_path / "report.sarif"
    res = run("--format", "sarif", "-o", str(out), "--as-of", AS_OF, str(CORPUS / "ok-clean.yaml"))
    assert res.exit_code == 0 and res.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"] == []


def test_usage_errors_exit_2(tmp_path):
    assert run("--format", "yaml").exit_code == 2
    assert run(str(tmp_path / "missing.yaml")).exit_code == 2
    assert run("--as-of", "2026-13-01").exit_code == 2


# ---------------------------------------------------------------- shipped packs


def test_shipped_packs_validate_clean_with_strict():
    """`--strict` near the end of the hard-tech measures (2026-12-31): XW002 notices appear from
    November 2026 on; they are advance notices and do not fail a strict run. Quotes are checked against
    the documents shipped in xacheck/sources/ with no --sources."""
    res = run("--strict", "--as-of", AS_OF)
    assert res.exit_code == 0, res.output
    assert set(re.findall(r" (X[AW]\d{3}) ", res.output)) <= {"XW002"}
    res = run("--strict", "--as-of", "2026-06-01", "--format", "json")
    assert json.loads(res.output)["findings"] == []


def test_every_shipped_quote_is_found_in_its_source():
    v = Validation(_reg(), dt.date(2026, 6, 1)).run([shipped_pack_dir()])
    assert [f for f in v.findings if f.code in ("XA132", "XA133")] == []
    # the check ran: every pack's document was read from the shipped folder
    assert {p.document.file for p in v.packs} <= set(v.library._docs) and all(v.library._docs.values())


def _reg():
    from xacheck.fields import default_registry

    return default_registry()


# ---------------------------------------------------------------- quotes


DOC = "2020 年技术合同交易额达 1648 亿元，全市成果转化要素网络成型o加快吸弓I高端人才。\n（二）构建企业创新联合体\n支持行业龙头骨干企业\n\n1. 营收超5亿元的企业\n\n组建体系化、任务型的创新联合体，链接产业链。"


@pytest.mark.parametrize("quote", [
    "2020年技术合同交易额达1648亿元",                     # spaces in the source
    "全市成果转化要素网络成型。加快吸引高端人才。",          # OCR: o for 。, 弓I for 引
    "技术合同交易额达１６４８亿元",                        # full-width digits
    "技术合同交易额达1648亿元……加快吸引高端人才",           # elision
    "支持行业龙头骨干企业组建体系化、任务型的创新联合体",    # a footnote spliced into the page
    "构建企业创新联合体（第四章第三节（二）：链接产业链。）",  # an editorial reference to a further passage
    "全市成果转化要素网洛成型，加快吸引高端人才",            # one mistyped character in a long clause
])
def test_quote_found_despite_noise(quote):
    assert match_quote(quote, DOC).found


@pytest.mark.parametrize("quote", [
    "技术合同交易额达1748亿元",          # a wrong number
    "支持行业龙头骨干企业组建产业联盟",    # a different clause
])
def test_quote_not_found(quote):
    m = match_quote(quote, DOC)
    assert not m.found and m.missing


def test_fold():
    assert fold("吸弓I  高端，人才o加快") == "吸引高端人才加快"


# ---------------------------------------------------------------- types and units


@pytest.mark.parametrize("expr, code", [
    ("rd_gdp_pct >= 5%", "XA113"),          # percentage points vs a ratio literal: write 5
    ("rd_intensity > 5", "XA113"),          # a ratio vs a plain number above 1: write 5%
    ("revenue_wan > 5%", "XA113"),          # 万元 vs a ratio
    ("revenue_wan > tech_contract_turnover_yi", "XA113"),  # 万元 vs 亿元
    ("city > 5", "XA111"),
    ("revenue_wan", "XA111"),
    ("'x' in revenue_wan", "XA111"),
    ("institution_kind == '高效'", "XA114"),
    ("any_in(titles, ['高新技术企业', '高企'])", "XW005"),
])
def test_static_condition_problems(expr, code, reg):
    assert [p.code for p in check_condition(c.parse(expr), expr, reg)] == [code]


@pytest.mark.parametrize("expr", [
    "rd_gdp_pct >= 5", "rd_intensity > 5%", "rd_expense_wan / revenue_wan > 5%", "revenue_wan > 50000",
    "rd_intensity > 0.05 and revenue_wan > 50000", "institution_kind in ['高校', '科研院所']",
    "revenue_wan * 5% > rd_expense_wan", "years_between(established, as_of) <= 5",
])
def test_sound_conditions_pass(expr, reg):
    assert check_condition(c.parse(expr), expr, reg) == []
