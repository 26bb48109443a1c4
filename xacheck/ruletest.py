"""Running the test cases embedded in rule files (in the style of OpenFisca's YAML tests)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

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

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def name(self) -> str:
        return f"{self.rule.id}::{self.case.name}"


def run_case(rule: Rule, case: TestCase, reg: Registry) -> CaseOutcome:
    try:
        profile = profile_from_mapping(case.profile, reg, source=f"{rule.path}:{case.line}")
        result = evaluate_rule(rule, profile, case.as_of, reg)
    except XacheckError as exc:
        return CaseOutcome(rule, case, None, [f"test profile is invalid: {exc.message}"])
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
        by_field = {t.field: t for t in result.thresholds}
        for f, want in case.gaps.items():
            th = by_field.get(f)
            got = None if th is None else th.gap
            if got is None or Decimal(str(got)) != Decimal(str(want)):
                problems.append(f"gap of {f}: expected {want}, got {got}")
    return CaseOutcome(rule, case, result, problems)


def run_pack_tests(packs: Iterable[Pack], reg: Registry | None = None, keyword: str | None = None) -> list[CaseOutcome]:
    """Run every embedded case; ``keyword`` keeps cases whose rule id or name contains it."""
    reg = reg or default_registry()
    out = []
    for pack in packs:
        for rule in pack.rules:
            for case in rule.tests:
                if keyword and keyword not in rule.id and keyword not in case.name:
                    continue
                out.append(run_case(rule, case, reg))
    return out
