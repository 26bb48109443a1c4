"""What an XLSX sheet's XML says beyond its values: where the sheet starts, and which columns hold Excel percentages.

fastexcel (calamine) returns the stored number and no format, so a 高新技术产品收入占比（%） column
formatted as a percentage would read as 0.65 percentage points — a silent 100× error. This module looks at
the *formats* only, from the workbook's own parts: the cell styles (``xl/styles.xml``) and the style index
of the numeric cells in the first :data:`SAMPLE_ROWS` rows of the sheet. It never reads a cell's value or
the shared-strings table, which is why it does not use openpyxl: openpyxl loads every shared string before
the first cell (4.9 s on a 100,000-row sheet of text cells, against a few milliseconds here).

The XML comes from an untrusted file: it is parsed with the standard library's expat parser, which fetches
no external entity and (expat ≥ 2.4, bundled with Python 3.11) refuses entity-expansion bombs; the sheet is
read as a stream and left after the sample (:data:`SAMPLE_ROWS` rows, at most :data:`SAMPLE_CELLS` cells), so
a huge sheet costs nothing more, and an oversized styles part is not read at all (no detection).
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

#: rows of the sheet whose numeric cells decide a column's format, and at most this many cells of them
SAMPLE_ROWS = 200
SAMPLE_CELLS = 200_000
#: a styles part bigger than this (uncompressed) is not read: real workbooks have a few hundred KB
MAX_STYLES_BYTES = 64 << 20
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: built-in number formats that scale by 100 (ECMA-376 part 1, 18.8.30): 0% and 0.00%
_BUILTIN_PERCENT = {9, 10}


@dataclass(frozen=True)
class SheetFacts:
    #: 0-based index of the sheet's first row holding a value. calamine (fastexcel) starts a sheet there when
    #: asked for ``header_row=None`` but counts ``header_row=k`` from the top of the sheet, so a headings row
    #: found among the first rows is ``first_row + k`` on the sheet (and its row number in Excel one more)
    first_row: int = 0
    #: ``{absolute column index: "percent" | "mixed"}`` for the columns whose sampled numeric cells are all
    #: (``percent``) or partly (``mixed``) formatted as percentages
    percent: dict = field(default_factory=dict)


def sheet_facts(path: str, sheet_name: str) -> SheetFacts:
    """What the sheet's XML says beyond its values, read once. Empty facts when the workbook cannot be read
    this way (fastexcel then reports the file's own problem); the sheet is sampled for formats only when the
    workbook has a percent style at all (the usual case: no)."""
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_part(z, sheet_name)
            if part is None:
                return SheetFacts()
            with z.open(part) as f:
                first = _first_row(f)
            percent_styles = _percent_styles(z)
            if not percent_styles:
                return SheetFacts(first)
            with z.open(part) as f:
                return SheetFacts(first, _sample(f, percent_styles))
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError):
        return SheetFacts()


def _first_row(f) -> int:
    cells, row = 0, -1
    for event, el in ET.iterparse(f, events=("start", "end")):
        if event == "start":
            if el.tag == f"{_MAIN}row":  # r= is optional: rows without it follow the one before
                row = int(el.get("r")) - 1 if el.get("r") else row + 1
            continue
        if el.tag == f"{_MAIN}c":
            cells += 1
            if el.find(f"{_MAIN}v") is not None or el.find(f"{_MAIN}is") is not None:
                ref = re.match(r"[A-Z]{1,3}([0-9]+)$", el.get("r", ""))
                return int(ref.group(1)) - 1 if ref else max(row, 0)
            el.clear()
            if cells >= SAMPLE_CELLS:
                return 0
    return 0


def is_percent_format(code: str) -> bool:
    """A number format scales by 100 when it has a ``%`` outside quoted text and not escaped (``0"%"`` and
    ``0\\%`` show a literal percent sign of an unscaled number)."""
    bare = re.sub(r'"[^"]*"|\\.', "", code)
    return "%" in bare


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    try:
        if z.getinfo("xl/styles.xml").file_size > MAX_STYLES_BYTES:
            return set()
        root = ET.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return set()
    fmts = root.find(f"{_MAIN}numFmts")  # (not root.iter: conditional formats' dxfs hold numFmts of their own)
    custom = {int(n.get("numFmtId", -1)): n.get("formatCode", "") for n in (fmts if fmts is not None else [])
              if n.tag == f"{_MAIN}numFmt"}
    pct = {i for i, code in custom.items() if is_percent_format(code)} | _BUILTIN_PERCENT
    xfs = root.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {i for i, xf in enumerate(xfs.findall(f"{_MAIN}xf")) if int(xf.get("numFmtId", 0)) in pct}


def _sheet_part(z: zipfile.ZipFile, name: str) -> str | None:
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rid = next((s.get(f"{_REL}id") for s in book.iter(f"{_MAIN}sheet") if s.get("name") == name), None)
    if rid is None:
        return None
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_PKG_REL}Relationship") if r.get("Id") == rid), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _sample(f, percent_styles: set[int]) -> dict[int, str]:
    seen: dict[int, list[int]] = {}  # column -> [percent cells, other numeric cells]
    rows = cells = 0
    for _, el in ET.iterparse(f, events=("end",)):
        if el.tag == f"{_MAIN}c":
            if el.get("t", "n") == "n" and el.find(f"{_MAIN}v") is not None:  # a number (dates are numbers too)
                col = _column_index(el.get("r", ""))
                if col is not None:
                    counts = seen.setdefault(col, [0, 0])
                    counts[0 if int(el.get("s", 0)) in percent_styles else 1] += 1
            el.clear()
            cells += 1
            if cells >= SAMPLE_CELLS:
                break
        elif el.tag == f"{_MAIN}row":
            el.clear()
            rows += 1
            if rows >= SAMPLE_ROWS:
                break
    return {col: ("percent" if other == 0 else "mixed") for col, (pct, other) in seen.items() if pct}


def _column_index(ref: str) -> int | None:
    """``"D12"`` -> 3."""
    m = re.match(r"([A-Z]{1,3})[0-9]+$", ref)
    if not m:
        return None
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return n - 1


#: a shared-strings part is read only up to the strings the first rows use, and never beyond this many
MAX_SHARED_STRINGS = 1_000_000


def first_rows(path: str, sheet_name: str, n: int) -> list[list[str]]:
    """The first ``n`` rows of a sheet as text, from its first row holding a value (as calamine shows a sheet
    read with ``header_row=None``): for finding the headings row, and the sheet whose headings name the most
    fields, without parsing the whole sheet (calamine parses all of it even for ten rows: 0.8 s per 100,000
    rows). Shared strings are read only as far as those rows need. Empty when the sheet cannot be read so."""
    try:
        with zipfile.ZipFile(path) as z:
            part = _sheet_part(z, sheet_name)
            if part is None:
                return []
            with z.open(part) as f:
                cells = _head_cells(f, n)
            wanted = {int(v) for kind, v in cells.values() if kind == "s" and v.isdigit()}
            shared = _shared_strings(z, max(wanted)) if wanted else {}
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError):
        return []
    if not cells:
        return []
    top = min(r for r, _ in cells)
    cells = {k: v for k, v in cells.items() if k[0] - top < n}  # (a cell may name a row far from the first one's)
    left = min(c for _, c in cells)
    width = max(c for _, c in cells) - left + 1
    rows = [[""] * width for _ in range(max(r for r, _ in cells) - top + 1)]
    for (r, c), (kind, v) in cells.items():
        if kind == "s":
            v = shared.get(int(v), "") if v.isdigit() else ""
        elif kind == "b":
            v = "true" if v == "1" else "false"
        rows[r - top][c - left] = v
    return rows[:n]


def _head_cells(f, n: int) -> dict:
    """``{(row, column): (type, text)}`` of the cells holding a value in the sheet's first ``n`` such rows."""
    cells: dict = {}
    first, row, seen = None, -1, 0
    for event, el in ET.iterparse(f, events=("start", "end")):
        if event == "start":
            if el.tag == f"{_MAIN}row":
                row = int(el.get("r")) - 1 if el.get("r") else row + 1
                if first is not None and row - first >= n:
                    break
            continue
        if el.tag == f"{_MAIN}c":
            seen += 1
            kind = el.get("t", "n")
            if kind == "inlineStr":
                text = "".join(t.text or "" for t in el.iter(f"{_MAIN}t"))
            else:
                v = el.find(f"{_MAIN}v")
                text = v.text if v is not None else None
            if text not in (None, ""):
                ref = re.match(r"([A-Z]{1,3})([0-9]+)$", el.get("r", ""))
                r = int(ref.group(2)) - 1 if ref else max(row, 0)
                col = _column_index(el.get("r", "")) if ref else len([k for k in cells if k[0] == r])
                if first is None:
                    first = r
                if r - first < n:
                    cells[(r, col)] = ("s" if kind == "s" else "b" if kind == "b" else "v", text)
            el.clear()
            if seen >= SAMPLE_CELLS:
                break
        elif el.tag == f"{_MAIN}row":
            el.clear()
    return cells


def _shared_strings(z: zipfile.ZipFile, last: int) -> dict[int, str]:
    """The shared strings up to index ``last`` (rich-text runs joined, phonetic runs left out)."""
    name = "xl/sharedStrings.xml"
    try:
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        for r in rels.iter(f"{_PKG_REL}Relationship"):
            if r.get("Type", "").endswith("/sharedStrings") and r.get("Target"):
                t = r.get("Target")
                name = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
    except KeyError:
        pass
    out: dict[int, str] = {}
    i = 0
    with z.open(name) as f:
        for _, el in ET.iterparse(f, events=("end",)):
            if el.tag == f"{_MAIN}si":
                out[i] = "".join(t.text or "" for t in el.iter(f"{_MAIN}t") if not _in_phonetic(el, t))
                el.clear()
                i += 1
                if i > last or i >= MAX_SHARED_STRINGS:
                    break
    return out


def _in_phonetic(si, t) -> bool:
    return any(t in list(ph.iter()) for ph in si.iter(f"{_MAIN}rPh"))
