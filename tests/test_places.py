"""Places as people write them (xacheck.places): the same answers for 西安 / 西安市 / Xi'an, 高新区 / 西安高新区,
an address; an unknown place is a warning and unknown conditions, never "elsewhere"; the batch fast path agrees."""
from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.evaluate import evaluate_profile
from xacheck.fields import default_registry
from xacheck.packs import load_packs
from xacheck.places import NO_ZONE, gazetteer, settle
from xacheck.profiles import profile_from_mapping

from .conftest import ROOT

AS_OF = dt.date(2026, 6, 1)
OPTICS = ROOT / "samples" / "enterprise-optics.yaml"


@pytest.fixture(scope="module")
def packs():
    return load_packs()


def statuses(packs, data: dict) -> dict:
    prof = profile_from_mapping(data, default_registry())
    return {r.rule.id: r.status for r in evaluate_profile(packs, prof, AS_OF)}


FIRM = {"type": "enterprise", "name": "测试", "revenue_wan": 51500, "rd_expense_wan": 2163, "industry_fields": ["光子"]}


@pytest.mark.parametrize("city, district", [("西安", "高新区"), ("Xi'an", "高新区"), ("西安市", "西安高新技术产业开发区"),
                                            ("610100", "高新区"), ("西安市", "西安国家高新区")])
def test_places_as_people_write_them_answer_as_the_official_names(packs, city, district):
    official = statuses(packs, {**FIRM, "city": "西安市", "district": "西安高新区"})
    assert statuses(packs, {**FIRM, "city": city, "district": district}) == official
    assert official["xa-gaoxin-2030.p-frontier-tech"] == "needs_assessment"  # a 高新区 rule, not 不适用
    assert official["xa-hardtech-2024.m08-tiered-cultivation"] == "applies"  # a city rule


def test_an_address_is_read_into_city_district_and_zone(packs):
    v, notes = settle({"address": "陕西省西安市高新区锦业路69号"})
    assert v == {"city": "西安市", "zone": "西安高新区", "address": "陕西省西安市高新区锦业路69号"} and notes == []
    v, _ = settle({"address": "陕西省西安市雁塔区锦业路69号"})
    assert (v["city"], v["district"]) == ("西安市", "雁塔区") and "zone" not in v
    official = statuses(packs, {**FIRM, "city": "西安市", "district": "西安高新区"})
    assert statuses(packs, {**FIRM, "address": "陕西省西安市高新区锦业路69号"}) == official
    # 雁塔区 only partly lies in 高新区: the 高新区 rules are unknown (the zone is asked for), the city's apply
    by_district = statuses(packs, {**FIRM, "address": "陕西省西安市雁塔区锦业路69号"})
    assert by_district["xa-gaoxin-2030.p-frontier-tech"] == "unknown"
    assert by_district["xa-hardtech-2024.m08-tiered-cultivation"] == "applies"


def test_an_unknown_place_is_a_warning_and_its_conditions_are_unknown(packs):
    prof = profile_from_mapping({**FIRM, "city": "西按市"}, default_registry())
    assert "city" not in prof.values
    [note] = prof.notes
    assert note.field == "city" and "西按市" in note.zh and "西安市" in note.zh  # did you mean
    res = {r.rule.id: r for r in evaluate_profile(packs, prof, AS_OF)}
    assert res["xa-hardtech-2024.m08-tiered-cultivation"].status == "unknown"
    assert res["xa-hardtech-2024.m08-tiered-cultivation"].missing == ["city"]


def test_baoji_is_outside_xian(packs):
    got = statuses(packs, {**FIRM, "city": "宝鸡"})
    assert got["xa-hardtech-2024.m08-tiered-cultivation"] == "not_applicable"
    assert got["xa-gaoxin-2030.p-frontier-tech"] == "not_applicable"  # not in Xi'an: in none of its zones


def test_settle_edges():
    assert settle({"district": "雁塔区"})[0] == {"city": "西安市", "district": "雁塔区"}
    assert settle({"city": "西安", "district": "长安"})[0] == {"city": "西安市", "district": "长安区"}
    assert settle({"city": "雁塔区"})[0] == {"city": "西安市", "district": "雁塔区"}  # a district in the city field
    assert settle({"city": "北京", "district": "朝阳区"})[0] == {"city": "北京市", "district": "朝阳区"}
    assert settle({"city": "西安市", "zone": "无"})[0]["zone"] == NO_ZONE
    assert settle({"region": "高新区"})[0] == {"region": "西安高新区"}
    # 长安区 is in 西安 and in 石家庄: without the city it is ambiguous, and says so
    v, [note] = settle({"district": "长安区"})
    assert "city" not in v and "石家庄" in note.zh
    # a county of another city contradicts the city: the city stands
    v, [note] = settle({"city": "宝鸡市", "district": "雁塔区"})
    assert v == {"city": "宝鸡市", "district": None} and "雁塔区" in note.zh
    # 高新区 of 宝鸡 is not Xi'an's: a note, no "did you mean 西安高新区"
    v, [note] = settle({"city": "宝鸡市", "district": "高新区"})
    assert v.get("zone") is None and note.severity == "note" and "西安高新区" not in note.zh
    assert settle({"district": "宝鸡高新区"})[0]["city"] == "宝鸡市"


def test_divisions_cover_the_country():
    g = gazetteer()
    cities = [p for p in g.places if p.level == "city"]
    assert len(cities) >= 333 and {p.name for p in cities if p.province == "陕西省"} >= {"西安市", "宝鸡市", "咸阳市", "榆林市"}
    assert [p.code for p in g.lookup("雁塔区")] == ["610113"]
    assert all(p.source for p in g.places if p.level == "zone")  # every zone names where its name comes from


def test_check_prints_the_warning_and_json_carries_it(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text(OPTICS.read_text(encoding="utf-8").replace("city: 西安市", "city: 西按市"), encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(p), "--as-of", "2026-06-01"])
    assert res.exit_code == 0 and "⚠" in res.output and "是否为“西安市”" in res.output
    data = json.loads(CliRunner().invoke(main, ["check", str(p), "--as-of", "2026-06-01", "--format", "json"]).output)
    assert [w["field"] for w in data["warnings"]] == ["city"] and data["warnings"][0]["line"]


def test_set_reads_places_too():
    res = CliRunner().invoke(main, ["check", str(OPTICS), "--as-of", "2026-06-01", "--format", "json", "--set", "city=西按市"])
    data = json.loads(res.output)
    assert data["warnings"] and "city" not in data["profile"]["values"]
    res = CliRunner().invoke(main, ["check", str(OPTICS), "--as-of", "2026-06-01", "--format", "json", "--set", "city=西安"])
    assert json.loads(res.output)["profile"]["values"]["city"] == "西安市"


def test_init_reads_places_and_asks_again_for_an_unknown_one():
    from xacheck.questionnaire import Questionnaire

    q = Questionnaire(load_packs(), default_registry(), AS_OF, values={"type": "enterprise"})
    assert "西安市" in q.answer("city", "西按市")  # asked again, with the did-you-mean
    assert q.answer("city", "西安") is None and q.values["city"] == "西安市"
    assert q.answer("zone", "高新区") is None and q.values["zone"] == "西安高新区"


def test_profile_schema_describes_place_fields():
    res = CliRunner().invoke(main, ["schema", "profile"])
    props = json.loads(res.output)["properties"]
    assert props["city"]["x-place"] == "city" and "西安市" in props["city"]["examples"]
    assert "西安高新区" in props["zone"]["examples"] and props["address"]["x-place"] == "address"


ROWS = [
    ("编号", "企业名称", "所在城市", "所在区县或开发区", "营业收入（万元）", "研发费用（万元）", "所属产业领域"),
    ("1", "甲", "西安市", "西安高新区", "51500", "2163", "光子"),
    ("2", "乙", "西安", "高新区", "51500", "2163", "光子"),
    ("3", "丙", "Xi'an", "西安高新技术产业开发区", "51500", "2163", "光子"),
    ("4", "丁", "西按市", "高新区", "51500", "2163", "光子"),
    ("5", "戊", "宝鸡", "", "51500", "2163", "光子"),
]


def test_gbk_csv_rows_answer_alike_on_the_batch_fast_path(tmp_path, packs):
    import polars as pl

    from xacheck.batch import Scorer
    from xacheck.batch.headers import resolve

    src, out = tmp_path / "firms.csv", tmp_path / "out.csv"
    with open(src, "w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(ROWS)
    res = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--as-of", "2026-06-01"])
    assert res.exit_code == 0, res.output
    df = pl.read_csv(out, infer_schema_length=0)
    rules = [c for c in df.columns if c.startswith(("xa-", "natl-"))]
    first = df.row(0, named=True)
    for i in (1, 2):
        assert {r: df.row(i, named=True)[r] for r in rules} == {r: first[r] for r in rules}
    assert first["xa-gaoxin-2030.p-frontier-tech"] == "needs_assessment"
    typo = df.row(3, named=True)
    assert "西按市" in typo["warning"] and typo["xa-hardtech-2024.m08-tiered-cultivation"] == "unknown"
    assert df.row(4, named=True)["xa-hardtech-2024.m08-tiered-cultivation"] == "not_applicable"
    # … decided by the columnar engine, not the row path
    reg = default_registry()
    frame = pl.DataFrame([dict(zip(ROWS[0], r)) for r in ROWS[1:]])
    layout, _ = resolve(list(ROWS[0]), reg)
    from xacheck.evaluate import relevant_rules
    from xacheck.model import Profile

    scorer = Scorer(relevant_rules(packs, Profile({"type": "enterprise"}), as_of=AS_OF), reg, AS_OF, layout)
    typed = scorer.query(scorer.rename(frame).lazy()).collect()
    assert typed["__slow"].to_list() == [False] * 5
