"""Score a batch: one Polars DataFrame of text cells in, one DataFrame of results out. Pure.

:class:`Scorer` compiles every rule once (see :mod:`.compiler`) for a given column layout and as-of
date; :meth:`Scorer.score` is then a pure function of the batch, so the same object runs in a notebook
or inside PySpark's ``mapInArrow`` (:meth:`Scorer.score_arrow`). ``xacheck batch`` runs the same query
(:meth:`Scorer.query`) once over the whole input and finishes each scored batch (:meth:`Scorer.finish`).

Cells are read by :mod:`.cells`, exactly as :func:`xacheck.fields.coerce` reads them, or left undecided.
An undecided cell is null in the query — that field unknown for that row, every other status stands — and
``finish`` asks ``coerce`` about it: an error is named in the row's ``error`` column (one mechanism for
every cell error, on every path); an odd-but-valid value, or a rule the compiler refuses (targets, exotic
conditions) for that row's type, sends the row to the reference row evaluator,
:func:`xacheck.evaluate.evaluate_rule`, whose results are patched back in place.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from .. import condition as cond
from ..errors import ConditionTypeError
from ..evaluate import _validity, evaluate_rule
from ..fields import PROFILE_TYPES, CoercionError, Registry, coerce
from ..i18n import Msg
from ..model import STATUSES, Profile, Rule
from . import cells, rows
from .compiler import INT_DIGITS, SCALE, SCALE_DIGITS, Compiler, Unsupported, V

STATUS_COUNTS = ("applies", "unknown", "needs_assessment")
#: identifying fields copied to the front of every result row, as text
LEAD_FIELDS = ("id", "credit_code", "name")
RESULT_COLUMNS = ["supports", "n_applies", "n_unknown", "n_needs_assessment", "nearest_gap_rule",
                  "nearest_gap_field", "nearest_gap", "nearest_gap_rel", "nearest_gap_direction", "nearest_gap_unit",
                  "missing", "row_kind", "error", "warning", "confidence_note"]
#: the nearest-gap columns, blank together
GAP_COLUMNS = ["nearest_gap_rule", "nearest_gap_field", "nearest_gap", "nearest_gap_rel", "nearest_gap_direction",
               "nearest_gap_unit"]
#: the result columns that are empty on a row that is not scored (blank, note, totals, unreadable)
_UNSCORED_EMPTY = ["supports", *GAP_COLUMNS, "missing", "warning", "confidence_note"]
#: the column of place warnings inside the query (see Scorer._settle_places)
PLACE_WARN = "@placewarn"
#: columns the query carries besides the input's: the row's kind (rows.KINDS code), the reader's error (an
#: unreadable row) and its note (a cell it left out) — "@" names, which no typed or internal column takes
KIND, READ_ERR, READ_NOTE = "@kind", "@err", "@note"
_GAP_OPS = (">", ">=", "<", "<=")
#: significant digits of ``nearest_gap`` / ``nearest_gap_rel`` in the results
GAP_DIGITS = 6


@dataclass
class Layout:
    """How the input's columns map onto fields: ``fields`` key -> input column; the rest pass through."""

    fields: dict[str, str]
    passthrough: list[str]
    unmatched: list[str] = field(default_factory=list)
    #: input column -> powers of ten its plain numbers are moved by before reading: the heading's money unit
    #: differs from the field's (营业收入（元） for a field in 万元: -4), or Excel percentages (+2)
    shifts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Compiled:
    rule: Rule
    window: str | None
    conds: list | None          # Boolean expressions, or None when the rule needs the row evaluator
    gaps: list                  # per condition: (side name, V of side, required V, op, required Decimal) or None
    why: str = ""
    raw_conds: list | None = None
    missing: list | None = None   # per condition: [(field, guard expr)]


@dataclass
class _Plan:
    """The query of a run, built once: column stages in order, the result columns, and what
    :meth:`Scorer.finish` completes in Python (the text of the supports and missing-field masks)."""

    stages: list
    names: list[str]
    supports: list[str]         # text of each "applies" bit of the supports masks, in bit order
    missing: list[str]          # the field of each bit of the missing-field masks, in bit order
    cells: list[tuple[str, str]]  # (field, input column) of each bit of the undecided-cell masks

    @property
    def masks(self) -> list[str]:
        return ([f"__sup{m // _MASK_BITS}" for m in range(0, len(self.supports), _MASK_BITS)]
                + [f"__mis{m // _MASK_BITS}" for m in range(0, len(self.missing), _MASK_BITS)]
                + [f"__bad{m // _MASK_BITS}" for m in range(0, len(self.cells), _MASK_BITS)])


    # ------------------------------------------------------------------ compile
class Scorer:
    def __init__(self, rules: Iterable[Rule], reg: Registry, as_of: _dt.date, layout: Layout, lang: str = "zh"):

        from ..evaluate import select_version

        groups: dict[str, list[Rule]] = {}
        for r in rules:
            groups.setdefault(r.id, []).append(r)
        # one column per rule id: a dated rule contributes the version in force on the batch's as-of day
        self.rules = [g[0] if len(g) == 1 else select_version(g, as_of) for g in groups.values()]
        for r in self.rules:  # the packs' own derived quantities (scores) join the registry
            reg = reg.extended(r.derived)
        self.reg = reg
        self.as_of = as_of
        #: place fields given by some column, and the place fields they can fill in (a district names its
        #: city, an address its city, district and zone): those get a column of their own in the query
        self._places = {k: c for k, c in layout.fields.items() if k in reg.fields and reg.fields[k].place}
        if self._places:
            import dataclasses

            extra = {k: f"@place:{k}" for k, f in reg.fields.items()
                     if f.place in ("city", "district", "zone") and k not in layout.fields}
            layout = dataclasses.replace(layout, fields={**layout.fields, **extra})
        self.layout = layout
        self.lang = lang
        self.rule_ids = [r.id for r in self.rules]
        self._fields = {k: reg.fields[k] for k in layout.fields}
        #: input column -> the name it has inside the query ("@in0", …): the query adds typed columns named
        #: after the fields and internal ones ("__c3"), which must never replace an input cell
        self.raw = {c: f"@in{j}" for j, c in enumerate(dict.fromkeys([*layout.fields.values(), *layout.passthrough]))}
        self._used: set[str] = {"type"}  # fields whose typed value some compiled condition reads
        self._comp = comp = Compiler(self._column, reg.derived_nodes(), as_of)
        self.compiled = [self._compile(comp, r) for r in self.rules]
        # each condition (and each part of an and/or, for the missing-field lists) is computed once per
        # batch as a column; statuses, counts, gaps and missing fields read those columns
        self.cond_exprs: list = []
        self._node_cols: dict = {}
        self._levels: dict[int, int] = {}
        #: "this and/or part is unknown and so are all its parents" (for the missing-field lists)
        self.path_exprs: list = []
        for c in self.compiled:
            if c.conds is not None:
                try:
                    c.raw_conds = c.conds
                    c.conds = [self._bool_col(cn.node, e) for cn, e in zip(c.rule.when, c.raw_conds)]
                    c.missing = [self._missing_plan(cn.node, col) for cn, col in zip(c.rule.when, c.conds)]
                except Unsupported as exc:
                    c.conds, c.why = None, str(exc)
        #: profile types whose rows need the row evaluator for some rule
        self.row_types = {t for c in self.compiled if c.conds is None and c.window is None for t in c.rule.applies_to}
        self._missing_order = self._missing_fields_order()
        self._plan: _Plan | None = None  # built once, on first use (see _build_plan)

    # ------------------------------------------------------------------ compile
    def _column(self, key: str) -> V:
        import polars as pl

        f = self.reg.fields.get(key)
        if f is None or key not in self.layout.fields:
            return V("null")
        self._used.add(key)
        kind = cells.KIND[f.type]
        if kind == "num":
            return V("num", n=pl.col(key), d=SCALE, nb=INT_DIGITS + SCALE_DIGITS, db=SCALE_DIGITS + 1)
        if kind == "date":  # a month (2019年3月) spans its days: the first one, and the last in another column
            return V("date", e=pl.col(key), hi=pl.col(_hi(key)))
        return V(kind, e=pl.col(key))

    def _compile(self, comp: Compiler, rule: Rule) -> _Compiled:
        window = _validity(rule, self.as_of)
        if rule.target is not None:
            return _Compiled(rule, window, None, [], "target")
        mark = comp.mark()
        try:
            conds = [comp.boolean(c.node) for c in rule.when]
            gaps = [None if c.open else self._gap_of(comp, c.node) for c in rule.when]
        except Unsupported as exc:
            comp.rollback(mark)
            return _Compiled(rule, window, None, [], str(exc))
        return _Compiled(rule, window, conds, gaps)

    def _gap_of(self, comp: Compiler, node):
        oriented = _oriented(node)
        if oriented is None:
            return None
        side, op, req = oriented
        direction, unit = gap_direction(side, op, self.reg)
        if direction is None:  # only by moving it the way no firm would to qualify (revenue down): no opportunity
            return None
        v = comp.value(side)
        if v.kind != "num":
            return None
        v = comp.share(v)  # (read by the relative and by the absolute gap)
        return (_side_name(side), v, op, req, direction, unit)

    def _missing_fields_order(self) -> list[str]:
        out: list[str] = []
        for r in self.rules:
            for c in r.when:
                for n in cond.names(c.node):
                    for b in self.reg.expand(n):
                        if b != "as_of" and b not in out:
                            out.append(b)
        return out

    # ------------------------------------------------------------------ score
    def score_arrow(self, batch):
        """pyarrow RecordBatch/Table in -> pyarrow Table out (for Spark's mapInArrow)."""
        import polars as pl

        return self.score(pl.from_arrow(batch)).to_arrow()

    def _build_plan(self) -> _Plan:
        """Every expression of the query, built once."""
        import polars as pl

        pre: dict[int, list] = {}
        decided, values, his, undecided = [], [], [], []
        in_missing = {k for c in self.compiled for plan in (c.missing or []) for k, _ in plan}
        fixes: list[tuple[int, str, str]] = []  # (j, field, input column) read by the fix step too
        for j, (key, col) in enumerate(self.layout.fields.items()):
            f = self._fields[key]
            used = key in self._used or key in in_missing
            # the regex and the parse of a cell run once (first stages); its value and flags read them
            c = cells.clean(f, self.raw[col], f"__x{j}", used=used, shift=self.layout.shifts.get(col, 0))
            for name, (level, e) in c.pre.items():
                pre.setdefault(level, []).append(e.alias(name))
            decided.append(c.decided.alias(f"__d{j}"))
            if cells.fixable(f):
                fixes.append((j, key, col))
            values.append((j, key, c))
        stages = [pre[lv] for lv in sorted(pre)] + [decided]
        typed = []
        if fixes:  # the cells the clean reading leaves: read by cells.fix, only on the rows that have one
            stages.append([pl.struct([pl.col(f"__d{j}").alias(f"d{j}") for j, _, _ in fixes]
                                     + [pl.col(self.raw[col]).alias(f"t{j}") for j, _, col in fixes])
                           .map_batches(self._fix_piece(fixes), return_dtype=self._fix_dtype(fixes),
                                        is_elementwise=True).alias("__fix")])
        fixed = {j for j, _, _ in fixes}
        for j, key, c in values:
            d = pl.col(f"__d{j}")
            if j in fixed:
                fx = pl.col("__fix").struct
                value = pl.when(d).then(c.value).otherwise(fx.field(f"v{j}"))
                undecided.append(~d & fx.field(f"v{j}").is_null() & ~fx.field(f"m{j}"))
                hi = pl.when(d).then(c.hi).otherwise(fx.field(f"h{j}")) if c.hi is not None else None
            else:  # (an undecided cell is null: that field unknown for the row, as coerce's error makes it)
                value, hi = pl.when(d).then(c.value), (pl.when(d).then(c.hi) if c.hi is not None else None)
                undecided.append(~d)
            used = key in self._used or key in in_missing
            if used:
                typed.append(value.alias(key))
                if hi is not None:
                    his.append(hi.alias(_hi(key)))
        typed += his
        stages.append(typed + _bit_masks(undecided, "__bad"))
        if "type" in self.layout.fields:
            stages.append([pl.col("type").fill_null("enterprise")])
        for level in sorted({lv for lv, _ in self._comp.stage}):  # a derived quantity after its inputs
            stages.append([e for lv, e in self._comp.stage if lv == level])
        for level in sorted({lv for lv, _ in self.cond_exprs}):  # an and/or part before the whole
            stages.append([e for lv, e in self.cond_exprs if lv == level])
        for level in sorted({lv for lv, _ in self.path_exprs}):  # (missing fields: parents first)
            stages.append([e for lv, e in self.path_exprs if lv == level])
        result_stages, exprs, missing, supports = self._result_exprs()
        stages += [st for st in result_stages if st]
        stages.append(exprs + [self._slow_expr().alias("__slow")])
        names = [e.meta.output_name() for e in exprs]
        return _Plan(stages, names, supports, missing, [(key, col) for key, col in self.layout.fields.items()])

    def _fix_dtype(self, fixes):
        import polars as pl

        return pl.Struct({f"{k}{j}": dt for j, key, _ in fixes for k, dt in cells.fix_dtypes(self._fields[key]).items()})

    def _fix_piece(self, fixes):
        """The fix step, called by the query on each piece: the cells the clean reading left are read by a
        :class:`cells.Fixer` (every field of a kind at once, a few calls per piece); the other cells get
        nulls. Cost: the cells that need it."""
        import polars as pl

        dtype = self._fix_dtype(fixes)
        fixer = cells.Fixer([(j, self._fields[key], self.layout.shifts.get(col, 0)) for j, key, col in fixes])

        def run(s):
            piece = s.struct.unnest()
            n = piece.height
            todo = {j: (~piece[f"d{j}"]).arg_true() for j, _, _ in fixes}
            got = fixer.run({j: piece[f"t{j}"] for j, _, _ in fixes}, todo) if any(len(t) for t in todo.values()) else {}
            cols = []
            for fld in dtype.fields:
                name, dt = fld.name, fld.dtype
                j = int(name[1:])
                col = pl.repeat(None, n, dtype=dt, eager=True).alias(name)
                if j in got:
                    col = col.scatter(todo[j], got[j][name[0]])
                cols.append(col)
            return pl.DataFrame(cols).to_struct()

        return run

    def prepare(self, df, errors=None, notes=None, height: int | None = None):
        """A batch as the query reads it: text cells, input columns under their :attr:`raw` names (a column
        the batch lacks reads as blank), each row's kind (:mod:`.rows`: blank, note, totals, unreadable —
        the last from ``errors``, the reader's error per row) and error, and the reader's ``notes`` (a cell
        it left out: the row is still scored). ``height``: the rows, when ``df`` has no column at all."""
        import polars as pl

        df = as_text(df)
        n = df.height if df.width else (height or 0)
        errors, notes = self._said(errors, n), self._said(notes, n)
        have = set(df.columns)  # (a set: ``df.columns`` is a new list at each call, a wide input made this quadratic)
        cols = [df[c].alias(r) if c in have else pl.repeat(None, n, dtype=pl.String, eager=True).alias(r)
                for c, r in self.raw.items()]
        cells_ = pl.DataFrame(cols) if cols else pl.DataFrame()
        name = next((self.raw[self.layout.fields[k]] for k in ("name", "id") if k in self.layout.fields), None)
        ordered = cells_.select([self.raw[c] for c in df.columns if c in self.raw])  # (the first filled cell: as the input)
        kind, message = rows.classify(ordered, name, errors, self.lang) if ordered.width else \
            rows.classify(pl.DataFrame({"@": pl.repeat(None, n, dtype=pl.String, eager=True)}), None, errors, self.lang)
        note = notes if notes is not None else pl.repeat(None, n, dtype=pl.String, eager=True)
        extra = [kind.alias(KIND), message.alias(READ_ERR), note.alias(READ_NOTE)]
        if not cells_.width:
            return pl.DataFrame(extra)
        cells_ = cells_.with_columns(extra)
        return self._settle_places(cells_) if self._places else cells_

    def _said(self, words, n: int):
        """The reader's per-row words (a list of :class:`Msg`, or of lists of them, or a String Series) as a
        String Series in the run's language, or None."""
        import polars as pl

        if words is None or isinstance(words, pl.Series):
            return words

        def say(w):
            if w is None:
                return None
            if isinstance(w, list):
                return self._sep().join(say(x) for x in w)
            return w.text(self.lang) if isinstance(w, Msg) else str(w)

        return pl.Series([say(w) for w in words], dtype=pl.String)

    def rename(self, df):
        """(The former name of :meth:`prepare`.)"""
        return self.prepare(df)

    @property
    def place_columns(self) -> list[str]:
        """The input columns of place fields: the query holds their settled values, not the client's text."""
        return list(self._places.values())

    def _settle_places(self, df):
        """Place cells read together, as a profile's are (xacheck.places.settle): each place column holds the
        canonical name (西安 -> 西安市, 高新区 in 所在区县或开发区 -> zone 西安高新区, an address read into city,
        district and zone) or blank where the place is unknown, and :data:`PLACE_WARN` the warnings. Settled
        once per distinct combination of place cells in the batch (a few hundred in a book of clients), then
        joined back, so the columnar path reads plain canonical names."""
        import polars as pl

        from ..places import settle

        from ..places import address_keys

        kinds = {k: f.place for k, f in self.reg.fields.items() if f.place and k in self.layout.fields}
        given = list(self._places)
        cols = [self.raw[self._places[k]] for k in given]
        # an address is read by its key (its leading division names and zone: xacheck.places.address_key),
        # so a book of firms with a street address each still has few combinations to settle
        keyed = {c: f"@key:{c}" for k, c in zip(given, cols) if kinds[k] == "address"}
        if keyed:
            df = df.with_columns([address_keys(df[c]).alias(k) for c, k in keyed.items()])
        cols = [keyed.get(c, c) for c in cols]
        combos = df.select(cols).unique()
        out_cols = {k: self.raw[self.layout.fields[k]] for k in kinds if kinds[k] != "address"}
        recs = []
        for row in combos.iter_rows():
            # (N/A, —, #N/A or spaces in a place cell: not given, as coerce reads them, so a district still names its city)
            settled, notes = settle({kinds[k]: v for k, v in zip(given, row) if not _blank_text(v)}, address_is_key=True)
            recs.append(list(row) + [settled.get(kinds[k]) for k in out_cols]
                        + ["; ".join(n.message(self.lang) for n in notes) or None])
        keys = [f"@k{i}" for i in range(len(cols))]
        new = [f"@v:{k}" for k in out_cols]
        table = pl.DataFrame(recs, schema={**{k: pl.String for k in keys}, **{n: pl.String for n in new},
                                           PLACE_WARN: pl.String}, orient="row")
        joined = df.join(table, left_on=cols, right_on=keys, how="left", nulls_equal=True, maintain_order="left")
        return joined.with_columns([pl.col(n).alias(out_cols[k]) for k, n in zip(out_cols, new)]).drop(new + list(keyed.values()))

    def query(self, lf):
        """The lazy query over prepared input (see :meth:`prepare`): every typed, internal and result column
        added to the input columns. Pure and row-wise — same rows, same order — so it runs per batch
        (:meth:`score`) or once over a whole stream (``xacheck batch``)."""
        if self._plan is None:
            self._plan = self._build_plan()
        for st in self._plan.stages:
            lf = lf.with_columns(st)
        return lf.select(self._keep(lf.collect_schema().names()))

    def _keep(self, columns: list[str]) -> list[str]:
        """The columns :meth:`finish` reads: dropping the other intermediates at the end of the query lets
        Polars free them early (a streaming run holds less than half the memory)."""
        plan = self._plan
        reads = set(plan.names) | set(plan.masks) | {"__slow", "n_unknown"} | set(self.raw.values())
        return [c for c in columns if c in reads or c.startswith("@")]

    def score(self, df, errors=None):
        """Results for one batch of rows (same rows, same order). ``df``: text (or plain-typed) columns;
        ``errors``: the reader's error for each row, if any (that row is then unreadable)."""
        return self.finish(self.query(self.prepare(df, errors).lazy()).collect())

    def finish(self, typed):
        """The result rows of one collected batch of :meth:`query`: the columns the query leaves to Python —
        supports and missing-field text, the errors of undecided cells, rows for the row path, rows that are
        not scored — and the lead columns."""
        import polars as pl

        plan = self._plan
        names = plan.names
        lead = [pl.col(self.raw[c]).cast(pl.String).alias(c) for c in self._lead_columns(typed)]
        out = typed.select(lead + names)
        kind = typed[KIND] if KIND in typed.columns else pl.repeat(rows.SCORED, typed.height, dtype=pl.UInt8, eager=True)
        scored = kind == rows.SCORED
        fills = []
        if plan.supports:
            fills.append(_mask_text(typed, "__sup", plan.supports, " | ").alias("supports"))
        if plan.missing:
            fills.append(_mask_text(typed, "__mis", plan.missing, ", ").alias("missing"))
        if fills:
            out = out.with_columns(fills)
        slow = typed["__slow"] & scored
        errors, more_slow = self._cell_errors(typed, scored)
        if more_slow is not None:
            slow = slow | more_slow
        if errors is not None:
            out = out.with_columns(errors.alias("error"))
        slow_rows = slow.arg_true()
        if len(slow_rows):
            out = self._patch(out, typed, slow_rows, names)
        if READ_NOTE in typed.columns and typed[READ_NOTE].null_count() < typed.height:  # a cell the reader left out
            note = pl.concat_str([typed[READ_NOTE], pl.col("error")], separator=self._sep(), ignore_nulls=True)
            out = out.with_columns(pl.when(note != "").then(note).alias("error"))
        out = _unscored(out, kind, typed[READ_ERR] if READ_ERR in typed.columns else None, self.rule_ids)
        return self._confidence(out)

    def _cell_errors(self, typed, scored):
        """``(error, slow)``: the error column for the cells the vectorised reading left undecided (``coerce``'s
        own message, ``column: message`` in the run's language, joined in column order) and the rows where
        ``coerce`` accepts such a cell after all (an odd-but-valid value: the row evaluator scores the row).
        Each distinct text of a column is asked once. ``(None, None)`` when every cell was decided."""
        import polars as pl

        plan = self._plan
        masks = [typed[f"__bad{m // _MASK_BITS}"] for m in range(0, len(plan.cells), _MASK_BITS)]
        hit = [(m != 0) & scored for m in masks]
        if not any(h.any() for h in hit):
            return None, None
        n = typed.height
        msgs: dict[int, list[str]] = {}
        slow: set[int] = set()
        for b, (key, col) in enumerate(plan.cells):
            mask = masks[b // _MASK_BITS]
            at = pl.select((pl.lit(mask).and_(pl.lit(1 << (b % _MASK_BITS), dtype=pl.UInt64)) != 0) & scored).to_series()
            if not at.any():
                continue
            idx = at.arg_true()
            texts = typed[self.raw[col]].gather(idx).to_list()
            seen: dict = {}
            for i, text in zip(idx.to_list(), texts):
                if text not in seen:
                    seen[text] = self._check_cell(key, col, text)
                verdict = seen[text]
                if verdict is _VALUE or key == "type":  # (a type that cannot be read: the row path says so)
                    slow.add(i)
                elif verdict is not None:
                    msgs.setdefault(i, []).append(verdict)
        error = pl.Series("error", [None] * n, dtype=pl.String)
        if msgs:
            at = sorted(msgs)
            error = error.scatter(at, [self._sep().join(msgs[i]) for i in at])
        flag = pl.Series("slow", [False] * n, dtype=pl.Boolean)
        if slow:
            flag = flag.scatter(sorted(slow), True)
        return error, flag

    def _check_cell(self, key: str, col: str, text):
        """What ``coerce`` makes of one cell the vectorised reading left: its error message (``column
        (field): message``), ``None`` (unknown after all, as the query took it) or :data:`_VALUE`."""
        try:
            v = coerce(self._fields[key], self._cell(col, text))
        except CoercionError as exc:
            return self._cell_message(col, exc)
        return None if v is None else _VALUE

    def _cell_message(self, col: str, exc) -> str:
        """A cell's error as the error column says it, in the run's language, the column as headed in the sheet
        (the row evaluator's words: the same on every path)."""
        return Msg("{col}: {problem}", col=col, problem=exc.message).text(self.lang)

    def _sep(self) -> str:
        """Between the errors of one row."""
        return "; " if self.lang == "en" else "；"

    def _cell(self, col: str, text):
        """A cell as the row evaluator reads it: a plain number in a shifted column moved into the field's unit."""
        shift = self.layout.shifts.get(col)
        return cells.shifted(text, shift) if shift and text is not None else text

    def _confidence(self, out):
        """``confidence_note``: the rules whose criteria are less certain than a document's own words (confidence
        below high) that apply or await assessment on the row, in words (xacheck.render.data.CONFIDENCE_TAG)."""
        import polars as pl

        from ..render.data import confidence_tag

        parts = [pl.when(pl.col(r.id).cast(pl.String).is_in(["applies", "needs_assessment"]))
                 .then(pl.lit(f"{r.id}: {confidence_tag(r.confidence, self.lang)}"))
                 for r in self.rules if confidence_tag(r.confidence, self.lang) and r.id in out.columns]
        if not parts:
            return out
        note = pl.concat_str(parts, separator="; ", ignore_nulls=True)
        return out.with_columns(pl.when(note != "").then(note).alias("confidence_note"))

    def _lead_columns(self, typed) -> list[str]:
        lead = [self.layout.fields[k] for k in LEAD_FIELDS if k in self.layout.fields]
        have = set(typed.columns)
        return lead + [c for c in self.layout.passthrough if self.raw[c] in have]

    def output_columns(self, input_columns: list[str]) -> list[str]:
        lead = [self.layout.fields[k] for k in LEAD_FIELDS if k in self.layout.fields]
        return lead + [c for c in self.layout.passthrough if c in input_columns] + self.rule_ids + RESULT_COLUMNS

    def _concerns(self, rule: Rule):
        import polars as pl

        if "type" not in self.layout.fields:
            return pl.lit("enterprise" in rule.applies_to)
        return pl.col("type").is_in(list(rule.applies_to))

    def _result_exprs(self):
        """(stages, results, missing, supports): column batches to add in order, the result columns, the
        field of each missing-field bit and the text of each supports bit (see :func:`_bit_masks`)."""
        import polars as pl

        flags, statuses, counts = [], [], {s: [] for s in STATUS_COUNTS}
        supports, gap_rules = [], []
        missing_any: dict[str, list] = {}
        status_type = pl.Enum(list(STATUSES))

        def status(name):  # an Enum literal: a when/then chain of these costs next to nothing
            return pl.lit(name, dtype=status_type)

        for i, c in enumerate(self.compiled):
            rid, concerns = c.rule.id, self._concerns(c.rule)
            if c.window is not None:
                statuses.append(pl.when(concerns).then(status(c.window)).alias(rid))
                if c.window in counts:  # an ended rule whose successor is not encoded: needs_assessment / unknown
                    counts[c.window].append(concerns)
                continue
            if c.conds is None:  # decided on the row path for the types it concerns
                statuses.append(pl.lit(None, dtype=status_type).alias(rid))
                continue
            # a false open list (…等) is no "no": the rule goes to a reviewer (see evaluate_rule)
            closed = [e for e, w in zip(c.conds, c.rule.when) if not w.open]
            opened = [e for e, w in zip(c.conds, c.rule.when) if w.open]
            if c.conds:
                any_false = pl.any_horizontal([(~e).fill_null(False) for e in closed]) if closed else pl.lit(False)
                any_unknown = pl.any_horizontal([e.is_null() for e in c.conds])
                n_false = pl.sum_horizontal([(~e).fill_null(False).cast(pl.Int8) for e in closed]) if closed \
                    else pl.lit(0, dtype=pl.Int8)
            else:
                any_false = any_unknown = pl.lit(False)
                n_false = pl.lit(0, dtype=pl.Int8)
            unlisted = pl.any_horizontal([(~e).fill_null(False) for e in opened]) if opened else pl.lit(False)
            flags += [(concerns & ~any_false & ~any_unknown & ~unlisted).alias(f"__ok{i}"),
                      (concerns & ~any_false & any_unknown).alias(f"__u{i}"), (concerns & any_false).alias(f"__na{i}")]
            # (the flags of one false condition and of an unlisted open value only where they can matter: each
            # column costs every row, and a run over every pack has ~40 rules)
            if any(g is not None for g in c.gaps):
                flags.append((concerns & (n_false == 1)).alias(f"__f1_{i}"))
            if opened:
                flags.append((concerns & ~any_false & ~any_unknown & unlisted).alias(f"__ol{i}"))
            ok, unk, na = pl.col(f"__ok{i}"), pl.col(f"__u{i}"), pl.col(f"__na{i}")
            ol = pl.col(f"__ol{i}") if opened else None
            ok_status = "needs_assessment" if c.rule.qualitative else "applies"
            st = pl.when(na).then(status("not_applicable")).when(unk).then(status("unknown"))
            if opened:
                st = st.when(ol).then(status("needs_assessment"))
            st = st.when(ok).then(status(ok_status))
            statuses.append(st.alias(rid))
            counts[ok_status].append(ok)
            counts["unknown"].append(unk)
            if opened:
                counts["needs_assessment"].append(ol)
            if not c.rule.qualitative and c.rule.supports:  # by reference: the text is the rule's (rules sheet)
                supports.append((ok, rid))
            for plan in c.missing:
                for fkey, contrib in plan:
                    missing_any.setdefault(fkey, []).append(unk & contrib)
            # nearest gap: a not-applicable rule held back by a single numeric threshold. With exactly one
            # condition false, at most one of the rule's candidates is active on a row.
            cands = []
            for e, g in zip(c.conds, c.gaps):
                if g is not None:
                    name, side, op, req, direction, unit = g
                    active = pl.col(f"__f1_{i}") & (~e).fill_null(False)
                    cands.append((active, _rel_gap(side, op, req), _abs_gap(side, op, req), name, direction, unit))
            if cands:
                gap_rules.append((rid, cands))
        exprs = statuses
        for s in STATUS_COUNTS:
            exprs.append((pl.sum_horizontal([x.cast(pl.Int32) for x in counts[s]]) if counts[s]
                          else pl.lit(0)).cast(pl.Int32).alias(f"n_{s}"))
        exprs.append(pl.lit(None, dtype=pl.String).alias("supports"))  # filled in by finish() from the masks
        gap_stages, gap_exprs = _nearest(gap_rules)
        exprs.extend(gap_exprs)
        # the missing fields as bits too (one per field, in the order `check` lists them): computed for every
        # row in the one query, the text once per distinct mask of a batch (no second query per batch)
        order = [k for k in self._missing_order if k in missing_any]
        masks = _bit_masks([ok for ok, _ in supports], "__sup") + _bit_masks(
            [pl.any_horizontal(missing_any[k]) for k in order], "__mis")
        exprs.append(pl.lit(None, dtype=pl.String).alias("missing"))
        exprs.append(pl.lit(None, dtype=pl.String).alias("row_kind"))
        exprs.append(pl.lit(None, dtype=pl.String).alias("error"))
        exprs.append((pl.col(PLACE_WARN) if self._places else pl.lit(None, dtype=pl.String)).alias("warning"))
        exprs.append(pl.lit(None, dtype=pl.String).alias("confidence_note"))  # filled in by finish()
        return [flags, *gap_stages, masks], exprs, order, [text for _, text in supports]

    def _bool_col(self, node, expr=None):
        """The column holding this condition node's Kleene value (computed once per batch)."""
        import polars as pl

        if node not in self._node_cols:
            level = 0
            if expr is None:
                if isinstance(node, cond.BoolOp):
                    parts = [self._bool_col(i) for i in node.items]
                    level = 1 + max(self._levels[id(p)] for p in parts)
                    expr = parts[0]
                    for p in parts[1:]:
                        expr = (expr & p) if node.op == "and" else (expr | p)
                else:
                    expr = self._comp.boolean(node)
            name = f"__c{len(self.cond_exprs)}"
            self.cond_exprs.append((level, expr.alias(name)))
            col = pl.col(name)
            self._levels[id(col)] = level
            self._node_cols[node] = col
        return self._node_cols[node]

    def _missing_plan(self, node, col) -> list:
        """[(field, expr)]: the field is absent and keeps this node unknown — cond.missing_fields, column-wise."""
        import polars as pl

        out: dict[str, Any] = {}

        def walk(n, guard, level):
            if isinstance(n, cond.BoolOp):
                for item in n.items:
                    name = f"__p{len(self.path_exprs)}"
                    self.path_exprs.append((level, (guard & self._bool_col(item).is_null()).alias(name)))
                    walk(item, pl.col(name), level + 1)
                return
            if isinstance(n, cond.Call) and n.func == "known":
                return
            names: dict[str, Any] = {}
            relevant(n, pl.lit(True), names)
            for name, when in names.items():
                for base in self.reg.expand(name):
                    if base == "as_of":
                        continue
                    absent = pl.col(base).is_null() if base in self.layout.fields else pl.lit(True)
                    if base in self.layout.fields and self.reg.fields[base].type == "date":
                        absent = absent | (pl.col(base) != pl.col(_hi(base)))  # a month: the day would settle it
                    e = guard & when & absent
                    out[base] = (out[base] | e) if base in out else e

        def relevant(n, when, names):
            """cond._relevant_names column-wise: a name counts where it can still change the value; of an
            if() only the branch its test takes (both, and the test's own names, where the test is unknown)."""
            if isinstance(n, cond.Name):
                names[n.name] = (names[n.name] | when) if n.name in names else when
                return
            if isinstance(n, cond.Call) and n.func == "if":
                test = self._bool_col(n.args[0])
                relevant(n.args[0], when & test.is_null(), names)
                relevant(n.args[1], when & test.fill_null(True), names)
                relevant(n.args[2], when & (~test).fill_null(True), names)
                return
            for child in cond.children(n):
                relevant(child, when, names)

        walk(node, col.is_null(), 0)
        return list(out.items())

    def _slow_expr(self):
        """True on the rows the row evaluator decides (besides those of an odd-but-valid cell, which
        :meth:`finish` finds): a type some rule of which the compiler refused concerns."""
        import polars as pl

        need = pl.lit(False)
        if self.row_types:
            if "type" in self.layout.fields:
                need = pl.col("type").is_in(sorted(self.row_types)).fill_null(False)
            elif "enterprise" in self.row_types:
                need = pl.lit(True)
        return need

    # ------------------------------------------------------------------ the row path
    def _patch(self, out, typed, rows_, names):
        """The result columns of ``rows`` from the row path (the lead columns stay the input's)."""
        import polars as pl

        idx = rows_.to_list()
        have = set(typed.columns)
        cells_ = typed[idx].select([pl.col(r).alias(c) for c, r in self.raw.items() if r in have])
        recs = [self.score_row(r, places_settled=True) for r in cells_.to_dicts()]
        names = [k for k in names if k not in ("warning", "confidence_note")]  # the batch's (see _settle_places, finish)
        schema = {k: out.schema[k] for k in names}
        slow = pl.DataFrame([{k: rec.get(k) for k in names} for rec in recs], schema=schema)
        slow = slow.with_columns(*_round_gaps(), pl.Series("__i", idx, dtype=pl.UInt32))
        return (out.with_row_index("__i").update(slow, on="__i", include_nulls=True)
                .drop("__i").select(out.columns))

    def score_row(self, raw: dict, places_settled: bool = False) -> dict:
        """The reference path for one row of text cells: coerce each cell, then evaluate_rule per rule."""
        values: dict[str, Any] = {}
        errors: list[str] = []
        bad_type = False
        for key, col in self.layout.fields.items():
            f = self._fields[key]
            cell = self._cell(col, raw.get(col))
            try:
                v = coerce(f, cell)
                if key == "type" and v is not None and v not in PROFILE_TYPES:
                    raise CoercionError(Msg("type must be one of {types}", types=", ".join(PROFILE_TYPES)))
            except CoercionError as exc:  # that field is unknown for this row; the rest is scored
                errors.append(self._cell_message(col, exc))
                bad_type = bad_type or key == "type"
                continue
            if v is not None:
                values[key] = v
        rec: dict[str, Any] = {rid: None for rid in self.rule_ids}
        rec.update(n_applies=0, n_unknown=0, n_needs_assessment=0)
        if errors:
            rec["error"] = self._sep().join(errors)
        if bad_type:  # which rules concern the row is not known: none is scored
            return rec
        if not places_settled:  # (cells from prepare() hold the batch's settled places: read them once only)
            from ..profiles import settle_places

            notes = settle_places(values, self.reg, "<row>")
            if notes:
                rec["warning"] = "; ".join(n.message(self.lang) for n in notes)
        values.setdefault("type", "enterprise")
        prof = Profile(values=values, source="<row>")
        env = cond.Env(values, self.reg.derived_nodes(), self.as_of)
        supports, missing, best = [], [], None
        for c in self.compiled:
            rule = c.rule
            if prof.type not in rule.applies_to:
                continue
            try:
                res = evaluate_rule(rule, prof, self.as_of, self.reg, env)
            except ConditionTypeError as exc:
                problem = Msg("{rule}: {problem}", rule=rule.title.get(self.lang), problem=exc.message).text(self.lang)
                rec["error"] = self._sep().join(filter(None, [rec.get("error"), problem]))
                continue
            rec[rule.id] = res.status
            if res.status in STATUS_COUNTS:
                rec[f"n_{res.status}"] += 1
            if res.status == "applies" and rule.supports and not rule.qualitative and rule.target is None:
                supports.append(rule.id)
            if res.status == "unknown" and rule.target is None:
                missing.extend(m for m in res.missing if m not in missing)
            if res.status == "not_applicable" and c.conds is not None:
                best = _row_gap(rule, env, best, self.reg)
        rec["supports"] = " | ".join(supports) or None
        order = {k: i for i, k in enumerate(self._missing_order)}
        rec["missing"] = ", ".join(sorted(missing, key=lambda k: order.get(k, len(order)))) or None
        if best:
            (rec["nearest_gap_rel"], rec["nearest_gap_rule"], rec["nearest_gap_field"], rec["nearest_gap"],
             rec["nearest_gap_direction"], rec["nearest_gap_unit"]) = best
        return rec


def as_text(df):
    """Every column as text, the way a CSV would carry it: dates ISO, lists joined with '|'."""
    import polars as pl

    casts = []
    for name, dt in df.schema.items():
        if dt == pl.String:
            continue
        if dt == pl.Datetime or isinstance(dt, pl.Datetime):
            casts.append(pl.col(name).dt.date().cast(pl.String))
        elif isinstance(dt, pl.List):  # an empty list is "[]", a known empty list (a blank would be unknown)
            items = pl.col(name).cast(pl.List(pl.String))
            casts.append(pl.when(items.list.len() == 0).then(pl.lit("[]")).otherwise(items.list.join("|")).alias(name))
        elif dt == pl.Boolean:
            casts.append(pl.col(name).cast(pl.String))
        elif dt == pl.Binary:  # text where it is UTF-8; other bytes as 0x… hex (never a failed run)
            casts.append(pl.Series(name, [_bytes_text(b) for b in df[name].to_list()], dtype=pl.String))
        elif isinstance(dt, pl.Struct):
            casts.append(pl.col(name).struct.json_encode().alias(name))
        elif dt == pl.Null:
            casts.append(pl.col(name).cast(pl.String))
        else:  # numbers, times … — and a type Polars cannot write as text (a duration): Python's words for it
            try:
                casts.append(df[name].cast(pl.String))
            except Exception:  # noqa: BLE001 - polars' error classes vary with the type
                casts.append(pl.Series(name, [None if v is None else str(v) for v in df[name].to_list()], dtype=pl.String))
    return df.with_columns(casts) if casts else df


def _blank_text(v) -> bool:
    """A text cell that says nothing: null, spaces only, or a missing word (N/A, —, #N/A …)."""
    from ..fields import MISSING_TOKENS

    return v is None or not str(v).strip() or str(v).strip().lower() in MISSING_TOKENS


def _bytes_text(b: bytes | None) -> str | None:
    if b is None:
        return None
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return "0x" + b.hex()


def _side_name(side) -> str:
    return side.name if isinstance(side, cond.Name) else type(side).__name__


def _as_float(v: V):
    import polars as pl

    d = pl.lit(float(v.d)) if isinstance(v.d, int) else v.d.cast(pl.Float64)
    return v.n.cast(pl.Float64) / d


def _abs_gap(side: V, op: str, req: Decimal):
    x = _as_float(side)
    return (float(req) - x) if op in (">", ">=") else (x - float(req))


def _rel_gap(side: V, op: str, req: Decimal):
    g = _abs_gap(side, op, req)
    return g / abs(float(req)) if req != 0 else g


#: flags that share one integer column in :func:`_bit_masks`
_MASK_BITS = 63
#: what :meth:`Scorer._check_cell` says of a cell ``coerce`` reads as a value
_VALUE = object()


def _hi(key: str) -> str:
    """The column of a date field's last possible day (a month's last day; the day itself for a day)."""
    return f"__hi_{key}"


def _bit_masks(flags: list, prefix: str) -> list:
    """Boolean columns as bits of integer "mask" columns (``prefix0``, ``prefix1`` … of 63 bits each).

    Behind the ``supports`` text (the rules that apply on a row), the ``missing`` text (the fields that
    would settle an unknown rule) and the undecided cells: :meth:`Scorer.finish` builds the text of each
    mask a batch holds once (every combination would be too many; gluing strings row by row with
    ``concat_str`` cost ~10× more).
    """
    import polars as pl

    return [pl.sum_horizontal([f.fill_null(False).cast(pl.UInt64) * (1 << b) for b, f in enumerate(flags[m:m + _MASK_BITS])])
            .alias(f"{prefix}{m // _MASK_BITS}") for m in range(0, len(flags), _MASK_BITS)]


def _mask_text(typed, prefix: str, texts: list[str], sep: str):
    """The text of the mask columns ``prefix…`` (see :func:`_bit_masks`): the texts of the set bits joined by
    ``sep``, null where none is set."""
    import polars as pl

    parts = []
    for m in range(0, len(texts), _MASK_BITS):
        bits = texts[m:m + _MASK_BITS]
        col = typed[f"{prefix}{m // _MASK_BITS}"]
        table = {mask: sep.join(t for b, t in enumerate(bits) if mask >> b & 1)
                 for mask in col.unique().to_list() if mask}
        parts.append(col.replace_strict(table, default=None, return_dtype=pl.String).alias(f"p{m}"))
    if len(parts) == 1:
        return parts[0]
    joined = pl.DataFrame(parts).select(pl.concat_str(pl.all(), separator=sep, ignore_nulls=True).alias("t"))
    return joined.to_series().replace("", None)


def _unscored(out, kind, read_err, rule_ids):
    """The ``row_kind`` column, and the rows that are not scored (blank, note, totals, unreadable) emptied:
    no statuses, counts 0, and the reader's or the totals rule's message as their error."""
    import polars as pl

    names = pl.Series(list(rows.KINDS), dtype=pl.String)
    out = out.with_columns(names.gather(kind).alias("row_kind"))
    skip = kind != rows.SCORED
    if not skip.any():
        return out
    cols = [c for c in rule_ids + _UNSCORED_EMPTY if c in out.columns]
    err = read_err if read_err is not None else pl.repeat(None, out.height, dtype=pl.String, eager=True)
    return out.with_columns(
        [pl.when(skip).then(None).otherwise(pl.col(c)).alias(c) for c in cols]
        + [pl.when(skip).then(0).otherwise(pl.col(c)).alias(c) for c in ("n_applies", "n_unknown", "n_needs_assessment")]
        + [pl.when(skip).then(pl.lit(err)).otherwise(pl.col("error")).alias("error")])


def _nearest(gap_rules) -> tuple[list, list]:
    """(stages, results): per rule its gap (the one active candidate), then the smallest relative gap over
    the rules — the first rule wins a tie — and that rule's absolute gap, rule id, field, the way the field
    must move (up | down) and its unit."""
    import polars as pl

    if not gap_rules:
        return [], [pl.lit(None, dtype=pl.String).alias("nearest_gap_rule"),
                    pl.lit(None, dtype=pl.String).alias("nearest_gap_field"),
                    pl.lit(None, dtype=pl.Float64).alias("nearest_gap"),
                    pl.lit(None, dtype=pl.Float64).alias("nearest_gap_rel"),
                    pl.lit(None, dtype=pl.String).alias("nearest_gap_direction"),
                    pl.lit(None, dtype=pl.String).alias("nearest_gap_unit")]
    # rule ids and field names as Enum literals (when/then chains of those stream; a lookup table does not)
    rule_type = pl.Enum([rid for rid, _ in gap_rules])
    field_type = pl.Enum(list(dict.fromkeys(c[3] for _, cands in gap_rules for c in cands)))
    dir_type = pl.Enum(["up", "down"])
    unit_type = pl.Enum(list(dict.fromkeys(c[5] for _, cands in gap_rules for c in cands)))
    stage = []
    for r, (rid, cands) in enumerate(gap_rules):
        stage += [pl.coalesce([pl.when(a).then(rel.cast(pl.Float64)) for a, rel, *_ in cands]).alias(f"__gr{r}"),
                  pl.coalesce([pl.when(a).then(ab.cast(pl.Float64)) for a, _, ab, *_ in cands]).alias(f"__ga{r}"),
                  pl.coalesce([pl.when(c[0]).then(pl.lit(c[3], dtype=field_type)) for c in cands]).alias(f"__gf{r}"),
                  pl.coalesce([pl.when(c[0]).then(pl.lit(c[4], dtype=dir_type)) for c in cands]).alias(f"__gd{r}"),
                  pl.coalesce([pl.when(c[0]).then(pl.lit(c[5], dtype=unit_type)) for c in cands]).alias(f"__gu{r}")]
    best = pl.min_horizontal([pl.col(f"__gr{r}") for r in range(len(gap_rules))]).alias("__gbest")
    rule = pl.lit(None, dtype=rule_type)
    fld = pl.lit(None, dtype=field_type)
    gap = pl.lit(None, dtype=pl.Float64)
    way = pl.lit(None, dtype=dir_type)
    unit = pl.lit(None, dtype=unit_type)
    for r in reversed(range(len(gap_rules))):  # the first rule with the smallest gap
        hit = pl.col(f"__gr{r}") == pl.col("__gbest")
        rule = pl.when(hit).then(pl.lit(gap_rules[r][0], dtype=rule_type)).otherwise(rule)
        fld = pl.when(hit).then(pl.col(f"__gf{r}")).otherwise(fld)
        gap = pl.when(hit).then(pl.col(f"__ga{r}")).otherwise(gap)
        way = pl.when(hit).then(pl.col(f"__gd{r}")).otherwise(way)
        unit = pl.when(hit).then(pl.col(f"__gu{r}")).otherwise(unit)
    # (as text: a row-path row may name any field; gaps rounded, see _round_gaps)
    return [stage, [best]], [rule.cast(pl.String).alias("nearest_gap_rule"),
                             fld.cast(pl.String).alias("nearest_gap_field"),
                             _rounded(gap).alias("nearest_gap"),
                             _rounded(pl.col("__gbest")).alias("nearest_gap_rel"),
                             way.cast(pl.String).alias("nearest_gap_direction"),
                             unit.cast(pl.String).alias("nearest_gap_unit")]


def _round_gaps():
    """Gaps to GAP_DIGITS significant digits, whichever path computed them: enough to act on, and the
    file carries no float noise (0.033333333333333326)."""
    import polars as pl

    return [_rounded(pl.col(c)).alias(c) for c in ("nearest_gap", "nearest_gap_rel")]


def _rounded(x):
    """A gap rounded the same way on both paths: first to 12 significant digits, then to :data:`GAP_DIGITS`
    — the two paths' floats can differ in the last bit (a ratio computed from scaled integers, or from
    decimals), and a value on a tie of the 6th digit (0.1234565) would then round up on one path and down on
    the other; after the first rounding both hold the same float. Zero is written 0.0 (the streaming engine
    can give -0.0 for 0 - 0: 72,620 of 1M rows said -0.0 on one path and 0.0 on the other)."""
    import polars as pl

    r = x.round_sig_figs(12).round_sig_figs(GAP_DIGITS)
    return pl.when(r == 0).then(pl.lit(0.0)).otherwise(r)


def _oriented(node):
    """(quantity, op, number) of a ``quantity op number`` condition, the quantity on the left; else None."""
    if not isinstance(node, cond.Compare) or node.op not in _GAP_OPS:
        return None
    if isinstance(node.right, cond.Num) and not isinstance(node.left, cond.Num):
        return node.left, node.op, node.right.value
    if isinstance(node.left, cond.Num) and not isinstance(node.right, cond.Num):
        return node.right, {">": "<", ">=": "<=", "<": ">", "<=": ">="}[node.op], node.left.value
    return None


def gap_direction(side, op: str, reg: Registry) -> tuple[str | None, str]:
    """(the way the quantity must move to meet ``op`` — "up" | "down", or None when that is a way no firm moves
    it to qualify (revenue, assets, staff down: the registry's ``moves``) — and the quantity's unit)."""
    from ..evaluate import ratio_parts

    need = "up" if op in (">", ">=") else "down"
    name = side.name if isinstance(side, cond.Name) else None
    ratio = ratio_parts(side, reg)
    unit = (reg.unit(name) if name else None) or ("ratio" if ratio else "")
    mover = ratio[0] if ratio else name  # a ratio moves by its numerator (R&D expense for R&D intensity)
    f = reg.fields.get(mover) if mover else None
    if f is not None and (f.moves == "none" or (f.moves == "up" and need == "down") or (f.moves == "down" and need == "up")):
        return None, unit
    return need, unit or ""


def _row_gap(rule: Rule, env: cond.Env, best, reg: Registry):
    """The row path's nearest gap: same definition as the columnar one (see docs/batch.md)."""
    vals = [None if c.open else cond.evaluate(c.node, env) for c in rule.when]  # an open list never blocks
    if sum(1 for v in vals if v is False) != 1:
        return best
    i = vals.index(False)
    oriented = _oriented(rule.when[i].node)
    if oriented is None:
        return best
    side, op, req = oriented
    direction, unit = gap_direction(side, op, reg)
    if direction is None:
        return best
    actual = cond.evaluate(side, env)
    if not isinstance(actual, Decimal):
        return best
    gap = float(req) - float(actual) if op in (">", ">=") else float(actual) - float(req)
    rel = gap / abs(float(req)) if req != 0 else gap
    if best is None or rel < best[0]:
        return (rel, rule.id, _side_name(side), gap, direction, unit)
    return best
