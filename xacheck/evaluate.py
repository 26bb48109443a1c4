"""The pure evaluation core: (rules, profile, as-of date) -> results. No I/O, no clock.

Status of a measure or programme, in order:
  1. outside its validity window -> ``not_yet_effective`` / ``expired`` (windows are inclusive);
  2. a ``when`` condition is false -> ``not_applicable``;
  3. a condition is unknown (a field is missing) -> ``unknown``, with the fields that would settle it;
  4. a value outside an open list (the text lists examples ending in 等) -> ``needs_assessment`` with the
     reason ``open_list: <condition>`` (原文列举未尽（等）): never ``not_applicable``;
  5. the text is qualitative -> ``needs_assessment``; otherwise ``applies``.
Targets and indicators are judged against their figure: see :func:`evaluate_target`.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal, localcontext
from typing import Iterable

from . import condition as cond
from .fields import Registry, default_registry
from .model import Pack, Profile, Result, Rule, Threshold

#: the reason of a rule that has ended and whose successor is not encoded (its note says what is missing)
SUCCESSOR = "successor_not_encoded"
#: the reason of an unknown target whose figure is for another year than its deadline's: "year_needed: 2025 (…)"
YEAR_NEEDED = "year_needed: "
#: the reason of a needs_assessment that comes from an open list (…等) the profile's value is not in
OPEN_LIST = "open_list: "

_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


def make_env(profile: Profile, as_of: _dt.date, reg: Registry) -> cond.Env:
    return cond.Env(profile.values, reg.derived_nodes(), as_of)


def ratio_parts(node: cond.Node, reg: Registry) -> tuple[str, str] | None:
    """(numerator, denominator) field names when ``node`` is a/b, directly or through a derived name."""
    if isinstance(node, cond.Name) and node.name in reg.derived:
        node = reg.derived[node.name].node
    if isinstance(node, cond.Arith) and node.op == "/" and isinstance(node.left, cond.Name) \
            and isinstance(node.right, cond.Name):
        return node.left.name, node.right.name
    return None


def thresholds_of(node: cond.Node, text: str, env: cond.Env, reg: Registry) -> list[Threshold]:
    """Every comparison of an expression with a numeric constant, with actual value and gap."""
    out: list[Threshold] = []
    for n in _decisive_compares(node, env):
        if n.op in ("==", "!="):
            continue
        if isinstance(n.right, cond.Num) and not isinstance(n.left, cond.Num):
            side, const, op = n.left, n.right, n.op
        elif isinstance(n.left, cond.Num) and not isinstance(n.right, cond.Num):
            side, const, op = n.right, n.left, _FLIP[n.op]
        else:
            continue
        name = side.name if isinstance(side, cond.Name) else cond.source(side, text)
        actual = cond.evaluate(side, env)
        if actual is not cond.UNKNOWN and not isinstance(actual, Decimal):
            continue
        th = Threshold(field=name, op=op, required=const.value, actual=actual, met=None, expr=cond.source(n, text),
                       label=name, unit=reg.unit(name) if isinstance(side, cond.Name) else ("ratio" if const.percent else None))
        if isinstance(side, cond.Name) and side.name in reg.derived:
            th.parts = [(p, env.lookup(p)) for p in cond.names(reg.derived[side.name].node) if p in reg.derived]
        if actual is not cond.UNKNOWN:
            th.met = cond._ordered(actual, const.value, op)
            with localcontext() as ctx:
                ctx.prec = 50
                th.gap = (const.value - actual) if op in (">", ">=") else (actual - const.value)
                parts = ratio_parts(side, reg)
                if parts and not th.met:
                    num, den = parts
                    a, b = env.lookup(num), env.lookup(den)
                    if isinstance(a, Decimal) and isinstance(b, Decimal):
                        th.gap_field = num
                        th.gap_amount = const.value * b - a if op in (">", ">=") else a - const.value * b
        out.append(th)
    return out


def _decisive_compares(node: cond.Node, env: cond.Env) -> list[cond.Compare]:
    """The comparisons that decide ``node``: of an ``or`` that holds, only the branches that hold;
    of an ``if`` whose test is known, only the branch taken (a band guard is not a threshold)."""
    out: list[cond.Compare] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cond.Compare):
            out.append(n)
        kids = cond.children(n)
        if isinstance(n, cond.BoolOp) and n.op == "or" and cond.evaluate(n, env) is True:
            kids = tuple(k for k in kids if cond.evaluate(k, env) is True)
        elif isinstance(n, cond.Call) and n.func == "if":
            test = cond.evaluate(n.args[0], env)
            kids = (n.args[1],) if test is True else (n.args[2],) if test is False else n.args[1:]
        stack.extend(reversed(kids))
    return out


def _validity(rule: Rule, as_of: _dt.date) -> str | None:
    """The status a closed window gives; ``None`` while in force. A rule that has ended and names a
    successor that is not encoded reads as the successor's status (创新型中小企业 after 2026-03-31:
    needs_assessment, "2026-04-01 起的认定条件未编码"), not as a plain "expired"."""
    if rule.valid_from and as_of < rule.valid_from:
        return "not_yet_effective"
    if rule.target is None and rule.valid_until and as_of > rule.valid_until:
        return rule.successor.status if rule.successor else "expired"
    return None


def evaluate_rule(rule: Rule, profile: Profile, as_of: _dt.date, reg: Registry | None = None,
                  env: cond.Env | None = None) -> Result:
    """Evaluate one rule (one version of it) for one profile on one day."""
    reg = (reg or default_registry()).extended(rule.derived)
    env = env or make_env(profile, as_of, reg)
    thresholds: list[Threshold] = []
    missing: list[str] = []
    values = []
    failed = []
    unlisted = []  # open lists (…等) the profile's value is not in: a reviewer's call, not a "no"
    for c in rule.when:
        v = cond.evaluate(c.node, env)
        if v is not cond.UNKNOWN and not isinstance(v, bool):
            raise cond.ConditionTypeError(f"{rule.id}: condition {c.text!r} is not a yes/no test")
        values.append(v)
        thresholds.extend(thresholds_of(c.node, c.text, env, reg))
        if v is cond.UNKNOWN:
            for f in cond.missing_fields(c.node, env, reg.expand):
                if f not in missing:
                    missing.append(f)
        elif v is False and c.open:
            unlisted.append(c.text)
            values[-1] = True
        elif v is False:
            failed.append(c.text)
    deadline = rule.deadline
    days_left = (deadline - as_of).days if deadline else None
    window = _validity(rule, as_of)
    if window and rule.successor and window != "not_yet_effective":
        # the encoded criteria no longer apply: none of their thresholds or missing fields mean anything now
        return Result(rule, window, [], [], days_left, reason=SUCCESSOR)
    if window:
        return Result(rule, window, thresholds, missing, days_left, reason=window)
    if failed:
        return Result(rule, "not_applicable", thresholds, [], days_left, reason="; ".join(failed))
    if any(v is cond.UNKNOWN for v in values):
        return Result(rule, "unknown", thresholds, missing, days_left, reason="missing data")
    if rule.target is not None:
        return evaluate_target(rule, profile, as_of, thresholds, days_left)
    if unlisted:
        return Result(rule, "needs_assessment", thresholds, [], days_left, reason=OPEN_LIST + "; ".join(unlisted))
    if rule.qualitative:
        return Result(rule, "needs_assessment", thresholds, [], days_left, reason="qualitative")
    return Result(rule, "applies", thresholds, [], days_left)


def _compare(actual: Decimal, op: str, value: Decimal) -> bool:
    return cond._ordered(actual, value, op)


def _is_floor(target) -> bool:
    """A target on the far side of (or at) its baseline: a level to hold, not a climb."""
    if target.baseline is None:
        return False
    upward = target.op in (">", ">=")
    return (upward and target.value <= target.baseline) or (not upward and target.value >= target.baseline)


def expected_on_line(target, at: _dt.date) -> Decimal | None:
    """The value the straight line from baseline to target reaches on day ``at``.

    A target on the far side of its baseline (5.05% -> 5%: a floor to hold) expects the target itself;
    without a baseline there is no line and ``None`` comes back.
    """
    if target.baseline is None or target.baseline_year is None:
        return None
    base, goal = target.baseline, target.value
    if _is_floor(target):
        return goal
    start = _dt.date(target.baseline_year, 12, 31)
    span = (target.deadline - start).days
    if span <= 0:
        return goal
    frac = Decimal(min(max((at - start).days, 0), span)) / Decimal(span)
    return base + (goal - base) * frac


def evaluate_target(rule: Rule, profile: Profile, as_of: _dt.date, thresholds: list[Threshold],
                    days_left: int | None) -> Result:
    """met / not_met after the deadline, on_track / behind on or before it, unknown without a figure.

    Only the deadline year's own figure settles a target after its deadline (a stock figure at the deadline,
    or the flow of that year); a figure for a later year leaves it unknown with the year it needs, and so
    does an earlier one once the deadline has passed."""
    t = rule.target
    assert t is not None
    actual = profile.values.get(t.metric)
    period = profile.values.get("period")
    progress: dict = {"metric": t.metric, "baseline": t.baseline, "baseline_year": t.baseline_year,
                      "target": t.value, "op": t.op, "actual": actual, "period": int(period) if period is not None else None,
                      "expected": None, "progress": None}
    th = Threshold(field=t.metric, op=t.op, required=t.value, actual=actual, met=None, label=t.metric, unit=t.unit)
    if isinstance(actual, Decimal):
        th.met = _compare(actual, t.op, t.value)
        th.gap = (t.value - actual) if t.op in (">", ">=") else (actual - t.value)
        if t.baseline is not None and _is_floor(t):
            progress["progress"] = Decimal(1) if th.met else Decimal(0)  # a floor is held or it is not
        elif t.baseline is not None:
            with localcontext() as ctx:
                ctx.prec = 50
                progress["progress"] = (actual - t.baseline) / (t.value - t.baseline)
    thresholds = thresholds + [th]
    if actual is None:
        return Result(rule, "unknown", thresholds, [t.metric], days_left, reason="no figure", progress=progress)
    if period is None:
        return Result(rule, "unknown", thresholds, ["period"], days_left, reason="no period", progress=progress)
    measured = _dt.date(int(period), 12, 31)
    if t.baseline_year is not None and int(period) <= t.baseline_year and as_of <= t.deadline:
        # the figure is the baseline itself (or older): it says nothing about progress since — no
        # "on track" at 0 %; a later year's figure is needed (the renderers say 无当期数据)
        return Result(rule, "unknown", thresholds, [t.metric], days_left, reason="no figure after the baseline",
                      progress=progress)
    if t.annual and measured <= t.deadline:
        # a yearly floor: the period year's own figure decides once that year is over
        if as_of > measured:
            return Result(rule, "met" if th.met else "not_met", thresholds, [], days_left, progress=progress)
        if th.met:
            return Result(rule, "on_track", thresholds, [], days_left, progress=progress)
        return Result(rule, "unknown", thresholds, [], days_left,
                      reason=f"the {int(period)} figure is not final before the year ends", progress=progress)
    if measured.year > t.deadline.year or (as_of > t.deadline and measured.year < t.deadline.year):
        # a later year's figure says nothing about the deadline year (a flow in 2024 is not 2023's; a stock
        # may have grown since), nor an earlier one once the deadline is past: only the deadline year's own
        # figure settles the target, and this one is shown without a verdict
        th.met, th.gap = None, None
        return Result(rule, "unknown", thresholds, [t.metric], days_left,
                      reason=f"{YEAR_NEEDED}{t.deadline.year} (figure for {int(period)})", progress=progress)
    if as_of > t.deadline:
        return Result(rule, "met" if th.met else "not_met", thresholds, [], days_left, progress=progress)
    expected = expected_on_line(t, min(measured, t.deadline))
    progress["expected"] = expected
    if measured >= t.deadline:  # the deadline year's own figure: no line needed
        return Result(rule, "on_track" if th.met else "behind", thresholds, [], days_left, progress=progress)
    if expected is None:
        if th.met:
            return Result(rule, "on_track", thresholds, [], days_left, reason="already at target", progress=progress)
        return Result(rule, "unknown", thresholds, [], days_left, reason="no baseline: progress cannot be judged",
                      progress=progress)
    on_track = _compare(actual, ">=" if t.op in (">", ">=") else "<=", expected)
    return Result(rule, "on_track" if on_track else "behind", thresholds, [], days_left, progress=progress)


def select_version(versions: list[Rule], as_of: _dt.date) -> Rule:
    """The version of a dated rule in force on ``as_of``; before the first, the first; after or between, the last begun."""
    ordered = sorted(versions, key=lambda r: r.valid_from or _dt.date.min)
    chosen = ordered[0]
    for r in ordered:
        if r.valid_from is None or r.valid_from <= as_of:
            chosen = r
    return chosen


def relevant_rules(packs: Iterable[Pack], profile: Profile, pack_ids: Iterable[str] | None = None,
                   as_of: _dt.date | None = None) -> list[Rule]:
    """The rules that concern a profile of this type (optionally only from some packs).

    With ``as_of``, a rule with dated versions contributes the version in force that day; without it, all versions.
    """
    wanted = set(pack_ids) if pack_ids else None
    rules = [r for p in packs if wanted is None or p.id in wanted for r in p.rules if profile.type in r.applies_to]
    if as_of is None:
        return rules
    groups: dict[str, list[Rule]] = {}
    for r in rules:
        groups.setdefault(r.id, []).append(r)
    out, done = [], set()
    for r in rules:
        if r.id in done:
            continue
        done.add(r.id)
        out.append(r if len(groups[r.id]) == 1 else select_version(groups[r.id], as_of))
    return out


def evaluate_profile(packs: Iterable[Pack], profile: Profile, as_of: _dt.date, reg: Registry | None = None,
                     pack_ids: Iterable[str] | None = None) -> list[Result]:
    """Every rule that concerns the profile, evaluated as of ``as_of`` (the version in force that day)."""
    reg = reg or default_registry()
    envs: dict[tuple, cond.Env] = {}
    out = []
    for r in relevant_rules(packs, profile, pack_ids, as_of):
        rreg = reg.extended(r.derived)
        key = tuple((d.key, d.expr) for d in r.derived)
        env = envs.get(key)
        if env is None:
            env = envs[key] = make_env(profile, as_of, rreg)
        out.append(evaluate_rule(r, profile, as_of, rreg, env))
    return out
