"""Worksheet rows as XML, built column-wise by Polars, spliced into a workbook xlsxwriter made.

xlsxwriter writes a cell at a time from Python (≈ 5–20 µs a cell): 100,000 clients × 110 columns took
minutes. Here each column of a batch becomes one string expression — ``<c r="B7" t="inlineStr"><is><t>…
</t></is></c>`` for text, ``<c r="C7" s="3"><v>86356.2</v></c>`` for a number — and each row their
concatenation, all in Polars; the rows go to an anonymous temporary file as they come (bounded memory). At
the end the workbook xlsxwriter wrote (the headings row, styles, panes, filters, notes, the other sheets) is
copied into the output zip, and the rows are streamed into its first sheet's ``<sheetData>``
(:func:`splice`).

Text is always an inline *string* cell (never a formula: see :mod:`.formulas`); ``&``, ``<``, ``>`` are
escaped, and characters XML cannot carry (control characters, a literal ``_xHHHH_``) are written the way Excel
and xlsxwriter write them (``_x0001_``), by the slow path for the few cells that have them. A cell longer
than Excel's 32,767 characters is cut there, as xlsxwriter does.
"""
from __future__ import annotations

import re
import tempfile
import zipfile

#: what XML 1.0 cannot hold (and \r, which a parser would fold), or Excel's own escape written literally
_ODD = r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ue000\ue001\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
_ODD_RE = re.compile(_ODD)
EXCEL_CELL_CHARS = 32_767


def column_letters(n: int) -> str:
    """0 -> ``A`` (0-based, as xlsxwriter counts)."""
    from .xlsx_guard import column_letters as letters

    return letters(n + 1)


def _excel_escape(text: str) -> str:
    """The slow path of :func:`text_expr` for one cell."""
    text = text[:EXCEL_CELL_CHARS]
    text = _ODD_RE.sub(lambda m: "_x005F" + m.group(0) if len(m.group(0)) > 1 else f"_x{ord(m.group(0)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text_expr(col):
    """A text column as XML character data (see the module docstring; cells with characters XML cannot carry
    were escaped beforehand by :func:`_odd_cells`, and are left alone here)."""
    import polars as pl

    fast = col.str.slice(0, EXCEL_CELL_CHARS).str.replace_many(["&", "<", ">"], ["&amp;", "&lt;", "&gt;"])
    return pl.when(col.str.starts_with(_DONE)).then(col.str.slice(len(_DONE))).otherwise(fast)


#: marks a cell :func:`_odd_cells` escaped already (a private-use character no input can bring: those are
#: escaped too, see _ODD)
_DONE = "\ue000\ue001"


def _odd_cells(frame, names: list[str]):
    """The few cells with characters XML cannot carry, escaped in Python (the rest stay columnar)."""
    import polars as pl

    fixes = []
    for name in names:
        col = frame[name]
        odd = col.str.contains(_ODD).fill_null(False)
        if odd.any():
            idx = odd.arg_true()
            fixed = pl.Series([_DONE + _excel_escape(v) for v in col.gather(idx).to_list()], dtype=pl.String)
            fixes.append(col.scatter(idx, fixed))
    return frame.with_columns(fixes) if fixes else frame


class Rows:
    """Rows of the first worksheet, written as XML to a temporary file batch by batch."""

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.next_row = 2  # the headings are row 1, written by xlsxwriter
        self.last_col = 0

    def write_frame(self, frame, specs: list[tuple[str, int | None]]) -> None:
        """``frame``: one String column per sheet column (null = empty cell); ``specs``: per column its kind —
        ``text``, ``number`` (the text is a number's), ``auto`` (a number when the text is a plain decimal,
        else text), ``shared`` (the text is an index into the workbook's shared strings: statuses, which repeat
        on every row, cost a few bytes a cell) — and its style index (None: the default)."""
        import polars as pl

        n = frame.height
        if n == 0:
            return
        frame = _odd_cells(frame, [c for c, (kind, _) in zip(frame.columns, specs) if kind in ("text", "auto")])
        row = pl.int_range(self.next_row, self.next_row + n, eager=False).cast(pl.String)
        cells = []
        for j, (name, (kind, style)) in enumerate(zip(frame.columns, specs)):
            ref = pl.concat_str([pl.lit(f'<c r="{column_letters(j)}'), row, pl.lit('"')])
            s = f' s="{style}"' if style else ""
            v = pl.col(name)
            keep = pl.when(v.str.contains(r"^\s|\s$").fill_null(False)).then(pl.lit(' xml:space="preserve"')) \
                .otherwise(pl.lit(""))  # (leading or trailing spaces and line ends kept as typed)
            as_text = pl.concat_str([ref, pl.lit(f'{s} t="inlineStr"><is><t'), keep, pl.lit(">"), text_expr(v),
                                     pl.lit("</t></is></c>")])
            as_number = pl.concat_str([ref, pl.lit(f'{s}><v>'), v, pl.lit("</v></c>")])
            if kind == "text":
                cells.append(as_text)
            elif kind == "number":
                cells.append(as_number)
            elif kind == "shared":
                cells.append(pl.concat_str([ref, pl.lit(f'{s} t="s"><v>'), v, pl.lit("</v></c>")]))
            else:
                plain = v.str.contains(r"^-?[0-9]{1,15}(\.[0-9]{1,9})?$").fill_null(False)
                cells.append(pl.when(plain).then(as_number).otherwise(as_text))
            self.last_col = max(self.last_col, j)
        xml = frame.lazy().select(pl.concat_str([pl.lit('<row r="'), row, pl.lit('">')] + cells + [pl.lit("</row>")],
                                                ignore_nulls=True).alias("x")).collect()
        # (one row a line, straight from Polars to the file: a line end between elements is plain XML)
        xml.write_csv(self.file, include_header=False, quote_style="never")
        self.next_row += n

    @property
    def last_row(self) -> int:
        return self.next_row - 1


def splice(made: bytes, out, rows: Rows, sheet: str = "xl/worksheets/sheet1.xml") -> None:
    """Copy the zip xlsxwriter wrote (``made``) to ``out``, with ``rows`` streamed into ``sheet``'s data after
    its headings row, and the sheet's dimension covering them."""
    import io

    src = zipfile.ZipFile(io.BytesIO(made))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != sheet:
                dst.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            end = xml.index("</sheetData>")
            head, tail = xml[:end], xml[end:]
            if rows.next_row > 2:
                head = re.sub(r'<dimension ref="([A-Z]+)1(?::([A-Z]+)1)?"/>',
                              lambda m: f'<dimension ref="{m.group(1)}1:{m.group(2) or m.group(1)}{rows.last_row}"/>',
                              head, count=1)
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            # deflate level 1: 2.5x faster than 6 on sheet XML for 30 % more bytes (the rows are most of the file)
            for name in ("compress_level", "_compresslevel"):  # (Python 3.13 renamed it)
                try:
                    setattr(zi, name, 1)
                    break
                except AttributeError:
                    continue
            with dst.open(zi, "w", force_zip64=True) as w:
                w.write(head.encode("utf-8"))
                rows.file.seek(0)
                while chunk := rows.file.read(8 << 20):
                    w.write(chunk)
                w.write(tail.encode("utf-8"))
    rows.file.close()
