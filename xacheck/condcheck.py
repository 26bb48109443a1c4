"""Static checks of a parsed condition against the field registry: types, units and choice values.

The evaluator would raise (or quietly answer "false") at run time; these checks say so when the rule
file is validated, with the condition's text. Three kinds of problem, each its own finding code:

* ``XA111`` types: ``city > 5``, ``revenue_wan and titles``, ``'x' in revenue_wan``, a condition that
  is not yes/no (``revenue_wan`` on its own);
* ``XA113`` units, where both sides' units are known (from the registry's ``unit`` or the key's
  suffix: ``_wan`` 万元, ``_yi`` 亿元, ``_pct`` percentage points; a ``5%`` literal is the ratio 0.05).
  Comparing (or adding) quantities of different units is an error: a ``_pct`` field with ``5%``
  (write ``5``), a ratio with a ``_pct`` field, 万元 with 亿元, an amount with a ratio or a count.
  A ratio compared with a plain number above 1 (``rd_intensity > 5``) is an error too: a ratio is
  at most 1 in practice, so ``5`` was meant as ``5%``. A plain number fits any unit;
* ``XA114`` choices: a quoted value that an enum or list field cannot take (``city`` is free text;
  ``institution_kind == '高效'`` is caught with a "did you mean"). In a list that also holds values the
  field can take (``any_in(industry_fields, ['光子', '兵器'])``) the impossible entry is dead rather than
  wrong: warning ``XW005``.

Unit algebra: ``a / b`` of one unit is a ratio; ``x * ratio`` keeps ``x``'s unit; a plain number
keeps the other side's unit; anything else (万元/亩) is a compound unit compared only with itself.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import condition as c
from .fields import Registry
from .hints import first

PCT = "percentage points"
RATIO = "ratio"

_FIELD_TYPES = {"number": "number", "integer": "number", "boolean": "bool", "date": "date",
                "string": "string", "enum": "string", "list": "list"}
_ORDERED = ("<", "<=", ">", ">=")


@dataclass(frozen=True)
class Problem:
    """A static problem of a condition (types, units, choices), with its code."""
    code: str
    message: str
    offset: int = 0


def field_unit(name: str, reg: Registry) -> str | None:
    """The unit of a field or derived quantity, normalised: '%'/'_pct' -> percentage points, etc."""
    unit = reg.unit(name)
    if unit in ("%", "百分点"):
        return PCT
    if unit in (RATIO, "比例", "比率"):
        return RATIO
    if unit:
        return unit
    if name.endswith("_pct"):
        return PCT
    if name.endswith("_wan"):
        return "万元"
    if name.endswith("_yi"):
        return "亿元"
    if name.endswith(("_ratio", "_share", "_intensity")):
        return RATIO
    return None


class _Checker:
    def __init__(self, text: str, reg: Registry):
        self.text = text
        self.reg = reg
        self.problems: list[Problem] = []

    def add(self, code: str, msg: str, node: c.Node) -> None:
        p = Problem(code, msg, node.start)
        if p not in self.problems:
            self.problems.append(p)

    def src(self, node: c.Node) -> str:
        return c.source(node, self.text)

    # ---------------------------------------------------------------- types
    def type_of(self, node: c.Node) -> str | None:
        t = type(node)
        if t is c.Num:
            return "number"
        if t is c.Str:
            return "string"
        if t is c.Bool:
            return "bool"
        if t is c.ListLit:
            return "list"
        if t is c.Name:
            if node.name == "as_of":  # type: ignore[attr-defined]
                return "date"
            f = self.reg.fields.get(node.name)  # type: ignore[attr-defined]
            if f is not None:
                return _FIELD_TYPES.get(f.type)
            return "number" if node.name in self.reg.derived else None  # type: ignore[attr-defined]
        if t is c.Call:
            return {"date": "date", "years_between": "number", "known": "bool", "any_in": "bool",
                    "count_in": "number", "min": "number", "max": "number", "abs": "number"}.get(node.func)  # type: ignore[attr-defined]
        if t in (c.Compare, c.Member, c.Not, c.BoolOp):
            return "bool"
        if t in (c.Arith, c.Neg):
            return "number"
        return None

    def need(self, node: c.Node, want: tuple[str, ...], what: str) -> None:
        got = self.type_of(node)
        if got is not None and got not in want:
            self.add("XA111", f"{what} needs {' or '.join(want)}, but {self.src(node)!r} is {_article(got)}", node)

    # ---------------------------------------------------------------- units
    def unit_of(self, node: c.Node) -> str | None:
        """The unit of a numeric expression, or None for a plain number / an unknown unit."""
        t = type(node)
        if t is c.Num:
            return RATIO if node.percent else None  # type: ignore[attr-defined]
        if t is c.Name:
            return field_unit(node.name, self.reg)  # type: ignore[attr-defined]
        if t is c.Neg:
            return self.unit_of(node.operand)  # type: ignore[attr-defined]
        if t is c.Call:
            if node.func in ("min", "max", "abs"):  # type: ignore[attr-defined]
                units = [self.unit_of(a) for a in node.args]  # type: ignore[attr-defined]
                self.same_units(node.args, units, node.func + "()")  # type: ignore[attr-defined]
                return next((u for u in units if u), None)
            if node.func == "years_between":  # type: ignore[attr-defined]
                return "年"
            return None
        if t is c.Arith:
            a, b = self.unit_of(node.left), self.unit_of(node.right)  # type: ignore[attr-defined]
            op = node.op  # type: ignore[attr-defined]
            if op in "+-":
                self.same_units((node.left, node.right), [a, b], f"'{op}'")  # type: ignore[attr-defined]
                return a or b
            if op == "/":
                if a and a == b:
                    return RATIO
                if b is None or b == RATIO:
                    return a
                return f"{a}/{b}" if a else None
            # '*'
            if a is None or a == RATIO:
                return b
            if b is None or b == RATIO:
                return a
            return None
        return None

    def same_units(self, nodes, units, where: str) -> None:
        known = [(n, u) for n, u in zip(nodes, units) if u]
        for (n1, u1), (n2, u2) in zip(known, known[1:]):
            if u1 != u2:
                self.add("XA113", _unit_message(self.src(n1), u1, self.src(n2), u2, where), n1)

    # ---------------------------------------------------------------- choices
    def choices_of(self, node: c.Node) -> tuple[str, tuple[str, ...]] | None:
        if isinstance(node, c.Name):
            f = self.reg.fields.get(node.name)
            if f is not None and f.type in ("enum", "list") and f.choices:
                return f.key, f.choices
        return None

    def check_values(self, field_node: c.Node, values: list[c.Node], in_list: bool = False) -> None:
        """Quoted values the field cannot take: XA114, or XW005 for a dead entry in a list that has live ones."""
        f = self.reg.fields.get(field_node.name) if isinstance(field_node, c.Name) else None
        if f is not None and f.place in ("city", "district", "zone", "region"):
            self.check_places(f, values)
            return
        known = self.choices_of(field_node)
        if not known:
            return
        key, choices = known
        live = any(isinstance(v, c.Str) and v.value in choices for v in values)
        for v in values:
            if isinstance(v, c.Str) and v.value not in choices:
                hint = first(v.value, choices, cutoff=0.5)
                self.add("XW005" if in_list and live else "XA114", f"'{key}' is never {v.value!r}"
                         + (f" (did you mean {hint!r}?)" if hint else f"; it takes {', '.join(choices)}"), v)

    def check_places(self, f, values: list[c.Node]) -> None:
        """A place is compared by the name profiles are read into (xacheck.places): ``city == '西安'`` would
        never hold, ``district == '西安高新区'`` neither (a zone is read into ``zone``)."""
        from .places import settle

        for v in values:
            if not isinstance(v, c.Str):
                continue
            read, _ = settle({f.place: v.value})
            if read.get(f.place) != v.value:
                better = read.get(f.place) or next((read[k] for k in ("zone", "district", "city") if read.get(k)), None)
                self.add("XA114", f"'{f.key}' is never {v.value!r}: profiles' places are read into official names"
                         + (f" (write {better!r}" + (f" and compare '{next(k for k in read if read[k] == better)}'"
                                                      if read.get(f.place) != better else "") + ")" if better else ""), v)

    # ---------------------------------------------------------------- walk
    def visit(self, node: c.Node) -> None:
        t = type(node)
        if t is c.Compare:
            left, right, op = node.left, node.right, node.op  # type: ignore[attr-defined]
            lt, rt = self.type_of(left), self.type_of(right)
            if op in _ORDERED:
                self.need(left, ("number", "date"), f"'{op}'")
                self.need(right, ("number", "date"), f"'{op}'")
                if lt in ("number", "date") and rt in ("number", "date") and lt != rt:
                    self.add("XA111", f"{self.src(node)!r} compares {_article(lt)} with {_article(rt)}", node)
            elif lt and rt and lt != rt:
                self.add("XA111", f"{self.src(node)!r} compares {_article(lt)} with {_article(rt)}: "
                         f"it is always {'true' if op == '!=' else 'false'}", node)
            if lt == "number" and rt == "number":
                lu, ru = self.unit_of(left), self.unit_of(right)
                if lu and ru and lu != ru:
                    self.add("XA113", _unit_message(self.src(left), lu, self.src(right), ru, f"'{op}'"), node)
                else:
                    self.ratio_vs_plain(left, lu, right)
                    self.ratio_vs_plain(right, ru, left)
            if op in ("==", "!="):
                self.check_values(left, [right])
                self.check_values(right, [left])
        elif t is c.Member:
            item, cont = node.item, node.container  # type: ignore[attr-defined]
            self.need(cont, ("list",), "'in'")
            if isinstance(cont, c.ListLit):
                self.check_values(item, list(cont.items), in_list=True)
            else:
                self.check_values(cont, [item])
        elif t is c.Call:
            f = node.func  # type: ignore[attr-defined]
            if f in ("any_in", "count_in"):
                self.need(node.args[0], ("list",), f"{f}()")  # type: ignore[attr-defined]
                self.need(node.args[1], ("list",), f"{f}()")  # type: ignore[attr-defined]
                if isinstance(node.args[1], c.ListLit):  # type: ignore[attr-defined]
                    self.check_values(node.args[0], list(node.args[1].items), in_list=True)  # type: ignore[attr-defined]
            elif f in ("min", "max", "abs"):
                for a in node.args:  # type: ignore[attr-defined]
                    self.need(a, ("number",), f"{f}()")
                self.unit_of(node)
            elif f == "years_between":
                for a in node.args:  # type: ignore[attr-defined]
                    self.need(a, ("date",), "years_between()")
        elif t is c.BoolOp:
            for item in node.items:  # type: ignore[attr-defined]
                self.need(item, ("bool",), f"'{node.op}'")  # type: ignore[attr-defined]
        elif t is c.Not:
            self.need(node.operand, ("bool",), "'not'")  # type: ignore[attr-defined]
        elif t is c.Arith:
            self.need(node.left, ("number",), f"'{node.op}'")  # type: ignore[attr-defined]
            self.need(node.right, ("number",), f"'{node.op}'")  # type: ignore[attr-defined]
            self.unit_of(node)
        elif t is c.Neg:
            self.need(node.operand, ("number",), "'-'")  # type: ignore[attr-defined]
        for child in c.children(node):
            self.visit(child)

    def ratio_vs_plain(self, side: c.Node, unit: str | None, other: c.Node) -> None:
        if unit == RATIO and isinstance(other, c.Num) and not other.percent and other.value > 1:
            self.add("XA113", f"{self.src(side)!r} is a ratio (0.05 = 5%) but is compared with {self.src(other)}; "
                     f"write {self.src(other)}% for a percentage", other)


def _article(t: str) -> str:
    return {"number": "a number", "bool": "a yes/no value", "date": "a date", "string": "text",
            "list": "a list"}.get(t, t)


def _describe(unit: str) -> str:
    if unit == PCT:
        return "in percentage points (5 means 5%)"
    if unit == RATIO:
        return "a ratio (0.05 means 5%)"
    return f"in {unit}"


def _unit_message(a: str, ua: str, b: str, ub: str, where: str) -> str:
    msg = f"unit mismatch in {where}: {a!r} is {_describe(ua)} but {b!r} is {_describe(ub)}"
    pair = {ua, ub}
    if pair == {PCT, RATIO}:
        pct_side, ratio_side = (a, b) if ua == PCT else (b, a)
        if ratio_side.strip().endswith("%"):
            msg += f"; compare {pct_side!r} with {ratio_side.strip()[:-1].strip()}, not {ratio_side.strip()}"
    elif pair == {"万元", "亿元"}:
        msg += "; 1 亿元 = 10000 万元"
    return msg


def check_condition(node: c.Node, text: str, reg: Registry) -> list[Problem]:
    """Every type, unit and choice problem of one parsed condition (empty when it is sound)."""
    ch = _Checker(text, reg)
    top = ch.type_of(node)
    if top is not None and top != "bool":
        ch.add("XA111", f"a condition must be yes/no, but {text!r} is {_article(top)}"
               + (" (compare it, e.g. '> 0')" if top == "number" else ""), node)
    ch.visit(node)
    return ch.problems
