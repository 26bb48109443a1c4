"""Input files -> an iterator of Polars DataFrames of text cells, in file order, in bounded memory.

CSV (UTF-8, UTF-8 with BOM or GB18030, comma or tab, quoted newlines) streams through pyarrow's CSV
reader; XLSX through fastexcel (calamine); JSON Lines and Parquet in chunks. Every cell arrives as
text (or null), so identifiers such as 统一社会信用代码 or 000123 are never turned into numbers here.
A JSON line that does not parse becomes a row whose ``__read_error`` names the line.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..errors import Location, XacheckError
from ..i18n import Msg

READ_ERROR = "__read_error"
BATCH_ROWS = 100_000
#: bytes per CSV block read at a time (~25,000 rows of a typical register): pyarrow reads a few blocks ahead,
#: so the block size bounds the reader's share of the peak memory
CSV_BLOCK_BYTES = 2 << 20
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


class InputError(XacheckError):
    """The input file itself cannot be read (exit code 2)."""

    code = "XA300"


@dataclass
class Source:
    path: str
    fmt: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    #: picks the headings row among the first rows of a CSV or XLSX (index into the list it is given); the
    #: rows above it (a report title, a blank line) are not data. None: the first row.
    find_header: Callable[[list[list[str]]], int] | None = None
    #: set by the CSV / XLSX reader: the index of the headings row it used
    header_row: int = 0
    #: set by the XLSX reader: heading -> "percent" | "mixed" for columns formatted as Excel percentages
    #: (see :mod:`.xlsx_formats`); the runner scales them for fields measured in %
    percent: dict[str, str] = field(default_factory=dict)


def detect_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext not in FORMATS:
        raise InputError(Msg("unknown file type {ext!r}; use .csv, .tsv, .xlsx, .jsonl or .parquet", ext=ext), Location(path))
    return FORMATS[ext]


#: bytes checked up front when guessing the encoding; the rest is checked by the CSV reader as it goes
#: (pyarrow refuses invalid UTF-8 in a text column), and a late failure re-runs with the full check
PREFIX_BYTES = 1 << 20


class EncodingGuessWrong(XacheckError):
    """The file's first MB is UTF-8 but a later byte is not: the caller re-reads with :func:`detect_encoding`."""

    code = "XA300"


def guess_encoding(path: str) -> tuple[str, bool]:
    """``(encoding, guessed)``: UTF-8 when the first :data:`PREFIX_BYTES` decode strictly as UTF-8 (the
    reader then verifies the rest and raises :class:`EncodingGuessWrong` if it is not), else the full
    check of :func:`detect_encoding`. Same answer as :func:`detect_encoding` for every file that reads."""
    with open(path, "rb") as f:
        head = f.read(PREFIX_BYTES)
        whole = len(head) < PREFIX_BYTES or not f.read(1)
    try:
        codecs.getincrementaldecoder("utf-8-sig")(errors="strict").decode(head, final=whole)
    except UnicodeDecodeError:
        return detect_encoding(path), False
    return "utf-8-sig", not whole


def detect_encoding(path: str) -> str:
    """Strict UTF-8 (BOM or not) first, then GB18030 (a superset of GBK); anything else is refused."""
    for enc in ("utf-8-sig", "gb18030"):
        dec = codecs.getincrementaldecoder(enc)(errors="strict")
        try:
            with open(path, "rb") as f:
                while chunk := f.read(1 << 22):
                    dec.decode(chunk)
                dec.decode(b"", final=True)
            return enc
        except UnicodeDecodeError:
            continue
    raise InputError(Msg("the file is neither UTF-8 nor GBK/GB18030 text; give --encoding"), Location(path))


#: rows read up front to find the headings (see Source.find_header)
HEAD_ROWS = 10


def _header(path: str, encoding: str, find_header=None) -> tuple[list[str], str, int, int]:
    """``(names, delimiter, headings row, lines to skip before it)``: the delimiter from the first line, the
    headings row chosen by ``find_header`` among the first :data:`HEAD_ROWS` rows (quoted newlines kept in
    their cell; the skip counts physical lines, as pyarrow's ``skip_rows`` does)."""
    with open(path, "r", encoding=encoding, newline="") as f:
        first = f.readline()
        while first.count('"') % 2 and (more := f.readline()):  # a header cell with a newline in quotes
            first += more
        guess = "\t" if first.count("\t") > first.count(",") else ","
        best = None
        # the first line may be a title (no separator at all): with a headings search, each separator is
        # tried, and the one whose headings row has the more cells wins (the first line's guess on a tie)
        for delim in (guess, "," if guess == "\t" else "\t") if find_header else (guess,):
            f.seek(0)
            rows, ends = _first_rows(f, delim, HEAD_ROWS if find_header else 1)
            k = find_header(rows) if find_header and rows else 0
            width = sum(1 for c in rows[k] if c.strip()) if rows else 0
            if best is None or width > best[0]:
                best = (width, delim, rows, ends, k)
    width, delim, rows, ends, k = best
    if not width:
        raise InputError(Msg("the file is empty (no header row)"), Location(path, 1))
    return rows[k], delim, k, ends[k - 1] if k else 0


def _first_rows(f, delim: str, n: int) -> tuple[list[list[str]], list[int]]:
    """The first ``n`` rows and the physical line each ends on (a cell may hold a newline in quotes, or be
    long: the csv module's 128 KB cell limit is lifted for this look)."""
    old = csv.field_size_limit(1 << 30)
    try:
        reader = csv.reader(f, delimiter=delim)
        rows, ends = [], []
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
            if len(rows) == n:
                break
        return rows, ends
    finally:
        csv.field_size_limit(old)


def read_batches(src: Source, batch_rows: int = BATCH_ROWS) -> Iterator:
    reader = {"csv": _csv, "xlsx": _xlsx, "jsonl": _jsonl, "parquet": _parquet}[src.fmt]
    try:
        yield from reader(src, batch_rows)
    except XacheckError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(Msg("cannot read the input: {error}", error=str(exc)), Location(src.path)) from None
    except Exception as exc:  # pyarrow / fastexcel errors have their own classes
        raise InputError(Msg("cannot read the input: {error}", error=f"{type(exc).__name__}: {exc}"),
                         Location(src.path)) from None


def _csv(src: Source, batch_rows: int):
    import polars as pl
    import pyarrow as pa

    enc, guessed = (src.encoding, False) if src.encoding else guess_encoding(src.path)
    try:
        names, delim, src.header_row, skip = _header(src.path, enc, src.find_header)
    except UnicodeDecodeError as exc:
        if guessed:
            raise EncodingGuessWrong(str(exc), Location(src.path)) from None
        raise
    delim = src.delimiter or delim
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(Msg("column heading(s) appear twice: {names}", names=", ".join(dupes)),
                         Location(src.path, src.header_row + 1))
    arrow_enc = {"utf-8-sig": "utf8", "utf-8": "utf8"}.get(enc.lower(), enc)
    try:
        reader = _open_csv(src, names, delim, arrow_enc, skip)
        if skip and reader.schema.names != names:  # a row above the headings that pyarrow splits differently
            raise InputError(Msg("cannot find the headings on row {row} reliably; remove the rows above them",
                                 row=src.header_row + 1), Location(src.path, src.header_row + 1))
    except pa.ArrowInvalid as exc:
        if guessed and "UTF8" in str(exc):
            raise EncodingGuessWrong(str(exc), Location(src.path)) from None
        if "Empty CSV file" in str(exc):  # headings with no line end and no row: pyarrow sees nothing
            yield pl.DataFrame(schema={n: pl.String for n in names})
            return
        raise

    rows = 0
    while True:
        try:
            rb = reader.read_next_batch()
        except StopIteration:
            if not rows:  # headings and no row: an empty result with its headings, not "no header row"
                yield pl.DataFrame(schema={n: pl.String for n in names})
            return
        except pa.ArrowInvalid as exc:
            if guessed and "UTF8" in str(exc):  # UTF-8 at the start, not further on: detect from the whole file
                raise EncodingGuessWrong(str(exc), Location(src.path)) from None
            raise
        if rb.num_rows:
            rows += rb.num_rows
            yield pl.from_arrow(rb)


def _open_csv(src: Source, names: list[str], delim: str, arrow_enc: str, skip: int = 0):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    return pacsv.open_csv(
        src.path,
        read_options=pacsv.ReadOptions(encoding=arrow_enc, block_size=CSV_BLOCK_BYTES, skip_rows=skip),
        parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))


def _xlsx(src: Source, batch_rows: int):
    import fastexcel
    import polars as pl

    from .xlsx_guard import check_workbook

    check_workbook(src.path)  # the reader trusts the file: a stray far cell or a zip bomb would abort it
    book = fastexcel.read_excel(src.path)
    sheet = src.sheet if src.sheet is not None else 0
    if isinstance(sheet, str) and sheet.isdigit() and sheet not in book.sheet_names:
        sheet = int(sheet)
    if isinstance(sheet, str) and sheet not in book.sheet_names:
        raise InputError(Msg("no sheet {sheet!r}; sheets: {names}", sheet=sheet, names=", ".join(book.sheet_names)),
                         Location(src.path))
    from .xlsx_formats import sheet_facts

    name = book.sheet_names[sheet] if isinstance(sheet, int) else sheet
    k = 0
    if src.find_header is not None:
        head = book.load_sheet(sheet, header_row=None, n_rows=HEAD_ROWS, dtypes="string").to_polars()
        rows = [["" if c is None else c for c in r] for r in head.rows()]
        k = src.find_header(rows) if rows else 0
    facts = sheet_facts(src.path, name)  # calamine counts header_row from the sheet's top (see SheetFacts)
    src.header_row = facts.first_row + k
    loaded = book.load_sheet(sheet, header_row=src.header_row, dtypes="string")
    df = loaded.to_polars()
    src.percent = {c.name: facts.percent[c.absolute_index] for c in loaded.available_columns()
                   if c.absolute_index in facts.percent}
    # calamine writes date cells as 'YYYY-MM-DD 00:00:00'
    df = df.with_columns(pl.col(pl.String).str.replace(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) 00:00:00$", "$1"))
    for start in range(0, max(df.height, 1 if df.width else 0), batch_rows):  # (headings only: one empty batch)
        yield df.slice(start, batch_rows)


def _jsonl(src: Source, batch_rows: int):
    import polars as pl

    from .scorer import as_text

    with open(src.path, "rb") as f:
        lineno = 0
        while True:
            lines = []
            for line in f:
                lines.append(line)
                if len(lines) >= batch_rows:
                    break
            if not lines:
                return
            first = lineno + 1
            lineno += len(lines)
            lines = [ln for ln in lines if ln.strip()]
            try:
                df = pl.read_ndjson(io.BytesIO(b"".join(lines)), infer_schema_length=None)
                if df.height != len(lines):
                    raise ValueError("row count")
                yield as_text(df)
            except Exception:  # noqa: BLE001 - a bad line or mixed types: go line by line
                yield pl.DataFrame(_json_rows(lines, first, src.path), infer_schema_length=None)


def _json_rows(lines: list[bytes], first: int, path: str) -> list[dict]:
    rows = []
    for k, raw in enumerate(lines):
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
            rows.append({str(key): _json_text(v) for key, v in obj.items()})
        except ValueError as exc:
            rows.append({READ_ERROR: f"line {first + k}: not a JSON object ({exc})"})
    keys: list[str] = []
    for r in rows:
        keys.extend(k for k in r if k not in keys)
    return [{k: r.get(k) for k in keys} for r in rows]


def _json_text(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):  # [] is a known empty list (holds no title), not a blank
        return "|".join(str(x.get("name") if isinstance(x, dict) else x) for x in v) or "[]"
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _parquet(src: Source, batch_rows: int):
    import polars as pl
    import pyarrow.parquet as pq

    from .scorer import as_text

    pf = pq.ParquetFile(src.path)
    rows = 0
    for rb in pf.iter_batches(batch_size=batch_rows):
        rows += rb.num_rows
        yield as_text(pl.from_arrow(rb))
    if not rows and pf.schema_arrow.names:  # columns and no row: an empty result with its headings
        yield pl.DataFrame(schema={n: pl.String for n in pf.schema_arrow.names})
