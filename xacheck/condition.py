"""The condition language: a whitelist parser and a three-valued, exact-decimal evaluator.

Rule files are untrusted, so conditions are never handed to Python's ``eval``. This module
tokenises and parses them into a small AST (numbers, strings, names, the operators in
``docs/rule-packs.md`` and a fixed set of functions) and evaluates it with Kleene logic:
``UNKNOWN`` (``None``) stands for "the profile does not say", and ``and``/``or`` return a known
answer whenever the known operands already decide it.

Numbers are ``Decimal``: 4317.81 / 86356.2 is exactly 0.05 here, so it does not "exceed 5%".
"""
from __future__ import annotations

import calendar
import datetime as _dt
import operator
import re
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation, localcontext
from typing import Any, Callable, Mapping

from .errors import ConditionSyntaxError, ConditionTooLarge, ConditionTypeError

#: The evaluator's "unknown".
UNKNOWN = None


@dataclass(frozen=True)
class Month:
    """A date known to the month only (成立日期 ``2019年3月``): any day of that month.

    A comparison or ``years_between()`` that reads it is decided when every day of the month gives the
    same answer, and is unknown otherwise (each such test on its own, then Kleene logic as for a missing
    value): as of 2026-12-02, 成立满1年 holds for ``2025年11月`` and is unknown for ``2025年12月``. Never
    rounded to a day, so never a guessed answer. See docs/batch.md, "Dates known to the month".
    """

    year: int
    month: int

    @property
    def first(self) -> _dt.date:
        return _dt.date(self.year, self.month, 1)

    @property
    def last(self) -> _dt.date:
        return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()

#: The size limits of a condition (XA117): characters; nesting of brackets, calls, ``not`` and unary minus
#: (what the parser's own recursion spends); the depth of the parsed tree, in which ``a + b + c`` is a chain
#: of two levels (every consumer — evaluator, compiler, static checks, gap finder — walks it); and its nodes,
#: which bound what ``batch`` builds from it (xacheck/batch/compiler.py grows with them, never faster). The
#: shipped packs need depth 6 and 37 nodes at most; a derived quantity read by a condition counts with its
#: own depth (:func:`reach`), so a chain of derived quantities cannot go deeper than one condition.
MAX_EXPR_CHARS = 4000
MAX_EXPR_DEPTH = 60
MAX_TREE_DEPTH = 100
MAX_EXPR_NODES = 1000
MAX_NUMBER_DIGITS = 40

_PREC = 50  # decimal digits for arithmetic; inputs have far fewer, so comparisons are exact

# --------------------------------------------------------------------------- AST


@dataclass(frozen=True)
class Node:
    """A node of a parsed condition (the classes below are its kinds)."""
    start: int
    end: int


@dataclass(frozen=True)
class Num(Node):
    """A number literal, exact."""
    value: Decimal
    percent: bool = False


@dataclass(frozen=True)
class Str(Node):
    """A text literal."""
    value: str


@dataclass(frozen=True)
class Bool(Node):
    """true / false."""
    value: bool


@dataclass(frozen=True)
class Name(Node):
    """A field, a derived quantity or as_of."""
    name: str


@dataclass(frozen=True)
class ListLit(Node):
    """A list literal, for ``in``."""
    items: tuple


@dataclass(frozen=True)
class Call(Node):
    """A call of one of the whitelisted functions."""
    func: str
    args: tuple


@dataclass(frozen=True)
class Neg(Node):
    """Unary minus."""
    operand: Node


@dataclass(frozen=True)
class Arith(Node):
    """``+ - * /`` in exact decimals."""
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    """A comparison, chained ones split into several."""
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Member(Node):
    """``x in [...]`` / ``not in``."""
    item: Node
    container: Node
    negated: bool


@dataclass(frozen=True)
class Not(Node):
    """``not x`` (three-valued)."""
    operand: Node


@dataclass(frozen=True)
class BoolOp(Node):
    """``and`` / ``or`` (three-valued, Kleene)."""
    op: str  # 'and' | 'or'
    items: tuple


# --------------------------------------------------------------------------- lexer

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?%?)
  | (?P<str>'[^'\n]*'|"[^"\n]*"|“[^”\n]*”|‘[^’\n]*’)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,)
    """,
    re.VERBOSE,
)

KEYWORDS = {"and", "or", "not", "in", "true", "false"}

#: name -> (min args, max args); the only callables a condition can reach.
FUNCTIONS: dict[str, tuple[int, int]] = {
    "min": (1, 16),
    "max": (1, 16),
    "abs": (1, 1),
    "known": (1, 1),
    "any_in": (2, 2),
    "count_in": (2, 2),
    "date": (1, 1),
    "years_between": (2, 2),
    "add_years": (2, 2),
    "band": (2, 3),
    "if": (3, 3),
}


@dataclass(frozen=True)
class Token:
    """One token of a condition, with its offset for error messages."""
    kind: str
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_EXPR_CHARS:
        raise ConditionTooLarge(f"condition is {len(text)} characters; the limit is {MAX_EXPR_CHARS}", text, 0)
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if not m:
            ch = text[pos]
            hint = ""
            if ch in "=":
                hint = " (use == to compare)"
            elif ch in "&|!":
                hint = " (use and / or / not)"
            elif ch in "（）":
                hint = " (use ASCII parentheses)"
            elif ch == ".":
                hint = " (attribute access is not part of the language)"
            raise ConditionSyntaxError(f"unexpected character {ch!r} at position {pos + 1}{hint}", text, pos)
        kind = m.lastgroup or ""
        if kind != "ws":
            tok = m.group()
            if kind == "name" and tok in KEYWORDS:
                kind = tok
            out.append(Token(kind, tok, pos))
        pos = m.end()
    out.append(Token("eof", "", len(text)))
    return out


# --------------------------------------------------------------------------- parser


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self, k: int = 0) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def take(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def expect(self, kind: str) -> Token:
        tok = self.peek()
        if tok.kind != kind and tok.text != kind:
            raise self.error(f"expected {kind!r}, found {tok.text or 'end of condition'!r}", tok)
        return self.take()

    def error(self, msg: str, tok: Token) -> ConditionSyntaxError:
        return ConditionSyntaxError(f"{msg} at position {tok.pos + 1}", self.text, tok.pos)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_EXPR_DEPTH:
            raise ConditionTooLarge(f"condition nested deeper than {MAX_EXPR_DEPTH} levels", self.text, self.peek().pos)

    def parse(self) -> Node:
        node = self.or_expr()
        tok = self.peek()
        if tok.kind != "eof":
            raise self.error(f"unexpected {tok.text!r}", tok)
        return node

    def or_expr(self) -> Node:
        self.enter()
        items = [self.and_expr()]
        while self.peek().kind == "or":
            self.take()
            items.append(self.and_expr())
        self.depth -= 1
        return items[0] if len(items) == 1 else BoolOp(items[0].start, items[-1].end, "or", tuple(items))

    def and_expr(self) -> Node:
        items = [self.not_expr()]
        while self.peek().kind == "and":
            self.take()
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else BoolOp(items[0].start, items[-1].end, "and", tuple(items))

    def not_expr(self) -> Node:
        if self.peek().kind == "not":
            tok = self.take()
            self.enter()
            operand = self.not_expr()
            self.depth -= 1
            return Not(tok.pos, operand.end, operand)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.sum()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.sum()
            if self.peek().text in ("==", "!=", "<", "<=", ">", ">="):
                raise self.error("chained comparisons are not supported; join them with 'and'", self.peek())
            return Compare(left.start, right.end, tok.text, left, right)
        if tok.kind == "in":
            self.take()
            right = self.sum()
            return Member(left.start, right.end, left, right, False)
        if tok.kind == "not" and self.peek(1).kind == "in":
            self.take()
            self.take()
            right = self.sum()
            return Member(left.start, right.end, left, right, True)
        return left

    def sum(self) -> Node:
        left = self.term()
        while self.peek().text in ("+", "-"):
            op = self.take().text
            right = self.term()
            left = Arith(left.start, right.end, op, left, right)
        return left

    def term(self) -> Node:
        left = self.unary()
        while self.peek().text in ("*", "/"):
            op = self.take().text
            right = self.unary()
            left = Arith(left.start, right.end, op, left, right)
        return left

    def unary(self) -> Node:
        if self.peek().text == "-":
            tok = self.take()
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return Neg(tok.pos, operand.end, operand)
        return self.primary()

    def primary(self) -> Node:
        tok = self.take()
        end = tok.pos + len(tok.text)
        if tok.kind == "num":
            digits = tok.text.rstrip("%")
            if len(digits.replace(".", "")) > MAX_NUMBER_DIGITS:
                raise ConditionSyntaxError(f"number with more than {MAX_NUMBER_DIGITS} digits", self.text, tok.pos)
            value = Decimal(digits)
            if tok.text.endswith("%"):
                return Num(tok.pos, end, value / 100, True)
            return Num(tok.pos, end, value)
        if tok.kind == "str":
            return Str(tok.pos, end, tok.text[1:-1])
        if tok.kind in ("true", "false"):
            return Bool(tok.pos, end, tok.kind == "true")
        if tok.kind == "name":
            if self.peek().text == "(":
                if tok.text not in FUNCTIONS:
                    known = ", ".join(sorted(FUNCTIONS))
                    raise ConditionSyntaxError(
                        f"unknown function {tok.text!r} at position {tok.pos + 1}; allowed: {known}", self.text, tok.pos)
                if tok.text.startswith("__"):
                    raise self.error("dunder names are not allowed", tok)
                self.take()
                args: list[Node] = []
                self.enter()
                if self.peek().text != ")":
                    args.append(self.or_expr())
                    while self.peek().text == ",":
                        self.take()
                        args.append(self.or_expr())
                close = self.expect(")")
                self.depth -= 1
                lo, hi = FUNCTIONS[tok.text]
                if not lo <= len(args) <= hi:
                    raise ConditionSyntaxError(
                        f"{tok.text}() takes {lo if lo == hi else f'{lo} to {hi}'} argument(s), got {len(args)}",
                        self.text, tok.pos)
                node = Call(tok.pos, close.pos + 1, tok.text, tuple(args))
                if tok.text == "date":
                    _static_date(node, self.text)
                return node
            if tok.text.startswith("__"):
                raise self.error("dunder names are not allowed", tok)
            return Name(tok.pos, end, tok.text)
        if tok.text == "(":
            self.enter()
            node = self.or_expr()
            self.expect(")")
            self.depth -= 1
            return node
        if tok.text == "[":
            items: list[Node] = []
            self.enter()
            if self.peek().text != "]":
                items.append(self.sum())
                while self.peek().text == ",":
                    self.take()
                    if self.peek().text == "]":
                        break
                    items.append(self.sum())
            close = self.expect("]")
            self.depth -= 1
            for it in items:
                if not isinstance(it, (Num, Str, Bool)):
                    raise ConditionSyntaxError("list items must be literals (numbers or strings)", self.text, it.start)
            return ListLit(tok.pos, close.pos + 1, tuple(items))
        if tok.kind == "eof":
            raise ConditionSyntaxError("condition ends too early", self.text, tok.pos)
        raise self.error(f"unexpected {tok.text!r}", tok)


def _static_date(node: Call, text: str) -> None:
    arg = node.args[0]
    if not isinstance(arg, Str):
        raise ConditionSyntaxError("date() takes a quoted ISO date, e.g. date('2026-12-31')", text, node.start)
    try:
        parse_day(arg.value)
    except DayOutOfRange:
        raise ConditionSyntaxError(f"date({arg.value!r}) is outside the days xacheck reasons about ({FIRST_DAY} to "
                                   f"{LAST_DAY})", text, arg.start) from None
    except ValueError:
        raise ConditionSyntaxError(f"date({arg.value!r}) is not an ISO date YYYY-MM-DD", text, arg.start) from None


#: The days xacheck reasons about: a profile's dates (成立日期, a title's date), a condition's date() and the
#: day of an evaluation (--as-of). Rules add and take years (成立满3年, a title's 3-year life,
#: add_years(as_of, -15)) and a report draws the years around the day; a date far outside is a slip
#: (0001-01-01, 9999-12-31), and the date arithmetic on it would leave the calendar. Refused by name.
FIRST_DAY = _dt.date(1800, 1, 1)
LAST_DAY = _dt.date(2200, 12, 31)


class DayOutOfRange(ValueError):
    """A well-formed day outside :data:`FIRST_DAY` … :data:`LAST_DAY`."""


def in_days(day: "_dt.date | Month") -> bool:
    """Whether a day (or every day of a month) is within :data:`FIRST_DAY` … :data:`LAST_DAY`."""
    if isinstance(day, Month):
        return FIRST_DAY.year <= day.year <= LAST_DAY.year
    return FIRST_DAY <= day <= LAST_DAY


def parse_day(text: str) -> _dt.date:
    """``YYYY-MM-DD`` within the days xacheck reasons about; ValueError (:class:`DayOutOfRange` for a real
    day outside them) otherwise."""
    day = _dt.date.fromisoformat(str(text).strip())
    if not in_days(day):
        raise DayOutOfRange(str(text))
    return day


_CACHE: dict[str, Node] = {}


def parse(text: str) -> Node:
    """Parse a condition; raise :class:`ConditionSyntaxError` with the position of the problem."""
    if not isinstance(text, str):
        raise ConditionSyntaxError(f"a condition must be text, not {type(text).__name__}", str(text), 0)
    node = _CACHE.get(text)
    if node is None:
        try:
            node = _Parser(text).parse()
        except RecursionError:
            raise ConditionTooLarge("condition nested too deeply", text, 0) from None
        depth, count = measure(node)
        if depth > MAX_TREE_DEPTH:
            raise ConditionTooLarge(f"condition is {depth} levels deep (a chain like a + b + c counts a level per "
                                    f"operator); the limit is {MAX_TREE_DEPTH}: split it, e.g. into derived "
                                    "quantities", text, 0)
        if count > MAX_EXPR_NODES:
            raise ConditionTooLarge(f"condition has {count} parts (numbers, names, operators, calls); the limit "
                                    f"is {MAX_EXPR_NODES}", text, 0)
        if len(_CACHE) < 10_000:
            _CACHE[text] = node
    return node


# --------------------------------------------------------------------------- walking


def children(node: Node) -> tuple:
    if isinstance(node, (Arith, Compare)):
        return (node.left, node.right)
    if isinstance(node, Member):
        return (node.item, node.container)
    if isinstance(node, (Not, Neg)):
        return (node.operand,)
    if isinstance(node, BoolOp):
        return node.items
    if isinstance(node, Call):
        return node.args
    if isinstance(node, ListLit):
        return node.items
    return ()


def measure(node: Node, depth_of: Mapping[str, int] | None = None) -> tuple[int, int]:
    """(depth, nodes) of a parsed condition, without recursion. ``depth_of``: a derived quantity's name counts
    as that many levels more (see :func:`reach`)."""
    depth_of = depth_of or {}
    deepest, count = 0, 0
    stack = [(node, 1)]
    while stack:
        n, d = stack.pop()
        count += 1
        if isinstance(n, Name) and n.name in depth_of:
            d += depth_of[n.name]
        deepest = max(deepest, d)
        stack.extend((k, d + 1) for k in children(n))
    return deepest, count


def reach(node: Node, derived: Mapping[str, Node]) -> int:
    """How deep evaluating ``node`` goes: its tree depth, where a derived quantity's name counts with the
    depth of evaluating that quantity (a chain of derived quantities adds up). Without recursion; a name
    that refers back to itself counts as a leaf (it reads as unknown, see :class:`Env`)."""
    memo: dict[str, int] = {}
    todo = [k for k in names(node) if k in derived]
    while todo:
        key = todo[-1]
        if key in memo:
            todo.pop()
            continue
        waiting = [k for k in names(derived[key]) if k in derived and k not in memo and k != key and k not in todo]
        if waiting:
            todo.extend(waiting)
            continue
        todo.pop()
        memo[key] = measure(derived[key], memo)[0]
    return measure(node, memo)[0]


def names(node: Node) -> list[str]:
    """Names referenced, in order of first appearance (derived names not expanded)."""
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name) and n.name not in out:
            out.append(n.name)
        stack.extend(reversed(children(n)))
    return out


def source(node: Node, text: str) -> str:
    return text[node.start:node.end]


# --------------------------------------------------------------------------- evaluation


class Env:
    """What a condition can see: profile values, derived quantities and the evaluation date.

    ``values`` maps field keys to coerced values; an absent key is unknown. ``derived`` maps a
    derived name to its parsed expression. Results of derived names are memoised per Env.
    """

    __slots__ = ("values", "derived", "as_of", "_memo")

    def __init__(self, values: Mapping[str, Any], derived: Mapping[str, Node] | None = None,
                 as_of: _dt.date | None = None):
        self.values = values
        self.derived = derived or {}
        self.as_of = as_of
        self._memo: dict[str, Any] = {}

    def lookup(self, name: str) -> Any:
        if name == "as_of":
            return self.as_of
        if name in self.values:
            return self.values[name]
        if name in self.derived:
            if name not in self._memo:
                self._memo[name] = UNKNOWN  # guards against a derived name referring to itself
                self._memo[name] = evaluate(self.derived[name], self)
            return self._memo[name]
        return UNKNOWN

    def is_present(self, name: str) -> bool:
        """Known, and exactly: a date known to the month only (:class:`Month`) is not, since its day would
        settle what it leaves unknown (it is listed among the missing fields)."""
        if name == "as_of":
            return True
        v = self.values.get(name)
        return v is not None and not isinstance(v, Month)


def _num(v: Any, what: str) -> Decimal:
    if isinstance(v, bool) or not isinstance(v, (Decimal, int)):
        raise ConditionTypeError(f"{what} needs a number, got {type(v).__name__} {v!r}")
    return Decimal(v)


#: the comparison operators; also applied to Polars expressions by the batch compiler
COMPARE_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


def _ordered(a: Any, b: Any, op: str) -> bool | None:
    if isinstance(a, Month) or isinstance(b, Month):
        return _ordered_span(a, b, op)
    if isinstance(a, (Decimal, int)) and not isinstance(a, bool) and isinstance(b, (Decimal, int)) and not isinstance(b, bool):
        a, b = Decimal(a), Decimal(b)
    elif type(a) is not type(b) and not (isinstance(a, _dt.date) and isinstance(b, _dt.date)):
        if op in ("==", "!="):
            return (op == "!=")
        raise ConditionTypeError(f"cannot compare {type(a).__name__} {a!r} with {type(b).__name__} {b!r}")
    if op not in ("==", "!=") and (isinstance(a, bool) or isinstance(a, (tuple, list))):
        raise ConditionTypeError(f"'{op}' needs numbers or dates, got {type(a).__name__}")
    return COMPARE_OPS[op](a, b)


def _span(v: Any) -> tuple[_dt.date, _dt.date]:
    return (v.first, v.last) if isinstance(v, Month) else (v, v)


def _ordered_span(a: Any, b: Any, op: str) -> bool | None:
    """A comparison with a :class:`Month`: the answer every day of it gives, else unknown. Ordering is
    monotone in each side, so the corners of the two spans decide it; a month (28 days or more) equals
    a day or month it overlaps on some days only."""
    if not all(isinstance(x, (Month, _dt.date)) for x in (a, b)):
        if op in ("==", "!="):
            return op == "!="
        raise ConditionTypeError(f"cannot compare {type(a).__name__} {a!r} with {type(b).__name__} {b!r}")
    (a0, a1), (b0, b1) = _span(a), _span(b)
    if op in ("==", "!="):
        return (op == "!=") if (a1 < b0 or b1 < a0) else UNKNOWN
    outcomes = {COMPARE_OPS[op](x, y) for x in (a0, a1) for y in (b0, b1)}
    return outcomes.pop() if len(outcomes) == 1 else UNKNOWN


def _truth(v: Any, node: Node) -> bool | None:
    if v is UNKNOWN:
        return UNKNOWN
    if isinstance(v, bool):
        return v
    raise ConditionTypeError(f"expected a yes/no value, got {type(v).__name__} {v!r}")


def _years_between(a: _dt.date, b: _dt.date) -> Decimal:
    years = b.year - a.year - ((b.month, b.day) < (a.month, a.day))
    return Decimal(years)


def _band(node: Call, args: list) -> Any:
    """band(x, [t1, t2, …], [p1, p2, …, p_else]): points of the first threshold x reaches (x >= t_i).

    Thresholds run from the highest band down, as scoring tables print them; the optional last
    point value is for "below every band" (0 when absent). Bands are inclusive at their lower bound.
    """
    value, bounds = args[0], args[1]
    points = args[2] if len(args) == 3 else None
    if not isinstance(bounds, tuple) or (points is not None and not isinstance(points, tuple)):
        raise ConditionTypeError("band() takes a value, a list of thresholds and a list of points")
    if points is None:
        points = tuple(Decimal(len(bounds) - i) for i in range(len(bounds)))
    if len(points) not in (len(bounds), len(bounds) + 1):
        raise ConditionTypeError("band(): give one point value per threshold, plus optionally one for below all")
    if value is UNKNOWN:
        return UNKNOWN
    x = _num(value, "band()")
    for bound, pts in zip(bounds, points):
        if x >= _num(bound, "band()"):
            return _num(pts, "band()")
    return _num(points[len(bounds)], "band()") if len(points) > len(bounds) else Decimal(0)


def add_years(day: _dt.date, years: int) -> _dt.date:
    """The same month and day ``years`` later (or earlier); 29 February falls back to 28 February."""
    year = day.year + years
    if not 1 <= year <= 9999:
        raise ConditionTypeError(f"add_years(): year {year} is out of range")
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _call(node: Call, env: Env) -> Any:
    f = node.func
    if f == "known":
        arg = node.args[0]
        if isinstance(arg, Name):
            return env.lookup(arg.name) is not UNKNOWN
        return evaluate(arg, env) is not UNKNOWN
    if f == "date":
        return _dt.date.fromisoformat(node.args[0].value)  # type: ignore[attr-defined]
    if f == "if":
        test = _truth(evaluate(node.args[0], env), node)
        if test is UNKNOWN:
            a, b = evaluate(node.args[1], env), evaluate(node.args[2], env)
            return a if a is not UNKNOWN and a == b else UNKNOWN  # both branches agree: no need to know
        return evaluate(node.args[1] if test else node.args[2], env)
    args = [evaluate(a, env) for a in node.args]
    if f == "band":
        return _band(node, args)
    if f in ("any_in", "count_in"):
        have, wanted = args
        if have is UNKNOWN:
            return UNKNOWN
        if not isinstance(have, (tuple, list)) or not isinstance(wanted, (tuple, list)):
            raise ConditionTypeError(f"{f}() takes a list field and a list")
        hits = [x for x in have if x in wanted]
        return bool(hits) if f == "any_in" else Decimal(len(set(hits)))
    if any(a is UNKNOWN for a in args):
        return UNKNOWN
    if f == "abs":
        return abs(_num(args[0], "abs()"))
    if f == "min":
        return min(_num(a, "min()") for a in args)
    if f == "max":
        return max(_num(a, "max()") for a in args)
    if f == "years_between":
        a, b = args
        if not isinstance(a, (_dt.date, Month)) or not isinstance(b, (_dt.date, Month)):
            raise ConditionTypeError("years_between() takes two dates")
        # monotone in each date: the corners of a month's span give every value it can take
        years = {_years_between(x, y) for x in _span(a) for y in _span(b)}
        return years.pop() if len(years) == 1 else UNKNOWN
    if f == "add_years":
        day, n = args
        if not isinstance(day, (_dt.date, Month)) or isinstance(n, bool) or not isinstance(n, (Decimal, int)) or n != int(n):
            raise ConditionTypeError("add_years() takes a date and a whole number of years")
        if isinstance(day, Month):  # the same month n years on: exactly the days add_years() maps onto
            add_years(day.first, int(n))  # (range check)
            return Month(day.year + int(n), day.month)
        return add_years(day, int(n))
    raise ConditionTypeError(f"unknown function {f}")  # pragma: no cover - parser refuses it


def evaluate(node: Node, env: Env) -> Any:
    """Evaluate a parsed condition. Returns a value, or ``UNKNOWN`` when the profile does not settle it."""
    t = type(node)
    if t is Compare:
        a = evaluate(node.left, env)  # type: ignore[attr-defined]
        if a is UNKNOWN:
            return UNKNOWN
        b = evaluate(node.right, env)  # type: ignore[attr-defined]
        if b is UNKNOWN:
            return UNKNOWN
        return _ordered(a, b, node.op)  # type: ignore[attr-defined]
    if t is Name:
        return env.lookup(node.name)  # type: ignore[attr-defined]
    if t is Num:
        return node.value  # type: ignore[attr-defined]
    if t is BoolOp:
        seen_unknown = False
        decisive = node.op == "or"  # type: ignore[attr-defined]
        for item in node.items:  # type: ignore[attr-defined]
            v = _truth(evaluate(item, env), item)
            if v is UNKNOWN:
                seen_unknown = True
            elif v is decisive:
                return decisive
        return UNKNOWN if seen_unknown else (not decisive)
    if t is Not:
        v = _truth(evaluate(node.operand, env), node)  # type: ignore[attr-defined]
        return UNKNOWN if v is UNKNOWN else (not v)
    if t is Arith:
        a = evaluate(node.left, env)  # type: ignore[attr-defined]
        b = evaluate(node.right, env)  # type: ignore[attr-defined]
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        a, b = _num(a, node.op), _num(b, node.op)  # type: ignore[attr-defined]
        with localcontext() as ctx:
            ctx.prec = _PREC
            op = node.op  # type: ignore[attr-defined]
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if b == 0:
                return UNKNOWN  # a ratio over zero is undefined, not zero and not infinite
            try:
                return a / b
            except (DivisionByZero, InvalidOperation):  # pragma: no cover
                return UNKNOWN
    if t is Str:
        return node.value  # type: ignore[attr-defined]
    if t is Bool:
        return node.value  # type: ignore[attr-defined]
    if t is Member:
        item = evaluate(node.item, env)  # type: ignore[attr-defined]
        cont = evaluate(node.container, env)  # type: ignore[attr-defined]
        if item is UNKNOWN or cont is UNKNOWN:
            return UNKNOWN
        if not isinstance(cont, (tuple, list)):
            raise ConditionTypeError(f"'in' needs a list on its right, got {type(cont).__name__}")
        hit = item in cont
        return (not hit) if node.negated else hit  # type: ignore[attr-defined]
    if t is ListLit:
        return tuple(evaluate(i, env) for i in node.items)  # type: ignore[attr-defined]
    if t is Call:
        return _call(node, env)  # type: ignore[arg-type]
    if t is Neg:
        v = evaluate(node.operand, env)  # type: ignore[attr-defined]
        return UNKNOWN if v is UNKNOWN else -_num(v, "-")
    raise ConditionTypeError(f"cannot evaluate {t.__name__}")  # pragma: no cover


def missing_fields(node: Node, env: Env, expand: Callable[[str], list[str]]) -> list[str]:
    """The absent fields that keep ``node`` unknown: the ones whose values would settle it.

    A part of an ``and`` that is already false (or of an ``or`` that is already true) settles the
    whole, so nothing is missing; otherwise the missing fields of each still-unknown part count.
    ``expand`` turns a derived name into the base fields it is computed from.
    """
    if evaluate(node, env) is not UNKNOWN:
        return []
    out: list[str] = []
    if isinstance(node, BoolOp):
        for item in node.items:
            for f in missing_fields(item, env, expand):
                if f not in out:
                    out.append(f)
        return out
    if isinstance(node, Call) and node.func == "known":
        return []
    for name in _relevant_names(node, env):
        for base in expand(name):
            if base != "as_of" and not env.is_present(base) and base not in out:
                out.append(base)
    return out


def _relevant_names(node: Node, env: Env) -> list[str]:
    """Names that can still change ``node``'s value: an ``if`` whose test is known counts only its taken branch."""
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            if n.name not in out:
                out.append(n.name)
            continue
        kids = children(n)
        if isinstance(n, Call) and n.func == "if":
            test = evaluate(n.args[0], env)
            if isinstance(test, bool):
                kids = (n.args[1] if test else n.args[2],)
        stack.extend(reversed(kids))
    return out
