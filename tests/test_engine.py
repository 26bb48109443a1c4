"""The Python API: one Engine answers as the command line does, for a mapping or a file, and scores
pandas / Polars / Arrow tables into the same kind of table."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from click.testing import CliRunner

import xacheck
from xacheck import Engine
from xacheck.cli import main
from xacheck.errors import ProfileError, UsageError

from .conftest import ROOT

OPTICS = ROOT / "samples/enterprise-optics.yaml"
DAY = "2026-12-02"
FYP_DAY = "2025-06-01"  # the 14th five-year plan in force


@pytest.fixture(scope="module")
def engine():
    return Engine()


def cli_json(*args) -> dict:
    res = CliRunner().invoke(main, [*map(str, args)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_check_a_file_is_the_cli_answer(engine):
    ans = engine.check(OPTICS, DAY)
    assert ans.to_dict() == cli_json("check", OPTICS, "--as-of", DAY, "--format", "json")
    assert ans.statuses()["xa-hardtech-2024.m05-three-firsts"] == "applies"


def test_check_a_mapping_as_people_write_it(engine):
    ans = engine.check({"名称": "示例", "所在城市": "西安市", "营业收入（万元）": "5.15亿", "rd_expense_wan": "2,163"},
                       dt.date(2025, 6, 1))
    p = ans.profile
    assert p.values["city"] == "西安市" and p.values["revenue_wan"] == 51500
    plan = ans.to_dict()["results"]
    double_five = next(r for r in plan if r["id"] == "xa-14fyp.p-double-five")
    assert double_five["status"] == "not_applicable" and double_five["thresholds"][1]["gap_in"]["amount"] == 412
    with pytest.raises(ProfileError) as err:
        engine.check({"revenue_wan": "很多"}, DAY)
    assert err.value.location.field == "revenue_wan"


def test_decision_block_names_packs_and_profile(engine):
    dec = engine.check(OPTICS, DAY).decision
    assert dec["xacheck"] == xacheck.__version__ and dec["as_of"] == DAY
    hardtech = next(p for p in dec["packs"] if p["id"] == "xa-hardtech-2024")
    raw = (ROOT / "xacheck/measures/xa-hardtech-2024.yaml").read_bytes()
    assert hardtech["sha256"] == hashlib.sha256(raw).hexdigest() and hardtech["version"]
    # the profile hash is of what was evaluated: the same values from a mapping give the same hash
    same = engine.check(engine.profile(OPTICS), DAY).decision["profile_sha256"]
    assert same == dec["profile_sha256"]
    other = engine.check(OPTICS, DAY, sets=["rd_expense_wan=3000"]).decision["profile_sha256"]
    assert other != dec["profile_sha256"]
    assert engine.check(OPTICS, DAY, packs=["xa-gazelle"]).decision["packs"] == [
        {"id": "xa-gazelle", "version": "2026.1", "sha256": next(p.sha256 for p in engine.packs if p.id == "xa-gazelle")}]


def test_gaps_diff_deadlines_measures_report(engine):
    assert engine.gaps(OPTICS, "2025-06-01", top=3).to_dict() == cli_json(
        "gaps", OPTICS, "--as-of", "2025-06-01", "--top", "3", "--format", "json")
    d = engine.diff(OPTICS, as_of="2026-12-31", to="2027-01-01").to_dict()
    assert d["counts"]["lost"] == len(d["lost"]) > 0 and all(x["to"] == "expired" for x in d["lost"])
    dl = engine.deadlines(OPTICS, "2026-11-22", within=45).to_dict()
    assert dl["deadlines"][0]["kind"] == "renewal" and dl["deadlines"][0]["date"] == "2026-12-11"
    ics = engine.ics(engine.deadlines(OPTICS, "2026-11-22", within=45))
    assert ics.startswith("BEGIN:VCALENDAR")
    assert {r["id"] for r in engine.measures(packs=["xa-gazelle"]).to_dict()["rules"]} == {"xa-gazelle.criteria"}
    assert engine.measure("xa-14fyp.p-double-five").to_dict()["kind"] == "programme"
    html = engine.report(OPTICS, "2026-11-22")
    assert html.startswith("<!DOCTYPE html>") and "西安曦芒光电科技有限公司" in html
    with pytest.raises(UsageError, match="did you mean 'xa-hardtech-2024'"):
        engine.check(OPTICS, DAY, packs=["xa-hardtech"])
    with pytest.raises(UsageError, match="not a date"):
        engine.check(OPTICS, "2026-02-30")


def _table():
    import polars as pl

    return pl.DataFrame({"企业名称": ["甲", "乙", "丙"], "所在城市": ["西安市", "宝鸡市", "西安市"],
                         "营业收入（万元）": ["51500", "60000", "abc"], "研发费用（万元）": ["2575.01", "4000", "1"]})


def test_score_polars_pandas_arrow_give_the_same_rows(engine):
    pytest.importorskip("pandas")
    import polars as pl

    df = _table()
    out = engine.score(df, FYP_DAY, packs=["xa-14fyp"])
    assert isinstance(out, pl.DataFrame) and out.height == 3
    assert out["xa-14fyp.p-double-five"].cast(pl.String).to_list()[:2] == ["applies", "not_applicable"]
    assert out["error"][2] and "营业收入" in out["error"][2]                    # the row kept, the cell named
    pd_out = engine.score(df.to_pandas(), FYP_DAY, packs=["xa-14fyp"])
    assert type(pd_out).__module__.startswith("pandas") and list(pd_out.columns) == out.columns
    assert pd_out["xa-14fyp.p-double-five"].tolist() == out["xa-14fyp.p-double-five"].cast(pl.String).to_list()
    arrow_out = engine.score(df.to_arrow(), FYP_DAY, packs=["xa-14fyp"])
    assert type(arrow_out).__module__.startswith("pyarrow") and arrow_out.num_rows == 3
    assert arrow_out.column("xa-14fyp.p-double-five").to_pylist() == pd_out["xa-14fyp.p-double-five"].tolist()
    with pytest.raises(UsageError):
        engine.score([{"a": 1}], FYP_DAY)


def test_score_agrees_with_check_row_by_row(engine):
    import polars as pl

    df = _table()
    out = engine.score(df, FYP_DAY)
    for i, row in enumerate(df.iter_rows(named=True)):
        if i == 2:
            continue  # the unreadable cell
        want = engine.check(row, FYP_DAY).statuses()
        got = {k: out[k].cast(pl.String)[i] for k in want if k in out.columns}
        assert got == {k: want[k] for k in got}


def test_extra_rule_folder_and_field_file(tmp_path):
    (tmp_path / "fields").mkdir()
    (tmp_path / "fields" / "extra.yaml").write_text(
        "fields:\n  drone_licence:\n    type: boolean\n    applies_to: [enterprise]\n"
        "    label: {zh: 持有无人机运营许可, en: Holds a drone operating licence}\n", encoding="utf-8")
    (tmp_path / "drones.yaml").write_text("""
pack: my-drones
version: "1"
title: {zh: 无人机, en: Drones}
document: {file: mine.txt, title: 我的文件}
rules:
  - id: my-drones.licence
    kind: measure
    clause: 第一条
    title: {zh: 持证企业, en: Licensed firms}
    quote: 持证企业
    applies_to: [enterprise]
    when: [drone_licence]
    supports: [{zh: 补贴, en: Subsidy}]
""", encoding="utf-8")
    eng = Engine([tmp_path], shipped=False)
    assert eng.pack_ids() == ["my-drones"]
    assert eng.check({"drone_licence": "是"}, DAY).statuses() == {"my-drones.licence": "applies"}
    assert eng.check({}, DAY).statuses() == {"my-drones.licence": "unknown"}
