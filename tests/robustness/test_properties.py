"""Property-based tests: every input either works or fails with an xacheck error — never a traceback.

The longer fuzz run is scripts/fuzz.py (its figures are in the issue notes); anything it ever found is
kept in tests/robustness/corpus/ and replayed here.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xacheck import condition as c
from xacheck.cli import main
from xacheck.errors import XacheckError
from xacheck.fields import default_registry
from xacheck.profiles import profile_from_mapping
from xacheck.yamlsafe import load_yaml

from .strategies import conditions, profiles, yaml_texts

CORPUS = Path(__file__).parent / "corpus"
REG = default_registry()
ENV_VALUES = {"revenue_wan": c.Decimal("51500"), "rd_expense_wan": c.Decimal("2163"), "city": "西安市",
              "titles": ("高新技术企业",), "established": dt.date(2012, 5, 1)}


def _parse_and_eval(text: str) -> None:
    try:
        node = c.parse(text)
    except c.ConditionSyntaxError:
        return
    for values in ({}, ENV_VALUES):
        try:
            c.evaluate(node, c.Env(values, REG.derived_nodes(), dt.date(2026, 11, 22)))
        except c.ConditionTypeError:
            pass


@settings(max_examples=400, deadline=None)
@given(conditions)
def test_condition_parser_total(text):
    _parse_and_eval(text)


@settings(max_examples=300, deadline=None)
@given(yaml_texts)
def test_yaml_loader_total(text):
    try:
        load_yaml(text, "fuzz.yaml")
    except XacheckError as exc:
        assert exc.message


@settings(max_examples=300, deadline=None)
@given(profiles)
def test_profile_loader_total(data):
    try:
        profile_from_mapping(data, REG)
    except XacheckError as exc:
        assert exc.location.field or "profile" in exc.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(yaml_texts, profiles.map(lambda d: json.dumps(d, ensure_ascii=False, default=str))))
def test_check_command_exits_0_or_2_without_traceback(tmp_path, text):
    p = tmp_path / "fuzz.yaml"
    p.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(p), "--as-of", "2026-11-22", "--format", "json"])
    assert res.exit_code in (0, 2), res.output
    assert "Traceback" not in res.output and "internal error" not in res.output


def _corpus(kind: str) -> list[Path]:
    return sorted((CORPUS / kind).glob("*")) if (CORPUS / kind).is_dir() else []


@pytest.mark.parametrize("path", _corpus("conditions"), ids=lambda p: p.name)
def test_condition_corpus(path):
    _parse_and_eval(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", _corpus("yaml"), ids=lambda p: p.name)
def test_yaml_corpus(path):
    try:
        load_yaml(path.read_bytes().decode("utf-8", "replace"), path.name)
    except XacheckError:
        pass


@pytest.mark.parametrize("path", _corpus("profiles"), ids=lambda p: p.name)
def test_profile_corpus(path):
    try:
        profile_from_mapping(json.loads(path.read_text(encoding="utf-8")), REG)
    except XacheckError:
        pass
