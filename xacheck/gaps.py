"""Gap plans: for each rule a profile does not (yet) meet, the smallest change that would meet it.

Pure: no I/O, no clock. :func:`plan_gaps` takes results from :mod:`xacheck.evaluate` and returns one
plan per rule whose status is ``not_applicable`` or ``unknown`` (and, marked infeasible, ``expired``
and ``not_yet_effective``). Targets and indicators (region figures) are left to the indicator view.

How a plan is found, condition by condition (all of a rule's ``when`` must hold):

* ``field > c``, ``field >= c``, ``<``, ``<=`` on a number field: move the field to the nearest value
  on its grid that satisfies the comparison. The grid is the field's precision: 1 for integer fields
  (people, counts: always rounded up to a whole number), 0.01 for money in 万元 and for everything
  else, 0.0001 for 亿元. A strict ``>`` therefore asks for one step more than the bound:
  ``revenue_wan > 50000`` needs 50000.01 万元, ``>=`` needs 50000.
* ``a / b > c`` (a derived ratio such as ``rd_intensity``): solved on the numerator at the
  denominator the profile will have once the other conditions are met; ``a' = c × b`` rounded to
  a's grid (one more step when strict). Simple field conditions are solved first, ratios after, so
  when revenue must also rise the R&D figure is computed at the new revenue, not guessed.
* ``field > other_field``: the left-hand field moves, at the other field's value.
* A missing field: "补充字段"; where the condition says what value would qualify
  (``city == '西安市'``, ``revenue_wan > 50000``) the plan says so and is verified with that value.
* A known text/enum/list/date value that does not match (``city == '西安市'`` for a firm in 宝鸡市,
  an industry not in the list): no change of figures can meet it; infeasible.
* A yes/no attribute (``has_three_firsts_product``) or a title (``'高新技术企业' in titles``): listed as
  a change, but infeasible — it is a fact or a recognition the enterprise obtains, not a figure it sets.
* A closed window (``expired`` / ``not_yet_effective``): infeasible whatever the figures.

Every plan is then VERIFIED: the changes are applied to a copy of the profile and the rule is
re-evaluated with :func:`xacheck.evaluate.evaluate_rule`; ``verified`` is true when it turns
``applies`` (``needs_assessment`` for a qualitative rule: the text leaves the decision to a reviewer,
so that is the best any profile can reach).

"Nearest" (the ranking): feasible plans first; then plans blocked only by titles/yes-no facts, then
by unsolvable expressions, then by fixed attributes (place, industry), then by closed windows; within
each, verified plans before ones that need data first, then fewer changes, then the smallest relative change (|delta| / |from|; supplying a missing
field counts 0 — it asks for information, not for a different business), then rule id.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from typing import Any

from . import condition as cond
from .evaluate import evaluate_rule, ratio_parts
from .fields import Field, Registry
from .i18n import fmt_decimal, fmt_value
from .model import Profile, Result, Rule

#: statuses a plan is made for
PLANNED = ("not_applicable", "unknown", "expired", "not_yet_effective")

#: blocker ranks (lower = nearer); a plan that needs the firm to shrink (revenue, assets, staff down) ranks last
_NONE, _QUALITATIVE, _UNSOLVABLE, _FIXED, _WINDOW, _SHRINK = 0, 1, 2, 3, 4, 5
BLOCKERS = ["none", "qualitative", "unsolvable", "fixed", "window", "shrink"]

_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


def step_of(f: Field | None) -> Decimal:
    """The grid a plan moves a number field on: its smallest meaningful increment."""
    if f is None:
        return Decimal("0.01")
    if f.type == "integer":
        return Decimal(1)
    if f.unit == "亿元":
        return Decimal("0.0001")
    return Decimal("0.01")


def _on_grid(bound: Decimal, op: str, step: Decimal) -> Decimal:
    """The grid value nearest to ``bound`` that satisfies ``value op bound``."""
    with localcontext() as ctx:
        ctx.prec = 50
        q = bound / step
        if op == ">":
            n = q.to_integral_value(rounding=ROUND_FLOOR) + 1
        elif op == ">=":
            n = q.to_integral_value(rounding=ROUND_CEILING)
        elif op == "<":
            n = q.to_integral_value(rounding=ROUND_CEILING) - 1
        else:  # <=
            n = q.to_integral_value(rounding=ROUND_FLOOR)
        return (n * step).normalize() if n != 0 else Decimal(0)


# --------------------------------------------------------------------------- internal plan state


@dataclass
class _Change:
    """One change of a plan: a field, its new value and why."""
    field: str
    to: Any
    kind: str  # numeric | supply | qualitative
    hint_zh: str = ""
    hint_en: str = ""


@dataclass
class _Plan:
    """The changes found so far for one rule, and what blocks it."""
    values: dict
    changes: dict = field(default_factory=dict)  # field -> _Change (last one wins, order kept)
    notes: list = field(default_factory=list)  # (zh, en)
    blocker: int = _NONE
    unresolved: bool = False  # a change could not be computed (e.g. depends on a field still missing)

    def set(self, ch: _Change) -> None:
        prev = self.changes.get(ch.field)
        if prev is not None and prev.kind == "supply" and ch.kind == "numeric":
            ch = _Change(ch.field, ch.to, "supply", prev.hint_zh, prev.hint_en)
        self.changes[ch.field] = ch
        if ch.to is not None:
            self.values[ch.field] = ch.to

    def block(self, rank: int, zh: str, en: str) -> None:
        self.blocker = max(self.blocker, rank)
        if (zh, en) not in self.notes:
            self.notes.append((zh, en))


def _env(values: dict, reg: Registry, as_of) -> cond.Env:
    return cond.Env(values, reg.derived_nodes(), as_of)


def _num_field(reg: Registry, name: str) -> Field | None:
    f = reg.fields.get(name)
    return f if f is not None and f.type in ("number", "integer") else None


def _lit(node: cond.Node) -> Any:
    if isinstance(node, (cond.Str, cond.Num, cond.Bool)):
        return node.value
    return None


def _listed(items, lang: str, most: int = 6) -> str:
    """'a、b、c' (or 'a, b, c'); long lists cut to ``most`` items with a count of the rest."""
    items = [str(x) for x in items]
    sep = ", " if lang == "en" else "、"
    text = sep.join(items[:most])
    if len(items) > most:
        text += f" and {len(items) - most} more" if lang == "en" else f" 等 {len(items)} 项"
    return text


def _show(v: Any, lang: str) -> str:
    return fmt_value(v, None, lang)


class _Solver:
    def __init__(self, reg: Registry, as_of, text: str):
        self.reg = reg
        self.as_of = as_of
        self.text = text

    def truth(self, node: cond.Node, plan: _Plan):
        return cond.evaluate(node, _env(plan.values, self.reg, self.as_of))

    def label(self, name: str, lang: str) -> str:
        return self.reg.label(name, lang)

    # ---- entry: make ``node`` true, recording changes in ``plan``; ``phase`` 0 = simple, 1 = ratios
    def solve(self, node: cond.Node, plan: _Plan, phase: int) -> None:
        if self.truth(node, plan) is True:
            return
        if isinstance(node, cond.BoolOp):
            if node.op == "and":
                for item in node.items:
                    self.solve(item, plan, phase)
                return
            self._solve_or(node, plan, phase)
            return
        if isinstance(node, cond.Compare):
            self._compare(node, plan, phase)
            return
        if isinstance(node, cond.Member):
            self._member(node, plan)
            return
        if isinstance(node, cond.Call) and node.func == "any_in":
            self._any_in(node, plan)
            return
        if isinstance(node, cond.Call) and node.func == "if":
            # a band guard (高企: if(revenue_wan > 20000, ratio >= 3%, true)): the firm stays in the band it is
            # in and meets that band's condition; the guard is never a figure to move
            test = self.truth(node.args[0], plan)
            if test is True:
                self.solve(node.args[1], plan, phase)
            elif test is False:
                self.solve(node.args[2], plan, phase)
            else:
                self._unsolvable(node, plan)
            return
        if isinstance(node, cond.Call) and node.func == "known" and isinstance(node.args[0], cond.Name):
            self._supply(plan, node.args[0].name, None, "", "")
            return
        if isinstance(node, cond.Name) and node.name in self.reg.fields:
            self._boolean(node.name, True, plan)
            return
        if isinstance(node, cond.Not) and isinstance(node.operand, cond.Name) and node.operand.name in self.reg.fields:
            self._boolean(node.operand.name, False, plan)
            return
        if isinstance(node, cond.Not) and isinstance(node.operand, cond.Member):
            m = node.operand
            self._member(cond.Member(m.start, m.end, m.item, m.container, not m.negated), plan)
            return
        self._unsolvable(node, plan)

    def _unsolvable(self, node: cond.Node, plan: _Plan) -> None:
        src = cond.source(node, self.text) if node.end <= len(self.text) else "?"
        env = _env(plan.values, self.reg, self.as_of)
        missing = cond.missing_fields(node, env, self.reg.expand)
        for f in missing:
            self._supply(plan, f, None, "", "")
        if missing and cond.evaluate(node, env) is cond.UNKNOWN:
            plan.unresolved = True  # supply the data first; the gap (if any) can be computed then
            return
        plan.block(_UNSOLVABLE, f"条件 {src} 无法自动求出所需变化", f"no change could be computed for {src}")

    def _solve_or(self, node: cond.BoolOp, plan: _Plan, phase: int) -> None:
        best = None
        for item in node.items:
            trial = _Plan(dict(plan.values), dict(plan.changes), list(plan.notes), plan.blocker, plan.unresolved)
            self.solve(item, trial, 0)
            self.solve(item, trial, 1)
            key = (trial.blocker, trial.unresolved, len(trial.changes), _max_rel(trial, plan))
            if best is None or key < best[0]:
                best = (key, trial)
        assert best is not None
        t = best[1]
        plan.values, plan.changes, plan.notes, plan.blocker, plan.unresolved = \
            t.values, t.changes, t.notes, t.blocker, t.unresolved

    # ---- leaves
    def _supply(self, plan: _Plan, name: str, to: Any, hint_zh: str, hint_en: str) -> None:
        if name in plan.changes and plan.changes[name].to is not None and to is None:
            return
        if to is None and name in plan.changes:
            return
        plan.set(_Change(name, to, "supply", hint_zh, hint_en))
        if to is None:
            plan.unresolved = True

    def _fixed(self, plan: _Plan, name: str, want_zh: str, want_en: str) -> None:
        cur = plan.values.get(name)
        zh = f"{self.label(name, 'zh')}为 {_show(cur, 'zh')}，{want_zh}：不是调整数据可以达到的条件"
        en = f"{self.label(name, 'en')} is {_show(cur, 'en')}; {want_en}: no change of figures can meet it"
        plan.block(_FIXED, zh, en)

    def _boolean(self, name: str, want: bool, plan: _Plan) -> None:
        f = self.reg.fields.get(name)
        if f is None or f.type != "boolean":
            self._unsolvable(cond.Name(0, 0, name), plan)
            return
        yes = ("是" if want else "否"), ("yes" if want else "no")
        if plan.values.get(name) is None:
            self._supply(plan, name, want, f"须为 {yes[0]}", f"must be {yes[1]}")
            return
        plan.set(_Change(name, want, "qualitative"))
        plan.block(_QUALITATIVE, f"需具备“{f.label_zh}”：这是事实或认定，不是调整数据可以达到的",
                   f"needs \"{f.label_en}\": a fact or a recognition, not a figure to adjust")

    def _member(self, node: cond.Member, plan: _Plan) -> None:
        item, cont = node.item, node.container
        # 'X' in titles / 'X' not in titles
        if _lit(item) is not None and isinstance(cont, cond.Name):
            name, x = cont.name, _lit(item)
            cur = plan.values.get(name)
            if cur is None:
                to = () if node.negated else (x,)
                zh = f"须不含 {x}" if node.negated else f"须含 {x}"
                en = f"must not include {x}" if node.negated else f"must include {x}"
                self._supply(plan, name, to, zh, en)
                return
            if node.negated:
                self._fixed(plan, name, f"须不含 {x}", f"must not include {x}")
                return
            self._add_item(plan, name, tuple(cur), x)
            return
        # field in ['a', 'b']
        if isinstance(item, cond.Name) and isinstance(cont, cond.ListLit):
            name = item.name
            choices = [_lit(i) for i in cont.items]
            shown, shown_en = _listed(choices, "zh"), _listed(choices, "en")
            if plan.values.get(name) is None and not node.negated and choices:
                self._supply(plan, name, choices[0], f"须为 {shown} 之一", f"must be one of {shown_en}")
                return
            if plan.values.get(name) is None:
                self._supply(plan, name, None, f"须不为 {shown}", f"must not be one of {shown_en}")
                return
            want_zh = f"须{'不' if node.negated else ''}为 {shown}{'' if node.negated else ' 之一'}"
            want_en = f"must {'not ' if node.negated else ''}be one of {shown_en}"
            self._fixed(plan, name, want_zh, want_en)
            return
        self._unsolvable(node, plan)

    def _any_in(self, node: cond.Call, plan: _Plan) -> None:
        have, wanted = node.args
        if not isinstance(have, cond.Name) or not isinstance(wanted, cond.ListLit):
            self._unsolvable(node, plan)
            return
        name = have.name
        choices = [_lit(i) for i in wanted.items]
        shown_zh, shown_en = _listed(choices, "zh"), _listed(choices, "en")
        cur = plan.values.get(name)
        if cur is None:
            self._supply(plan, name, (choices[0],), f"须含 {shown_zh} 之一", f"must include one of {shown_en}")
            return
        if name == "titles":  # a recognition the enterprise can apply for
            self._add_item(plan, name, tuple(cur), choices[0], alternatives=choices)
            return
        self._fixed(plan, name, f"须含 {shown_zh} 之一", f"must include one of {shown_en}")

    def _add_item(self, plan: _Plan, name: str, cur: tuple, x: Any, alternatives=None) -> None:
        f = self.reg.fields.get(name)
        label_zh = f.label_zh if f else name
        label_en = f.label_en if f else name
        alts = alternatives or [x]
        prev = plan.changes.get(name)
        base = tuple(prev.to) if prev is not None and prev.to is not None else cur
        plan.set(_Change(name, base + (x,) if x not in base else base, "qualitative"))
        shown_zh, shown_en = _listed(alts, "zh"), _listed(alts, "en")
        more_zh = f"（{shown_zh} 之一）" if len(alts) > 1 else ""
        more_en = f" (one of {shown_en})" if len(alts) > 1 else ""
        plan.block(_QUALITATIVE, f"需取得“{x}”{more_zh}：{label_zh}须经认定，不是调整数据可以达到的",
                   f"needs \"{x}\"{more_en}: {label_en} are granted, not figures to adjust")

    def _compare(self, node: cond.Compare, plan: _Plan, phase: int) -> None:
        op = node.op
        left, right = node.left, node.right
        if op in ("==", "!="):
            name_node, lit = (left, right) if isinstance(left, cond.Name) else (right, left)
            if isinstance(name_node, cond.Name) and _lit(lit) is not None:
                name, v = name_node.name, _lit(lit)
                f = self.reg.fields.get(name)
                if plan.values.get(name) is None:
                    if op == "==":
                        self._supply(plan, name, v, f"须为 {_show(v, 'zh')}", f"must be {_show(v, 'en')}")
                    else:
                        self._supply(plan, name, None, f"须不为 {_show(v, 'zh')}", f"must not be {_show(v, 'en')}")
                    return
                if f is not None and f.type == "boolean" and isinstance(v, bool):
                    self._boolean(name, v if op == "==" else not v, plan)
                    return
                if f is not None and f.type in ("number", "integer") and op == "==":
                    self._set_number(plan, name, Decimal(v))
                    return
                want = f"须{'不' if op == '!=' else ''}为 {_show(v, 'zh')}"
                self._fixed(plan, name, want, f"must {'not ' if op == '!=' else ''}be {_show(v, 'en')}")
                return
            self._unsolvable(node, plan)
            return
        # orient: the side holding a profile quantity on the left
        side, other, o = left, right, op
        if not self._movable(side) and self._movable(right):
            side, other, o = right, left, _FLIP[op]
        env = _env(plan.values, self.reg, self.as_of)
        bound = cond.evaluate(other, env)
        ratio = ratio_parts(side, self.reg)
        if ratio is not None:
            if phase == 0:
                return  # ratios once the simple conditions have moved their denominators
            num, den = ratio
            a, b = plan.values.get(num), plan.values.get(den)
            if b is None:
                self._supply(plan, den, None, "", "")
            if bound is None:
                for f in cond.missing_fields(other, env, self.reg.expand):
                    self._supply(plan, f, None, "", "")
            if b is None or bound is None:
                if a is None:
                    self._supply(plan, num, None, "", "")
                plan.unresolved = True
                return
            if b == 0:
                plan.block(_UNSOLVABLE, f"{self.label(den, 'zh')}为 0，比值无意义",
                           f"{self.label(den, 'en')} is 0: the ratio is undefined")
                return
            if _num_field(self.reg, num) is None:
                self._unsolvable(node, plan)
                return
            with localcontext() as ctx:
                ctx.prec = 50
                need = _on_grid(Decimal(bound) * Decimal(b), o, step_of(self.reg.fields.get(num)))
            # rounding to the grid must not undo strictness; step further until the ratio holds
            self._set_number(plan, num, need, supply=a is None,
                             hint=(f"须使{self.label(side.name if isinstance(side, cond.Name) else num, 'zh')} {o} "
                                   f"{fmt_value(Decimal(bound), 'ratio', 'zh')}",
                                   f"so that {self.label(side.name if isinstance(side, cond.Name) else num, 'en')} "
                                   f"{o} {fmt_value(Decimal(bound), 'ratio', 'en')}"))
            for _ in range(3):
                if self.truth(node, plan) is not False:
                    break
                st = step_of(self.reg.fields.get(num))
                self._set_number(plan, num, plan.values[num] + (st if o in (">", ">=") else -st), supply=a is None)
            return
        if phase == 1:
            return
        if isinstance(side, cond.Name) and _num_field(self.reg, side.name) is not None:
            name = side.name
            if bound is None:
                for f in cond.missing_fields(other, env, self.reg.expand):
                    self._supply(plan, f, None, "", "")
                if plan.values.get(name) is None:
                    self._supply(plan, name, None, "", "")
                plan.unresolved = True
                return
            if isinstance(bound, bool) or not isinstance(bound, (Decimal, int)):
                self._unsolvable(node, plan)
                return
            f = self.reg.fields[name]
            need = _on_grid(Decimal(bound), o, step_of(f))
            hint = (f"须 {o} {fmt_value(Decimal(bound), f.unit, 'zh')}", f"must be {o} {fmt_value(Decimal(bound), f.unit, 'en')}")
            if f.minimum is not None and need < f.minimum or f.maximum is not None and need > f.maximum:
                plan.block(_UNSOLVABLE, f"{f.label_zh}须 {o} {bound}，超出该字段的取值范围",
                           f"{f.label_en} must be {o} {bound}, outside the field's range")
                return
            self._set_number(plan, name, need, supply=plan.values.get(name) is None, hint=hint)
            return
        if phase == 0 and self._search(node, side, plan):
            return
        self._unsolvable(node, plan)

    # ---- scores: a quantity built from bands (band(), if()) is moved band by band
    def _band_moves(self, expr: cond.Node, env: cond.Env) -> list[tuple[str, Decimal, str, str]]:
        """Single-field moves that lift one band argument of ``expr`` to the next band (or flip an if())."""
        moves: list[tuple[str, Decimal, str, str]] = []
        seen: set = set()
        stack = [expr]
        while stack:
            n = stack.pop()
            if isinstance(n, cond.Name) and n.name in self.reg.derived and n.name not in seen:
                seen.add(n.name)
                stack.append(self.reg.derived[n.name].node)
                continue
            stack.extend(cond.children(n))
            targets: list[tuple[cond.Node, Decimal]] = []
            if isinstance(n, cond.Call) and n.func == "band" and isinstance(n.args[1], cond.ListLit):
                cur = cond.evaluate(n.args[0], env)
                if isinstance(cur, Decimal):
                    targets += [(n.args[0], item.value) for item in n.args[1].items
                                if isinstance(item, cond.Num) and item.value > cur]
            elif isinstance(n, cond.Call) and n.func == "if" and isinstance(n.args[0], cond.Compare):
                c = n.args[0]
                if isinstance(c.right, cond.Num) and c.op in (">", ">=") and cond.evaluate(c, env) is False:
                    targets.append((c.left, c.right.value + (Decimal("1e-9") if c.op == ">" else 0)))
            for arg, t in targets:
                label_zh = self.label(arg.name, "zh") if isinstance(arg, cond.Name) else cond.source(arg, self.text)
                ratio = ratio_parts(arg, self.reg)
                if ratio is not None:
                    num, den = ratio
                    b = env.lookup(den)
                    f = _num_field(self.reg, num)
                    if isinstance(b, Decimal) and b > 0 and f is not None:
                        with localcontext() as ctx:
                            ctx.prec = 50
                            moves.append((num, _on_grid(t * b, ">=", step_of(f)), label_zh,
                                          fmt_value(t, "ratio", "zh")))
                elif isinstance(arg, cond.Name) and _num_field(self.reg, arg.name) is not None:
                    f = self.reg.fields[arg.name]
                    moves.append((arg.name, _on_grid(t, ">=", step_of(f)), label_zh, fmt_value(t, f.unit, "zh")))
        return moves

    def _search(self, node: cond.Compare, side: cond.Node, plan: _Plan) -> bool:
        """Reach a score threshold (``tech_sme_score >= 60``) by the smallest band moves, verified by evaluation.

        One move is tried at a time; when no single move suffices, the move with the best gain per
        relative change is kept and the search goes on (at most four moves).
        """
        for _ in range(4):
            env = _env(plan.values, self.reg, self.as_of)
            before = cond.evaluate(side, env)
            if not isinstance(before, Decimal):
                return False
            best = None
            for name, to, label_zh, level in self._band_moves(side, env):
                old = plan.values.get(name)
                if not isinstance(old, Decimal) or to <= old:
                    continue
                trial = dict(plan.values)
                trial[name] = to
                tenv = _env(trial, self.reg, self.as_of)
                after = cond.evaluate(side, tenv)
                if not isinstance(after, Decimal) or after <= before:
                    continue
                rel = (to - old) / abs(old) if old else Decimal(1)
                done = cond.evaluate(node, tenv) is True
                key = (not done, rel if done else -(after - before) / max(rel, Decimal("1e-9")))
                if best is None or key < best[0]:
                    best = (key, name, to, label_zh, level, after - before, done)
            if best is None:
                return False
            _, name, to, label_zh, level, gain, done = best
            self._set_number(plan, name, to, hint=(f"使{_short(label_zh)}达到 {level}，{_short(self.label(_name_of(side), 'zh'))} +{fmt_decimal(gain)}",
                                                   f"brings {_short(label_zh)} to {level}: {_short(self.label(_name_of(side), 'en'))} "
                                                   f"+{fmt_decimal(gain)}"))
            if done:
                return True
        return False

    def _movable(self, node: cond.Node) -> bool:
        if isinstance(node, cond.Name):
            return _num_field(self.reg, node.name) is not None or ratio_parts(node, self.reg) is not None
        return ratio_parts(node, self.reg) is not None

    def _set_number(self, plan: _Plan, name: str, value: Decimal, supply: bool = False, hint=("", "")) -> None:
        value = value.normalize() if value != 0 else Decimal(0)
        old = plan.values.get(name)
        f = self.reg.fields.get(name)
        if not supply and f is not None and isinstance(old, Decimal) and value != old and _against(f, value - old):
            way_zh = {"up": "减少", "down": "增加", "none": "改变"}[f.moves]
            way_en = {"up": "lower", "down": "raise", "none": "change"}[f.moves]
            plan.block(_SHRINK, f"须{way_zh}{_short(f.label_zh)}（{fmt_value(old, f.unit, 'zh')} → {fmt_value(value, f.unit, 'zh')}）："
                       "为达标而缩小规模或改动既成事实，不作为机会",
                       f"would {way_en} {_short(f.label_en)} ({fmt_value(old, f.unit, 'en')} → {fmt_value(value, f.unit, 'en')}): "
                       "shrinking (or rewriting the past) to qualify is no opportunity")
        if supply or (name in plan.changes and plan.changes[name].kind == "supply"):
            prev = plan.changes.get(name)
            hz, he = hint if hint[0] or prev is None else (prev.hint_zh, prev.hint_en)
            plan.changes[name] = _Change(name, value, "supply", hz, he)
            plan.values[name] = value
            return
        plan.set(_Change(name, value, "numeric", *hint))


def _against(f: Field, delta: Decimal) -> bool:
    """Does moving ``f`` by ``delta`` go the way a firm would not move it to qualify (registry ``moves``)?"""
    return (f.moves == "up" and delta < 0) or (f.moves == "down" and delta > 0) or f.moves == "none"


def _name_of(node: cond.Node) -> str:
    return node.name if isinstance(node, cond.Name) else "?"


def _rel(ch: _Change, original: dict) -> Decimal:
    if ch.kind != "numeric":
        return Decimal(0)
    old = original.get(ch.field)
    if not isinstance(old, Decimal) or not isinstance(ch.to, Decimal):
        return Decimal(0)
    if old == 0:
        return Decimal(1)
    return abs(ch.to - old) / abs(old)


def _max_rel(plan: _Plan, base: _Plan) -> Decimal:
    return max((_rel(c, base.values) for c in plan.changes.values()), default=Decimal(0))


# --------------------------------------------------------------------------- presenting changes


def _short(label: str) -> str:
    return label.split("（")[0].split(" (")[0]


def change_dict(ch: _Change, original: dict, reg: Registry) -> dict:
    f = reg.fields.get(ch.field)
    label_zh, label_en = (f.label_zh, f.label_en) if f else (ch.field, ch.field)
    unit = f.unit if f else None
    old = original.get(ch.field)
    delta = None
    if ch.kind == "numeric" and isinstance(old, Decimal) and isinstance(ch.to, Decimal):
        with localcontext() as ctx:  # exactly, as shown: figures run to 10^30 and literals to 40 digits
            ctx.prec = 100
            delta = ch.to - old
    if ch.kind == "supply":
        text = f"补充字段: {label_zh}" + (f"（{ch.hint_zh}）" if ch.hint_zh else "")
        text_en = f"provide: {label_en}" + (f" ({ch.hint_en})" if ch.hint_en else "")
    elif ch.kind == "numeric" and delta is not None:
        amount_zh = fmt_value(delta.copy_abs(), unit, "zh")
        amount_en = fmt_value(delta.copy_abs(), unit, "en")
        more = delta > 0
        text = (f"{_short(label_zh)}再{'增加' if more else '减少'} {amount_zh}"
                f"（{fmt_value(old, unit, 'zh')} → {fmt_value(ch.to, unit, 'zh')}）")
        text_en = (f"{'raise' if more else 'lower'} {_short(label_en)} by {amount_en}"
                   f" ({fmt_value(old, unit, 'en')} → {fmt_value(ch.to, unit, 'en')})")
        if ch.hint_zh:  # why this amount: the ratio or score band it reaches
            text += f"，{ch.hint_zh}"
            text_en += f", {ch.hint_en}"
    elif f is not None and f.type == "list":
        added = [x for x in (ch.to or ()) if x not in (old or ())]
        text = f"取得: {'、'.join(added)}（{label_zh}）"
        text_en = f"obtain: {', '.join(added)} ({label_en})"
    else:
        text = f"{label_zh}: {fmt_value(old, unit, 'zh')} → {fmt_value(ch.to, unit, 'zh')}"
        text_en = f"{label_en}: {fmt_value(old, unit, 'en')} → {fmt_value(ch.to, unit, 'en')}"
    return {"field": ch.field, "label": label_zh, "label_en": label_en, "from": _json(old), "to": _json(ch.to),
            "delta": _json(delta), "unit": unit, "kind": ch.kind, "text": text, "text_en": text_en}


def _json(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (_dt.date, _dt.datetime, cond.Month)):
        return v.isoformat()
    if isinstance(v, tuple):
        return [_json(x) for x in v]
    return v


def apply_changes(profile: Profile, changes: list[dict], reg: Registry) -> Profile:
    """A copy of ``profile`` with the ``to`` values of plan changes set (for re-evaluating a plan).

    ``to`` comes back from JSON-ready form: numbers become Decimals, lists tuples (through the
    field registry's coercion, so the result is what a profile file with those values would give).
    """
    from .fields import coerce

    values = dict(profile.values)
    for ch in changes:
        if ch["to"] is None:
            continue
        f = reg.fields.get(ch["field"])
        raw = ch["to"]
        if isinstance(raw, float):
            raw = repr(raw)
        values[ch["field"]] = coerce(f, raw) if f is not None else raw
    return Profile(values=values, source=profile.source, title_dates=dict(profile.title_dates))


# --------------------------------------------------------------------------- the plan of one rule


def _goal(rule: Rule) -> str:
    return "needs_assessment" if rule.qualitative else "applies"


def _rule_day(rule: Rule, as_of) -> _dt.date:
    if as_of is not None:
        return as_of
    # no date given: judge the figures as if the rule were in force (a day inside its window)
    return rule.valid_until or rule.valid_from or _dt.date(2000, 1, 1)


def plan_rule(res: Result, profile: Profile, reg: Registry, as_of=None) -> dict:
    """The plan for one result (any status in :data:`PLANNED`)."""
    rule = res.rule
    reg = reg.extended(rule.derived) if getattr(rule, "derived", None) and hasattr(reg, "extended") else reg
    day = _rule_day(rule, as_of)
    plan = _Plan(dict(profile.values))
    text_of = {id(c.node): c.text for c in rule.when}
    for phase in (0, 1, 0, 1):  # simple fields, ratios, and once more for interactions
        for c in rule.when:
            if c.open and cond.evaluate(c.node, _env(plan.values, reg, day)) is False:
                continue  # a value outside an open list (…等) blocks nothing: the rule goes to a reviewer
            _Solver(reg, day, text_of[id(c.node)]).solve(c.node, plan, phase)
    if res.status == "expired":
        plan.block(_WINDOW, f"已于 {rule.valid_until} 失效：窗口已关闭，任何变化都无法适用",
                   f"expired on {rule.valid_until}: the window is closed, no change can qualify")
    elif res.status == "not_yet_effective":
        plan.block(_WINDOW, f"{rule.valid_from} 起生效，目前尚未生效", f"takes effect on {rule.valid_from}; not in force yet")
    changes = [change_dict(ch, profile.values, reg) for ch in plan.changes.values()]
    verified = False
    window_closed = res.status in ("expired", "not_yet_effective")
    if not window_closed and all(ch["to"] is not None for ch in changes):
        # VERIFY: the changes applied to a copy of the profile, the rule evaluated again
        try:
            after = evaluate_rule(rule, apply_changes(profile, changes, reg), day, reg)
            verified = after.status == _goal(rule)
        except Exception:  # noqa: BLE001 - a plan that cannot be evaluated is simply not verified
            verified = False
    if plan.unresolved and not verified:
        plan.notes.append(("补充所缺字段后才能算出差距", "the gap can be computed once the missing fields are given"))
    if rule.qualitative and plan.blocker < _UNSOLVABLE:
        plan.notes.append(("定性条款：满足条件后为“需评审认定”", "qualitative clause: meeting the conditions leads to an assessment"))
    feasible = plan.blocker == _NONE and (verified or plan.unresolved)
    if plan.blocker == _NONE and not feasible:
        plan.notes.append(("按计划调整后复核仍未适用", "re-evaluating with these changes does not make it apply"))
    kinds = {c["kind"] for c in changes}
    return {
        "rule_id": rule.id,
        "pack": rule.pack,
        "kind": rule.kind,
        "clause": rule.clause,
        "title": rule.title.zh,
        "title_en": rule.title.en,
        "status": res.status,
        "goal": _goal(rule),
        "changes": changes,
        "unlocks": [s.zh for s in rule.supports],
        "unlocks_en": [s.en for s in rule.supports],
        "feasible": feasible,
        "verified": verified,
        "note": "；".join(zh for zh, _ in plan.notes),
        "note_en": "; ".join(en for _, en in plan.notes),
        "blocker": BLOCKERS[plan.blocker],
        "only_missing_data": bool(changes) and kinds == {"supply"},
        "deadline": _json(rule.deadline),
        "_rank": (not feasible, plan.blocker, not verified, len(changes), max((_rel(c, profile.values) for c in plan.changes.values()),
                                                              default=Decimal(0)), rule.id),
    }


def plan_gaps(results: list[Result], profile: Profile, reg: Registry, packs=None, as_of=None) -> list[dict]:
    """Ranked nearest opportunities for the rules in ``results`` a profile does not meet.

    ``packs`` is accepted for callers that have it and is not needed (each result carries its rule).
    ``as_of`` is the day the results were computed for; without it the figures are judged as if
    every rule were in force.
    """
    plans = []
    for res in results:
        if res.status not in PLANNED or res.rule.target is not None:
            continue
        plans.append(plan_rule(res, profile, reg, as_of))
    plans.sort(key=lambda p: p["_rank"])
    for p in plans:
        del p["_rank"]
    return plans


def change_summary(plan: dict, lang: str) -> str:
    """One line: the plan's changes joined, in ``lang``."""
    key = "text_en" if lang == "en" else "text"
    sep = "; " if lang == "en" else "；"
    return sep.join(c[key] for c in plan["changes"])


def plan_lines(plan: dict, lang: str, index: int | None = None, compact: bool = False) -> list[str]:
    """Plain-text lines for one plan (renderers add colour/markup): a head line, then indented details."""
    from .i18n import status_label

    en = lang == "en"
    title = plan["title_en"] if en else plan["title"]
    goal = status_label(plan["goal"], lang)
    mark = "✔" if plan["verified"] else ("?" if plan["feasible"] else "✘")
    num_ = f"{index}. " if index is not None else ""
    head = f"{num_}{plan['clause']} {title}  · {plan['rule_id']}  {status_label(plan['status'], lang)} → {goal} {mark}"
    if compact:
        note = plan["note_en"] if en else plan["note"]
        return [head + (f"  — {note}" if note else "")]
    sep = "; " if en else "；"
    lines = [head]
    for ch in plan["changes"]:
        lines.append("    " + (ch["text_en"] if en else ch["text"]))
    unlocks = plan["unlocks_en"] if en else plan["unlocks"]
    if unlocks:
        lines.append("    " + ("Unlocks: " if en else "可获得: ") + sep.join(unlocks))
    note = plan["note_en"] if en else plan["note"]
    if note:
        lines.append("    " + ("Note: " if en else "说明: ") + note)
    return lines


def split_plans(plans: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """(feasible, needs a title or fact, out of reach) — the three groups the text output shows."""
    feasible = [p for p in plans if p["feasible"]]
    qualitative = [p for p in plans if not p["feasible"] and p["blocker"] == "qualitative"]
    blocked = [p for p in plans if not p["feasible"] and p["blocker"] != "qualitative"]
    return feasible, qualitative, blocked


__all__ = ["plan_lines", "split_plans", "plan_gaps", "plan_rule", "apply_changes", "change_summary", "step_of"]
