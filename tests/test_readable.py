"""Answers a non-programmer reads (issue 13): the first view, renewals warned in time, one language per
run, errors all at once, the questionnaire that keeps what was typed, files as people expect, tables
that line up, and the parsed-pack cache that must not trust what it reads."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from .conftest import ROOT

OPTICS = ROOT / "samples/enterprise-optics.yaml"   # 高企 since 2023-12-12: lapses 2026-12-11
RULE_ID = re.compile(r"\b(?:xa|natl)-[a-z0-9-]+\.[a-z0-9-]+\b")


def cli(*args, input=None, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, env=env, prog_name="xacheck")


# --------------------------------------------------------------------------- the first view

def test_first_view_leads_with_claims_nearest_and_the_renewal():
    res = cli("check", OPTICS, "--as-of", "2026-12-02")
    assert res.exit_code == 0, res.output
    out = res.stdout
    lines = out.splitlines()
    assert len(lines) <= 60, f"{len(lines)} lines: more than a screen or two"
    heads = [i for i, line in enumerate(lines) if line.startswith("── ")]
    assert [lines[i].split(" (")[0] for i in heads] == ["── 现在可享受", "── 最近的机会", "── 即将到期或需复审"]
    assert "高新技术企业 2026-12-11 到期（剩余 9 天）：请立即准备重新认定申请" in out
    assert "提前 180 天提醒" in out                                      # and where the lead comes from
    assert lines[-1].startswith("另已核对：") and "已失效 22" in lines[-1]  # the rest: one line
    assert not RULE_ID.search(out), RULE_ID.search(out)                  # no internal ids …
    assert "“发布人工智能" not in out                                     # … no quotes in the first view
    assert "rd_expense_wan" not in out


def test_all_is_the_audit_list_with_quotes_ids_and_expired():
    out = cli("check", OPTICS, "--as-of", "2026-12-02", "--all").stdout
    assert "── 已失效 (22)" in out and "xa-hardtech-2024.m04-scenarios" in out
    assert "“发布人工智能、无人系统" in out                                  # the clause quoted
    assert "⚠ 高新技术企业 2026-12-11 到期" in out


def test_quotes_on_request_in_the_first_view():
    out = cli("check", OPTICS, "--as-of", "2026-12-02", "--quotes").stdout
    assert "《西安市加快推进硬科技产业化发展若干措施》（四）  原文：“发布人工智能" in out
    assert not RULE_ID.search(out)


@pytest.mark.parametrize("as_of, lead, warned", [
    ("2026-06-14", None, True),    # 180 days before the lapse: warned
    ("2026-06-13", None, False),   # 181 days before: not yet
    ("2026-11-01", "30", False),   # --renew-lead 30: 40 days before is not yet
    ("2026-11-11", "30", True),
])
def test_renewal_lead(as_of, lead, warned):
    args = ["check", OPTICS, "--as-of", as_of] + (["--renew-lead", lead] if lead else [])
    out = cli(*args).stdout
    assert ("高新技术企业 2026-12-11 到期" in out) is warned, out[-600:]


def test_a_one_year_title_is_warned_a_quarter_of_its_life_ahead():
    from xacheck.titles import lead_for

    assert lead_for(3) == 180 and lead_for(1) == 91 and lead_for(1, 10) == 10


def test_markdown_keeps_the_renewal_warning():
    for extra in ([], ["--all"]):
        md = cli("check", OPTICS, "--as-of", "2026-12-02", "--format", "markdown", *extra).stdout
        assert "## 即将到期或需复审 (2)" in md
        assert "**高新技术企业 2026-12-11 到期（剩余 9 天）：请立即准备重新认定申请**" in md


def test_json_carries_the_warnings_and_the_lead():
    data = json.loads(cli("check", OPTICS, "--as-of", "2026-12-02", "--format", "json").stdout)
    first = data["alerts"][0]
    assert (first["kind"], first["title"], first["days_left"], first["lead_days"]) == ("title_lapses", "高新技术企业", 9, 180)
    assert data["titles"][0]["renew_by"] == "2026-06-14"


def test_region_first_view_says_no_current_figure_not_on_track():
    out = cli("check", ROOT / "samples/region-xian-2020.yaml", "--as-of", "2024-06-01").stdout
    assert "无当期数据" in out and "进度正常" not in out


# --------------------------------------------------------------------------- one language per run

def test_language_from_option_env_and_locale(monkeypatch):
    from xacheck.i18n import lang_from_env

    assert lang_from_env({}) == "zh"
    assert lang_from_env({"LANG": "en_US.UTF-8"}) == "en"
    assert lang_from_env({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}) == "zh"   # LC_ALL wins
    assert lang_from_env({"XACHECK_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}) == "en"     # then XACHECK_LANG
    assert lang_from_env({"LC_ALL": "C.UTF-8"}) == "zh"
    assert "用法" in cli("check", "--help", env={"XACHECK_LANG": None, "LC_ALL": "C.UTF-8"}).output
    assert "Usage" in cli("check", "--help", env={"XACHECK_LANG": "en"}).output
    assert "Usage" in cli("check", "--help", env={"LC_ALL": "en_US.UTF-8"}).output
    assert "用法" in cli("--lang", "zh", "check", "--help", env={"XACHECK_LANG": "en"}).output
    assert "Usage" in cli("check", "--help", "--lang", "en").output               # anywhere on the line


def test_help_speaks_the_chosen_language():
    zh = cli("--lang", "zh", "check", "--help").output
    assert "按该日期评估（默认：今天）。" in zh and "显示本帮助并退出。" in zh and "Evaluate" not in zh
    en = cli("--lang", "en", "check", "--help").output
    assert "Evaluate as of this day (default: today)." in en and "显示" not in en


def test_a_bad_profile_speaks_the_chosen_language_and_says_everything_at_once(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("type: enterprise\nname: 测试\nrevenue_wan: 五万\nrd_intensity: 5%\nrevenu_wan: 1\n", encoding="utf-8")
    zh = cli("check", bad)
    assert zh.exit_code == 2
    lines = zh.stderr.strip().splitlines()
    assert [re.search(r"bad\.yaml:(\d+):", line).group(1) for line in lines] == ["3", "4", "5"]  # each with its line
    assert "营业收入（万元）：应为数字，单位 万元，实际为 “五万”" in lines[0]
    assert "研发投入强度由研发费用（万元）、营业收入（万元）计算得出" in lines[1]   # derived: computed from
    assert "（是否想写 “revenue_wan”？）" in lines[2]
    en = cli("--lang", "en", "check", bad).stderr
    assert "Operating revenue (10k CNY): expected a number in 万元, got '五万'" in en
    assert "R&D intensity is computed from R&D expense (10k CNY), Operating revenue (10k CNY)" in en


def test_did_you_mean_never_names_the_same_field(reg):
    from xacheck.profiles import unknown_key_message

    for name in ("rd_intensity", "研发投入强度"):
        message = unknown_key_message(name, reg)
        assert "did you mean" not in message and "computed from" in message
    assert reg.suggest_field("revenue_wan") != "revenue_wan"
    assert reg.suggest_field("revenu_wan") == "revenue_wan"


def test_a_bad_batch_cell_speaks_the_chosen_language(tmp_path):
    pytest.importorskip("polars")
    src = tmp_path / "c.csv"
    src.write_text("名称,营业收入（万元）,所在城市\n甲公司,五万,西安市\n", encoding="utf-8")
    for lang, said in (("zh", "营业收入（万元）：应为数字"), ("en", "营业收入（万元）: expected a number")):
        out = tmp_path / f"o-{lang}.csv"
        res = cli("--lang", lang, "batch", src, "-o", out, "--as-of", "2026-06-01", "--pack", "xa-14fyp")
        assert res.exit_code == 1
        cells = out.read_text(encoding="utf-8-sig")
        assert said in cells, cells


# --------------------------------------------------------------------------- the questionnaire

def test_init_keeps_the_answers_when_the_input_ends(tmp_path):
    out = tmp_path / "p.yaml"
    res = cli("init", "--as-of", "2026-12-02", "-o", out, input="1\n测试公司\n西安市\n")
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "name: 测试公司" in text and "city: 西安市" in text
    assert f"继续作答请运行 xacheck init --from {out} -o {out}" in res.stderr
    again = cli("init", "--as-of", "2026-12-02", "--from", out, "-o", out, input="西安高新区\n")
    assert again.exit_code == 0 and "zone: 西安高新区" in out.read_text(encoding="utf-8")   # asked what is missing


def test_init_keeps_the_answers_on_ctrl_c(tmp_path, monkeypatch):
    answers = iter(["1", "测试公司", "西安市"])

    def typed(prompt=""):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr("builtins.input", typed)
    out = tmp_path / "p.yaml"
    res = cli("init", "--as-of", "2026-12-02", "-o", out)
    assert res.exit_code == 130
    assert "city: 西安市" in out.read_text(encoding="utf-8") and "已中断" in res.stderr


def test_init_with_nothing_answered_writes_nothing(tmp_path):
    out = tmp_path / "p.yaml"
    res = cli("init", "-o", out, input="")
    assert res.exit_code == 1 and "尚未回答任何问题，未写入" in res.stderr and not out.exists()


def test_init_prompts_carry_no_field_keys_or_author_notes(tmp_path):
    res = cli("init", "--as-of", "2026-12-02", "--type", "enterprise", input="名字\n西安市\n" + "\n" * 80)
    prompts = res.stderr
    assert "营业收入（万元）（上一会计年度）" in prompts
    for leak in ("rd_expense_wan", "参考资料", "文件未给出", "needs_assessment"):
        assert leak not in prompts, leak


def test_init_validation_speaks_the_questionnaires_language():
    res = cli("--lang", "en", "init", "--as-of", "2026-12-02", "--type", "enterprise",
              input="Name\nXi'an\n\nlots\n" + "\n" * 80)
    assert "expected a number in 万元, got 'lots' (e.g. 1234.5" in res.stderr and "try again" in res.stderr


# --------------------------------------------------------------------------- files and terminals

@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_honour_the_umask(tmp_path, mask, mode):
    from xacheck.atomic import write_atomic

    old = os.umask(mask)
    try:
        write_atomic(tmp_path / "r.html", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.html").stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path):
    from xacheck.atomic import write_atomic

    out = tmp_path / "r.html"
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, "new")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text() == "new"


def test_chinese_columns_line_up():
    """Each row's title starts at the display column of the 名称 heading (a Chinese character is two
    columns wide; without wide-character support tabulate pads by characters and the columns drift)."""
    from wcwidth import wcswidth

    lines = cli("measures", "list", "--pack", "xa-14fyp").stdout.splitlines()
    rules = json.loads(cli("measures", "list", "--pack", "xa-14fyp", "--format", "json").stdout)["rules"]
    head = lines[0]
    at = wcswidth(head[:head.index("名称")])
    for r in rules:
        line = next(x for x in lines[2:] if x.startswith(r["id"] + " "))
        after_clause = line.index(r["source"]["clause"], len(r["id"])) + len(r["source"]["clause"])
        assert wcswidth(line[:line.index(r["title"], after_clause)]) == at, line


def test_wrapped_lines_keep_their_indent():
    from xacheck.evaluate import evaluate_profile
    from xacheck.fields import default_registry
    from xacheck.packs import load_packs
    from xacheck.profiles import load_profile
    from xacheck.render import CheckReport
    from xacheck.render.text import render

    reg = default_registry()
    packs = load_packs(reg=reg)
    prof = load_profile(str(OPTICS), reg)
    res = evaluate_profile(packs, prof, dt.date(2026, 12, 2), reg)
    text = render(CheckReport(prof, dt.date(2026, 12, 2), res, reg, {p.id: p for p in packs}), "zh",
                  color=False, width=50)
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("    政府首购首用"))   # a long supports line
    assert lines[i + 1].startswith("    ") and lines[i + 1].strip(), lines[i:i + 3]


# --------------------------------------------------------------------------- the parsed-pack cache

@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("XACHECK_CACHE_DIR", str(d))
    return d


PACK = ROOT / "xacheck/measures/natl-hnte.yaml"


def test_cache_gives_what_parsing_gives(cache):
    from xacheck.yamlcache import load_yaml_file_cached
    from xacheck.yamlsafe import load_yaml_file

    fresh = load_yaml_file(str(PACK))
    first = load_yaml_file_cached(str(PACK))
    entries = list(cache.glob("*.json"))
    assert len(entries) == 1 and stat.S_IMODE(cache.stat().st_mode) == 0o700
    again = load_yaml_file_cached(str(PACK))
    assert again.data == first.data == fresh.data and again.positions == fresh.positions
    assert again.where(("rules", 0, "when", 1)) == fresh.where(("rules", 0, "when", 1))


def _tampered(cache, change):
    from xacheck.yamlcache import load_yaml_file_cached

    load_yaml_file_cached(str(PACK))
    entry = next(cache.glob("*.json"))
    change(entry)
    return load_yaml_file_cached(str(PACK)).data


def test_cache_entry_others_can_write_is_not_read(cache):
    from xacheck.yamlsafe import load_yaml_file

    def poison(entry):
        obj = json.loads(entry.read_text(encoding="utf-8"))
        obj["data"]["pack"] = "poisoned"
        entry.write_text(json.dumps(obj), encoding="utf-8")
        entry.chmod(0o666)

    assert _tampered(cache, poison)["pack"] == load_yaml_file(str(PACK)).data["pack"] == "natl-hnte"


def test_cache_entry_that_is_a_symlink_or_garbage_is_not_read(cache, tmp_path):
    elsewhere = tmp_path / "evil.json"
    elsewhere.write_text('{"format": 1}', encoding="utf-8")

    def link(entry):
        entry.unlink()
        entry.symlink_to(elsewhere)

    assert _tampered(cache, link)["pack"] == "natl-hnte"
    assert _tampered(cache, lambda e: e.write_text("{not json", encoding="utf-8"))["pack"] == "natl-hnte"
    assert _tampered(cache, lambda e: e.write_text('{"format": 1, "key": "x", "data": {}}', encoding="utf-8"))["pack"] == "natl-hnte"


def test_cache_in_a_folder_others_can_write_is_not_used(cache):
    from xacheck.yamlcache import load_yaml_file_cached

    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    load_yaml_file_cached(str(PACK))
    assert list(cache.iterdir()) == []   # neither read nor written


def test_cache_off(cache, monkeypatch):
    from xacheck.yamlcache import load_yaml_file_cached

    monkeypatch.setenv("XACHECK_NO_CACHE", "1")
    load_yaml_file_cached(str(PACK))
    assert not cache.exists()
