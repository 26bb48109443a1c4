"""A rule as plain, JSON-ready data (``measures list/show --format json``, the HTTP API's /measures)."""
from __future__ import annotations

import datetime as _dt

from ..model import Rule
from .data import num


def in_force(rule: Rule, as_of: _dt.date) -> bool:
    """Inside the rule's window on ``as_of`` (both ends inclusive)."""
    if rule.valid_from and as_of < rule.valid_from:
        return False
    end = rule.deadline
    return not (end and as_of > end)


def rule_dict(rule: Rule, lang: str, as_of: _dt.date | None) -> dict:
    d = {"pack": rule.pack, "id": rule.id, "kind": rule.kind, "title": rule.title.get(lang),
         "applies_to": list(rule.applies_to), "supports": [s.get(lang) for s in rule.supports],
         "conditions": [c.text for c in rule.when], "qualitative": rule.qualitative,
         "valid_from": num(rule.valid_from), "valid_until": num(rule.valid_until), "deadline": num(rule.deadline),
         "source": rule.source_dict(), "tests": len(rule.tests)}
    if rule.qualitative:
        d["assessment"] = {"criteria": [c.get(lang) for c in rule.criteria], "evidence": [e.get(lang) for e in rule.evidence]}
    if rule.target:
        t = rule.target
        d["target"] = num({"metric": t.metric, "op": t.op, "value": t.value, "unit": t.unit, "deadline": t.deadline,
                           "baseline": t.baseline, "baseline_year": t.baseline_year, "cumulative": t.cumulative})
    if rule.basis:
        d["basis"] = [b.regulation for b in rule.basis]
    if as_of:
        d["in_force"] = in_force(rule, as_of)
    return d
