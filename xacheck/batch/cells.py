"""Text cells -> typed columns, vectorised, for the cells that are plainly well-formed.

Each field gets a typed expression and a ``plain`` mask: true where the cell is blank or in the
common form this module decodes exactly as :func:`xacheck.fields.coerce` would (``1,234.5``,
``2024-03-01``, ``是``/``true``, a choice from the list…). A row with any other cell — a typo, a
full-width digit, a date like 20240301, a number out of range — goes to the row path, which calls
``coerce`` itself: the error message (or the odd-but-valid value) is then exactly the row evaluator's.

Numbers are held as ``Int64`` integers scaled by ``10**6`` (see :mod:`.compiler`). A number cell is on
the fast path when its text is at most 15 bytes, its value is below 10**9 and it has at most 6 decimals;
the check reads the text once, as a float (see :func:`_number` for why that is exact).
"""
from __future__ import annotations

from ..fields import _FALSE, _TRUE, EMPTY_LIST_TOKENS, MISSING_TOKENS, Field
from .compiler import INT_DIGITS, SCALE

#: a number cell of more bytes than this takes the row path (its digits could exceed a float's 15)
MAX_NUMBER_BYTES = 15
_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_LIST_SEP = "[，、;；|]"
_BOOL_TRUE = sorted({v for w in _TRUE for v in (w, w.upper(), w.capitalize())})
_BOOL_FALSE = sorted({v for w in _FALSE for v in (w, w.upper(), w.capitalize())})

#: Polars dtype name of each registry type on the fast path
KIND = {"number": "num", "integer": "num", "boolean": "bool", "date": "date", "string": "str", "enum": "str",
        "list": "list"}


def typed(f: Field, col: str, used: bool = True):
    """``(value_expr, plain_expr)`` for the text column ``col`` holding field ``f``."""
    _, value, plain = _build(f, col, None, used)
    return value, plain


def staged(f: Field, col: str, tag: str, used: bool = True):
    """``(pre, value, plain)``: ``pre`` is ``{name: (level, expr)}``, columns to compute first, level 0
    over the text column, level 1 over level 0; ``value`` and ``plain`` then read only those columns, so
    the regex and the float parse run once per cell (as one expression, :func:`typed`, the plain mask
    would repeat them).

    ``used=False``: no condition reads the field's value, so free text without a format needs no check
    (``coerce`` never refuses such text, so the row path would give the same row).
    """
    return _build(f, col, tag, used)


def _build(f: Field, col: str, tag: str | None, used: bool):
    import polars as pl

    pre: dict = {}

    def ref(name, expr, level=0):
        if tag is None:
            return expr
        pre[f"{tag}_{name}"] = (level, expr)
        return pl.col(f"{tag}_{name}")

    raw = pl.col(col)
    blank = raw.is_null() | (raw.str.len_bytes() == 0)
    t = f.type
    if t in ("number", "integer"):
        ok, scaled = _number(raw, ref)
        value = pl.when(ok).then(scaled)
        good = ok
        if t == "integer":
            good = good & (scaled % SCALE == 0)
        if f.minimum is not None:
            good = good & (scaled >= _scaled_bound(f.minimum))
        if f.maximum is not None:
            good = good & (scaled <= _scaled_floor(f.maximum))
        return pre, value, ref("b", blank) | good.fill_null(False)
    if t == "string" and not used and not f.format:  # the value is not computed (it reads the raw column)
        text = raw.str.strip_chars()
        return pre, pl.when(text.str.len_bytes() > 0).then(text), pl.lit(True)
    if t == "date" and tag is not None:  # the parsed date decides the plain flag: parse once
        value = ref("v", pl.when(raw.str.contains(_DATE_RE)).then(raw).str.to_date("%Y-%m-%d", strict=False))
        return pre, value, ref("b", blank) | value.is_not_null()
    value, plain = _typed_other(f, raw, blank)
    return pre, ref("v", value), ref("p", plain)


def _number(raw, ref):
    """``(ok, scaled)`` for a number column: ``ok`` where the cell reads exactly as ``coerce`` reads it, and
    the value times 10**6 as Int64 there.

    The text is read once, as a float ``x`` (Polars parses it correctly rounded), and ``p = x * 10**6``.
    A cell is accepted when its text has at most 15 bytes, ``|x| < 10**9`` and ``p`` is within
    ``|p| * 5e-16`` of an integer ``N``; ``N`` is then exactly the decimal value times 10**6:

    * 15 bytes hold at most 15 significant digits, so the text is a decimal ``S * 10**E`` with ``S`` < 10**15;
      the float steps (text -> x, x * 10**6) are each correctly rounded, so ``p`` carries a relative error
      of at most 2.3e-16.
    * With at most 6 decimals, the exact ``p`` is an integer below 10**15 < 2**53: the error is below 0.5
      and below the tolerance, so ``N`` is it.
    * With more decimals (``1.2345678``, ``1e-7``, ``10000000001e-16``), the exact ``p`` lies at least
      ``10**-k`` from every integer while ``|p| < 10**(15-k)``: at least ``|p| * 1e-15`` away, more than
      tolerance plus error — refused, and the row path decides (``coerce`` keeps every digit).

    The forms a float parse accepts — ``+5``, ``.5``, ``5.``, ``1e3``, surrounding spaces — are forms
    ``coerce`` accepts with the same value; ``nan`` / ``inf`` fail ``|x| < 10**9`` (``coerce`` reads ``nan``
    as missing and refuses ``inf``: the row path says so). Property-tested against ``coerce`` in
    tests/test_batch_differential.py.
    """
    import polars as pl

    x = ref("f", raw.cast(pl.Float64, strict=False))
    short = ref("s", raw.str.len_bytes() <= MAX_NUMBER_BYTES)
    p = x * float(SCALE)
    n = p.round()
    ok = short & (x.abs() < float(10**INT_DIGITS)) & ((p - n).abs() <= p.abs() * 5e-16)
    return ref("ok", ok, 1), ref("n", n.cast(pl.Int64, strict=False), 1)


def _typed_other(f: Field, raw, blank):
    import polars as pl

    t = f.type
    if t == "boolean":  # the usual spellings exactly; " True " and the like take the row path
        is_t, is_f = raw.is_in(_BOOL_TRUE), raw.is_in(_BOOL_FALSE)
        value = pl.when(is_t).then(pl.lit(True)).when(is_f).then(pl.lit(False)).otherwise(pl.lit(None, dtype=pl.Boolean))
        return value, blank | is_t | is_f
    if t == "date":
        ok = raw.str.contains(_DATE_RE)
        value = pl.when(ok).then(raw).str.to_date("%Y-%m-%d", strict=False)
        return value, blank | value.is_not_null()
    # text: Rust's trim equals Python's str.strip() except for U+001C..U+001F, which take the row path
    text = raw.str.strip_chars()
    odd = raw.str.contains(r"^[\x1c-\x1f]|[\x1c-\x1f]$").fill_null(False)
    empty = text.str.len_bytes() == 0
    if t == "string":
        if f.format == "uscc":  # 统一社会信用代码: only codes whose check character holds stay on the fast path
            return pl.when(~empty).then(text), blank | (_uscc_ok(raw) & ~odd)
        return pl.when(~empty).then(text), ~odd
    if t == "enum":
        value = pl.when(~empty).then(_choice(text, f))
        if f.choices:
            return value, blank | (text.is_in(_accepted(f)) & ~odd)
        return value, ~odd
    if t == "list":
        items = (text.str.replace_all(_LIST_SEP, ",").str.split(",")
                 .list.eval(pl.element().str.strip_chars()).list.eval(pl.element().filter(pl.element() != "")))
        if f.aliases:
            items = items.list.eval(_choice(pl.element(), f))
        # a whole cell saying "none" (无, 没有, []) is a known empty list; N/A, — … are unknown (as coerce reads them)
        word = text.str.to_lowercase()
        none_, gone = word.is_in(sorted(EMPTY_LIST_TOKENS)), word.is_in(sorted(MISSING_TOKENS))
        value = pl.when(~empty & ~gone).then(pl.when(none_).then(pl.lit([], dtype=pl.List(pl.String))).otherwise(items))
        clean = ~odd & ~raw.str.contains("[\x1c-\x1f]").fill_null(False)
        if f.choices:
            allowed = items.list.eval(pl.element().is_in(list(f.choices))).list.all()  # (aliases already mapped)
            return value, blank | ((allowed | none_ | gone) & clean)
        return value, clean
    raise ValueError(f"unsupported field type {t}")  # pragma: no cover


def _choice(text, f: Field):
    """Aliases mapped to their choices (企业 -> enterprise), as :meth:`Field.choice` does: a when/then chain of
    literals, which the streaming engine evaluates piece by piece (a lookup table would make it buffer)."""
    import polars as pl

    out = text
    for alias, target in reversed(f.aliases):
        out = pl.when(text == alias).then(pl.lit(target)).otherwise(out)
    return out


def _accepted(f: Field) -> list[str]:
    return [*f.choices, *(a for a, _ in f.aliases)]


def _uscc_ok(raw):
    """Vectorised GB 32100-2015 check: 18 characters of the code's alphabet and a matching check character.

    Anything else (a typo, lower case, full width) goes to the row path, where ``coerce`` names the problem.
    """
    import polars as pl

    from ..credit_code import CHARSET, WEIGHTS

    # a character's value is its position in the code's alphabet: the index of an Enum of that alphabet
    # (a cast Polars streams, unlike a replace_strict lookup table)
    alphabet = pl.Enum(list(CHARSET))

    def value(i):
        return raw.str.slice(i, 1).cast(alphabet, strict=False).to_physical().cast(pl.Int64)

    shape = raw.str.contains(f"^[{CHARSET}]{{18}}$").fill_null(False)
    total = pl.sum_horizontal([value(i) * w for i, w in enumerate(WEIGHTS)])
    return shape & (value(17) == (31 - total % 31) % 31).fill_null(False)


def _scaled_floor(d) -> int:
    q = d * SCALE
    return int(q) if q == int(q) or q > 0 else int(q) - 1


def _scaled_bound(d) -> int:
    q = d * SCALE
    return int(q) if q == int(q) else int(q) + (1 if q > 0 else 0)


def shifted(texts, places: int) -> list:
    """Plain number cells (``1234.5``, ``1,234.5``, ``１２３４``) times 10**places, exactly (decimal arithmetic on
    the text); any other cell unchanged — ``12万`` or ``65%`` carries its own unit, and a cell that is not a
    number is left for ``coerce`` to refuse by name."""
    import unicodedata
    from decimal import Context, Decimal

    from ..fields import _GROUPED_RE, _NUM_RE

    exact = Context(prec=SHIFT_DIGITS + 10)  # every digit kept: no rounding of a long number
    out = []
    for t in texts.to_list():
        x = unicodedata.normalize("NFKC", t).strip().replace(" ", "") if t is not None else ""
        if _GROUPED_RE.match(x):
            x = x.replace(",", "")
        if not _NUM_RE.match(x):
            out.append(t)
            continue
        d = Decimal(x)
        if len(x) > SHIFT_DIGITS or abs(d.adjusted()) > SHIFT_DIGITS:  # 9e999999 元 is not an amount: say so
            out.append(f"{t} (too large a number to convert units)")
            continue
        out.append(format(d.scaleb(places, exact).normalize(exact), "f"))
    return out


#: a number cell moved between units (see :func:`shifted`) has at most this many characters and is within
#: 10**±this: beyond, it is no amount of money (and the decimal arithmetic would cost megabytes per cell)
SHIFT_DIGITS = 40
