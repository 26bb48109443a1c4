"""Resource limits: alias bombs, deep nesting, long expressions, huge numbers — refused fast and clearly."""
from __future__ import annotations

import time

import pytest

from xacheck import condition as c
from xacheck.errors import ProfileError, XacheckError
from xacheck.profiles import profile_from_mapping
from xacheck.yamlsafe import MAX_YAML_BYTES, load_yaml

BILLION_LAUGHS = """
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_refused_quickly():
    start = time.monotonic()
    with pytest.raises(XacheckError) as exc:
        load_yaml(BILLION_LAUGHS, "bomb.yaml")
    assert "nodes" in exc.value.message
    assert time.monotonic() - start < 10


def test_deep_nesting_refused():
    with pytest.raises(XacheckError) as exc:
        load_yaml("x: " + "[" * 500 + "]" * 500, "deep.yaml")
    assert "deep" in exc.value.message or "nesting" in exc.value.message


def test_huge_file_refused():
    with pytest.raises(XacheckError) as exc:
        load_yaml("x: 1\n" * (MAX_YAML_BYTES // 4), "big.yaml")
    assert "limit" in exc.value.message


@pytest.mark.parametrize("value", ["1e309", "9" * 10000, "1e-400", float("inf"), float("nan"), "Infinity", "-inf"])
def test_huge_or_odd_numbers_in_profiles(reg, value):
    with pytest.raises(ProfileError) as exc:
        profile_from_mapping({"revenue_wan": value}, reg)
    assert exc.value.location.field == "revenue_wan"


def test_long_and_deep_expressions():
    with pytest.raises(c.ConditionSyntaxError):
        c.parse("x + " * 5000 + "1")
    with pytest.raises(c.ConditionSyntaxError):
        c.parse("not " * 500 + "x")
    with pytest.raises(c.ConditionSyntaxError):
        c.parse("-" * 500 + "x")


def test_ten_thousand_digit_integer_in_yaml_is_a_clear_error():
    with pytest.raises(XacheckError) as exc:
        load_yaml("revenue_wan: " + "9" * 10000 + "\n", "big-int.yaml")
    assert "cannot read" in exc.value.message and exc.value.location.line == 1
