"""Running rule test cases (in the style of OpenFisca's YAML tests): embedded and stand-alone.

A rule's ``tests:`` are embedded cases. A *stand-alone test file* is a YAML file whose top level is
``tests:`` only (no ``pack:``); each entry names the rule it tests::

    tests:
      - rule: xa-hardtech-2024.m05-three-firsts
        name: 西安三首产品企业
        as_of: 2026-06-01
        profile: {type: enterprise, city: 西安市, has_three_firsts_product: true}
        expect: applies

Entries take the same keys as embedded cases (``supports``, ``days_left``, ``missing``, ``gaps``). A
case of a rule with dated versions runs against the version in force on its ``as_of``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable

from .errors import XacheckError
from .evaluate import evaluate_rule
from .fields import Registry, default_registry
from .model import Pack, Result, Rule, TestCase
from .profiles import profile_from_mapping


@dataclass
class CaseOutcome:
    rule: Rule
    case: TestCase
    result: Result | None
    problems: list[str] = field(default_factory=list)
    path: str = ""  # the file the case is written in (a stand-alone test file, or the rule's pack)

    def __post_init__(self) -> None:
        self.path = self.path or self.rule.path

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def name(self) -> str:
        return f"{self.rule.id}::{self.case.name}"

    def explanation(self) -> list[str]:
        """What the rule says and how it decided, for a reader comparing expected with actual."""
        r = self.rule
        out = [f"rule {r.id} [{r.kind}] {r.clause} {r.title.zh}"]
        for c in r.when:
            out.append(f"when: {c.text}")
        if r.target:
            t = r.target
            out.append(f"target: {t.metric} {t.op} {t.value}{(' ' + t.unit) if t.unit else ''} by {t.deadline}")
        if r.valid_from or r.valid_until:
            out.append(f"in force: {r.valid_from or '…'} – {r.valid_until or '…'} (case as_of {self.case.as_of})")
        res = self.result
        if res is not None:
            if res.reason:
                out.append(f"reason: {res.reason}")
            for th in res.thresholds:
                out.append(f"threshold {th.expr}: actual {th.actual}, met {th.met}")
            if res.missing:
                out.append(f"missing: {', '.join(res.missing)}")
        return out


def run_case(rule: Rule, case: TestCase, reg: Registry, path: str = "") -> CaseOutcome:
    try:
        profile = profile_from_mapping(case.profile, reg, source=f"{path or rule.path}:{case.line}")
        result = evaluate_rule(rule, profile, case.as_of, reg)
    except XacheckError as exc:
        return CaseOutcome(rule, case, None, [f"test profile is invalid: {exc.message}"], path)
    problems = []
    if result.status != case.expect:
        detail = f" (missing: {', '.join(result.missing)})" if result.missing else ""
        if result.reason and result.status == "not_applicable":
            detail = f" (false: {result.reason})"
        problems.append(f"status: expected {case.expect}, got {result.status}{detail}")
    if case.supports is not None:
        offered = {s.zh for s in rule.supports}
        lacking = [s for s in case.supports if s not in offered]
        if lacking:
            problems.append(f"supports: expected {lacking} among {sorted(offered)}")
    if case.days_left is not None and result.days_left != case.days_left:
        problems.append(f"days_left: expected {case.days_left}, got {result.days_left}")
    if case.missing is not None and sorted(result.missing) != sorted(case.missing):
        problems.append(f"missing: expected {sorted(case.missing)}, got {sorted(result.missing)}")
    if case.gaps:
        for f, want in case.gaps.items():
            # a field may be compared more than once (bands): any of its thresholds may carry the gap
            got = [t.gap for t in result.thresholds if t.field == f and t.gap is not None]
            if Decimal(str(want)) not in got:
                problems.append(f"gap of {f}: expected {want}, got {', '.join(map(str, got)) or 'none'}")
    return CaseOutcome(rule, case, result, problems, path)


def _matches(keyword: str | None, rule: Rule, case: TestCase) -> bool:
    return not keyword or keyword in rule.id or keyword in case.name


def run_pack_tests(packs: Iterable[Pack], reg: Registry | None = None, keyword: str | None = None,
                   extra: Iterable[tuple[Rule, TestCase, str]] = ()) -> list[CaseOutcome]:
    """Run every embedded case, then the ``extra`` (stand-alone) ones; ``keyword`` keeps cases whose
    rule id or name contains it."""
    reg = reg or default_registry()
    out = []
    for pack in packs:
        for rule in pack.rules:
            for case in rule.tests:
                if _matches(keyword, rule, case):
                    out.append(run_case(rule, case, reg))
    for rule, case, path in extra:
        if _matches(keyword, rule, case):
            out.append(run_case(rule, case, reg, path))
    return out


# --------------------------------------------------------------------------- stand-alone test files


def is_test_file(data: Any) -> bool:
    """A stand-alone test file: a mapping with ``tests:`` and no ``pack:`` / ``rules:``."""
    return isinstance(data, dict) and "tests" in data and "pack" not in data and "rules" not in data


@lru_cache(maxsize=1)
def _test_file_validator():
    import jsonschema

    from .packs import rules_schema

    defs = dict(rules_schema()["$defs"])
    # a case of a stand-alone file: the keys of an embedded case, plus the rule it tests
    case = dict(defs["test"])
    case["properties"] = {"rule": {"type": "string", "minLength": 1}, **case["properties"]}
    case["required"] = ["rule", *case.get("required", [])]
    defs["standaloneTest"] = case
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["tests"],
              "additionalProperties": False,
              "properties": {"tests": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/standaloneTest"}}},
              "$defs": defs}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def standalone_test_schema() -> dict:
    return dict(_test_file_validator().schema)


def load_test_file(doc, rules: dict[str, list[Rule]]) -> tuple[list[tuple[Rule, TestCase, str]], list]:
    """Cases of a stand-alone test file, each bound to its rule; and findings (schema, unknown rule)."""
    from .hints import budget

    with budget():  # (a suggestion for the first few unknown rules only)
        return _load_test_file(doc, rules)


def _load_test_file(doc, rules: dict[str, list[Rule]]) -> tuple[list[tuple[Rule, TestCase, str]], list]:
    from .hints import first
    from .packs import DEFAULT_TEST_DATE, Finding, _date, _range_findings, _schema_findings, _test_case

    findings = [f if f.code not in ("XA100", "XA106") else Finding("XA140", f.severity, f.message, f.location)
                for f in _schema_findings(doc, _test_file_validator())]
    findings += _range_findings(doc)  # (an expected gap of .nan, an as_of of 9999-12-31: XA126, as in a pack)
    for path, line, col in doc.duplicates:
        from .errors import Location

        findings.append(Finding("XA002", "error", f"duplicate key '{path[-1]}' (the earlier value is silently lost)",
                                Location(doc.path, line, col)))
    if any(f.severity == "error" for f in findings):
        return [], findings
    out = []
    for j, t in enumerate(doc.data["tests"]):
        loc = doc.where(("tests", j))
        versions = rules.get(t["rule"])
        if not versions:
            hint = first(str(t["rule"]), rules)
            findings.append(Finding("XA141", "error", f"test names unknown rule '{t['rule']}'"
                                    + (f" (did you mean '{hint}'?)" if hint else ""), doc.where(("tests", j, "rule"))))
            continue
        day = _date(t.get("as_of")) or DEFAULT_TEST_DATE
        rule = next((r for r in versions if (r.valid_from is None or r.valid_from <= day)
                     and (r.valid_until is None or day <= r.valid_until)), versions[0])
        out.append((rule, _test_case(t, j, loc.line), doc.path))
    return out, findings
