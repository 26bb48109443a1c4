"""Text cells -> typed columns, vectorised and exact: every cell is either read here exactly as
:func:`xacheck.fields.coerce` reads it, or left *undecided* (its value null) for ``coerce`` to decide.

Two readers per field, so that clean data pays nothing for the forms Excel and people write:

* :func:`clean` — inside the streaming query, over every cell: the plain forms (``1234.5``, ``2024-03-01``,
  ``true`` / ``是``, a choice as listed …). A cell it reads is *decided*; so is a blank one.
* :func:`fix` — over the other cells only (a Polars function the query calls per piece with those rows,
  see :class:`xacheck.batch.scorer.Scorer`): the forms a spreadsheet saved by Excel or typed by people holds —
  ``1,234.5``, ``79.32%``, full-width digits, ``12万`` / ``1.2亿`` in money columns, surrounding spaces,
  ``2005/9/20``, ``2005.09.20``, ``2005年9月20日``, Excel date numbers, ``2019年3月`` (a month, see
  :class:`xacheck.condition.Month`), ``N/A`` / ``—`` / ``#N/A`` (unknown) … The cost is that of the cells
  it reads, so a sheet where 3 % of the cells are like that scores at nearly the clean rate.

A cell neither reads is *undecided*: its value is null (the field is unknown for that row), and the scorer
asks ``coerce`` about it — an error names the cell in the row's error column and the row keeps every
status that does not read that field; an odd-but-valid value (``1e-7``, a number beyond 10**9) sends the
row to the row evaluator. So whatever is read here is read exactly as ``coerce`` reads it, and nothing
else is read at all.

Numbers are held as ``Int64`` integers scaled by ``10**6`` (see :mod:`.compiler`). The text is read once,
as a float, and accepted when that float pins down the exact decimal (see :func:`_gate`).
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field as _field
from typing import Any

from ..condition import FIRST_DAY, LAST_DAY
from ..fields import _FALSE, _TRUE, EMPTY_LIST_TOKENS, MISSING_TOKENS, Field
from .compiler import INT_DIGITS, SCALE, SCALE_DIGITS

#: a number cell of more bytes than this is not read here (its digits could exceed a float's 15)
MAX_NUMBER_BYTES = 15
_DATE_RE = r"^[0-9]{4}(-[0-9]{1,2}-[0-9]{1,2}|/[0-9]{1,2}/[0-9]{1,2}|\.[0-9]{1,2}\.[0-9]{1,2})$"
_LIST_SEP = "[，、;；|]"


def _cases(words) -> list[str]:
    """Every upper/lower-case spelling of each word (``n/a`` -> ``N/A``, ``n/A`` …): a hash lookup of the
    cell itself instead of lower-casing every cell first."""
    out: set[str] = set()
    for w in words:
        forms = [""]
        for ch in w:
            forms = [f + c for f in forms for c in {ch, ch.upper(), ch.lower()}]
        out.update(forms)
    return sorted(out)


_BOOL_TRUE = _cases(_TRUE)
_BOOL_FALSE = _cases(_FALSE)
_MISSING_CASES = _cases(MISSING_TOKENS)
#: Python's ``str.strip()`` set (``str.isspace``): Rust's own trim leaves U+001C..U+001F in place
PY_SPACE = "".join(chr(c) for c in range(0x10000) if chr(c).isspace())  # (none beyond U+FFFF)
#: every character NFKC turns into one ASCII character (full-width digits and letters, ``％``, ``，``, the
#: no-break and ideographic spaces, ``①`` …), mapped as NFKC maps it. Anything a cell holds besides ASCII and
#: the unit words is left as it is, and then matches none of the forms read here (``coerce`` decides it).
#: Only the characters spreadsheets hold (full-width forms U+FF01..FF5E, the ideographic and no-break spaces):
#: any other that NFKC changes (``①``, ``²`` …) stays as it is, so the cell matches none of the forms read
#: here and ``coerce`` decides it — exact either way, and a map of 110 entries is 4× faster than of 1,800.
@functools.cache
def _nfkc_ascii() -> dict[str, str]:
    out = {}
    for c in [*range(0xFF01, 0xFF5F), 0x3000, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F]:
        n = unicodedata.normalize("NFKC", chr(c))
        if len(n) == 1 and ord(n) < 0x80:
            out[chr(c)] = n
    return out


_MONEY_WORD = r"(亿元|亿|万元|万|元)$"
#: what a number cell's unit can be made of (%, money words, every registry unit word: 人, 件, 万元/亩 …)
_SUFFIX_CHARS = ["%", "亿", "万", "元", "人", "件", "个", "家", "项", "分", "名", "年", "场", "支", "亩", "/"]
_NUM_RE = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_GROUPED_RE = r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$"
#: the money words coerce reads after a number (fields._MONEY), longest first as it tries them, in powers of ten of 万元
_MONEY_POW = {"亿元": 4, "亿": 4, "万元": 0, "万": 0, "元": -4}
_MONEY_UNITS = {"万元": 0, "亿元": 4, "元": -4}
#: date forms (after NFKC, stripped, cut at the first "T" or space, as fields.parse_date does)
#: then a month alone: 2019年3月, 2019-3, 2019/3, 2019.3 (groups 16–19)
_DATE_FORMS = ("^(?:([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})|([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})"
               r"|([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})|([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日?"
               "|([0-9]{4})([0-9]{2})([0-9]{2})"
               r"|([0-9]{4})年([0-9]{1,2})月|([0-9]{4})[-/.]([0-9]{1,2}))$")
_SERIAL = r"^[\s]*([0-9]{4,5})(?:\.0+)?[\s]*$"
_EXCEL_EPOCH = (1899, 12, 30)

#: Polars dtype name of each registry type on the fast path
KIND = {"number": "num", "integer": "num", "boolean": "bool", "date": "date", "string": "str", "enum": "str",
        "list": "list"}


def fixable(f: Field) -> bool:
    """Whether :func:`fix` reads forms of this field's cells that :func:`clean` does not."""
    return f.type in ("number", "integer", "date", "boolean", "enum")


def fix_dtypes(f: Field) -> dict:
    """The columns :func:`fix` returns for a field: the value, whether the cell means "unknown", and for dates
    the last possible day (a month)."""
    import polars as pl

    value = {"number": pl.Int64, "integer": pl.Int64, "date": pl.Date, "boolean": pl.Boolean, "enum": pl.String}[f.type]
    out = {"v": value, "m": pl.Boolean}
    if f.type == "date":
        out["h"] = pl.Date
    return out


@dataclass
class Clean:
    """The in-query reading of one field: ``pre`` columns computed first (``{name: (level, expr)}``: level
    0 over the text column, level 1 over level 0 …, so a regex or a parse runs once per cell), then
    ``value`` (null where blank or not decided) and ``decided`` (blank, or read exactly)."""

    pre: dict
    value: Any
    decided: Any
    #: dates: the last possible day (the value itself for a full date)
    hi: Any = None
    extra: dict = _field(default_factory=dict)


def clean(f: Field, col: str, tag: str | None = None, used: bool = True, shift: int = 0) -> Clean:
    """The plain forms of field ``f`` in text column ``col``, over every cell.

    ``used=False``: no condition reads the field's value, so free text without a format needs no check
    (``coerce`` never refuses such text). ``shift``: powers of ten a number without its own unit word is
    moved by (a heading in another money unit, Excel percentages; see ``Layout.shifts``).
    """
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
        # a field in % reads 79.32% as 79.32 (as coerce does): a CSV saved by Excel writes every percentage so,
        # and one suffix taken off costs the clean cells next to nothing (not with an Excel-percent shift:
        # there a cell with its own % keeps its power of ten, see fix)
        num = ref("t", raw.str.strip_suffix("%")) if f.unit == "%" and shift == 0 else raw
        # thousands separators where coerce takes them (``86,356.20``: most amounts Excel writes) are read here,
        # not by the fix step: a literal scan and an anchored pattern cost the clean cells little
        base = 0 if num is raw else 1
        grouped = ref("g", num.str.contains(",", literal=True) & num.str.contains(_GROUPED_RE), base)
        num = ref("u", pl.when(grouped).then(num.str.replace_all(",", "", literal=True)).otherwise(num), base + 1)
        x = ref("f", num.cast(pl.Float64, strict=False), base + 2)
        ok, n = _gate(x, ref("s", num.str.len_bytes() <= MAX_NUMBER_BYTES, base + 2), shift,
                      ref("e", num.str.contains("[eE]"), base + 2))
        lv = base + 3
        ok, n = ref("ok", ok, lv), ref("n", n, lv)
        good = _bounds(f, ok.fill_null(False), n)
        # (a missing word as typed — N/A, —, #N/A, 暂无 — is unknown here too: the fix step is for what needs reading)
        return Clean(pre, pl.when(good).then(n), ref("b", blank | raw.is_in(_MISSING_CASES)) | good)
    if t == "string" and not used and not f.format:  # the value is not computed (it reads the raw column)
        text = raw.str.strip_chars(PY_SPACE)
        return Clean(pre, pl.when(text.str.len_bytes() > 0).then(text), pl.lit(True))
    if t == "date":
        # 2005-09-20, and the forms Excel writes for it in a CSV by the locale (2005/9/20, 2005.9.20): one
        # separator throughout, as coerce's patterns; the rest (2005年9月20日, date numbers …) is fix()'s.
        # A day outside condition.FIRST_DAY … LAST_DAY (0001-01-01, 9999-12-31) is left to coerce, which
        # refuses it by name.
        iso = pl.when(raw.str.contains(_DATE_RE)).then(raw.str.replace_all(r"[/.]", "-"))
        parsed = iso.str.to_date("%Y-%m-%d", strict=False)
        value = ref("v", pl.when(parsed.is_between(FIRST_DAY, LAST_DAY)).then(parsed))
        return Clean(pre, value, ref("b", blank | raw.is_in(_MISSING_CASES)) | value.is_not_null(), hi=value)
    if t == "boolean":  # the usual spellings, ASCII spaces around; "\u3000是", "ＹＥＳ" … are read by fix()
        word = raw.str.strip_chars(" ")  # (" 是 " as a cell is typed centred; other spaces and forms: fix())
        is_t, is_f = word.is_in(_BOOL_TRUE), word.is_in(_BOOL_FALSE)
        value = pl.when(is_t).then(pl.lit(True)).when(is_f).then(pl.lit(False)).otherwise(pl.lit(None, dtype=pl.Boolean))
        return Clean(pre, ref("v", value), ref("p", blank | is_t | is_f | word.is_in(_MISSING_CASES)))
    if t == "enum":  # a choice as listed, exactly; " 企业 ", "N/A" … are read by fix()
        hit = raw.is_in(_accepted(f)) if f.choices else raw.str.strip_chars(PY_SPACE).str.len_bytes() > 0
        return Clean(pre, ref("v", pl.when(hit).then(_choice(raw, f))), ref("p", blank | hit | raw.is_in(_MISSING_CASES)))
    # text: Python's own strip; "N/A", "—", "#N/A" are unknown (as coerce reads them)
    text = raw.str.strip_chars(PY_SPACE)
    empty = text.str.len_bytes() == 0
    if t == "string":
        gone = text.is_in(_MISSING_CASES)
        if f.format == "uscc":  # 统一社会信用代码: only codes whose check character holds are read here
            return Clean(pre, pl.when(~empty & ~gone).then(text), blank | gone | _uscc_ok(raw))
        return Clean(pre, pl.when(~empty & ~gone).then(text), pl.lit(True))
    if t == "list":
        items = (text.str.replace_all(_LIST_SEP, ",").str.split(",")
                 .list.eval(pl.element().str.strip_chars()).list.eval(pl.element().filter(pl.element() != "")))
        if f.aliases:
            items = items.list.eval(_choice(pl.element(), f))
        # a whole cell saying "none" (无, 没有, []) is a known empty list; N/A, — … are unknown (as coerce reads them)
        word = text.str.to_lowercase()
        none_, gone = word.is_in(sorted(EMPTY_LIST_TOKENS)), word.is_in(sorted(MISSING_TOKENS))
        value = pl.when(~empty & ~gone).then(pl.when(none_).then(pl.lit([], dtype=pl.List(pl.String))).otherwise(items))
        clean_ = ~raw.str.contains("[\x1c-\x1f]").fill_null(False)  # (item strips are Rust's: leave those to coerce)
        if f.choices:
            allowed = items.list.eval(pl.element().is_in(list(f.choices))).list.all()  # (aliases already mapped)
            return Clean(pre, value, blank | ((allowed | none_ | gone) & clean_))
        return Clean(pre, value, clean_)
    raise ValueError(f"unsupported field type {t}")  # pragma: no cover


def _gate(x, short, shift: int, exponent=None):
    """``(ok, n)`` for a number read as the float ``x``: ``ok`` where ``n = x * 10**(6 + shift)`` is exactly the
    decimal value of the text times 10**6 (``shift``: powers of ten from a unit), ``n`` as Int64.

    A cell is accepted when its text has at most 15 bytes, ``|x| < 10**(9 - shift)`` (so the value is below
    10**9) and ``p = x * 10**(6 + shift)`` lies within ``|p| * 5e-16`` of an integer ``N``; ``N`` is then it:

    * 15 bytes hold at most 15 significant digits, so the text is a decimal ``S * 10**E`` with ``S`` < 10**15;
      the float steps (text -> x, one multiplication or division by a power of ten) are each correctly
      rounded, so ``p`` carries a relative error of at most 2.3e-16.
    * If the exact ``p`` is an integer, it is below 10**15 < 2**53: the error is below 0.5 and below the
      tolerance, so ``N`` is it.
    * Otherwise the exact ``p`` is ``S / 10**k`` for some k >= 1 (``1.2345678``, ``1e-7``, ``10000000001e-16``),
      at least ``10**-k`` from every integer while ``|p| < 10**(15-k)``: at least ``|p| * 1e-15`` away, more
      than tolerance plus error — refused, and ``coerce`` decides (it keeps every digit).

    The forms a float parse accepts besides plain digits (``+5``, ``.5``, ``5.``, ``1e3``) are forms ``coerce``
    accepts with the same value; ``nan`` / ``inf`` fail the bound. The one float step that is not correctly
    rounded in relative terms is underflow: ``1e-99999999999`` reads as 0.0, so a zero read from a text with an
    exponent (``exponent``: the text has an ``e``) is left to ``coerce`` too, which refuses it as out of range.
    Property-tested against ``coerce`` in tests/test_batch_differential.py.
    """
    import polars as pl

    e = SCALE_DIGITS + shift
    p = x * float(10**e) if e >= 0 else x / float(10**-e)
    n = p.round()
    ok = short & (x.abs() < float(10 ** (INT_DIGITS - shift))) & ((p - n).abs() <= p.abs() * 5e-16)
    if exponent is not None:
        ok = ok & ((x != 0) | ~exponent)
    return ok, n.cast(pl.Int64, strict=False)


def _bounds(f: Field, ok, n):
    """``ok`` and within the field's own limits (whole number, minimum, maximum), as coerce checks them."""
    good = ok
    if f.type == "integer":
        good = good & (n % SCALE == 0)
    if f.minimum is not None:
        good = good & (n >= _scaled_bound(f.minimum))
    if f.maximum is not None:
        good = good & (n <= _scaled_floor(f.maximum))
    return good.fill_null(False)


# ----------------------------------------------------------------------------------- fix: the other forms
class Fixer:
    """The cells the clean reading leaves, read for a set of fields at once, in a few calls per piece of rows:
    the fields of one kind share one pipeline, run over all their undecided cells stacked in one column, each
    field's own unit, shift and limits read from per-row parameters. (A call has a fixed cost, and an
    expression read twice is computed twice: so each step is a column of its own, and a piece of 5,000 rows
    costs about as many calls as one field would.)"""

    def __init__(self, fields: list[tuple[int, Field, int]]):
        #: (j, field, shift) per field, grouped by pipeline: numbers, dates, yes/no, and each choice field alone
        self.fields = {j: (f, shift) for j, f, shift in fields}
        groups: dict = {}
        for j, f, _ in fields:
            # (numbers by unit class: % fields, money fields, the rest — each piece's cells of a class tend to
            # need the same steps)
            kind = (f"number{'%' if f.unit == '%' else '¥' if f.unit in _MONEY_UNITS else ''}" if f.type in ("number", "integer")
                    else f.type if f.type in ("date", "boolean") else f"enum{j}")
            groups.setdefault(kind, []).append(j)
        self.groups = groups
        #: the pipelines built so far (see _pipeline)
        self._built: dict = {}

    def run(self, texts: dict, todo: dict) -> dict:
        """``{j: DataFrame of fix_dtypes columns}`` for the cells ``texts[j].gather(todo[j])``."""
        import polars as pl

        out = {}
        for kind, js in self.groups.items():
            parts = [(j, todo[j]) for j in js if len(todo.get(j, ())) > 0]
            if not parts:
                continue
            df = pl.concat([pl.DataFrame({"t": texts[j].gather(idx)}).with_columns(self._params(kind, j)) for j, idx in parts])
            got = self._run_kind(kind, js, df)
            start = 0
            for j, idx in parts:
                out[j] = got.slice(start, len(idx))
                start += len(idx)
        return out

    @functools.lru_cache(maxsize=None)
    def _params(self, kind: str, j: int) -> list:
        """A number field's own unit, shift and limits, as literal columns of its block of cells (cheaper than
        looking them up per cell)."""
        import polars as pl

        if not kind.startswith("number"):
            return []
        f, shift = self.fields[j]
        unit = f.unit or ""
        values = {"_pctf": (unit == "%", pl.Boolean), "_money": (_MONEY_UNITS.get(unit), pl.Int32),
                  "_word": (unit if unit and unit != "%" and unit not in _MONEY_UNITS else None, pl.String),
                  "_shift": (shift, pl.Int32), "_int": (f.type == "integer", pl.Boolean),
                  "_low": (_scaled_bound(f.minimum) if f.minimum is not None else None, pl.Int64),
                  "_high": (_scaled_floor(f.maximum) if f.maximum is not None else None, pl.Int64)}
        return [pl.lit(v, dtype=dt).alias(k) for k, (v, dt) in values.items()]

    def _run_kind(self, kind: str, js: list[int], df):
        import polars as pl

        if kind.startswith("number"):
            # plain ASCII numbers with spaces or thousands separators (most of what Excel writes) take the short
            # pipeline; the cells with a unit, a full-width digit … the whole one (see number_features)
            t = pl.col("t")
            short = df.select((t.str.len_bytes() == t.str.len_chars()) & ~t.str.contains_any(_SUFFIX_CHARS))[:, 0]
            if 0 < short.sum() < df.height:
                parts = [self._pipeline(kind, js, sub) for sub in (df.filter(short), df.filter(~short))]
                order = pl.concat([short.arg_true(), (~short).arg_true()]).arg_sort()
                return pl.concat(parts)[order]
        return self._pipeline(kind, js, df)

    def _pipeline(self, kind: str, js: list[int], df):
        """One kind's pipeline over ``df``; its expressions are built once per kind and set of steps (building
        them costs more Python than running them on a piece)."""
        features = frozenset(number_features(df["t"])) if kind.startswith("number") else frozenset()
        key = (kind, tuple(js), features)
        if key not in self._built:
            if kind.startswith("number"):
                stages, outputs = _fix_numbers({j: self.fields[j] for j in js}, features)
            elif kind == "date":
                stages, outputs = _fix_date("t", "_")
            else:
                stages, outputs = _fix_other(self.fields[js[0]][0], "t", "_")
            self._built[key] = (stages, [e.alias(k) for k, e in outputs.items()])
        stages, outputs = self._built[key]
        lf = df.lazy()
        for st in stages:  # (one query per piece: planned once, not a call per step)
            lf = lf.with_columns(st)
        return lf.select(outputs).collect(engine="in-memory")


def fix(f: Field, texts, shift: int = 0):
    """The forms :func:`clean` leaves, over a Series of text cells of field ``f``: a DataFrame with the
    :func:`fix_dtypes` columns — ``v`` the value where read exactly (else null), ``m`` true where the cell
    means "unknown" (blank after stripping, ``N/A``, ``—``, ``#N/A`` …), ``h`` for dates the last day."""
    import polars as pl

    texts = pl.Series("t", texts, dtype=pl.String)
    got = Fixer([(0, f, shift)]).run({0: texts}, {0: pl.int_range(0, len(texts), eager=True)})
    return got.get(0, pl.DataFrame(schema=fix_dtypes(f)))


def _fix_other(f: Field, col: str, tag: str):
    import polars as pl

    c = pl.col
    if f.type == "boolean":  # coerce: NFKC, strip, lower case
        word = c(col).str.replace_many(_nfkc_ascii()).str.strip_chars(PY_SPACE).str.to_lowercase()
        stages = [[word.alias(f"{tag}w")]]
        w = c(f"{tag}w")
        v = pl.when(w.is_in(sorted(_TRUE))).then(True).when(w.is_in(sorted(_FALSE))).then(False).cast(pl.Boolean)
        return stages, {"v": v, "m": _gone(w)}  # (w is lower case already)
    if f.type == "enum":  # coerce: strip, then an alias or a choice as listed
        stages = [[c(col).str.strip_chars(PY_SPACE).alias(f"{tag}x")]]
        text = c(f"{tag}x")
        hit = text.is_in(_accepted(f)) if f.choices else text.str.len_bytes() > 0
        return stages, {"v": pl.when(hit).then(_choice(text, f)), "m": _gone(text)}
    raise ValueError(f"no fix for {f.type}")  # pragma: no cover


def _gone(text):
    """Means "unknown": nothing left after stripping, or a missing word (N/A, —, #N/A …) in any case."""
    return (text.str.len_bytes() == 0) | text.is_in(_MISSING_CASES)


#: what a piece's number cells may need beyond a float parse (see :func:`_fix_numbers`)
NUMBER_FEATURES = ("nfkc", "suffix", "comma")


def number_features(texts) -> set[str]:
    """Which steps a column of number cells needs: ``nfkc`` (a character beyond ASCII), ``suffix`` (``%``, 万,
    亿, 元 or a unit word may follow the number), ``comma``. Three cheap scans, so that a piece of plain
    ``79.32%`` or ``1,234.50`` cells runs a short pipeline."""
    import polars as pl

    t = pl.col("t")
    got = pl.DataFrame({"t": texts}).select(
        (t.str.len_bytes().sum() != t.str.len_chars().sum()).alias("nfkc"),
        t.str.contains(r"[^0-9.,+\-eE\s]").any().alias("suffix"),
        t.str.contains(",", literal=True).any().alias("comma")).row(0, named=True)
    out = {k for k, v in got.items() if v}
    return out | ({"suffix", "comma"} if "nfkc" in out else set())  # (a full-width ％ or ， is one after NFKC)


def _fix_numbers(fields: dict, features=NUMBER_FEATURES):
    """``coerce``'s number reading (fields.parse_number_text), column-wise over the stacked cells of number
    fields ``{j: (field, shift)}``: NFKC (as the character map), strip, spaces out; a missing word is
    unknown; then what follows the number — ``%`` in a % field, a money word in a money field (its power
    of ten instead of the column's shift), the field's own unit word, anything else refused; thousands
    separators; the exact gate (:func:`_gate`, at each cell's power of ten) and the field's limits.
    ``features`` (:func:`number_features`): the steps the cells need; a step they do not need is left out.
    (Removing the spaces first and then stripping the other whitespace removes what coerce's
    strip-then-remove does.)"""
    import polars as pl

    c = pl.col
    # (each field's unit, shift and limits are columns of its cells: see Fixer._params)
    pct_field = {j: f.unit == "%" for j, (f, _) in fields.items()}
    money = {j: _MONEY_UNITS.get(f.unit or "") for j, (f, _) in fields.items()}
    shift = {j: s for j, (_, s) in fields.items()}
    x, pct, w, core, k, num, y, short = (c(f"_{n}") for n in ("x", "pct", "w", "core", "k", "num", "y", "short"))
    text = c("t").str.replace_many({**_nfkc_ascii(), " ": ""}) if "nfkc" in features \
        else c("t").str.replace_all(" ", "", literal=True)
    stages = [[text.str.strip_chars(PY_SPACE).alias("_x")]]
    ks = set(shift.values())
    if "suffix" in features:
        money_word = pl.lit(None, dtype=pl.String)
        for mw in reversed(list(_MONEY_POW)):  # (coerce tries them longest first: 亿元 before 亿, 万元 before 万)
            money_word = pl.when(x.str.ends_with(mw)).then(pl.lit(mw)).otherwise(money_word)
        stages.append([x.str.ends_with("%").alias("_pct"), money_word.alias("_w")])
        wpow = pl.lit(None, dtype=pl.Int32)
        for mw, pw in _MONEY_POW.items():
            wpow = pl.when(w == mw).then(pw).otherwise(wpow)
        pctf, mon, unit_word = c("_pctf"), c("_money"), c("_word")
        core_e = (pl.when(pct & pctf).then(x.str.strip_suffix("%")).when(pct).then(pl.lit(None, dtype=pl.String))
                  .when(w.is_not_null() & mon.is_not_null()).then(x.str.strip_suffix(w))
                  .when(w.is_not_null()).then(pl.lit(None, dtype=pl.String))
                  .when(unit_word.is_not_null() & x.str.ends_with(unit_word).fill_null(False))
                  .then(x.str.strip_suffix(unit_word))
                  .otherwise(x))
        power = pl.when(pct).then(0).when(w.is_not_null()).then(wpow - mon).otherwise(c("_shift"))
        stages.append([core_e.alias("_core"), power.cast(pl.Int32).alias("_k")])
        ks |= {0 for v in pct_field.values() if v}
        ks |= {pw - m for m in money.values() if m is not None for pw in _MONEY_POW.values()}
    else:
        stages.append([x.alias("_core"), c("_shift").alias("_k")])
    if "comma" in features:
        stages.append([pl.when(core.str.contains(_GROUPED_RE)).then(core.str.replace_all(",", "", literal=True))
                       .otherwise(core).alias("_num")])
    else:
        num = core
    # (the float parse accepts the forms coerce's number pattern does, and nan / inf, which fail the gate)
    stages.append([num.cast(pl.Float64, strict=False).alias("_y"), (num.str.len_bytes() <= MAX_NUMBER_BYTES).alias("_short")])
    # the gate of _gate at the cell's own power of ten: p = y * 10**(6 + k), |y| < 10**(9 - k); multiplying or
    # dividing by an exact power of ten (and by 1.0) is one correctly rounded step, as there
    if len(ks) == 1:
        kk = ks.pop()
        e = SCALE_DIGITS + kk
        p_e = y * float(10**e) if e >= 0 else y / float(10**-e)
        lim = pl.lit(float(10 ** (INT_DIGITS - kk)))
    else:
        mul, div, lim = pl.lit(None, dtype=pl.Float64), pl.lit(None, dtype=pl.Float64), pl.lit(None, dtype=pl.Float64)
        for kk in sorted(ks):  # (the powers of ten these fields' cells can carry)
            e = SCALE_DIGITS + kk
            mul = pl.when(k == kk).then(float(10**e) if e >= 0 else 1.0).otherwise(mul)
            div = pl.when(k == kk).then(1.0 if e >= 0 else float(10**-e)).otherwise(div)
            lim = pl.when(k == kk).then(float(10 ** (INT_DIGITS - kk))).otherwise(lim)
        p_e = y * mul / div
    stages.append([p_e.alias("_p"), lim.alias("_lim")])
    p = c("_p")
    n = p.round()
    ok = short & (y.abs() < c("_lim")) & ((p - n).abs() <= p.abs() * 5e-16) & ((y != 0) | ~num.str.contains("[eE]"))
    stages.append([ok.fill_null(False).alias("_ok"), n.cast(pl.Int64, strict=False).alias("_n")])
    n = c("_n")
    good = (c("_ok") & (~c("_int") | (n % SCALE == 0)) & (c("_low").is_null() | (n >= c("_low")))
            & (c("_high").is_null() | (n <= c("_high")))).fill_null(False)
    return stages, {"v": pl.when(good).then(n), "m": _gone(x)}


def _fix_date(col: str, tag: str):
    """``coerce``'s date reading (fields.parse_date), column-wise: an Excel date number (4–5 digits, not a
    year 1000–9999), else NFKC, strip, a missing word is unknown, cut at the first "T" or space, then
    ``2005-9-20`` / ``2005/9/20`` / ``2005.9.20`` / ``2005年9月20日`` / ``20050920``, or a month alone
    (``2019年3月``, ``2019-03``: ``v`` its first day, ``h`` its last)."""
    import datetime as _dt

    import polars as pl

    c = pl.col
    serial, x = c(f"{tag}serial"), c(f"{tag}x")
    stages = [[c(col).str.extract(_SERIAL).cast(pl.Int64, strict=False).alias(f"{tag}serial"),
               c(col).str.replace_many(_nfkc_ascii()).str.strip_chars(PY_SPACE).alias(f"{tag}x")],
              [x.str.extract(r"^([^T ]*)").str.extract_groups(_DATE_FORMS).alias(f"{tag}g")]]
    g = c(f"{tag}g").struct
    y = pl.coalesce([g.field(str(i)) for i in (1, 4, 7, 10, 13, 16, 18)]).cast(pl.Int32, strict=False)
    m = pl.coalesce([g.field(str(i)) for i in (2, 5, 8, 11, 14, 17, 19)]).cast(pl.Int32, strict=False)
    d = pl.coalesce([g.field(str(i)) for i in (3, 6, 9, 12, 15)]).cast(pl.Int32, strict=False)
    stages.append([y.alias(f"{tag}y"), m.alias(f"{tag}m"), d.alias(f"{tag}d")])
    y, m, d = c(f"{tag}y"), c(f"{tag}m"), c(f"{tag}d")
    month_ok = (y >= 1) & m.is_between(1, 12)
    stages.append([pl.when(month_ok).then(pl.date(y.clip(1, 9999), m.clip(1, 12), 1)).alias(f"{tag}first")])
    first = c(f"{tag}first")
    end = first.dt.month_end()
    day = pl.when(d.is_between(1, end.dt.day())).then(first + pl.duration(days=d - 1))
    by_serial = pl.when(serial.is_not_null() & ~serial.is_between(1000, 9999) & (serial >= 1)).then(
        pl.lit(_dt.date(*_EXCEL_EPOCH)) + pl.duration(days=serial))
    v = pl.when(serial.is_not_null()).then(by_serial).when(d.is_not_null()).then(day).otherwise(first)
    h = pl.when(serial.is_not_null()).then(by_serial).when(d.is_not_null()).then(day).otherwise(end)
    stages.append([v.alias(f"{tag}v"), h.alias(f"{tag}h")])
    v, h = c(f"{tag}v"), c(f"{tag}h")
    within = v.is_between(FIRST_DAY, LAST_DAY) & h.is_between(FIRST_DAY, LAST_DAY)  # (else coerce names it)
    return stages, {"v": pl.when(within).then(v), "m": serial.is_null() & _gone(x), "h": pl.when(within).then(h)}


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

    Anything else (a typo, lower case, full width) is left to ``coerce``, which names the problem.
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


# ----------------------------------------------------------------------------------- one field, both readers
def typed(f: Field, col: str, used: bool = True, shift: int = 0):
    """``(value, plain)`` over text column ``col``: both readers as one expression (for tests and notebooks;
    the scorer stages them). ``plain``: the cell is blank or read exactly; where it is false the value is
    null and ``coerce`` decides."""
    import polars as pl

    c = clean(f, col, None, used, shift)
    if not fixable(f):
        return c.value, c.decided
    dtypes = fix_dtypes(f)

    def run(s):
        rows = s.struct.unnest()
        out = pl.DataFrame(schema=dtypes).clear(len(rows))
        todo = (~rows["d"]).arg_true()
        if len(todo):
            got = fix(f, rows["t"].gather(todo), shift)
            out = out.with_columns([out[k].scatter(todo, got[k]) for k in dtypes])
        return out.to_struct()

    got = pl.struct(c.decided.alias("d"), pl.col(col).alias("t")).map_batches(
        run, return_dtype=pl.Struct(dtypes), is_elementwise=True)
    value = pl.when(c.decided).then(c.value).otherwise(got.struct.field("v"))
    plain = c.decided | got.struct.field("v").is_not_null() | got.struct.field("m")
    return value, plain


def _scaled_floor(d) -> int:
    q = d * SCALE
    return int(q) if q == int(q) or q > 0 else int(q) - 1


def _scaled_bound(d) -> int:
    q = d * SCALE
    return int(q) if q == int(q) else int(q) + (1 if q > 0 else 0)


def shifted(text: str | None, places: int) -> str | None:
    """A plain number cell (``1234.5``, ``1,234.5``, ``１２３４``) times 10**places, exactly (decimal arithmetic
    on the text); any other cell unchanged — ``12万`` or ``65%`` carries its own unit, and a cell that is not
    a number is left for ``coerce`` to refuse by name. (The row evaluator's view of a shifted column; the
    vectorised readers apply the same shift as a power of ten.)"""
    from decimal import Context, Decimal

    from ..fields import _GROUPED_RE as GROUPED, _NUM_RE as NUM

    if text is None:
        return None
    exact = Context(prec=SHIFT_DIGITS + 10)  # every digit kept: no rounding of a long number
    x = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if GROUPED.match(x):
        x = x.replace(",", "")
    if not NUM.match(x):
        return text
    d = Decimal(x)
    if len(x) > SHIFT_DIGITS or abs(d.adjusted()) > SHIFT_DIGITS:  # 9e999999 元 is not an amount: say so
        return f"{text} (too large a number to convert units)"
    return format(d.scaleb(places, exact).normalize(exact), "f")


#: a number cell moved between units (see :func:`shifted`) has at most this many characters and is within
#: 10**±this: beyond, it is no amount of money (and the decimal arithmetic would cost megabytes per cell)
SHIFT_DIGITS = 40
