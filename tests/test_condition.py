"""The condition language: parsing, the whitelist, three-valued logic and exact decimals."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xacheck import condition as c
from xacheck.errors import ConditionSyntaxError, ConditionTypeError


def ev(text, values=None, derived=None, as_of=None):
    derived_nodes = {k: c.parse(v) for k, v in (derived or {}).items()}
    return c.evaluate(c.parse(text), c.Env(values or {}, derived_nodes, as_of))


D = Decimal


def test_arithmetic_precedence_and_percent():
    assert ev("1 + 2 * 3 == 7") is True
    assert ev("(1 + 2) * 3 == 9") is True
    assert ev("5% == 0.05") is True
    assert ev("-2 + 5 == 3") is True


def test_exact_decimal_ratio_does_not_exceed_five_percent():
    # as binary floats 4317.81/86356.2 is 0.05000000000000001 and would "exceed" 5%
    assert 4317.81 / 86356.2 > 0.05
    vals = {"a": D("4317.81"), "b": D("86356.2")}
    assert ev("a / b > 5%", vals) is False
    assert ev("a / b >= 5%", vals) is True
    vals = {"a": D("2606.45"), "b": D("52129")}  # 0.049999999999999996 as floats
    assert ev("a / b >= 5%", vals) is True


@pytest.mark.parametrize("text, expected", [
    ("x > 1 and y > 1", None),      # x unknown, y true -> unknown
    ("x > 1 and y < 1", False),     # the known false decides
    ("x > 1 or y > 1", True),       # the known true decides
    ("x > 1 or y < 1", None),
    ("not (x > 1)", None),
    ("not (y > 1)", False),
])
def test_kleene_logic(text, expected):
    assert ev(text, {"y": D(5)}) is expected


def test_missing_fields_listed_only_where_they_would_settle_it(reg):
    env = c.Env({"y": D(5)}, {}, None)
    node = c.parse("x > 1 and (y > 1 or z > 1)")
    assert c.missing_fields(node, env, lambda n: [n]) == ["x"]
    node = c.parse("x > 1 and y < 1")
    assert c.missing_fields(node, env, lambda n: [n]) == []


def test_derived_names_expand_to_their_inputs(reg):
    env = c.Env({"revenue_wan": D(100)}, reg.derived_nodes(), None)
    node = c.parse("rd_intensity > 5%")
    assert c.evaluate(node, env) is None
    assert c.missing_fields(node, env, reg.expand) == ["rd_expense_wan"]


def test_division_by_zero_is_unknown_not_an_error():
    assert ev("a / b > 5%", {"a": D(1), "b": D(0)}) is None


def test_membership_lists_and_functions():
    vals = {"fields": ("光子", "机器人"), "city": "西安市"}
    assert ev("any_in(fields, ['超导', '光子'])", vals) is True
    assert ev("any_in(fields, ['超导'])", vals) is False
    assert ev("any_in(missing, ['超导'])", vals) is None
    assert ev("'光子' in fields", vals) is True
    assert ev("city in ['西安市', '咸阳市']", vals) is True
    assert ev("city not in ['西安市']", vals) is False
    assert ev("count_in(fields, ['光子', '机器人', '超导']) == 2", vals) is True
    assert ev("known(missing)", vals) is False
    assert ev("known(city)", vals) is True
    assert ev("max(1, 3, 2) == 3 and min(4, 2) == 2 and abs(-3) == 3") is True


def test_dates_and_as_of():
    vals = {"established": dt.date(2020, 3, 1)}
    assert ev("years_between(established, as_of) >= 6", vals, as_of=dt.date(2026, 3, 1)) is True
    assert ev("years_between(established, as_of) >= 6", vals, as_of=dt.date(2026, 2, 28)) is False
    assert ev("as_of <= date('2026-12-31')", as_of=dt.date(2026, 12, 31)) is True


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch /tmp/x')",
    "open('x')",
    "x.__class__",
    "lambda: 1",
    "[x for x in y]",
    "x = 1",
    "a && b",
    "1 < x < 3",
    "eval('1')",
    "date('not a date')",
    "date(x)",
    "min()",
    "x >",
    "(x > 1",
    "'unterminated",
])
def test_refused(text):
    with pytest.raises(ConditionSyntaxError):
        c.parse(text)


def test_error_names_position():
    with pytest.raises(ConditionSyntaxError) as exc:
        c.parse("revenue_wan >> 5")
    assert "position 14" in exc.value.message


def test_limits():
    with pytest.raises(ConditionSyntaxError):
        c.parse("x + " * 2000 + "1")
    with pytest.raises(ConditionSyntaxError):
        c.parse("(" * 200 + "1" + ")" * 200)
    with pytest.raises(ConditionSyntaxError):
        c.parse("x > " + "9" * 100)


def test_type_errors_are_reported():
    with pytest.raises(ConditionTypeError):
        ev("city > 5", {"city": "西安市"})
    with pytest.raises(ConditionTypeError):
        ev("x and y", {"x": D(1), "y": True})


def test_band_scores_inclusive_lower_bounds():
    table = "band(r, [6%, 5%, 4%, 3%, 2%], [50, 40, 30, 20, 10, 0])"
    assert ev(table, {"r": D("0.06")}) == 50
    assert ev(table, {"r": D("0.0599")}) == 40
    assert ev(table, {"r": D("0.02")}) == 10
    assert ev(table, {"r": D("0.0199")}) == 0
    assert ev(table, {}) is None
    assert ev("band(x, [3, 1])", {"x": D(2)}) == 1   # default points: 2, 1, below all 0


def test_if_is_lazy_and_three_valued(reg):
    ip = "if(c1 >= 1, 30, band(c2, [4, 3, 2, 1], [24, 18, 12, 6, 0]))"
    assert ev(ip, {"c1": D(1)}) == 30                 # c2 not needed
    assert ev(ip, {"c1": D(0), "c2": D(3)}) == 18
    assert ev(ip, {"c1": D(0)}) is None
    assert ev(ip, {}) is None
    assert ev("if(x > 1, 5, 5)", {}) == 5             # both branches agree
    env = c.Env({"c1": D(0)}, {}, None)
    assert c.missing_fields(c.parse(ip + " >= 18"), env, lambda n: [n]) == ["c2"]
    env = c.Env({"c1": D(2)}, {}, None)
    assert c.missing_fields(c.parse(ip + " >= 18"), env, lambda n: [n]) == []


def test_add_years_exact_to_the_day():
    assert ev("add_years(as_of, -15) == date('2011-06-01')", as_of=dt.date(2026, 6, 1)) is True
    assert ev("add_years(date('2024-02-29'), 1) == date('2025-02-28')") is True
    assert ev("add_years(d, 1)", {}) is None
    with pytest.raises(ConditionTypeError):
        ev("add_years(date('2024-02-29'), 0.5)")
