"""`xacheck init`: the questions the packs use, most decisive first, driven through the real prompts."""
from __future__ import annotations

import datetime as dt

import pytest
import yaml
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.fields import default_registry
from xacheck.packs import load_packs
from xacheck.profiles import load_profile
from xacheck.questionnaire import Questionnaire

AS_OF = "2026-11-22"
XIAN_ONLY = ("拥有本市创新产出的“三首”产品", "龙头企业")  # fields only Xi'an-seated rules use


def run_init(args, answers, tmp_path=None):
    text = "\n".join(answers) + "\n" * 200   # then Enter (skip) until the questions run out
    return CliRunner().invoke(main, ["init", "--as-of", AS_OF, *map(str, args)], input=text,
                              catch_exceptions=False)


def questions(output: str) -> list[str]:
    return [line.split(". ", 1)[1] for line in output.splitlines() if line[:1].isdigit() and ". " in line[:5]]


@pytest.fixture(scope="module")
def q_factory():
    packs, reg = load_packs(), default_registry()
    return lambda **values: Questionnaire(packs, reg, dt.date(2026, 11, 22), values=dict(values))


def test_most_decisive_first(q_factory):
    q = q_factory(type="enterprise")
    first = q.next_question()
    assert first.field.key == "city" and first.live >= 15
    q.answer("city", "西安市")
    assert q.next_question().field.key == "zone"


def test_no_rd_questions_outside_xian(q_factory):
    q = q_factory(type="enterprise", city="宝鸡市")
    cands = q.candidates()
    keys = [c.field.key for c in cands]
    assert "city" not in keys
    # Xi'an-only questions are gone: R&D growth, 三首 products …
    assert "has_three_firsts_product" not in keys
    # … and whatever is still asked, is asked for rules that do not require a seat in Xi'an
    by_id = {r.id: r for p in q.packs for r in p.rules}
    for c in cands:
        for rid in c.rules:
            assert not any("city == '西安市'" in w.text for w in by_id[rid].when), (c.field.key, rid)
    inside = q_factory(type="enterprise", city="西安市")
    assert {"revenue_wan", "rd_expense_wan", "rd_expense_prior_year_wan"} <= {c.field.key for c in inside.candidates()}


def test_answers_close_rules(q_factory):
    q = q_factory(type="enterprise", city="西安市")
    assert q.answer("revenue_wan", "30000万元") is None        # the unit may be typed
    keys = {c.field.key for c in q.candidates()}
    # 双五 needs revenue > 5亿 first: at 3亿 its R&D question is not asked on its behalf
    rd = next(c for c in q.candidates() if c.field.key == "rd_expense_wan")
    assert "xa-14fyp.p-double-five" not in rd.rules
    assert "revenue_wan" not in keys


def test_bad_answer_is_refused(q_factory):
    q = q_factory(type="enterprise")
    assert "number" in q.answer("employees", "很多")
    assert "employees" not in q.values
    assert q.answer("chain_role", "1") is None and q.values["chain_role"] == "链主企业"
    assert q.answer("titles", "1、4") is None and q.values["titles"] == ("高新技术企业", "专精特新中小企业")
    assert q.answer("terminal_products", "无") is None and q.values["terminal_products"] == ()


def test_region_asks_region_period_then_figures(q_factory):
    q = q_factory(type="region")
    assert q.next_question().field.key == "region"
    q.answer("region", "西安市")
    assert q.next_question().field.key == "period"
    q.answer("period", "2024")
    keys = [c.field.key for c in q.candidates()]
    assert "rd_gdp_pct" in keys and "fortune500_firms_count" not in keys   # 高新区 targets are not 西安市's


def test_cli_outside_xian_writes_a_profile(tmp_path):
    out = tmp_path / "p.yaml"
    res = run_init(["-o", out], ["1", "宝鸡钛锐新材料有限公司", "宝鸡"])
    assert res.exit_code == 0, res.output
    asked = questions(res.output)
    # no rule reads the district of a firm outside Xi'an (高新区 rules ask for Xi'an's zone): not asked
    assert asked[0].startswith("所在城市") and not [a for a in asked if a.startswith(("所在区县", "所在开发区"))]
    assert not [a for a in asked if a.startswith(XIAN_ONLY)]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# xacheck")
    assert "# 所在城市" in text and "city: 宝鸡市" in text
    assert "# titles:" in text                           # skipped questions are listed, commented out
    prof = load_profile(str(out))
    assert prof.values["name"] == "宝鸡钛锐新材料有限公司" and prof.values["city"] == "宝鸡市"  # 宝鸡 read as the city


def test_cli_xian_asks_rd_and_checks(tmp_path):
    # a user reading the prompts answers the R&D question when it comes: with every earlier question
    # skipped the path is the same as in a probe run, so the probe tells where it comes
    src = tmp_path / "firm.yaml"
    src.write_text("type: enterprise\nname: 西安测试光电\ncity: 西安市\ndistrict: 西安高新区\nrevenue_wan: 51500\n",
                   encoding="utf-8")
    asked = questions(run_init(["--from", src], []).output)
    i_rd = next(i for i, a in enumerate(asked) if a.startswith("研发费用"))
    out = tmp_path / "p.yaml"
    res = run_init(["--from", src, "-o", out], [""] * i_rd + ["2163"])
    assert res.exit_code == 0, res.output
    prof = load_profile(str(out))
    assert prof.values["revenue_wan"] == 51500 and prof.values["rd_expense_wan"] == 2163
    check = CliRunner().invoke(main, ["check", str(out), "--as-of", "2025-06-01", "--format", "json"])
    assert check.exit_code == 0
    assert '"xa-14fyp.p-double-five"' in check.stdout


def test_cli_reasks_after_a_bad_answer(tmp_path):
    head = ["名字", "西安市", "西安高新区"]
    probe = questions(run_init(["--type", "enterprise"], head).output)
    i = next(k for k, a in enumerate(probe) if a.startswith("龙头企业"))   # a yes/no question
    skips = [""] * (i - len(head) + 1)  # the name prompt is not numbered
    res = run_init(["--type", "enterprise"], head + skips + ["maybe", "是"])
    assert res.exit_code == 0, res.output
    assert "请重新输入" in res.output
    data = yaml.safe_load(res.stdout)
    assert data["is_leading_enterprise"] is True


def test_cli_quit_early(tmp_path):
    res = run_init(["--type", "enterprise"], ["名字", "西安市", "q"])
    assert res.exit_code == 0
    data = yaml.safe_load(res.stdout)
    assert data == {"type": "enterprise", "name": "名字", "city": "西安市"}


def test_cli_from_asks_only_what_is_missing(tmp_path):
    body = ("# 我们的客户档案\ntype: enterprise\nname: 西安某光电\ncity: 西安市\nrevenue_wan:\n"
            "district: 西安高新区\nis_leading_enterprise: false\n")
    probe_src = tmp_path / "probe.yaml"
    probe_src.write_text(body, encoding="utf-8")
    asked = questions(run_init(["--from", probe_src], []).output)
    assert not [a for a in asked if a.startswith(("所在城市", "所在区县", "龙头企业", "主体类型", "名称"))]
    i_rev = next(i for i, a in enumerate(asked) if a.startswith("营业收入"))   # given empty: still missing
    src = tmp_path / "firm.yaml"
    src.write_text(body, encoding="utf-8")
    res = run_init(["--from", src, "-o", src], [""] * i_rev + ["80000"])
    assert res.exit_code == 0, res.output
    text = src.read_text(encoding="utf-8")
    assert text.startswith("# 我们的客户档案\n")         # the user's comments are kept
    assert "由 `xacheck init --from`" in text and "revenue_wan: 80000" in text
    prof = load_profile(str(src))                        # still valid: the empty key is not given twice
    assert prof.values["city"] == "西安市" and prof.values["is_leading_enterprise"] is False
    assert prof.values["revenue_wan"] == 80000


def test_cli_end_of_input_keeps_the_answers(tmp_path):
    out = tmp_path / "p.yaml"
    res = CliRunner().invoke(main, ["init", "-o", str(out)], input="1\n名字\n")
    assert res.exit_code == 0 and "输入已结束" in res.output
    assert load_profile(str(out)).values["name"] == "名字"


def test_cli_refuses_to_overwrite(tmp_path):
    out = tmp_path / "p.yaml"
    out.write_text("type: enterprise\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["init", "-o", str(out)], input="\n")
    assert res.exit_code == 2 and "--force" in res.output
