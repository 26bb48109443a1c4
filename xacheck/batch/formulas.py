"""The one escaping step for every cell xacheck writes for a spreadsheet: no text becomes a live formula.

A client's name, a carried-through column, an error message quoting a cell, a rule's title or supports from a
pack — any of them may start with ``=`` (``=cmd|' /C calc'!A0``, ``=HYPERLINK(…)``), and Excel runs what a
cell starts with ``=``, ``+``, ``-`` or ``@`` (and, in a CSV, a tab or carriage return before them) when the
consultant opens the file (OWASP "CSV injection").

* **XLSX**: every text goes into a *string cell* (xlsxwriter's ``write_string``) and the workbook is opened
  with ``strings_to_formulas`` / ``strings_to_numbers`` / ``strings_to_urls`` off (:data:`XLSX_OPTIONS`), so
  no cell of ours carries a formula; the text shows as it is. Numbers are written as numbers, by us, from
  numbers we computed or plain decimals.
* **CSV**: a cell has no type, so a text that starts with one of :data:`FORMULA_START` gets a leading
  apostrophe (``'=cmd…``), which Excel and LibreOffice show as the text and never evaluate — unless it is a
  plain number (``-5``, ``+3.2``, ``-1,234.5``, ``-12%``), which a spreadsheet reads as that number and never
  as a formula. Headings are treated the same way. ``xacheck batch --raw-csv`` writes cells exactly, for
  programs that read the CSV themselves.
"""
from __future__ import annotations

import re

#: what makes a spreadsheet read a CSV cell as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_START_RE = r"^[=+\-@\t\r]"
#: a plain number a spreadsheet reads as that number (so it needs no apostrophe)
_PLAIN_NUMBER = r"^[+-]?(?:[0-9]+(?:,[0-9]{3})*)?(?:\.[0-9]+)?%?$"
_PLAIN = re.compile(_PLAIN_NUMBER)
#: xlsxwriter's workbook options: text stays text
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def needs_apostrophe(text: str) -> bool:
    """True when a CSV cell with this text would be read as a formula by a spreadsheet (a lone ``-``, the
    usual "no figure" mark, is text to every spreadsheet)."""
    return (bool(text) and text.startswith(FORMULA_START) and text != "-"
            and not (any(c.isdigit() for c in text) and _PLAIN.match(text)))


def csv_text(text: str) -> str:
    """One CSV cell (or heading) made inert: ``'`` before a formula start (see :func:`needs_apostrophe`)."""
    return "'" + text if needs_apostrophe(text) else text


def csv_frame(df):
    """Every text column and heading of a result batch made inert for a spreadsheet (vectorised; numbers,
    and statuses — values of our own — untouched)."""
    import polars as pl

    exprs = []
    text = [name for name, dtype in df.schema.items() if dtype == pl.String]
    if text:  # only the columns where some cell starts like a formula (a prefix test: no regex over every cell)
        starts = df.select([pl.any_horizontal([pl.col(n).str.starts_with(ch) for ch in FORMULA_START]).any().alias(n)
                            for n in text]).row(0, named=True)
        text = [n for n in text if starts[n]]
    for name in text:
        c = pl.col(name)
        risky = (c.str.contains(_START_RE) & (c != "-")
                 & ~(c.str.contains(_PLAIN_NUMBER) & c.str.contains("[0-9]")))
        exprs.append(pl.when(risky.fill_null(False)).then(pl.lit("'") + c).otherwise(c).alias(name))
    out = df.with_columns(exprs) if exprs else df
    renames = {c: csv_text(c) for c in out.columns if needs_apostrophe(c)}
    return out.rename(renames) if renames else out


def write_text(ws, row: int, col: int, text, fmt=None) -> None:
    """An XLSX text cell, always a string cell (never a formula, a number or a link); None is left blank."""
    if text is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
        return
    ws.write_string(row, col, str(text), fmt) if fmt is not None else ws.write_string(row, col, str(text))
