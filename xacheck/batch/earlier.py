"""An earlier run's results inside an input: the workbook or CSV xacheck wrote, scored again.

A consultant keeps the scored workbook as the client register, adds a row or corrects a cell, and scores
it again next month. Its result columns — one per rule (the rule id in CSV, the clause and title in the
workbook), the counts, the nearest gap, the error — are not facts about the client: carried through, they
would sit beside the new results with the old statuses (and a CSV's rule-id columns would clash with the
new ones). They are left out of the input, with one note, and written afresh.

Recognised only when the input carries at least one rule column of the loaded packs: a client's own column
that happens to be called ``error`` or ``warning`` in a sheet that is no xacheck output stays theirs (and the
clash with a result column is refused as before).
"""
from __future__ import annotations

from ..i18n import BOOK
from ..model import Rule

#: the workbook's headings of the result columns (both languages; see workbook.py and book.py)
_RESULT_WORDS = ("n_applies", "n_needs_assessment", "n_unknown", "nearest_rule", "nearest_gap", "nearest_rel",
                 "missing", "error", "warning", "confidence_note", "row_kind", "n_gained", "n_lost", "n_changed")


def _rule_columns(rules: list[Rule]) -> set[str]:
    from .workbook import rule_heading

    out: set[str] = set()
    for r in rules:
        out.add(r.id)
        for lang in ("zh", "en"):
            h = rule_heading(r, lang)
            out |= {h, f"{h} ({r.id})"}
    return out


def earlier_results(columns: list[str], rules: list[Rule]) -> list[str]:
    """The columns of ``columns`` that an earlier xacheck run wrote, given every rule of the loaded packs
    (every version: an older run may have written a rule this one leaves out); ``[]`` when the input carries
    no rule column (it is no xacheck output)."""
    from .book import DIFF_COLUMNS
    from .scorer import RESULT_COLUMNS

    by_rule = _rule_columns(rules)
    if not any(c in by_rule for c in columns):
        return []
    words = {w for key in _RESULT_WORDS for w in BOOK[key]}
    own = by_rule | set(RESULT_COLUMNS) | set(DIFF_COLUMNS) | words
    return [c for c in columns if c in own]
