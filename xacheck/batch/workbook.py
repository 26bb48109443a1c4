"""The scored workbook a consultant hands on (``xacheck batch … -o scored.xlsx``): results, summary, rules.

The CSV / JSON Lines / Parquet outputs are for programs: stable English keys, one rule id per column.
This is for people, in ``--lang``:

* **results** — the input's own columns first, in their order and as typed (a money column named in 元 stays
  in 元; plain numbers of number fields are written as numbers, identifiers stay text); then one column per
  rule headed by its clause and short title (the heading's note gives the supports), its status in words,
  coloured by status; the counts; the rule nearest to applying and the gap in the field's own unit
  (研发投入强度 差 0.8 个百分点); the fields that would settle the unknown rules, by their labels; the error.
  Header styled and frozen with the identifying columns, a filter on every column, widths set.
* **summary** — counts per rule and status, the rows counted and those with errors, a legend of the
  statuses (their colours and meaning), and the rows with errors (row number as the input shows it, who,
  why).
* **rules** — each rule once: heading used, id, kind, the source as a reader looks it up (《文件》（文号）条款),
  clause, title, supports, conditions, the quoted text, validity, confidence (when below high), the
  regulation a number comes from — instead of supports text repeated on every row.

Every text cell is a string cell (see :mod:`.formulas`: nothing from the input or a pack becomes a formula).
The result rows are written as the batches come, as XML built column-wise by Polars into a temporary file
(:mod:`.sheetrows`: xlsxwriter's cell-at-a-time writing took minutes for 100,000 clients), so memory stays
bounded by one batch; xlsxwriter writes the rest (headings, styles, panes, filters, notes, small sheets).
"""
from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..fields import Registry
from ..i18n import ROW_KIND, STATUS_MEANING, book, fmt_decimal, kind_label, pick, status_label, t
from ..model import STATUSES, Rule
from .formulas import XLSX_OPTIONS, write_text
from .scorer import LEAD_FIELDS, RESULT_COLUMNS, Layout

#: fill and font colour per status (Excel's own "good / neutral / bad" palette, and greys for the inactive)
COLOURS = {
    "applies": ("#C6EFCE", "#006100"), "met": ("#C6EFCE", "#006100"), "on_track": ("#C6EFCE", "#006100"),
    "needs_assessment": ("#FFEB9C", "#9C5700"),
    "unknown": ("#DDEBF7", "#1F4E78"),
    "not_applicable": ("#F2F2F2", "#595959"),
    "not_met": ("#FFC7CE", "#9C0006"), "behind": ("#FFC7CE", "#9C0006"),
    "expired": ("#FFFFFF", "#A6A6A6"), "not_yet_effective": ("#FFFFFF", "#A6A6A6"),
}
HEADER_FILL = "#1F4E78"
#: a rule heading longer than this is cut (the rules sheet has the whole title)
HEADING_CHARS = 36
#: error rows listed on the summary sheet
ERROR_ROWS_LISTED = 10_000


@dataclass
class BookInfo:
    """What the workbook says beyond the result rows."""

    rules: list[Rule]
    reg: Registry
    layout: Layout
    #: the input's columns, in the input's order
    columns: list[str]
    lang: str
    as_of: _dt.date
    source: str
    #: rules left out because they are not in force on the as-of day (named in the summary)
    left_out: int = 0
    #: the first data row's number as the input shows it (for the rows-with-errors list)
    first_row: int = 1


def rule_heading(rule: Rule, lang: str) -> str:
    """The results column of a rule: its clause and short title (``（五） 突出首台套、首批次…``)."""
    title = rule.title.get(lang)
    if len(title) > HEADING_CHARS:
        title = title[:HEADING_CHARS - 1] + "…"
    return f"{rule.clause} {title}".strip() if rule.clause else title


def rule_headings(rules: list[Rule], lang: str, taken: set[str]) -> dict[str, str]:
    """Rule id -> heading, unique within the sheet (a repeated one gets the rule id after it)."""
    out: dict[str, str] = {}
    seen = set(taken)
    for r in rules:
        h = rule_heading(r, lang)
        if h in seen:
            h = f"{h} ({r.id})"
        seen.add(h)
        out[r.id] = h
    return out


def supports_text(rule: Rule, lang: str, sep: str = "\n") -> str:
    return sep.join(s.get(lang) for s in rule.supports)


class ResultBook:
    """The three sheets, written into an open binary file."""

    def __init__(self, f, info: BookInfo):
        import xlsxwriter

        from .sheetrows import Rows

        self.info = info
        self.lang = lang = info.lang
        self.f = f
        # xlsxwriter writes the headings, styles, panes, filters, notes and the small sheets into memory; the
        # result rows are XML built by Polars (see :mod:`.sheetrows`), spliced in at the end
        self.made = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.made, XLSX_OPTIONS)
        self.ws = self.wb.add_worksheet(book("sheet_results", lang))
        self.fmt = _formats(self.wb)
        self.rows = Rows()
        self.plan: list[_Column] | None = None
        self.headings = rule_headings(info.rules, lang, set(info.columns))
        self.by_id = {r.id: r for r in info.rules}

    # ------------------------------------------------------------------ results
    def _plan(self, df) -> list["_Column"]:
        info, lang = self.info, self.lang
        by_column = {col: key for key, col in info.layout.fields.items()}
        cols: list[_Column] = []
        for c in info.columns:
            src = _ORIG + c if _ORIG + c in df.columns else c
            if src not in df.columns:
                continue
            key = by_column.get(c)
            numeric = key is not None and info.reg.fields[key].type in ("number", "integer")
            cols.append(_Column(c, src, "number_text" if numeric else "text", width=_width([c])))
        for rid in (r.id for r in info.rules):
            if rid in df.columns:
                cols.append(_Column(self.headings[rid], rid, "status", width=15, rule=self.by_id[rid]))
        for key in ("n_applies", "n_needs_assessment", "n_unknown"):
            if key in df.columns:
                cols.append(_Column(book(key, lang), key, "int", width=10))
        if "nearest_gap_rule" in df.columns:
            cols += [_Column(book("nearest_rule", lang), "nearest_gap_rule", "nearest_rule", width=30),
                     _Column(book("nearest_gap", lang), "nearest_gap", "nearest_gap", width=28),
                     _Column(book("nearest_rel", lang), "nearest_gap_rel", "percent", width=12)]
        if "missing" in df.columns:
            cols.append(_Column(book("missing", lang), "missing", "missing", width=30))
        if "warning" in df.columns:  # a place xacheck does not know (西按市), contradicting places
            cols.append(_Column(book("warning", lang), "warning", "text", width=30))
        if "confidence_note" in df.columns:  # rules held on criteria less certain than a document's own words
            cols.append(_Column(book("confidence_note", lang), "confidence_note", "confidence", width=30))
        if "row_kind" in df.columns:  # blank, note and totals rows are kept in place, unscored, and say so
            cols.append(_Column(book("row_kind", lang), "row_kind", "row_kind", width=10))
        known = {c.src for c in cols} | set(RESULT_COLUMNS) | set(info.layout.fields.values())
        for c in df.columns:  # any other result column (added by a later version of the scorer) as it is
            if c not in known and not c.startswith("@") and c != "error":
                cols.append(_Column(c, c, "text", width=_width([c])))
        if "error" in df.columns:
            cols.append(_Column(book("error", lang), "error", "error", width=50))
        return cols

    def _start(self, df) -> None:
        self.plan = self._plan(df)
        ws, fmt = self.ws, self.fmt
        # widths from the headings and the first rows
        sample = df.head(200)
        for j, c in enumerate(self.plan):
            if c.kind in ("text", "number_text") and c.src in sample.columns:
                c.width = max(c.width, _width([str(v) for v in sample[c.src].to_list() if v is not None]))
            ws.set_column(j, j, c.width)
        ws.set_row(0, 96)  # six lines of a rule's clause and title
        for j, c in enumerate(self.plan):
            write_text(ws, 0, j, c.heading, fmt["head_rule" if c.kind == "status" else "head"])
            if c.rule is not None and c.rule.supports:
                note = book("supports_note", self.lang) + supports_text(c.rule, self.lang, "；")
                ws.write_comment(0, j, note[:1000], {"x_scale": 2, "y_scale": 2})
        frozen = self._frozen_columns()
        ws.freeze_panes(1, frozen)
        _print_setup(ws, len(self.plan), frozen)

    def _frozen_columns(self) -> int:
        """The identifying columns (编号, 统一社会信用代码, 名称) stay in view when they lead the sheet."""
        ids = {self.info.layout.fields[k] for k in LEAD_FIELDS if k in self.info.layout.fields}
        n = 0
        for j, c in enumerate(self.plan[:4]):
            if c.heading in ids:
                n = j + 1
        return n

    def write(self, df) -> None:
        import polars as pl

        if self.plan is None:
            self._start(df)
        lang, reg, fmt, sst = self.lang, self.info.reg, self.fmt, self.shared
        labels = {s: sst(status_label(s, lang)) for s in STATUSES}
        kinds = {k: sst(pick(ROW_KIND, k, lang)) for k in ROW_KIND}
        headings = {rid: sst(h) for rid, h in self.headings.items()}
        sep = "、" if lang != "en" else "; "
        exprs, specs = [], []
        for c in self.plan:
            v = pl.col(c.src).cast(pl.String) if c.src in df.columns else pl.lit(None, dtype=pl.String)
            k, style = c.kind, None
            if k == "status":
                v, kind = v.replace(labels), "shared"
            elif k == "int":
                kind = "number"
            elif k == "number_text":
                kind, style = "auto", fmt["num"]
            elif k == "percent":
                kind, style = "number", fmt["pct"]
            elif k == "nearest_rule":
                v, kind = v.replace(headings), "shared"
            elif k == "nearest_gap":
                v, kind = pl.Series(self._gaps(df), dtype=pl.String), "text"
            elif k == "missing":
                fields = {key: reg.label(key, lang) for key in reg.fields}
                v, kind = v.str.split(", ").list.eval(pl.element().replace(fields)).list.join(sep), "text"
            elif k == "error":
                kind, style = "text", fmt["error"]
            elif k == "row_kind":
                v, kind = v.replace(kinds), "shared"
            elif k == "confidence":  # "rule id: 可信度低; …" with the rules' headings
                notes = df[c.src].drop_nulls().unique().to_list() if c.src in df.columns else []
                v, kind = v.replace({n: self._note(n) for n in notes}), "text"
            else:
                kind = "text"
            exprs.append(v.alias(f"c{len(exprs)}"))
            specs.append((kind, style._get_xf_index() if style is not None else None))
        self.rows.write_frame(df.select(exprs), specs)

    def shared(self, text: str) -> str:
        """The index of ``text`` in the workbook's shared strings, as text (xlsxwriter's table: indices are
        given in order and never change, so rows written before the workbook closes may refer to them)."""
        return str(self.wb.str_table._get_shared_string_index(text))

    def _note(self, note: str) -> str:
        sep = "；" if self.lang != "en" else "; "
        parts = [p.partition(": ") for p in note.split("; ")]
        return sep.join(f"{self.headings.get(rid, rid)}: {tag}" if tag else rid for rid, _, tag in parts)

    def _gaps(self, df) -> list:
        """The nearest gap of each row in words (few rows have one; Python is fine here)."""
        import polars as pl

        if "nearest_gap" not in df.columns:
            return [None] * df.height
        rules, fields, gaps = (df[c].to_list() for c in ("nearest_gap_rule", "nearest_gap_field", "nearest_gap"))
        ways = (df["nearest_gap_direction"].cast(pl.String).to_list() if "nearest_gap_direction" in df.columns
                else [None] * df.height)
        return [_gap_text(self.info.reg, self.by_id.get(r), f, g, self.lang, w) if g is not None else None
                for r, f, g, w in zip(rules, fields, gaps, ways)]

    # ------------------------------------------------------------------ close
    def close(self, summary=None) -> None:
        if self.plan is None:  # no batch at all: the headings still
            import polars as pl

            self._start(pl.DataFrame())
        last = max(self.rows.last_row - 1, 1)  # (0-based, as xlsxwriter counts)
        ws = self.ws
        ws.autofilter(0, 0, last, max(len(self.plan) - 1, 0))
        status_cols = [j for j, c in enumerate(self.plan) if c.kind == "status"]
        if status_cols:
            for s, label in ((s, status_label(s, self.lang)) for s in STATUSES):
                ws.conditional_format(1, status_cols[0], last, status_cols[-1],
                                      {"type": "cell", "criteria": "==", "value": _quoted(label),
                                       "format": self.fmt["status_" + s]})
        if summary is not None:
            self._summary(summary)
        self._rules()
        self.wb.close()
        from .sheetrows import splice

        splice(self.made.getvalue(), self.f, self.rows)

    def _summary(self, summary) -> None:
        info, lang, fmt = self.info, self.lang, self.fmt
        ws = self.wb.add_worksheet(book("sheet_summary", lang))
        write_text(ws, 0, 0, book("summary_title", lang, file=info.source, as_of=info.as_of.isoformat()), fmt["title"])
        write_text(ws, 1, 0, book("summary_rows", lang, rows=summary.rows, errors=summary.error_rows))
        row = 2
        if info.left_out:
            write_text(ws, row, 0, book("summary_left_out", lang, n=info.left_out))
            row += 1
        row += 1
        used = summary.columns()
        head = [book("rule", lang), book("rule_id", lang)] + [status_label(s, lang) for s in used] + [book("total", lang)]
        for j, h in enumerate(head):
            write_text(ws, row, j, h, fmt["head"] if j < 2 else fmt["status_head_" + used[j - 2]] if j - 2 < len(used)
                       else fmt["head"])
        top = row
        for r in info.rules:
            counts = summary.counts.get(r.id)
            if counts is None or not sum(counts.values()):
                continue
            row += 1
            write_text(ws, row, 0, self.headings[r.id])
            write_text(ws, row, 1, r.id)
            for j, s in enumerate(used):
                ws.write_number(row, 2 + j, counts.get(s, 0))
            ws.write_number(row, 2 + len(used), sum(counts.values()))
        if row > top:
            ws.autofilter(top, 0, row, len(head) - 1)
        ws.set_column(0, 0, 44)
        ws.set_column(1, 1, 34)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.set_column(2, len(head), 11)
        row += 2
        write_text(ws, row, 0, book("legend", lang), fmt["bold"])
        row += 1
        for s in [s for s in STATUSES if s in used] or ["applies", "not_applicable", "unknown", "needs_assessment"]:
            write_text(ws, row, 0, status_label(s, lang), fmt["status_" + s])
            write_text(ws, row, 1, pick(STATUS_MEANING, s, lang))
            row += 1
        if summary.error_rows:
            row += 1
            listed = getattr(summary, "errors", summary.first_errors)
            cap = book("error_rows_cap", lang, n=ERROR_ROWS_LISTED) if summary.error_rows > len(listed) else ""
            write_text(ws, row, 0, book("error_rows", lang) + f" ({summary.error_rows:,})" + cap, fmt["bold"])
            row += 1
            for j, h in enumerate((book("row", lang), book("who", lang), book("error", lang))):
                write_text(ws, row, j, h, fmt["head"])
            for item in listed:
                row += 1
                n, who, msg = item if len(item) == 3 else (item[0], None, item[1])
                ws.write_number(row, 0, n)
                write_text(ws, row, 1, who)
                write_text(ws, row, 2, msg, fmt["error"])

    def _rules(self) -> None:
        write_rules_sheet(self.wb, self.info.rules, self.headings, self.lang, self.fmt)


def write_rules_sheet(wb, rules: list[Rule], headings: dict[str, str], lang: str, fmt: dict) -> None:
    """Each rule once: the heading it has in the results, id, kind, document, clause, title, supports,
    conditions, quote, validity, confidence, basis, notes."""
    ws = wb.add_worksheet(book("sheet_rules", lang))
    from ..render.data import cite, confidence_text

    keys = ["heading", "rule_id", "kind", "source", "clause", "title", "supports", "conditions", "quote",
            "valid", "confidence", "basis", "notes"]
    widths = [30, 42, 10, 30, 16, 36, 40, 40, 60, 22, 10, 30, 40]
    for j, (k, w) in enumerate(zip(keys, widths)):
        write_text(ws, 0, j, book(k, lang), fmt["head"])
        ws.set_column(j, j, w, fmt["wrap"])
    ws.set_row(0, 30)
    ws.freeze_panes(1, 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(0)
    ws.fit_to_pages(2, 0)
    for i, r in enumerate(rules, start=1):
        supports = supports_text(r, lang) + (("\n" if r.supports else "") + book("qualitative", lang)
                                             if r.qualitative else "")
        basis = "\n".join(([r.regulation] if r.regulation else []) + [b.regulation for b in r.basis])
        values = [headings.get(r.id, r.id), r.id, kind_label(r.kind, lang), cite(r.source_dict()), r.clause,
                  r.title.get(lang), supports, "\n".join(c.text for c in r.when), r.quote, _validity(r),
                  confidence_text(r.confidence, lang) or "", basis, r.notes.get(lang) if r.notes else ""]
        for j, v in enumerate(values):
            write_text(ws, i, j, v or None)
        # wrapped text needs its height (LibreOffice does not grow a row on opening): lines of the fullest cell
        lines = max(sum(max(1, -(-_text_width(part) // (w - 1))) for part in str(v).split("\n")) if v else 1
                    for v, w in zip(values, widths))
        ws.set_row(i, 15 * min(max(lines, 1), 12))
    ws.autofilter(0, 0, max(len(rules), 1), len(keys) - 1)


@dataclass
class _Column:
    heading: str
    src: str
    kind: str
    width: float = 10
    rule: Rule | None = field(default=None, repr=False)


#: an input column whose cells the query read in another unit (营业收入（元）, an Excel percentage) keeps its
#: own text under this prefix, so the results show what the client typed (see runner._source)
_ORIG = "@orig:"


def _formats(wb) -> dict:
    out = {
        "head": wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True,
                               "valign": "top", "border": 1}),
        "head_rule": wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#2E75B6", "text_wrap": True,
                                    "valign": "top", "border": 1}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "bold": wb.add_format({"bold": True}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "num": wb.add_format({"num_format": "#,##0.######"}),
        "pct": wb.add_format({"num_format": "0.0%"}),
        "error": wb.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
    }
    for s in STATUSES:
        bg, fg = COLOURS[s]
        out["status_" + s] = wb.add_format({"bg_color": bg, "font_color": fg})
        out["status_head_" + s] = wb.add_format({"bold": True, "bg_color": bg, "font_color": fg, "border": 1,
                                                 "text_wrap": True, "valign": "top"})
    return out


def _print_setup(ws, columns: int, frozen: int) -> None:
    """Printed (or saved as PDF): landscape A4 at 60 %, the headings and identifying columns on every page."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(0.3, 0.3, 0.5, 0.5)
    ws.repeat_rows(0)
    if frozen:
        ws.repeat_columns(0, frozen - 1)
    ws.set_print_scale(60)


def _quoted(text: str) -> str:
    """A literal text for a conditional format's criterion (our own status words, quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def _text_width(text: str) -> int:
    """Width of a text in Excel's units: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _width(texts: list[str]) -> float:
    """Column width for these texts: between 8 and 40."""
    best = max((_text_width(t[:60]) for t in texts), default=0)
    return max(8, min(40, best + 2))


def _gap_text(reg: Registry, rule: Rule | None, name: str | None, gap, lang: str, way: str | None = None) -> str:
    """``研发投入强度 差 0.8 个百分点``: the nearest gap in the field's own unit — a shortfall below a floor
    (``> 5%``), or the excess over a ceiling (``<= 200 人``: 超出 50 人)."""
    if name is None or gap is None:
        return ""
    try:
        amount = Decimal(repr(float(gap)))
    except (InvalidOperation, ValueError):
        return str(gap)
    label = reg.label(name, lang) if name in reg else name
    if amount == 0:  # on the threshold of a strict comparison (4317.81 / 86356.2 is 5%, not more)
        return f"{label} {t('at_threshold', lang)}"
    key = "over_by" if (way == "down" if way else _ceiling(rule, name)) else "short_by"
    unit = reg.unit(name)
    shown = abs(amount) * (100 if unit == "ratio" else 1)
    places = 2
    while shown and shown < 1 and round(shown, places) == 0 and places < 12:  # a tiny gap keeps two significant digits
        places += 1
    text = fmt_decimal(shown, places)
    if unit in ("ratio", "%"):
        text = t("points", lang, v=text)
    elif unit:
        text = f"{text} {unit}"
    return book(key, lang, field=label, gap=text)


def _ceiling(rule: Rule | None, name: str) -> bool:
    """Whether the rule's threshold on ``name`` is an upper bound (``x < n`` / ``x <= n`` / ``n > x`` …)."""
    from .. import condition as cond

    for c in rule.when if rule is not None else ():
        n = c.node
        if isinstance(n, cond.Compare) and n.op in ("<", "<=", ">", ">="):
            if isinstance(n.left, cond.Name) and n.left.name == name and isinstance(n.right, cond.Num):
                return n.op in ("<", "<=")
            if isinstance(n.right, cond.Name) and n.right.name == name and isinstance(n.left, cond.Num):
                return n.op in (">", ">=")
    return False


def _validity(r: Rule) -> str:
    a = r.valid_from.isoformat() if r.valid_from else ""
    b = r.valid_until.isoformat() if r.valid_until else ""
    return f"{a} – {b}" if a or b else ""
