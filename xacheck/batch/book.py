"""The book over time: what changes for every client between two days, or two versions of the rules.

``xacheck batch clients.xlsx --as-of 2026-12-31 --to 2027-01-01`` scores each batch of rows twice — the run's
own streaming query on the *before* side, and the same batch again on the *after* side (another day, or the
packs of ``--to-rules DIR``) — and compares the two status columns of every rule, columnar, batch by batch:

* **gained**: a rule that was not the client's before and is now (its status moved into :data:`HELD`:
  applies, needs assessment; met / on track for targets);
* **lost**: the reverse (applies → expired on the day after the hard-tech measures end);
* **changed**: any other change (unknown → not applicable, applies → needs assessment …), and a rule that is
  only on one side (a rule added or removed between two pack versions: ``—`` on the other).

The same definitions as ``xacheck diff`` (:mod:`xacheck.diff`) for one profile. One output row per input
row: the identifying columns, the counts, the rule ids gained / lost / changed, and per rule ``before→after``
where it changed (machine output: stable keys; the workbook for people: :class:`DiffBook`). The summary
counts, per rule, the clients that gain, lose or change ("37 clients lose （五）…").
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field

from ..diff import HELD
from ..i18n import book, status_label
from ..model import STATUSES, Rule
from .formulas import XLSX_OPTIONS, write_text

#: columns of a book-over-time row besides the identifying ones and the per-rule changes
DIFF_COLUMNS = ["n_gained", "n_lost", "n_changed", "gained", "lost", "changed"]
ARROW = "→"


@dataclass
class Sides:
    """The two sides of a comparison: rule ids in column order, and each side's rules (for titles)."""

    before: list[Rule]
    after: list[Rule]
    as_of: _dt.date
    to: _dt.date

    @property
    def rule_ids(self) -> list[str]:
        ids = [r.id for r in self.before]
        return ids + [r.id for r in self.after if r.id not in set(ids)]

    @property
    def rules(self) -> dict[str, Rule]:
        """The rule of each id as the reader should know it: the after side's (its newer text), else before."""
        return {**{r.id: r for r in self.before}, **{r.id: r for r in self.after}}


#: a status as a small code (its place in model.STATUSES), and "no status" (the rule does not concern the row,
#: is on one side only, or the row has an error)
_CODE = {s: i for i, s in enumerate(STATUSES)}
_NONE = len(STATUSES)
#: rules whose flags share one integer column (as the supports masks of the scorer)
_BITS = 63


def compare(before, after, lead: list[str], sides: Sides):
    """One batch: the before and after result frames (same rows, same order) -> the book-over-time rows.

    Columnar and small: each status becomes a code, each rule's move one pair code (text only for the few
    distinct pairs), and the gained / lost / changed rules of a row bit masks whose text is built once per
    distinct mask of the batch (Python), as the scorer does for supports."""
    import polars as pl

    ids = sides.rule_ids
    held = [_CODE[s] for s in HELD]
    names = {s: i for i, s in enumerate(STATUSES)}

    status_type = pl.Enum(list(STATUSES))

    def code(frame, rid):
        if rid not in frame.columns:
            return pl.repeat(_NONE, frame.height, dtype=pl.Int16, eager=True)
        col = frame[rid]
        if col.dtype == status_type:  # the scorer's own status type: its codes are the places in STATUSES
            return col.to_physical().cast(pl.Int16).fill_null(_NONE)
        return col.cast(pl.String).replace_strict(names, default=_NONE, return_dtype=pl.Int16).fill_null(_NONE)

    codes = pl.DataFrame([code(before, r).alias(f"a{k}") for k, r in enumerate(ids)]
                         + [code(after, r).alias(f"b{k}") for k, r in enumerate(ids)]) if ids else pl.DataFrame()
    flags = []
    for k in range(len(ids)):
        a, b = pl.col(f"a{k}"), pl.col(f"b{k}")
        moved = a != b
        a_held, b_held = a.is_in(held), b.is_in(held)
        flags += [pl.when(moved).then(a * 16 + b).alias(f"p{k}"),
                  (moved & b_held & ~a_held).alias(f"g{k}"), (moved & a_held & ~b_held).alias(f"l{k}"),
                  (moved & (a_held == b_held)).alias(f"c{k}")]
    lf = codes.lazy().with_columns(flags)
    out = []
    for kind, letter in (("gained", "g"), ("lost", "l"), ("changed", "c")):
        out.append(pl.sum_horizontal([pl.col(f"{letter}{k}").cast(pl.Int32) for k in range(len(ids))] or [pl.lit(0)])
                   .cast(pl.Int32).alias("n_" + kind))
        out += [pl.sum_horizontal([pl.col(f"{letter}{k}").cast(pl.UInt64) * (1 << (k - m))
                                   for k in range(m, min(m + _BITS, len(ids)))]).alias(f"{kind}:{m}")
                for m in range(0, len(ids), _BITS)]
    out += [pl.col(f"p{k}") for k in range(len(ids))]
    got = lf.select(out).collect() if ids else pl.DataFrame({f"n_{k}": [0] * before.height
                                                              for k in ("gained", "lost", "changed")})
    pair_text = {a * 16 + b: f"{STATUSES[a] if a < _NONE else '—'}{ARROW}{STATUSES[b] if b < _NONE else '—'}"
                 for a in range(_NONE + 1) for b in range(_NONE + 1) if a != b}
    cols = [before[c] for c in lead if c in before.columns]
    cols += [got[f"n_{k}"].cast(pl.Int32) for k in ("gained", "lost", "changed")]
    cols += [_listed(got, kind, ids).alias(kind) for kind in ("gained", "lost", "changed")]
    cols += [got[f"p{k}"].replace_strict(pair_text, default=None, return_dtype=pl.String).alias(rid)
             for k, rid in enumerate(ids)]
    kinds = [before["row_kind"]] if "row_kind" in before.columns else []  # (a row with a bad cell is still compared)
    return pl.DataFrame(cols + kinds + [before["error"]])


def _listed(got, kind: str, ids: list[str]):
    """The rule ids of each row's mask columns, `` | ``-separated (None when none)."""
    import polars as pl

    parts = []
    for m in range(0, len(ids), _BITS):
        col = got[f"{kind}:{m}"]
        table = {mask: " | ".join(ids[m + b] for b in range(_BITS) if mask >> b & 1)
                 for mask in col.unique().to_list() if mask}
        parts.append(col.replace_strict(table, default=None, return_dtype=pl.String))
    if not parts:
        return pl.repeat(None, got.height, dtype=pl.String, eager=True)
    if len(parts) == 1:
        return parts[0]
    return pl.DataFrame(parts).select(pl.concat_str(pl.all(), separator=" | ", ignore_nulls=True)) \
        .to_series().replace("", None)


class Changes:
    """The summary of a book over time, accumulated batch by batch (the same interface as the batch
    :class:`~.summary.Summary`: ``add``, ``rows``, ``error_rows``, ``first_errors``, renderings)."""

    def __init__(self, sides: Sides, first_row: int = 1, who: list[str] | None = None):
        self.sides = sides
        self.rows = 0
        self.compared = 0
        self.error_rows = 0
        self.first_row = first_row
        self.first_errors: list[tuple[int, str]] = []
        self.errors: list[tuple[int, str | None, str]] = []
        self.who = who or []
        self.per_rule: dict[str, Counter] = {rid: Counter() for rid in sides.rule_ids}
        #: (from, to) -> clients, per rule
        self.moves: dict[str, Counter] = {rid: Counter() for rid in sides.rule_ids}
        self.clients = Counter()  # gain / lose / change / same

    @property
    def total(self) -> int:
        """Rows of every kind (rows in = rows out)."""
        return self.rows

    def add(self, out, offset: int) -> None:
        import polars as pl

        from .summary import note_errors

        self.rows += out.height
        note_errors(self, out, offset)
        # the rows compared: every scored row (one whose cell could not be read is scored without that field)
        ok = out.filter(pl.col("row_kind") == "scored") if "row_kind" in out.columns else out.filter(pl.col("error").is_null())
        self.compared += ok.height
        self.clients["gain"] += int((ok["n_gained"] > 0).sum())
        self.clients["lose"] += int((ok["n_lost"] > 0).sum())
        self.clients["change"] += int(((ok["n_changed"] > 0) & (ok["n_gained"] == 0) & (ok["n_lost"] == 0)).sum())
        self.clients["same"] += int(((ok["n_gained"] + ok["n_lost"] + ok["n_changed"]) == 0).sum())
        for kind in ("gained", "lost", "changed"):
            ids = ok[kind].drop_nulls().str.split(" | ").explode().value_counts()
            for rid, n in ids.iter_rows():
                self.per_rule[rid][kind] += n
        for rid in self.sides.rule_ids:
            if rid in ok.columns:
                for move, n in ok[rid].drop_nulls().value_counts().iter_rows():
                    self.moves[rid][move] += n

    def lines(self, lang: str, top: int | None = 30) -> list[str]:
        """Sentences, losses first, then gains, then other changes, the most clients first: ``37 家客户失去
        （五） 突出首台套… · xa-hardtech-2024.m05-three-firsts``; a change says its commonest moves."""
        from .workbook import rule_heading

        rules = self.sides.rules
        items = []
        for rid, c in self.per_rule.items():
            for rank, (kind, key) in enumerate((("lost", "clients_lose"), ("gained", "clients_gain"),
                                                ("changed", "clients_change"))):
                if not c[kind]:
                    continue
                text = book(key, lang, n=c[kind], rule=rule_heading(rules[rid], lang))
                if kind == "changed":
                    moves = [(m, n) for m, n in self.moves[rid].most_common()
                             if not _kind_of(m) or _kind_of(m) == "changed"][:2]
                    text += "（" + "，".join(f"{_move_label(m, lang)} {n:,}" for m, n in moves) + "）"
                items.append((rank, -c[kind], rid, f"{text}  · {rid}"))
        items.sort()
        shown = [text for *_, text in (items[:top] if top else items)]
        if top and len(items) > top:
            shown.append(f"… +{len(items) - top}")
        return shown

    def headline(self, lang: str) -> str:
        c = self.clients
        return book("diff_counts", lang, rows=self.compared, gain=c["gain"], lose=c["lose"],
                    change=c["change"], same=c["same"])

    def title(self, lang: str) -> str:
        return book("diff_title", lang, before=self.sides.as_of.isoformat(), after=self.sides.to.isoformat())

    def render_text(self, lang: str) -> str:
        out = [self.title(lang), self.headline(lang)]
        lines = self.lines(lang)
        out += ["  " + line for line in lines] if lines else ["  " + book("no_changes", lang)]
        if self.error_rows:
            out.append(book("summary_rows", lang, rows=self.rows, errors=self.error_rows))
        return "\n".join(out) + "\n"

    def render_markdown(self, lang: str, title: str) -> str:
        out = [f"# {title}", "", self.title(lang), "", self.headline(lang), ""]
        out += [f"- {line}" for line in self.lines(lang, top=None)] or [book("no_changes", lang)]
        out.append("")
        return "\n".join(out)


def _kind_of(move: str) -> str:
    """``applies→expired`` -> ``lost`` (see the module docstring)."""
    a, b = move.split(ARROW)
    held = set(HELD)
    return "gained" if b in held and a not in held else "lost" if a in held and b not in held else "changed"


def _move_label(move: str, lang: str) -> str:
    a, b = move.split(ARROW)
    return f"{status_label(a, lang) if a != '—' else '—'} {ARROW} {status_label(b, lang) if b != '—' else '—'}"


@dataclass
class DiffInfo:
    sides: Sides
    lead: list[str]
    lang: str
    source: str
    first_row: int = 1
    headings: dict = field(default_factory=dict)


class DiffBook:
    """The book over time as a workbook for people: the changes per client (the rules that changed for some
    client only, headed by clause and title, ``适用 → 已失效`` coloured: green gained, red lost, amber other),
    the summary sentences and counts per rule, and the rules sheet. Rows are kept until the end (the columns
    shown depend on every row), which XLSX's million-row limit bounds."""

    def __init__(self, f, info: DiffInfo):
        from .workbook import rule_headings

        self.f = f
        self.info = info
        self.parts: list = []
        rules = list(info.sides.rules.values())
        self.headings = rule_headings(rules, info.lang, set(info.lead))

    def write(self, df) -> None:
        self.parts.append(df)

    def close(self, summary=None) -> None:
        import polars as pl
        import xlsxwriter

        from .workbook import _formats, _print_setup, _width, write_rules_sheet

        info, lang = self.info, self.info.lang
        df = pl.concat(self.parts, how="vertical") if self.parts else None
        wb = xlsxwriter.Workbook(self.f, {"constant_memory": True, **XLSX_OPTIONS})
        fmt = _formats(wb)
        move_fmt = {"gained": fmt["status_applies"], "lost": fmt["status_not_met"], "changed": fmt["status_needs_assessment"]}
        ws = wb.add_worksheet(book("sheet_changes", lang))
        ids = [rid for rid in info.sides.rule_ids if df is not None and rid in df.columns
               and df[rid].null_count() < df.height]
        # (identifying columns the book leaves empty — no 编号 at all — are left out)
        lead = [c for c in info.lead if df is not None and c in df.columns and df[c].null_count() < df.height]
        heads = lead + [book(k, lang) for k in DIFF_COLUMNS] + [self.headings[r] for r in ids] + [book("error", lang)]
        ws.set_row(0, 96)
        for j, h in enumerate(heads):
            write_text(ws, 0, j, h, fmt["head_rule" if j >= len(lead) + len(DIFF_COLUMNS) else "head"])
        for j, c in enumerate(lead):
            ws.set_column(j, j, _width([c] + ([str(v) for v in df[c].head(200).to_list() if v] if df is not None else [])))
        ws.set_column(len(lead), len(lead) + 2, 10)
        ws.set_column(len(lead) + 3, len(lead) + 5, 30)
        ws.set_column(len(lead) + 6, len(heads) - 2, 16)
        ws.set_column(len(heads) - 1, len(heads) - 1, 40)
        row = 0
        if df is not None:
            cols = [df[c].to_list() for c in lead] + [df[c].to_list() for c in DIFF_COLUMNS] + \
                   [df[r].to_list() for r in ids] + [df["error"].to_list()]
            for i in range(df.height):
                row = i + 1
                for j, col in enumerate(cols):
                    v = col[i]
                    if v is None:
                        continue
                    if j < len(lead):
                        write_text(ws, row, j, v)
                    elif j < len(lead) + 3:
                        ws.write_number(row, j, v)
                    elif j < len(lead) + 6:
                        write_text(ws, row, j, "；".join(self.headings.get(x, x) for x in v.split(" | "))
                                   if lang != "en" else "; ".join(self.headings.get(x, x) for x in v.split(" | ")))
                    elif j < len(cols) - 1:
                        write_text(ws, row, j, _move_label(v, lang), move_fmt[_kind_of(v)])
                    else:
                        write_text(ws, row, j, v, fmt["error"])
        ws.freeze_panes(1, min(len(lead), 3))
        ws.autofilter(0, 0, max(row, 1), len(heads) - 1)
        _print_setup(ws, len(heads), min(len(lead), 3))
        if summary is not None:
            sm = wb.add_worksheet(book("sheet_summary", lang))
            write_text(sm, 0, 0, summary.title(lang) + f"  ({info.source})", fmt["title"])
            write_text(sm, 1, 0, summary.headline(lang))
            r = 3
            heads2 = [book("rule", lang), book("rule_id", lang), book("n_gained", lang), book("n_lost", lang),
                      book("n_changed", lang)]
            for j, h in enumerate(heads2):
                write_text(sm, r, j, h, fmt["head"])
            for rid in info.sides.rule_ids:
                c = summary.per_rule[rid]
                if not (c["gained"] or c["lost"] or c["changed"]):
                    continue
                r += 1
                write_text(sm, r, 0, self.headings[rid])
                write_text(sm, r, 1, rid)
                for j, k in enumerate(("gained", "lost", "changed"), start=2):
                    sm.write_number(r, j, c[k])
            r += 2
            for line in summary.lines(lang, top=None):
                write_text(sm, r, 0, line)
                r += 1
            if summary.error_rows:
                r += 1
                write_text(sm, r, 0, book("error_rows", lang) + f" ({summary.error_rows:,})", fmt["bold"])
                for n, who, msg in summary.errors:
                    r += 1
                    sm.write_number(r, 0, n)
                    write_text(sm, r, 1, who)
                    write_text(sm, r, 2, msg, fmt["error"])
            sm.set_column(0, 0, 60)
            sm.set_column(1, 1, 34)
            sm.set_column(2, 4, 12)
        write_rules_sheet(wb, [info.sides.rules[r] for r in ids] or list(info.sides.rules.values()), self.headings,
                          lang, fmt)
        try:
            wb.close()
        except BaseException as exc:
            release_zips(exc)
            raise


def release_zips(exc: BaseException) -> None:
    """Let go of the zip files a failed ``xlsxwriter`` close left open (it does not close its ``ZipFile`` when a
    write fails — a full disk): their file is being discarded, and a zip closed later, when Python collects
    it, would write to that closed file and print a traceback ("Exception ignored in ZipFile.__del__")."""
    import zipfile

    todo, seen = [exc], set()
    while todo:  # the error, and those it wraps or was raised from (xlsxwriter's FileCreateError holds an OSError)
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        todo += [e.__cause__, e.__context__, *e.args]
        tb = e.__traceback__
        while tb is not None:
            for value in list(tb.tb_frame.f_locals.values()):
                if isinstance(value, zipfile.ZipFile):
                    value.fp = None  # (closing it would write the end of a file no one keeps)
            tb = tb.tb_next
