"""Every number a rule judges by is bound to its quote, and every one is tested at exactly its value.

A rule's thresholds (``revenue_wan > 50000`` in ``when``) and its target (``op: '>', value: 13000``) are
where a transcription slip changes answers without changing anything a reader would notice: 20 家 typed
30, ``超过`` encoded as ``>=``. Three checks, run by ``xacheck validate`` (codes in
:mod:`xacheck.findings.codes`):

* **XA150** the number is not in the quote, in any unit it could be written in (50000 万元 = 5亿元 =
  5,000,000,000 元 written 5亿; 13000 家 = 1.3万家; 5% = 5%; a table cell under a 万元 or % heading as
  written);
* **XA151** the comparison is not the one the words beside that number give (超过/高于/大于 → ``>``;
  以上/不低于/达到/不少于 → ``>=``; 以下/不超过/不高于 → ``<=``; 低于/不足 → ``<``; ≥ ≤ > < and their
  English words in the national summaries; a number standing bare, a table cell or 建成20个, reads as a
  level to reach, ``>=``). A comparison that is one branch of an ``or`` may be the premise of an
  implication written ``not premise or consequence`` (``revenue_wan <= 20000 or ratio >= 3%`` for
  "> 2亿: ≥ 3%"), so there the words' opposite is accepted too;
* **XW011** no embedded test case puts the compared value at exactly the number (the case that tells
  ``>`` from ``>=``).

A number the quote cannot state is declared, never silently passed: in ``basis: [{regulation, numbers}]``
when it comes from another regulation, in ``readings: [{value, note}]`` when it is the encoder's reading of
words with no number (全覆盖 read as 100%). A declared number the rule does not use is **XA152**.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

from . import condition as cond
from .condcheck import PCT, RATIO, check_condition, field_unit
from .errors import XacheckError
from .fields import Registry
from .model import Profile, Rule, TestCase
from .quote_numbers import GE, GT, LE, LT, QuotedNumber, numbers_in

_FLIP = {GT: LT, GE: LE, LT: GT, LE: GE}
#: the opposite comparison: "not (x > n)" is "x <= n"
_NOT = {GT: LE, GE: LT, LT: GE, LE: GT}
_SCALE = {"万元": Decimal(10) ** 4, "亿元": Decimal(10) ** 8}


@dataclass(frozen=True)
class Bound:
    """One number a rule holds a value to: a threshold in ``when`` or the target."""

    expr: str                 # as written: "revenue_wan > 50000", "target tech_smes > 13000"
    side: str                 # what is compared: "revenue_wan", "age (established)", the metric
    op: str                   # with the number on the right
    value: Decimal            # as written in the rule (5 for 5%)
    unit: str | None          # 万元, 亿元, percentage points, ratio, years, 家 … or None
    percent: bool             # written as a percentage (5%)
    implication: bool         # a branch of an ``or``: may be the negated premise of an implication
    path: tuple               # where in the rule: ("when", j) or ("target", "value")
    compare: cond.Compare | None = None   # for conditions: to find cases at exactly the number
    metric: str | None = None             # for targets


@dataclass(frozen=True)
class NumberProblem:
    code: str
    message: str
    path: tuple   # relative to the rule


def _show(v: Decimal) -> str:
    return format(v.normalize(), "f")  # 50000, 0.05, 1.5: never 5E+4


def _walk(node: cond.Node, in_or: bool = False) -> Iterator[tuple[cond.Node, bool]]:
    yield node, in_or
    for child in cond.children(node):
        yield from _walk(child, isinstance(node, cond.BoolOp) and node.op == "or")


def _age_bound(n: cond.Compare) -> tuple[str, Decimal] | None:
    """``established >= add_years(as_of, -15)`` is "at most 15 years old": (op on the age, 15)."""
    for call, other, op in ((n.right, n.left, n.op), (n.left, n.right, _FLIP.get(n.op, n.op))):
        if isinstance(call, cond.Call) and call.func == "add_years" and isinstance(call.args[0], cond.Name) \
                and call.args[0].name == "as_of" and isinstance(call.args[1], cond.Neg) \
                and isinstance(call.args[1].operand, cond.Num) and isinstance(other, cond.Name) and op in _NOT:
            return _FLIP[op], call.args[1].operand.value
    return None


def bounds_of(rule: Rule, reg: Registry) -> list[Bound]:
    """The thresholds of ``rule``'s conditions and its target, in order."""
    out: list[Bound] = []
    for j, c in enumerate(rule.when):
        if _broken(c.node, c.text, reg):
            continue  # an unknown field, a type or unit error: its own finding says so
        for node, in_or in _walk(c.node):
            if not isinstance(node, cond.Compare) or node.op not in _FLIP:
                continue
            expr = cond.source(node, c.text)
            if isinstance(node.right, cond.Num) != isinstance(node.left, cond.Num):
                side, const, op = (node.left, node.right, node.op) if isinstance(node.right, cond.Num) \
                    else (node.right, node.left, _FLIP[node.op])
                field = reg.fields.get(side.name) if isinstance(side, cond.Name) else None
                if field is not None and field.type not in ("number", "integer"):
                    continue  # a text or date field compared with a number: XA111 says so
                name = side.name if isinstance(side, cond.Name) else cond.source(side, c.text)
                unit = field_unit(side.name, reg) if isinstance(side, cond.Name) else None
                value = const.value * 100 if const.percent else const.value
                out.append(Bound(expr, name, op, value, unit, const.percent, in_or, ("when", j), compare=node))
                continue
            age = _age_bound(node)
            if age:
                date_side = node.left if isinstance(node.left, cond.Name) else node.right
                out.append(Bound(expr, f"age ({date_side.name})", age[0], age[1], "years", False, in_or,  # type: ignore[union-attr]
                                 ("when", j), compare=node))
    t = rule.target
    if t is not None:
        unit = field_unit(t.metric, reg) or (PCT if t.unit == "%" else t.unit)
        out.append(Bound(f"target {t.metric} {t.op} {_show(t.value)}", t.metric, t.op, t.value, unit,
                         False, False, ("target", "value"), metric=t.metric))
    return out


def _broken(node: cond.Node, text: str, reg: Registry) -> bool:
    if any(n not in reg.fields and n not in reg.derived and n != "as_of" for n in cond.names(node)):
        return True
    return any(p.code.startswith("XA") for p in check_condition(node, text, reg))


def _tier(b: Bound, q: QuotedNumber) -> int:
    """2: ``q`` states ``b``'s number in its own unit (5亿 for 50000 万元, 5% for 5%); 1: as a bare cell
    of a table whose heading gives the unit (2000 under 亿元); 0: another number."""
    v = b.value
    if b.percent or b.unit == PCT:
        return 2 if q.percent and q.value == v else 1 if not q.percent and q.value == v else 0
    if b.unit == RATIO:  # a ratio compared with a plain fraction (0.05)
        return 2 if q.percent and q.value == v * 100 else 0
    if q.percent:
        return 0
    scale = _SCALE.get(b.unit or "")
    if scale is not None:
        return 2 if q.value == v * scale else 1 if q.value == v else 0
    return 2 if q.value == v else 0


def _where_said(b: Bound, quoted: list[QuotedNumber]) -> list[QuotedNumber]:
    """The places of the quote that state ``b``'s number (the best-matching tier only)."""
    tiers = [(q, _tier(b, q)) for q in quoted]
    best = max((t for _, t in tiers), default=0)
    return [q for q, t in tiers if t == best] if best else []


def _ops_said(places: list[QuotedNumber]) -> tuple[set[str], list[QuotedNumber]]:
    """Comparisons the words allow; a number said only bare reads as a level to reach (>=)."""
    worded = [q for q in places if q.ops]
    if not worded:
        return {GE}, places
    return set().union(*(q.ops for q in worded)), worded


def _declared(rule: Rule) -> dict[Decimal, str]:
    out: dict[Decimal, str] = {}
    for b in rule.basis:
        for n in b.numbers:
            out[n] = f"basis {b.regulation}"
    for r in rule.readings:
        out[r.value] = "readings"
    return out


def number_problems(rule: Rule, reg: Registry) -> list[NumberProblem]:
    """XA150 / XA151 / XA152 for one rule (one version of a versioned rule)."""
    if not rule.quote.strip():
        return []  # XA131 says the quote is missing
    bounds = bounds_of(rule, reg)
    declared = _declared(rule)
    quoted = numbers_in(rule.quote)
    out: list[NumberProblem] = []
    seen: set = set()
    used: set[Decimal] = set()
    for b in bounds:
        if b.value in declared:
            used.add(b.value)
            continue
        key = (b.side, b.op, b.value)
        if key in seen:
            continue
        seen.add(key)
        places = _where_said(b, quoted)
        if not places:
            out.append(NumberProblem("XA150", f"{b.expr}: the quote does not state {_show(b.value)}"
                                     f"{_unit_words(b)}; fix the number, or declare it: `basis: [{{regulation, numbers: "
                                     f"[{_show(b.value)}]}}]` if another regulation gives it, `readings: [{{value: "
                                     f"{_show(b.value)}, note}}]` if it reads words that give no number", b.path))
            continue
        allowed, said = _ops_said(places)
        if b.op in allowed or (b.implication and _NOT[b.op] in allowed):
            continue
        words = "; ".join(_said(q) for q in said) if any(q.ops for q in said) \
            else f"“{said[0].text}” with no comparison word (a level to reach: >=)"
        path = ("target", "op") if b.metric else b.path
        out.append(NumberProblem("XA151", f"{b.expr}: the quote says {words}, which reads as "
                                 f"{' or '.join(sorted(allowed))}, not {b.op}", path))
    for r_i, r in enumerate(rule.readings):
        if r.value not in {b.value for b in bounds}:
            out.append(NumberProblem("XA152", f"reading {_show(r.value)} is not a number of this rule's conditions "
                                     "or target", ("readings", r_i)))
    for b_i, basis in enumerate(rule.basis):
        for n in basis.numbers:
            if n not in {b.value for b in bounds}:
                out.append(NumberProblem("XA152", f"basis number {_show(n)} ({basis.regulation}) is not a number of "
                                         "this rule's conditions or target", ("basis", b_i)))
    return out


def _said(q: QuotedNumber) -> str:
    return f"“{q.text}” (a bound of a range)" if q.word == "range" else \
        f"“{q.word}{q.text}”" if q.start and q.word and not q.word.startswith(("以", "及", "或", "or")) \
        else f"“{q.text}{q.word}”"


def _unit_words(b: Bound) -> str:
    if b.percent or b.unit == PCT:
        return "%"
    if b.unit == "万元" and b.value >= 1000:
        return f" 万元 (= {_show(b.value / 10000)}亿元)"
    if b.unit == "亿元":
        return f" 亿元 (= {_show(b.value * 10000)}万元)"
    return f" {b.unit}" if b.unit and b.unit not in ("years", RATIO) else ""


def _at(b: Bound, profile: Profile, case: TestCase, reg: Registry) -> bool:
    """Whether the case puts ``b``'s compared value at exactly its number."""
    if b.metric is not None:
        v = profile.values.get(b.metric)
        return isinstance(v, Decimal) and v == b.value
    from .evaluate import make_env

    env = make_env(profile, case.as_of, reg)
    try:
        left, right = cond.evaluate(b.compare.left, env), cond.evaluate(b.compare.right, env)  # type: ignore[union-attr]
    except (XacheckError, ArithmeticError, TypeError):
        return False
    return left is not cond.UNKNOWN and right is not cond.UNKNOWN and type(left) is type(right) and left == right


def boundary_problems(rule: Rule, reg: Registry, profile_of: Callable[[TestCase], Profile | None]) -> list[NumberProblem]:
    """XW011: thresholds and targets that no embedded case of ``rule`` meets at exactly their number."""
    reg = reg.extended(rule.derived)
    cases = [(c, p) for c in rule.tests if (p := profile_of(c)) is not None]
    out: list[NumberProblem] = []
    seen: set = set()
    for b in bounds_of(rule, reg):
        key = (b.side, b.value)
        if key in seen:
            continue
        seen.add(key)
        if not any(_at(b, p, c, reg) for c, p in cases):
            out.append(NumberProblem("XW011", f"{b.expr}: no test case of '{rule.id}' puts {b.side} at exactly "
                                     f"{_show(b.value)}{'%' if b.percent else ''}; add one, so that a slip of "
                                     f"{b.op} into {_other(b.op)} fails a test",
                                     b.path))
    return out


def _other(op: str) -> str:
    """The comparison a slip turns ``op`` into at the boundary (> ↔ >=, < ↔ <=)."""
    return {GT: GE, GE: GT, LT: LE, LE: LT}[op]


__all__ = ["Bound", "NumberProblem", "boundary_problems", "bounds_of", "number_problems"]
