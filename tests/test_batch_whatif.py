"""`xacheck batch --set`: the same what-if for every row; exact thresholds in the columnar engine."""
from __future__ import annotations

import csv

from click.testing import CliRunner

from xacheck.cli import main


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "city", "营业收入（万元）", "研发费用（万元）", "has_three_firsts_product"])
        w.writerows(rows)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args] + ["--quiet", "--as-of", "2026-06-01"])


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def test_set_applies_to_every_row(tmp_path):
    src = tmp_path / "in.csv"
    write_csv(src, [["a", "西安市", "100", "10", "否"], ["b", "西安市", "200", "", ""], ["c", "宝鸡市", "300", "1", "是"]])
    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    assert run("batch", src, "-o", before).exit_code == 0
    res = run("batch", src, "-o", after, "--set", "has_three_firsts_product=是")
    assert res.exit_code == 0, res.output
    rule = "xa-hardtech-2024.m05-three-firsts"
    b, a = read(before), read(after)
    assert [b[k][rule] for k in "abc"] == ["not_applicable", "unknown", "not_applicable"]
    assert [a[k][rule] for k in "abc"] == ["applies", "applies", "not_applicable"]   # 宝鸡 stays outside Xi'an


def test_set_refuses_increments_and_unknown_fields(tmp_path):
    src = tmp_path / "in.csv"
    write_csv(src, [["a", "西安市", "100", "10", "否"]])
    res = run("batch", src, "-o", tmp_path / "o.csv", "--set", "revenue_wan+=5", "--lang", "en")
    assert res.exit_code == 2 and "FIELD=VALUE" in res.output
    res = run("batch", src, "-o", tmp_path / "o.csv", "--set", "revenu_wan=5")
    assert res.exit_code == 2 and "revenue_wan" in res.output


def test_exactly_five_percent_meets_not_lower_than_five_in_the_columnar_engine(tmp_path):
    # 2606.45 / 52129 is 0.049999999999999996 as floats; exactly 5% meets 不低于5% (band >= 5%: 40 points)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "p.yaml").write_text("""
pack: exact
title: {zh: 精确, en: Exact}
document: {file: national-criteria.md, title: 参考}
rules:
  - id: exact.rd5
    kind: programme
    clause: 附件
    title: {zh: 研发投入比例不低于5%, en: R&D at least 5%}
    quote: 研发投入比例不低于5%
    applies_to: [enterprise]
    when: ["rd_intensity >= 5%", "band(rd_intensity, [6%, 5%, 4%], [50, 40, 30, 0]) == 40"]
    tests:
      - {profile: {revenue_wan: 52129, rd_expense_wan: 2606.45}, expect: applies}
      - {profile: {revenue_wan: 52129, rd_expense_wan: 2606.44}, expect: not_applicable}
""", encoding="utf-8")
    src = tmp_path / "in.csv"
    write_csv(src, [["exact", "西安市", "52129", "2606.45", ""], ["below", "西安市", "52129", "2606.44", ""],
                    ["strict", "西安市", "86356.2", "4317.81", ""]])
    out = tmp_path / "o.csv"
    assert run("batch", src, "-o", out, "--rules", rules, "--no-shipped").exit_code == 0
    got = read(out)
    assert (got["exact"]["exact.rd5"], got["below"]["exact.rd5"], got["strict"]["exact.rd5"]) == \
        ("applies", "not_applicable", "applies")


def test_exact_age_in_days_matches_the_row_evaluator(tmp_path):
    # 瞪羚: "founded ≤ 15 years" is established >= add_years(as_of, -15): exact to the day in both engines
    import datetime as dt

    from xacheck.evaluate import evaluate_rule
    from xacheck.fields import default_registry
    from xacheck.packs import load_packs
    from xacheck.profiles import profile_from_mapping

    reg = default_registry()
    rule = next(r for p in load_packs() for r in p.rules if r.id == "xa-gazelle.criteria")
    src = tmp_path / "in.csv"
    base = {"city": "西安市", "titles": "科技型中小企业", "on_dishonesty_list": "否", "revenue_wan": "2000",
            "revenue_prior_year_wan": "1800", "revenue_cagr_3y_pct": "25", "invention_patents": "1",
            "invention_applications": "5", "rd_intensity_4y_avg_pct": "5"}
    days = ["2011-06-01", "2011-05-31", "2010-06-02", "2016-02-29", ""]
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "established", *base])
        for i, d in enumerate(days):
            w.writerow([str(i), d, *base.values()])
    out = tmp_path / "o.csv"
    assert run("batch", src, "-o", out, "--pack", "xa-gazelle").exit_code == 0
    got = read(out)
    for i, d in enumerate(days):
        prof = profile_from_mapping({**base, **({"established": d} if d else {})}, reg)
        want = evaluate_rule(rule, prof, dt.date(2026, 6, 1), reg).status
        assert got[str(i)]["xa-gazelle.criteria"] == want
    assert [got[str(i)]["xa-gazelle.criteria"] for i in range(3)] == ["applies", "not_applicable", "not_applicable"]


def test_credit_codes_are_checked_in_batch_too(tmp_path):
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "统一社会信用代码", "city"])
        w.writerows([["ok", "91350100M000100Y43", "西安市"], ["typo", "91350100M000100Y44", "西安市"],
                     ["lower", "91350100m000100y43", "西安市"], ["short", "9135010", "西安市"], ["blank", "", "西安市"]])
    out = tmp_path / "o.csv"
    res = run("batch", src, "-o", out)
    assert res.exit_code == 1   # two rows could not be read
    got = read(out)
    assert got["ok"]["error"] == "" and got["lower"]["error"] == "" and got["blank"]["error"] == ""
    assert got["lower"]["统一社会信用代码"] == "91350100m000100y43"  # identifiers come out as they went in
    assert "校验位不符" in got["typo"]["error"] and "应为 18 位" in got["short"]["error"]   # the sheet's language
