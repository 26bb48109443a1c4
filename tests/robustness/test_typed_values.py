"""Values people really type: each is read to the right value or refused naming the accepted forms."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xacheck.fields import CoercionError, coerce

D = Decimal


def field(reg, key):
    return reg.fields[key]


@pytest.mark.parametrize("raw, expected", [
    ("1,234.5", D("1234.5")),
    ("１２３４", D(1234)),
    ("12万", D(12)),
    ("12万元", D(12)),
    ("1.2亿", D(12000)),
    ("1.2亿元", D(12000)),
    ("50000元", D(5)),
    (" 86356.2 ", D("86356.2")),
    ("", None),
    ("N/A", None),
    ("—", None),
    ("-", None),
    ("未知", None),
    ("-5", D(-5)),
])
def test_money_in_wan(reg, raw, expected):
    f = field(reg, "rd_expense_wan")
    if expected is not None and expected < 0:
        with pytest.raises(CoercionError):  # R&D expense cannot be negative
            coerce(f, raw)
        return
    assert coerce(f, raw) == expected


@pytest.mark.parametrize("raw", ["5%", "5 %", "很多", "1,5", "12万人", "0x10", "1.2.3"])
def test_money_refusals_name_the_forms(reg, raw):
    with pytest.raises(CoercionError) as exc:
        coerce(field(reg, "revenue_wan"), raw)
    assert repr(raw) in str(exc.value)


@pytest.mark.parametrize("raw, expected", [("5%", D(5)), ("5 %", D(5)), ("５．０５％", D("5.05")), ("5.05", D("5.05"))])
def test_percentage_points_field(reg, raw, expected):
    assert coerce(field(reg, "rd_gdp_pct"), raw) == expected


def test_percentage_never_read_into_a_count(reg):
    with pytest.raises(CoercionError):
        coerce(field(reg, "employees"), "5%")
    with pytest.raises(CoercionError):
        coerce(field(reg, "employees"), "3.5")


@pytest.mark.parametrize("raw, expected", [
    ("2024-03-01", dt.date(2024, 3, 1)),
    ("2024/3/1", dt.date(2024, 3, 1)),
    ("2024年3月1日", dt.date(2024, 3, 1)),
    ("20240301", dt.date(2024, 3, 1)),
    ("2024.3.1", dt.date(2024, 3, 1)),
    (45352, dt.date(2024, 3, 1)),          # Excel serial
    ("45352", dt.date(2024, 3, 1)),
    (dt.datetime(2024, 3, 1, 8, 0), dt.date(2024, 3, 1)),
    ("", None),
])
def test_dates(reg, raw, expected):
    assert coerce(field(reg, "established"), raw) == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "2024/13/1", "next year", "2024", "45352.5"])
def test_impossible_dates_refused(reg, raw):
    with pytest.raises(CoercionError):
        coerce(field(reg, "established"), raw)


@pytest.mark.parametrize("raw, expected", [
    ("是", True), ("否", False), ("Y", True), ("n", False), ("TRUE", True), ("false", False), ("1", True),
    ("0", False), (True, True), ("√", True), ("×", False), ("", None), ("N/A", None),
])
def test_booleans(reg, raw, expected):
    key = next(k for k, f in reg.fields.items() if f.type == "boolean")
    assert coerce(field(reg, key), raw) is expected


def test_boolean_refusal(reg):
    key = next(k for k, f in reg.fields.items() if f.type == "boolean")
    with pytest.raises(CoercionError):
        coerce(field(reg, key), "maybe")


def test_credit_code_checksum(reg):
    f = field(reg, "credit_code")
    assert coerce(f, "91350100M000100Y43") == "91350100M000100Y43"
    assert coerce(f, "９１３５０１００ｍ０００１００ｙ４３") == "91350100M000100Y43"   # full-width, lower case
    with pytest.raises(CoercionError) as exc:
        coerce(f, "91350100M000100Y44")
    assert "check character" in str(exc.value) and "'3'" in str(exc.value)
    with pytest.raises(CoercionError):
        coerce(f, "91350100M000100O43")   # O is never used
    with pytest.raises(CoercionError):
        coerce(f, "9135010")
