"""Decision records: ``--log`` writes one masked JSON line per decision; ``xacheck replay`` evaluates it
again and says same, or changed and which pack change caused it."""
from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from xacheck.cli import main

from .conftest import ROOT

OPTICS = ROOT / "samples/enterprise-optics.yaml"
DAY = "2026-12-02"


def run(*args):
    return CliRunner().invoke(main, [*map(str, args)])


def logged(tmp_path, *extra) -> tuple:
    log = tmp_path / "decisions.jsonl"
    res = run("check", OPTICS, "--as-of", DAY, "--log", log, *extra)
    assert res.exit_code == 0, res.output
    return log, json.loads(log.read_text(encoding="utf-8").splitlines()[-1])


def test_log_record_names_packs_and_masks_identities(tmp_path):
    log, rec = logged(tmp_path)
    assert rec["record"] == "xacheck-decision/1" and rec["command"] == "check"
    dec = rec["decision"]
    assert dec["as_of"] == DAY and len(dec["packs"]) == 8 and all(len(p["sha256"]) == 64 for p in dec["packs"])
    assert rec["profile"]["name"] != "西安曦芒光电科技有限公司" and rec["masked"] == ["name"]
    assert rec["profile"]["rd_expense_wan"] == "2163"                       # exact, as text
    statuses = {r["id"]: r["status"] for r in rec["results"]}
    assert statuses["xa-hardtech-2024.m05-three-firsts"] == "applies"
    _, rec2 = logged(tmp_path, "--log-identities")
    assert rec2["profile"]["name"] == "西安曦芒光电科技有限公司" and rec2["masked"] == []
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2         # appended, one line each


def test_replay_same_then_changed_when_the_window_closes(tmp_path):
    log, _ = logged(tmp_path)
    res = run("replay", log, "--lang", "en")
    assert res.exit_code == 0 and res.stdout.splitlines()[0] == "same"
    res = run("replay", log, "--as-of", "2027-01-01", "--lang", "en")
    assert res.exit_code == 1
    assert res.stdout.splitlines()[0] == "changed: xa-hardtech-2024 expired"
    assert "xa-hardtech-2024.m05-three-firsts  applies -> expired" in res.stdout
    res = run("replay", log, "--as-of", "2027-01-01")
    assert res.stdout.startswith("已变化：xa-hardtech-2024 已失效")


def test_replay_names_a_pack_edited_after_logging(tmp_path):
    log, _ = logged(tmp_path)
    rules = tmp_path / "rules"
    rules.mkdir()
    src = (ROOT / "xacheck/measures/xa-hardtech-2024.yaml").read_text(encoding="utf-8")
    # an edit that does not change the answer is still named
    (rules / "xa-hardtech-2024.yaml").write_text(src + "\n# a comment added later\n", encoding="utf-8")
    res = run("replay", log, "--rules", rules, "--lang", "en")
    assert res.exit_code == 0 and res.stdout.startswith("same")
    assert "xa-hardtech-2024 edited since the decision" in res.stdout
    # an edit that changes it is the cause of the change
    edited = src.replace('version: "2026.1"', 'version: "2026.2"').replace("valid_until: 2026-12-31", "valid_until: 2026-11-30", 1)
    assert edited != src
    (rules / "xa-hardtech-2024.yaml").write_text(edited, encoding="utf-8")
    res = run("replay", log, "--rules", rules, "--lang", "en")
    assert res.exit_code == 1
    assert res.stdout.splitlines()[0] == "changed: xa-hardtech-2024 edited"
    assert "version 2026.1 -> 2026.2" in res.stdout


def test_a_json_answer_replays_too(tmp_path):
    res = run("check", OPTICS, "--as-of", DAY, "--format", "json")
    answer = tmp_path / "answer.json"
    answer.write_text(res.stdout, encoding="utf-8")
    res = run("replay", answer, "--lang", "en", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["same"] is True and data["profile_verified"] is True


def test_bad_records_are_refused_naming_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"record": "xacheck-decision/1"}\nnot json\n', encoding="utf-8")
    res = run("replay", bad, "--lang", "en")
    assert res.exit_code == 2 and "line 2" in res.output
    res = run("replay", bad)  # (Chinese by default, as every message a user reads)
    assert res.exit_code == 2 and "bad.jsonl:2:1" in res.output and "第 2 行不是 JSON" in res.output
    bad.write_text('{"hello": 1}\n', encoding="utf-8")
    res = run("replay", bad, "--lang", "en")
    assert res.exit_code == 2 and "not a decision record" in res.output


def test_log_never_over_an_input(tmp_path):
    prof = tmp_path / "p.yaml"
    shutil.copy(OPTICS, prof)
    res = run("check", prof, "--as-of", DAY, "--log", prof)
    assert res.exit_code == 2 and prof.read_text(encoding="utf-8") == OPTICS.read_text(encoding="utf-8")
