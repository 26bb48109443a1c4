"""Compile a parsed condition (``xacheck.condition`` nodes) once into a Polars expression.

Same meaning as :func:`xacheck.condition.evaluate`, column-wise: a null is ``unknown``, and Polars'
``&`` / ``|`` / ``~`` are Kleene logic already. Numbers are never binary floating point: every
numeric value is an exact rational ``n / d`` of two integer expressions (an input cell is its
decimal text scaled by :data:`SCALE`, i.e. ``n / 10**6``), ``a / b`` becomes a new rational, and a
comparison ``n1/d1 op n2/d2`` is decided by cross-multiplication with a sign check on ``d1*d2``.
A denominator of zero makes the value null (``x / 0`` is unknown, as in the row evaluator).

Magnitudes are tracked statically (decimal digits of numerator and denominator). They also pick the
integer width: an expression whose bound fits 18 digits stays ``Int64`` (2–3× faster in Polars than
``Int128``), a wider one is computed in ``Int128`` (its operands are widened first, so nothing wraps);
an expression that could overflow ``Int128`` is refused with :class:`Unsupported`, and so is any construct this
compiler does not cover. The caller then evaluates that rule with the row evaluator instead, so a
refusal costs speed, never correctness.

Size: the expression built for a condition grows with the condition, never faster. Where a construct reads
an operand more than once (``min`` / ``max``, ``if``, ``band``, a division's denominator, a list test), the
operand is first computed once as a column of its own (:meth:`Compiler.share`, a ``with_columns`` step
before the conditions) and read from there, so no sub-expression is copied: ``max`` nested six deep used to
build 4^6 copies of its innermost operand. With the size of a condition bounded where packs are loaded
(``condition.MAX_EXPR_NODES``, ``validate``'s XA117), so is what is built here.
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from .. import condition as cond

#: input numbers are held as integers scaled by 10**SCALE_DIGITS
SCALE_DIGITS = 6
SCALE = 10**SCALE_DIGITS
#: decimal digits of the integer part an input number may have on the fast path (|x| < 10**9: 10 万亿 in 万元);
#: a larger number takes the row path. Scaled, an input is below 10**15, exact in a float and in Int64
INT_DIGITS = 9
#: Int128 holds 1.7e38; keep every intermediate below 10**MAX_DIGITS
MAX_DIGITS = 37
#: Int64 holds 9.2e18: a value bounded by 10**NARROW_DIGITS is computed in Int64
NARROW_DIGITS = 18

_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


class Unsupported(Exception):
    """This condition is outside what the columnar compiler decides exactly; use the row evaluator."""


@dataclass(frozen=True)
class V:
    """A compiled value. kind: num | bool | str | date | list | null.

    num: ``n`` / ``d`` with digit bounds ``nb`` / ``db``; ``d`` is an ``int`` (> 0) or an expression
    that is never 0 where ``n`` is not null. Other kinds: the expression ``e``.
    """

    kind: str
    e: Any = None
    const: Any = None
    n: Any = None
    d: Any = 1
    nb: int = 0
    db: int = 0
    #: date: the last possible day where only the month is known (``e`` the first); None: ``e`` is the day
    hi: Any = None

    def valid(self):
        import polars as pl

        if self.kind == "null":
            return pl.lit(False)
        return (self.n if self.kind == "num" else self.e).is_not_null()


def _pl():
    import polars as pl

    return pl


def _i128(x):
    pl = _pl()
    return pl.lit(x, dtype=pl.Int128) if isinstance(x, int) else x.cast(pl.Int128)


def _int(x, digits: int):
    """``x`` (an int or an integer expression) in the width its bound of ``digits`` decimal digits needs:
    Int64 up to :data:`NARROW_DIGITS`, else Int128 (an Int64 operand is widened *before* the operation)."""
    pl = _pl()
    if digits > NARROW_DIGITS:
        return _i128(x)
    return pl.lit(x, dtype=pl.Int64) if isinstance(x, int) else x


def _digits(x: int) -> int:
    return len(str(abs(x)))


def _check(*bounds: int) -> None:
    if max(bounds) > MAX_DIGITS:
        raise Unsupported("numbers could exceed the exact integer range")


def const_num(value: Decimal) -> V:
    sign, digits, exp = value.as_tuple()
    n = int("".join(map(str, digits)) or "0") * (-1 if sign else 1)
    d = 1
    if exp < 0:  # type: ignore[operator]
        d = 10 ** (-exp)  # type: ignore[operator]
    else:
        n *= 10**exp  # type: ignore[operator]
    _check(_digits(n), _digits(d))
    return V("num", n=_int(n, _digits(n)), d=d, nb=_digits(n), db=_digits(d), const=value)


def null_bool():
    pl = _pl()
    return pl.lit(None, dtype=pl.Boolean)


class Compiler:
    """Compiles conditions against typed columns. ``column(key)`` returns the :class:`V` of a field."""

    def __init__(self, column: Callable[[str], V], derived: dict[str, cond.Node], as_of: _dt.date):
        self.column = column
        self.derived = derived
        self.as_of = as_of
        self._memo: dict[str, V] = {}
        #: (level, expression) for derived quantities and shared operands, to compute (as columns, level by
        #: level: a column after those it reads) before the conditions
        self.stage: list = []
        #: staged column -> its level
        self.levels: dict[str, int] = {}
        self._active: set[str] = set()
        #: id(node) -> (node, V): each node compiled once; ``_seen`` in the order compiled (for :meth:`rollback`)
        self._values: dict[int, tuple] = {}
        self._seen: list[int] = []

    # -- columns computed once
    def _stage(self, e, name: str):
        """Add ``e`` as the column ``name`` one level after the staged columns it reads; return that column."""
        pl = _pl()
        level = 1 + max((self.levels[c] for c in e.meta.root_names() if c in self.levels), default=-1)
        self.levels[name] = level
        self.stage.append((level, e.alias(name)))
        return pl.col(name)

    def _once(self, e):
        """``e`` as a column computed once (a column or a literal as it is): for an expression read more than once."""
        if isinstance(e, int) or e is None or e.meta.is_column() or e.meta.is_literal():
            return e
        return self._stage(e, f"__s{len(self.stage)}")

    def mark(self) -> tuple[int, int]:
        """A point to :meth:`rollback` to: a rule the compiler refuses leaves no column behind."""
        return len(self.stage), len(self._seen)

    def rollback(self, mark: tuple[int, int]) -> None:
        staged, seen = mark
        gone = {e.meta.output_name() for _, e in self.stage[staged:]}
        del self.stage[staged:]
        for name in gone:
            self.levels.pop(name, None)
        for key in self._seen[seen:]:
            self._values.pop(key, None)
        del self._seen[seen:]
        for key, v in list(self._memo.items()):  # a derived quantity first computed by the refused rule
            if _reads(v) & gone:
                del self._memo[key]

    def share(self, v: V) -> V:
        """The same value with each of its expressions computed once as a column (see the module's "Size")."""
        if v.kind == "null":
            return v
        if v.kind == "num":
            return V("num", n=self._once(v.n), d=self._once(v.d), nb=v.nb, db=v.db, const=v.const)
        return V(v.kind, e=self._once(v.e), hi=self._once(v.hi), const=v.const)

    # -- entry points
    def boolean(self, node: cond.Node):
        """A Boolean expression (null = unknown) for a ``when`` condition."""
        v = self.value(node)
        if v.kind == "null":
            return null_bool()
        if v.kind != "bool":
            raise Unsupported("not a yes/no test")
        return v.e

    def value(self, node: cond.Node) -> V:
        """The compiled value of ``node``; a node compiled before (the part of an ``and`` that the missing-field
        lists read again, a gap's quantity, a condition two rules share) is not built twice."""
        hit = self._values.get(id(node))
        if hit is not None:
            return hit[1]
        m = getattr(self, "_" + type(node).__name__, None)
        if m is None:
            raise Unsupported(type(node).__name__)
        v = m(node)
        if not self._active:  # (inside a derived quantity a name may read as unknown: that is not its value)
            self._values[id(node)] = (node, v)  # (the node is kept, so its id is never another's)
            self._seen.append(id(node))
        return v

    # -- leaves
    def _Num(self, node):
        return const_num(node.value)

    def _Str(self, node):
        return V("str", e=_pl().lit(node.value, dtype=_pl().String))

    def _Bool(self, node):
        return V("bool", e=_pl().lit(node.value, dtype=_pl().Boolean))

    def _Name(self, node):
        name = node.name
        if name == "as_of":
            return V("date", e=_pl().lit(self.as_of, dtype=_pl().Date))
        if name in self.derived:
            if name in self._active:  # the row evaluator reads a self-reference as unknown
                return V("null")
            if name not in self._memo:
                self._active.add(name)
                try:
                    self._memo[name] = self._materialise(name, self.value(self.derived[name]))
                finally:
                    self._active.discard(name)
            return self._memo[name]
        return self.column(name)

    def _materialise(self, name: str, v: V) -> V:
        """Compute a derived quantity once per batch as its own column(s); conditions refer to those."""
        if v.kind == "null":
            return v
        # (a derived quantity built on others comes one stage after them: see _stage)
        if v.kind == "num":
            n = self._stage(_int(v.n, v.nb), f"__dn_{name}")
            d = v.d if isinstance(v.d, int) else self._stage(_int(v.d, v.db), f"__dd_{name}")
            return V("num", n=n, d=d, nb=v.nb, db=v.db)
        e = self._stage(v.e, f"__dv_{name}")
        if v.hi is not None:
            return V(v.kind, e=e, hi=self._stage(v.hi, f"__dh_{name}"))
        return V(v.kind, e=e)

    def _ListLit(self, node):
        raise Unsupported("a list outside 'in' / any_in")

    # -- arithmetic on rationals
    def _num(self, v: V) -> V:
        if v.kind == "null":
            return v
        if v.kind != "num":
            raise Unsupported("arithmetic needs numbers")
        return v

    def _Neg(self, node):
        v = self._num(self.value(node.operand))
        if v.kind == "null":
            return v
        return V("num", n=_int(0, v.nb) - _int(v.n, v.nb), d=v.d, nb=v.nb, db=v.db)  # Int128 has no negate

    def _Arith(self, node):
        a = self._num(self.value(node.left))
        b = self._num(self.value(node.right))
        if a.kind == "null" or b.kind == "null":
            return V("null")
        op = node.op
        if op in ("+", "-") and not (isinstance(a.d, int) and isinstance(b.d, int)):
            a, b = self._share_d(a), self._share_d(b)  # (each denominator is read twice below)
        if op in ("+", "-"):
            if isinstance(a.d, int) and isinstance(b.d, int) and a.d == b.d:
                nb = max(a.nb, b.nb) + 1
                _check(nb)
                x, y = _int(a.n, nb), _int(b.n, nb)
                return V("num", n=x + y if op == "+" else x - y, d=a.d, nb=nb, db=a.db)
            nb, db = max(a.nb + b.db, b.nb + a.db) + 1, a.db + b.db
            _check(nb, db)
            left, right = _mul(a.n, b.d, nb), _mul(b.n, a.d, nb)
            return V("num", n=left + right if op == "+" else left - right, d=_mul(a.d, b.d, db), nb=nb, db=db)
        if op == "*":
            for x, y in ((a, b), (b, a)):  # x * 0 is 0 where x is known (a common "is it known" marker)
                if _is_zero_const(y):
                    return V("num", n=pl_when_valid(x, 0), d=1, nb=1, db=1)
            nb, db = a.nb + b.nb, a.db + b.db
            _check(nb, db)
            return V("num", n=_mul(a.n, b.n, nb), d=_mul(a.d, b.d, db), nb=nb, db=db)
        # a / b = (a.n * b.d) / (a.d * b.n); b.n == 0 -> unknown
        pl = _pl()
        b = V("num", n=self._once(b.n), d=b.d, nb=b.nb, db=b.db)  # (read three times below)
        ad, bd = a.d, b.d
        if isinstance(ad, int) and isinstance(bd, int):  # cancel the common scale: (n1/10^6) / (n2/10^6) = n1/n2
            g = math.gcd(ad, bd)
            ad, bd = ad // g, bd // g
        nb, db = a.nb + _digits_of(bd, b.db), _digits_of(ad, a.db) + b.nb
        _check(nb, db)
        den = _mul(ad, b.n, db)
        ok = b.n != 0
        return V("num", n=pl.when(ok).then(_mul(a.n, bd, nb)), d=pl.when(ok).then(den), nb=nb, db=db)

    # -- comparisons
    def _Compare(self, node):
        a = self._for_compare(self.value(node.left))
        b = self._for_compare(self.value(node.right))
        return V("bool", e=compare(a, b, node.op))

    def _share_d(self, v: V) -> V:
        """``v`` with its denominator computed once, where it is an expression (it is then read twice)."""
        if v.kind != "num" or isinstance(v.d, int):
            return v
        return V("num", n=v.n, d=self._once(v.d), nb=v.nb, db=v.db, const=v.const)

    def _for_compare(self, v: V) -> V:
        """What :func:`compare` reads more than once computed once: an expression denominator (read for the
        cross-product and the sign) and a date's ends (read at each corner)."""
        if v.kind == "date":
            return self.share(v)
        return self._share_d(v)

    def _Member(self, node):
        pl = _pl()
        item = self.share(self.value(node.item))  # (read once per listed value, and for whether it is known)
        if isinstance(node.container, cond.ListLit):
            lits = [i.value for i in node.container.items]
            if item.kind == "null":
                return V("bool", e=null_bool())
            if any(isinstance(x, bool) for x in lits) or item.kind not in ("str", "num", "date"):
                raise Unsupported("membership of this type")  # True == 1 in Python: leave it to the row evaluator
            strs = [x for x in lits if isinstance(x, str)]
            nums = [x for x in lits if isinstance(x, Decimal)]
            if item.kind == "str":
                hit = item.e.is_in(strs) if strs else pl.lit(False)
            elif item.kind == "num":
                hit = pl.lit(False)
                for x in nums:
                    hit = hit | compare(item, const_num(x), "==")
            else:  # a date equals no literal
                hit = pl.lit(False)
            hit = pl.when(item.valid()).then(hit)
            return V("bool", e=~hit if node.negated else hit)
        cont = self.share(self.value(node.container))
        if cont.kind == "null" or item.kind == "null":
            return V("bool", e=null_bool())
        if cont.kind != "list":
            raise Unsupported("'in' needs a list")
        if item.kind != "str":
            raise Unsupported("list fields hold text")
        hit = pl.when(item.valid() & cont.valid()).then(cont.e.list.contains(item.e))
        return V("bool", e=~hit if node.negated else hit)

    def _Not(self, node):
        v = self.value(node.operand)
        if v.kind == "null":
            return V("bool", e=null_bool())
        if v.kind != "bool":
            raise Unsupported("not of a non-boolean")
        return V("bool", e=~v.e)

    def _BoolOp(self, node):
        out = None
        for item in node.items:
            e = self.boolean(item)
            out = e if out is None else (out & e if node.op == "and" else out | e)
        return V("bool", e=out)

    # -- functions
    def _Call(self, node):
        pl = _pl()
        f = node.func
        if f == "date":
            return V("date", e=pl.lit(_dt.date.fromisoformat(node.args[0].value), dtype=pl.Date))
        if f == "add_years" and not [n for n in cond.names(node) if n != "as_of"]:
            # add_years(as_of, -15): one date for the whole batch, computed by the row evaluator's own code
            day = cond.evaluate(node, cond.Env({}, as_of=self.as_of))
            return V("date", e=pl.lit(day, dtype=pl.Date))
        if f == "known":
            v = self.value(node.args[0])
            return V("bool", e=v.valid())
        if f == "band":
            return self._band(node)
        if f == "if":
            return self._if(node)
        if f in ("any_in", "count_in"):
            have = self.value(node.args[0])
            if not isinstance(node.args[1], cond.ListLit):
                raise Unsupported(f"{f} with a computed list")
            wanted = [i.value for i in node.args[1].items]
            if have.kind == "null":
                return V("null")
            if have.kind != "list" or not all(isinstance(w, str) for w in wanted):
                raise Unsupported(f"{f} on this type")
            hits = have.e.list.eval(pl.element().is_in(wanted))
            if f == "any_in":
                return V("bool", e=hits.list.any())
            count = have.e.list.eval(pl.element().filter(pl.element().is_in(wanted)).unique()).list.len()
            return V("num", n=count.cast(pl.Int64), d=1, nb=6, db=1)
        args = [self.value(a) for a in node.args]
        if any(a.kind == "null" for a in args):
            return V("null")
        if f == "abs":
            a = self._num(args[0])
            return V("num", n=a.n.abs(), d=a.d if isinstance(a.d, int) else a.d.abs(), nb=a.nb, db=a.db)
        if f in ("min", "max"):
            return self._extreme(f, [self.share(self._num(a)) for a in args])
        if f == "years_between":
            a, b = args
            if a.kind != "date" or b.kind != "date":
                raise Unsupported("years_between needs dates")
            md = lambda e: e.dt.month().cast(pl.Int32) * 100 + e.dt.day().cast(pl.Int32)  # noqa: E731

            def years(x, y):
                return y.dt.year().cast(pl.Int32) - x.dt.year().cast(pl.Int32) - (md(y) < md(x)).cast(pl.Int32)

            # monotone in each date: a month's first and last days give every value it can take (unknown
            # unless they agree, as the row evaluator says)
            corners = [years(x, y) for x in _ends(a) for y in _ends(b)]
            n = corners[0]
            if len(corners) > 1:
                n = pl.when(pl.all_horizontal([c == corners[0] for c in corners[1:]])).then(corners[0])
            return V("num", n=n.cast(pl.Int64), d=1, nb=5, db=1)
        raise Unsupported(f"function {f}")

    def _extreme(self, f: str, args: list) -> V:
        """min() / max() of numbers, each read from a column of its own (see :meth:`share`): unknown if any is.

        Over a common integer denominator (every input number, and any value whose denominator is a
        constant): ``pl.min_horizontal`` / ``max_horizontal`` of the numerators brought to it, and a separate
        mask for "all known". Otherwise pairwise, each running result computed once as a column before the
        next comparison reads it twice."""
        pl = _pl()
        if all(isinstance(a.d, int) for a in args):
            den = math.lcm(*(a.d for a in args))
            nb = max(a.nb + _digits_of(den // a.d, 0) for a in args)
            _check(nb, _digits(den))
            nums = [_int(_mul(a.n, den // a.d, nb), nb) for a in args]
            pick = pl.min_horizontal(nums) if f == "min" else pl.max_horizontal(nums)
            known = pl.all_horizontal([a.valid() for a in args])
            return V("num", n=pl.when(known).then(pick), d=den, nb=nb, db=_digits(den))
        best = args[0]
        for nxt in args[1:]:
            take_next = compare(nxt, best, "<" if f == "min" else ">")
            both = best.valid() & nxt.valid()
            nb, db = max(best.nb, nxt.nb), max(best.db, nxt.db)
            n = pl.when(both).then(pl.when(take_next).then(_int(nxt.n, nb)).otherwise(_int(best.n, nb)))
            d = pl.when(both).then(pl.when(take_next).then(_int(nxt.d, db)).otherwise(_int(best.d, db)))
            best = self.share(V("num", n=n, d=d, nb=nb, db=db))
        return best

    # -- scoring tables: numeric when/then chains, never a Boolean expansion of band combinations
    def _const_list(self, node) -> list[Decimal]:
        """A literal list of numbers (``[30%, 25%]``, ``[-1, 2]``), else Unsupported."""
        if not isinstance(node, cond.ListLit):
            raise Unsupported("band() with a computed list")
        out = []
        for item in node.items:
            if cond.names(item):
                raise Unsupported("band() with a computed threshold")
            v = cond.evaluate(item, cond.Env({}, as_of=self.as_of))
            if isinstance(v, bool) or not isinstance(v, (Decimal, int)):
                raise Unsupported("band() with a non-number in a list")  # the row evaluator names the error
            out.append(Decimal(v))
        return out

    def _band(self, node):
        """band(x, [t1…tk], [p1…pk, p_else]): the points of the first threshold x reaches (x >= t_i);
        unknown x -> unknown. One numeric when/then chain over exact comparisons."""
        pl = _pl()
        if len(node.args) not in (2, 3):
            raise Unsupported("band() arity")
        bounds = self._const_list(node.args[1])
        points = self._const_list(node.args[2]) if len(node.args) == 3 else \
            [Decimal(len(bounds) - i) for i in range(len(bounds))]
        if len(points) not in (len(bounds), len(bounds) + 1):
            raise Unsupported("band(): points do not match thresholds")  # the row evaluator raises the error
        x = self.share(self.value(node.args[0]))  # (read at each threshold)
        if x.kind == "null":
            return V("null")
        if x.kind != "num":
            raise Unsupported("band() of a non-number")
        below = points[len(bounds)] if len(points) > len(bounds) else Decimal(0)
        scale = max(_decimals(p) for p in [*points, below])
        d = 10**scale
        ints = [int(p * d) for p in points[:len(bounds)]] + [int(below * d)]
        nb = max(_digits(i) for i in ints)
        chain = None
        for t, pts in zip(bounds, ints):
            c = compare(x, const_num(t), ">=")
            chain = pl.when(c) if chain is None else chain.when(c)
            chain = chain.then(_int(pts, nb))
        res = chain.otherwise(_int(ints[-1], nb)) if chain is not None else _int(ints[-1], nb)
        n = pl.when(x.valid()).then(res)
        return V("num", n=n, d=d, nb=nb, db=_digits(d))

    def _if(self, node):
        """if(test, a, b): the taken branch; with the test unknown, the common value of a and b, else unknown."""
        pl = _pl()
        test = self._once(self.boolean(node.args[0]))  # (the test and each branch are read more than once)
        a, b = self.share(self.value(node.args[1])), self.share(self.value(node.args[2]))
        if a.kind == "null" and b.kind == "null":
            return V("null")
        kind = a.kind if a.kind != "null" else b.kind
        if a.kind not in ("null", kind) or b.kind not in ("null", kind) or kind == "list":
            raise Unsupported("if() with branches of different types")
        if kind == "date":  # (a month in a branch: the row evaluator decides)
            raise Unsupported("if() over dates")
        # test true -> a; test false -> b; test unknown -> a where a == b (both known)
        agree = compare(a, b, "==") if a.kind != "null" and b.kind != "null" else None

        def pick(ea, eb):
            e = pl.when(test).then(ea).when(~test).then(eb)
            return e.when(agree).then(ea) if agree is not None else e

        none = pl.lit(None, dtype=pl.Int64)
        if kind != "num":
            ea = a.e if a.kind != "null" else pl.lit(None)
            eb = b.e if b.kind != "null" else pl.lit(None)
            return V(kind, e=pick(ea, eb))
        if a.kind == "null":
            a = V("num", n=none, d=b.d, nb=b.nb, db=b.db)
        if b.kind == "null":
            b = V("num", n=none, d=a.d, nb=a.nb, db=a.db)
        if isinstance(a.d, int) and isinstance(b.d, int):
            dd = math.lcm(a.d, b.d)
            fa, fb = dd // a.d, dd // b.d
            nb = max(a.nb + _digits(fa), b.nb + _digits(fb))
            _check(nb, _digits(dd))
            return V("num", n=pick(_int(_mul(a.n, fa, nb), nb), _int(_mul(b.n, fb, nb), nb)), d=dd, nb=nb,
                     db=_digits(dd))
        nb, db = max(a.nb, b.nb), max(a.db, b.db)
        return V("num", n=pick(_int(a.n, nb), _int(b.n, nb)), d=pick(_int(a.d, db), _int(b.d, db)), nb=nb, db=db)


def _reads(v: V) -> set:
    """The columns a compiled value reads."""
    return {n for x in (v.n, v.d, v.e, v.hi) if x is not None and not isinstance(x, int) for n in x.meta.root_names()}


def _decimals(x: Decimal) -> int:
    exp = x.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _is_zero_const(v: V) -> bool:
    return v.kind == "num" and v.nb == 1 and isinstance(v.d, int) and getattr(v, "const", None) == 0


def pl_when_valid(v: V, value: int):
    pl = _pl()
    return pl.when(v.valid()).then(pl.lit(value, dtype=pl.Int64))


def _digits_of(x, bound: int) -> int:
    """For a factor ``x``: the ``e`` with ``|x| <= 10**e`` for an int (1 -> 0, 10**6 -> 6), else the tracked
    ``bound``; a product ``y * x`` with ``|y| < 10**ny`` then stays below ``10**(ny + e)``."""
    if isinstance(x, int):
        return len(str(abs(x) - 1)) if abs(x) > 1 else 0
    return bound


def _mul(x, y, digits: int):
    """``x * y`` whose result is bounded by ``digits`` decimal digits (operands widened to Int128 first
    when that bound does not fit Int64)."""
    if isinstance(x, int) and isinstance(y, int):
        return x * y
    if isinstance(y, int) and y == 1:
        return x
    if isinstance(x, int) and x == 1:
        return y
    return _int(x, digits) * _int(y, digits)


def compare(a: V, b: V, op: str):
    """Kleene comparison of two compiled values, with the row evaluator's type rules."""
    pl = _pl()
    if a.kind == "null" or b.kind == "null":
        return null_bool()
    if a.kind != b.kind:
        if op in ("==", "!="):  # values of different types are never equal
            return pl.when(a.valid() & b.valid()).then(pl.lit(op == "!="))
        raise Unsupported(f"cannot compare {a.kind} with {b.kind}")
    if a.kind == "num":
        return _compare_num(a, b, op)
    if a.kind == "date" and (a.hi is not None or b.hi is not None):
        return _compare_span(a, b, op)
    if a.kind in ("bool", "list") and op not in ("==", "!="):
        raise Unsupported(f"'{op}' on {a.kind}")
    if a.kind == "list":
        raise Unsupported("list equality")
    return _apply(a.e, b.e, op)


def _ends(v: V) -> list:
    """A date's possible extremes: its day, or a month's first and last days."""
    return [v.e] if v.hi is None else [v.e, v.hi]


def _compare_span(a: V, b: V, op: str):
    """Dates where a side may be a month (condition.Month): the answer every day gives, else unknown. An
    order is monotone in each side, so the corners decide it; equality holds for two equal days only, and
    fails where the spans do not overlap."""
    pl = _pl()
    a0, a1 = a.e, (a.hi if a.hi is not None else a.e)
    b0, b1 = b.e, (b.hi if b.hi is not None else b.e)
    if op in ("==", "!="):
        days = (a0 == a1) & (b0 == b1)
        eq = pl.when(days).then(a0 == b0).when((a1 < b0) | (b1 < a0)).then(pl.lit(False))
        return eq if op == "==" else ~eq
    corners = [_apply(x, y, op) for x in _ends(a) for y in _ends(b)]
    return pl.when(pl.all_horizontal([c == corners[0] for c in corners[1:]])).then(corners[0])


def _apply(x, y, op: str):
    if op == "==":
        return x == y
    if op == "!=":
        return x != y
    if op == "<":
        return x < y
    if op == "<=":
        return x <= y
    if op == ">":
        return x > y
    return x >= y


def _compare_num(a: V, b: V, op: str):
    fa, fb = _digits_of(a.d, a.db), _digits_of(b.d, b.db)
    if isinstance(a.d, int) and isinstance(b.d, int):
        if a.d == b.d:
            return _apply(_int(a.n, a.nb), _int(b.n, b.nb), op)
        nb = max(a.nb + fb, b.nb + fa)
        _check(nb)
        return _apply(_mul(a.n, b.d, nb), _mul(b.n, a.d, nb), op)
    # n1/d1 op n2/d2  <=>  n1*d2*s op n2*d1*s with s = sign(d1*d2), never 0 where both are known
    # (no subtraction, so no extra digit: a ratio against a percentage stays within Int64)
    nb = max(a.nb + fb, b.nb + fa)
    _check(nb)
    x, y = _int(_mul(a.n, b.d, nb), nb), _int(_mul(b.n, a.d, nb), nb)
    if isinstance(a.d, int):
        sign = b.d.sign()
    elif isinstance(b.d, int):
        sign = a.d.sign()
    else:
        sign = a.d.sign() * b.d.sign()
    sign = _int(sign, nb)
    return _apply(x * sign, y * sign, op)
