"""Per-rule counts accumulated batch by batch, and their renderings (terminal table, Markdown, sheets)."""
from __future__ import annotations

from collections import Counter

from ..i18n import status_label
from ..model import Rule, STATUSES

#: columns of the summary table, in the order a reader acts on them
SHOWN = ["applies", "needs_assessment", "unknown", "not_applicable", "met", "not_met", "on_track", "behind",
         "expired", "not_yet_effective"]


#: rows with errors kept with their message for the workbook's summary sheet (the terminal shows five)
ERRORS_KEPT = 10_000


def note_errors(s, out, offset: int) -> None:
    """The batch's rows with an error, counted into ``s`` (a :class:`Summary`, or the book-over-time one):
    ``error_rows``, the first five for the terminal, and the first :data:`ERRORS_KEPT` with who (the first
    filled of ``s.who``) for the workbook's summary sheet. Row numbers as the input shows them."""
    import polars as pl

    errs = out.select(pl.arg_where(pl.col("error").is_not_null())).to_series()
    s.error_rows += len(errs)
    for i in errs[: max(0, 5 - len(s.first_errors))].to_list():
        s.first_errors.append((offset + i + s.first_row, out["error"][i]))
    who = [c for c in s.who if c in out.columns]
    for i in errs[: max(0, ERRORS_KEPT - len(s.errors))].to_list():
        name = next((str(out[c][i]) for c in who if out[c][i] not in (None, "")), None)
        s.errors.append((offset + i + s.first_row, name, out["error"][i]))


class Summary:
    def __init__(self, rules: list[Rule], first_row: int = 1, who: list[str] | None = None):
        self.rules = rules
        self.counts: dict[str, Counter] = {r.id: Counter() for r in rules}
        #: rows scored (firms, projects, regions): what the counts per rule are counts of
        self.rows = 0
        #: rows of every kind (see rows.KINDS): scored, blank, note, totals, unreadable
        self.kinds: Counter = Counter()
        #: rows whose error column says something (a cell that could not be read, a totals or unreadable row)
        self.error_rows = 0
        #: (row number, message): numbered as the input shows its rows — for a sheet, the headings row and
        #: any title rows above it count, so "row 7" is row 7 in Excel (``first_row``: the first data row's)
        self.first_errors: list[tuple[int, str]] = []
        self.first_row = first_row
        #: (row number, who — the row's name or id cell —, message) of the first ERRORS_KEPT rows with errors
        self.errors: list[tuple[int, str | None, str]] = []
        #: the columns that say who a row is, first filled one wins (名称, then 编号 …)
        self.who = who or []

    def add(self, out, offset: int) -> None:
        import polars as pl

        kinds = out["row_kind"].value_counts() if "row_kind" in out.columns else None
        if kinds is None:
            self.rows += out.height
            self.kinds["scored"] += out.height
        else:
            for kind, n in kinds.iter_rows():
                self.kinds[kind] += n
                if kind == "scored":
                    self.rows += n
        note_errors(self, out, offset)
        for r in self.rules:
            vc = out[r.id].value_counts()
            for status, n in vc.iter_rows():
                if status is not None:
                    self.counts[r.id][status] += n

    def columns(self) -> list[str]:
        used = {s for c in self.counts.values() for s in c}
        return [s for s in SHOWN if s in used] + [s for s in STATUSES if s in used and s not in SHOWN]

    def table(self, lang: str) -> tuple[list[str], list[list]]:
        cols = self.columns()
        from ..i18n import msg
        from ..render.data import confidence_tag

        head = [msg(lang, "rule"), msg(lang, "title")] + [status_label(s, lang) for s in cols]

        def title(r: Rule) -> str:
            tag = confidence_tag(r.confidence, lang)  # less certain criteria say so beside the counts
            return r.title.get(lang) + ((f" ({tag})" if lang == "en" else f"（{tag}）") if tag else "")

        body = [[r.id, title(r)] + [self.counts[r.id].get(s, 0) for s in cols] for r in self.rules
                if sum(self.counts[r.id].values())]
        return head, body

    def render_text(self, lang: str) -> str:
        from tabulate import tabulate

        head, body = self.table(lang)
        lines = [tabulate(body, headers=head, tablefmt="simple")] if body else []
        lines.append(self.footer(lang))
        return "\n".join(lines) + "\n"

    @property
    def total(self) -> int:
        """Rows of every kind: the input's rows (rows in = rows out)."""
        return sum(self.kinds.values())

    def footer(self, lang: str) -> str:
        from ..i18n import msg

        other = [(k, self.kinds[k]) for k in ("blank", "note", "totals", "unreadable") if self.kinds.get(k)]
        text = msg(lang, "{rows} rows scored; {errors} rows with errors", rows=f"{self.rows:,}",
                   errors=f"{self.error_rows:,}")
        if not other:
            return text
        said = {"blank": lambda n: msg(lang, "{n} blank", n=n), "note": lambda n: msg(lang, "{n} notes", n=n),
                "totals": lambda n: msg(lang, "{n} totals", n=n), "unreadable": lambda n: msg(lang, "{n} unreadable", n=n)}
        parts = ("，" if lang != "en" else ", ").join(said[k](f"{n:,}") for k, n in other)
        return text + msg(lang, " ({total} rows in all; not scored: {parts})", total=f"{self.total:,}", parts=parts)

    def render_markdown(self, lang: str, title: str) -> str:
        head, body = self.table(lang)
        out = [f"# {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 2)]
        out += ["| " + " | ".join(str(x) for x in row) + " |" for row in body]
        out += ["", self.footer(lang), ""]
        if self.first_errors:
            from ..i18n import msg as say

            out.append(say(lang, "Rows with errors (first five):"))
            out += ["- " + say(lang, "row {n}: {problem}", n=n, problem=m) for n, m in self.first_errors]
            out.append("")
        return "\n".join(out)
