"""Profiles: keys or Chinese labels, coercion, and errors that name the file, line and field."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xacheck.errors import ProfileError, XacheckError
from xacheck.profiles import load_profile, profile_from_mapping


def test_labels_and_keys_both_accepted(reg):
    prof = profile_from_mapping({"营业收入（万元）": "1,234.5", "研发费用(万元)": 100, "type": "enterprise"}, reg)
    assert prof.values["revenue_wan"] == Decimal("1234.5")
    assert prof.values["rd_expense_wan"] == Decimal("100")


def test_yaml_floats_are_exact_decimals(tmp_path, reg):
    p = tmp_path / "p.yaml"
    p.write_text("type: enterprise\nrevenue_wan: 86356.2\nrd_expense_wan: 4317.81\n", encoding="utf-8")
    prof = load_profile(str(p), reg)
    assert prof.values["rd_expense_wan"] == Decimal("4317.81")


def test_unknown_field_suggests(tmp_path, reg):
    p = tmp_path / "p.yaml"
    p.write_text("type: enterprise\nrevenu_wan: 5\n", encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        load_profile(str(p), reg)
    assert exc.value.location.line == 2
    assert "revenue_wan" in exc.value.message
    assert str(exc.value).startswith(f"{p}:2:1")


def test_bad_number_names_field_and_line(tmp_path, reg):
    p = tmp_path / "p.yaml"
    p.write_text("type: enterprise\nname: 某公司\nrevenue_wan: 很多\n", encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        load_profile(str(p), reg)
    assert exc.value.location.line == 3 and exc.value.location.field == "revenue_wan"
    assert "很多" in exc.value.message


def test_duplicate_key_is_an_error(tmp_path, reg):
    p = tmp_path / "p.yaml"
    p.write_text("type: enterprise\nrevenue_wan: 1\nrevenue_wan: 2\n", encoding="utf-8")
    with pytest.raises(ProfileError) as exc:
        load_profile(str(p), reg)
    assert exc.value.location.line == 3


def test_titles_with_dates(reg):
    prof = profile_from_mapping({"titles": [{"name": "高新技术企业", "date": "2023-11-01"}, "瞪羚企业"]}, reg)
    assert prof.values["titles"] == ("高新技术企业", "瞪羚企业")
    assert prof.title_dates == {"高新技术企业": dt.date(2023, 11, 1)}


def test_choices_in_the_words_people_use(reg):
    """主体类型 企业 and short title names (the registry's aliases) read as the choices they stand for,
    dated titles included (their renewal dates follow the title, not the word typed)."""
    prof = profile_from_mapping({"主体类型": "企业", "titles": [{"name": "高企", "date": "2023-11-01"}, "小巨人"],
                                 "企业名称": "甲公司"}, reg)
    assert prof.type == "enterprise" and prof.values["name"] == "甲公司"  # (企业名称: a heading of `name`)
    assert prof.values["titles"] == ("高新技术企业", "专精特新“小巨人”企业")
    assert prof.title_dates == {"高新技术企业": dt.date(2023, 11, 1)}
    assert profile_from_mapping({"type": "项目"}, reg).type == "project"
    with pytest.raises(ProfileError) as exc:  # "专精特新" alone could be either tier: refused, not guessed
        profile_from_mapping({"titles": ["专精特新"]}, reg)
    assert "专精特新中小企业" in exc.value.message


def test_empty_list_words(reg):
    """A list field can say "none at all" (无 / 没有 / []), which a blank cannot; N/A is unknown."""
    assert profile_from_mapping({"titles": "无"}, reg).values["titles"] == ()
    assert profile_from_mapping({"terminal_products": "[]"}, reg).values["terminal_products"] == ()
    assert "titles" not in profile_from_mapping({"titles": "N/A"}, reg).values


def test_bad_list_item_suggests(reg):
    with pytest.raises(ProfileError) as exc:
        profile_from_mapping({"titles": ["高新技术企"]}, reg)
    assert "高新技术企业" in exc.value.message


def test_yaml_tags_refused(tmp_path, reg, ):
    marker = tmp_path / "pwned"
    p = tmp_path / "p.yaml"
    p.write_text(f"type: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8")
    with pytest.raises(XacheckError):
        load_profile(str(p), reg)
    assert not marker.exists()


def test_json_profile(tmp_path, reg):
    p = tmp_path / "p.json"
    p.write_text('{"type": "enterprise", "revenue_wan": 4317.81, "city": "西安市"}', encoding="utf-8")
    assert load_profile(str(p), reg).values["revenue_wan"] == Decimal("4317.81")
