"""Input files -> :class:`Chunk` s of text cells, in file order, in bounded memory.

CSV (UTF-8, UTF-8 with BOM or GB18030, comma or tab, quoted newlines) streams through pyarrow's CSV
reader; XLSX through fastexcel (calamine); JSON Lines and Parquet in chunks. Every cell arrives as
text (or null), so identifiers such as 统一社会信用代码 or 000123 are never turned into numbers here.

One bad row costs that row only: a CSV row of the wrong width, a JSON line that is not an object (or
repeats a key), comes out in its place as *unreadable*, with its error (:attr:`Chunk.errors`); a cell too
large to be a spreadsheet cell is left out with a note (:attr:`Chunk.notes`), the rest of its row read. The
errors travel beside the cells, never as a column of them, so no input column can be taken for one.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..errors import Location, XacheckError
from ..i18n import Msg

BATCH_ROWS = 100_000
#: bytes per CSV block read at a time (~25,000 rows of a typical register): pyarrow reads a few blocks ahead,
#: so the block size bounds the reader's share of the peak memory
CSV_BLOCK_BYTES = 2 << 20
#: a cell of more bytes than this is no spreadsheet cell (Excel holds at most 32,767 characters): it is left
#: out, with a note in its row's error column, and the rest of the row is read
MAX_CELL_BYTES = 1 << 20
#: the Python CSV reader (rows of the wrong width, cells over a pyarrow block) refuses a file with a cell beyond
#: this: the whole cell must be held to know where it ends
MAX_FIELD_BYTES = 256 << 20
FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


class InputError(XacheckError):
    """The input file itself cannot be read (exit code 2)."""

    code = "XA300"


def check_headings(path: str, columns: list[str]) -> None:
    """Refuse a heading holding a NUL character: no result format carries it (Arrow's column names are C
    strings — Polars panics writing Parquet), and no spreadsheet makes one; the file is damaged."""
    for i, name in enumerate(columns, 1):
        if "\x00" in str(name):
            raise InputError(Msg("the heading of column {n} ({name}) holds a NUL character (shown as \\x00), which no "
                                 "result file can carry: the file is damaged; remove it", n=i,
                                 name=str(name).replace("\x00", "\\x00")),
                             Location(path))


def check_width(path: str, n: int) -> None:
    """Refuse an input of more columns than any sheet is read with (:data:`.xlsx_guard.MAX_COLUMNS`, the XLSX
    reader's limit, for every format): a register has tens; thousands are a generated or damaged file, and
    each costs the scorer and the writer (an XLSX result holds at most 16,384)."""
    from .xlsx_guard import MAX_COLUMNS

    if n > MAX_COLUMNS:
        raise InputError(Msg("the input has {n} columns; at most {limit} are read (a register has tens: delete the "
                             "empty or stray columns)", n=f"{n:,}", limit=f"{MAX_COLUMNS:,}"), Location(path))


@dataclass
class Chunk:
    """Rows read from the input: ``cells`` (text columns, the input's headings), and per row the reader's
    ``errors`` (the row could not be read: unreadable) and ``notes`` (a cell left out; the row is read)."""

    cells: Any
    #: per row (a list, or None when every row was read): the reader's words — a :class:`~xacheck.i18n.Msg`,
    #: said in the run's language by the scorer — or None
    errors: Any = None
    notes: Any = None
    #: how far the reader is, in :attr:`Source.total` units (bytes of the file; rows for XLSX)
    done: int = 0


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
    #: how many fields a headings row names: with several sheets and no ``sheet``, the sheet whose headings
    #: name the most is read (:func:`choose_sheet`)
    rate_header: Callable[[list[str]], int] | None = None
    #: set by the CSV / XLSX reader: the index of the headings row it used
    header_row: int = 0
    #: set by the XLSX reader: heading -> "percent" | "mixed" for columns formatted as Excel percentages
    #: (see :mod:`.xlsx_formats`); the runner scales them for fields measured in %
    percent: dict[str, str] = field(default_factory=dict)
    #: set by the readers: what :attr:`Chunk.done` counts up to (0: unknown)
    total: int = 0
    #: set by the XLSX reader: the sheet read, and when it chose among several, why (for stderr)
    sheet_note: str = ""


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
    """Strict UTF-8 (BOM or not) first, then GB18030 (a superset of GBK); anything else is refused, and so
    is a file that mixes the two (rows saved as UTF-8 and others as GBK: read as either, one part would be
    mojibake — every name garbled and every rule unknown, with nothing to say so)."""
    dec = codecs.getincrementaldecoder("utf-8-sig")(errors="strict")
    chinese, line = 0, 1
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 22):
                try:
                    text = dec.decode(chunk)
                except UnicodeDecodeError as exc:
                    # UTF-8 Chinese text before the first byte that is not UTF-8: two encodings in one file
                    # (GBK read as UTF-8 gives no such run: its bytes make Latin or nothing)
                    if chinese + _utf8_chinese(chunk[:exc.start]) >= 2:
                        line += chunk[:exc.start].count(b"\n")
                        raise _mixed(path, line, "UTF-8", Msg("GBK or another encoding")) from None
                    raise
                if chinese < 2 and not text.isascii():
                    chinese = min(chinese + _utf8_chinese(text), 2)
                line += chunk.count(b"\n")
            dec.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        with open(path, "rb") as f:
            for n, raw in enumerate(f, 1):
                if _looks_utf8(raw):
                    raise _mixed(path, n, "GBK/GB18030", "UTF-8")
                raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise InputError(Msg("the file is neither UTF-8 nor GBK/GB18030 text; give --encoding"), Location(path)) from None


def _utf8_chinese(data) -> int:
    """How many CJK characters ``data`` holds as UTF-8 (0 when, read so, it is mostly Latin: GBK bytes)."""
    import re

    if isinstance(data, bytes):
        data = data.decode("utf-8", "ignore")
    if data.isascii():
        return 0
    cjk = len(re.findall("[\u4e00-\u9fff]", data))
    odd = len(re.findall("[\u0080-\u07ff]", data))
    return cjk if cjk > odd else 0


def _looks_utf8(raw: bytes) -> bool:
    """A line of a GB18030 file that is UTF-8 Chinese text (two or more CJK characters as UTF-8, and
    nothing a GBK line read as UTF-8 would give: Latin, Greek, Cyrillic …)."""
    if raw.isascii():
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _utf8_chinese(text) >= 2


def _mixed(path: str, line: int, first: str, then: str) -> InputError:
    return InputError(Msg("the file mixes text encodings: it is {first} before line {line}, and line {line} is "
                          "{then}; read as one, part of it would be garbled. Save the whole file in one encoding "
                          "(Excel: 另存为 → CSV UTF-8)", first=first, line=line, then=then), Location(path, line))


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
    old = csv.field_size_limit(MAX_FIELD_BYTES)
    try:
        reader = csv.reader(f, delimiter=delim)
        rows, ends = [], []
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
            if len(rows) == n:
                break
        return rows, ends
    except csv.Error as exc:
        raise InputError(Msg("cannot read the first rows: {why}", why=str(exc)), Location(getattr(f, "name", "input"))) from None
    finally:
        csv.field_size_limit(old)


def read_chunks(src: Source, batch_rows: int = BATCH_ROWS) -> Iterator[Chunk]:
    from ..userfiles import check_file

    reader = {"csv": _csv, "xlsx": _xlsx, "jsonl": _jsonl, "parquet": _parquet}[src.fmt]
    check_file(src.path)  # the readers take a path: a regular file only (a FIFO would hang them, /dev/zero never end)
    try:
        yield from reader(src, batch_rows)
    except XacheckError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise InputError(Msg("cannot read the input: {error}", error=str(exc)), Location(src.path)) from None
    except Exception as exc:  # pyarrow / fastexcel errors have their own classes
        raise InputError(Msg("cannot read the input: {error}", error=f"{type(exc).__name__}: {exc}"),
                         Location(src.path)) from None


def read_batches(src: Source, batch_rows: int = BATCH_ROWS) -> Iterator:
    """The cells of each chunk (for tools that only count or time rows)."""
    for chunk in read_chunks(src, batch_rows):
        yield chunk.cells


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
    check_width(src.path, len(names))
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(Msg("column heading(s) appear twice: {names}", names=", ".join(dupes)),
                         Location(src.path, src.header_row + 1))
    src.total = os.path.getsize(src.path)
    arrow_enc = {"utf-8-sig": "utf8", "utf-8": "utf8"}.get(enc.lower(), enc)
    ragged: list = []  # rows of the wrong width, as pyarrow meets them: the Python reader takes over
    stream = pa.OSFile(src.path, "rb")
    try:
        try:
            reader = _open_csv(stream, names, delim, arrow_enc, skip, ragged)
            if skip and reader.schema.names != names:  # a row above the headings that pyarrow splits differently
                raise InputError(Msg("cannot find the headings on row {row} reliably; remove the rows above them",
                                     row=src.header_row + 1), Location(src.path, src.header_row + 1))
        except pa.ArrowInvalid as exc:
            if guessed and "UTF8" in str(exc):
                raise EncodingGuessWrong(str(exc), Location(src.path)) from None
            if "Empty CSV file" in str(exc):  # headings with no line end and no row: pyarrow sees nothing
                yield Chunk(pl.DataFrame(schema={n: pl.String for n in names}), done=src.total)
                return
            if ragged or "straddling" in str(exc):
                yield from _csv_python(src, names, delim, enc, guessed, skip, 0, batch_rows)
                return
            raise

        rows = batches = 0
        pending = None  # a chunk is handed on when the next one is read: the last one then says 100 %
        while True:
            try:
                rb = reader.read_next_batch()
            except StopIteration:
                if pending is not None:
                    pending.done = src.total
                    yield pending
                elif not rows:  # headings and no row: an empty result with its headings, not "no header row"
                    yield Chunk(pl.DataFrame(schema={n: pl.String for n in names}), done=src.total)
                return
            except pa.ArrowInvalid as exc:
                if guessed and "UTF8" in str(exc):  # UTF-8 at the start, not further on: detect from the whole file
                    raise EncodingGuessWrong(str(exc), Location(src.path)) from None
                if ragged or "straddling" in str(exc):  # one odd row: the rows from here on, read by Python
                    if pending is not None:
                        yield pending
                    yield from _csv_python(src, names, delim, enc, guessed, skip, rows, batch_rows)
                    return
                raise
            if rb.num_rows:
                if pending is not None:
                    yield pending
                rows += rb.num_rows
                batches += 1
                cells, notes = _oversized(pl.from_arrow(rb))
                # (pyarrow reads blocks ahead: the bytes behind the rows handed on are about a block a batch)
                pending = Chunk(cells, notes=notes, done=min(src.total - 1, batches * CSV_BLOCK_BYTES, stream.tell()))
    finally:
        stream.close()


def _open_csv(stream, names: list[str], delim: str, arrow_enc: str, skip: int = 0, ragged: list | None = None):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def odd_row(row):  # a row of the wrong width: stop, and let the Python reader place it
        if ragged is not None:
            ragged.append(row.text)
        return "error"

    return pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(encoding=arrow_enc, block_size=CSV_BLOCK_BYTES, skip_rows=skip),
        parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True, invalid_row_handler=odd_row),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))


def _csv_python(src: Source, names: list[str], delim: str, enc: str, guessed: bool, skip: int, start: int,
                batch_rows: int):
    """The CSV rows from data row ``start`` on, read by Python's csv module: a row of the wrong width comes
    out as an unreadable row in its place (its cells under the first headings, for finding it), a cell of up
    to :data:`MAX_FIELD_BYTES` is read whole. Taken only when pyarrow meets such a row (rare: slower)."""
    import polars as pl

    width = len(names)
    old = csv.field_size_limit(MAX_FIELD_BYTES)
    try:
        with open(src.path, "r", encoding=enc, newline="") as f:
            for _ in range(skip):
                f.readline()
            reader = csv.reader(f, delimiter=delim)
            next(reader, None)  # the headings
            seen = 0
            rows: list[list] = []
            errors: list = []
            for row in reader:
                if not row:  # an empty line is not a row (as pyarrow reads it)
                    continue
                seen += 1
                if seen <= start:
                    continue
                if len(row) != width:
                    errors.append(Msg("line {line}: a row of {cells} cell(s) under {width} headings; not read",
                                      line=reader.line_num, cells=len(row), width=width))
                    row = (row + [None] * width)[:width]
                else:
                    errors.append(None)
                rows.append(row)
                if len(rows) >= batch_rows:
                    yield _python_chunk(rows, errors, names, f, src)
                    rows, errors = [], []
            if rows or (start == 0 and seen == 0):  # (headings only: one empty chunk, as pyarrow's path)
                yield _python_chunk(rows, errors, names, f, src)
    except UnicodeDecodeError as exc:
        if guessed:
            raise EncodingGuessWrong(str(exc), Location(src.path)) from None
        raise
    except csv.Error as exc:
        raise InputError(Msg("cannot read the input: {error}", error=str(exc)), Location(src.path)) from None
    finally:
        csv.field_size_limit(old)


def _python_chunk(rows, errors, names, f, src) -> Chunk:
    import polars as pl

    df = pl.DataFrame(rows, schema={n: pl.String for n in names}, orient="row") if rows \
        else pl.DataFrame(schema={n: pl.String for n in names})
    cells, notes = _oversized(df)
    err = errors if any(e is not None for e in errors) else None
    try:
        done = min(f.buffer.tell(), src.total)
    except (AttributeError, OSError, ValueError):
        done = 0
    return Chunk(cells, errors=err, notes=notes, done=done)


def _oversized(df):
    """``(cells, notes)``: cells over :data:`MAX_CELL_BYTES` left out (null), each named in its row's notes
    (a list per row of :class:`~xacheck.i18n.Msg`, or None when no cell was left out)."""
    import polars as pl

    if df.height == 0 or df.width == 0:
        return df, None
    longest = df.select(pl.col(pl.String).str.len_bytes().max())
    big = [c for c in longest.columns if (longest[c][0] or 0) > MAX_CELL_BYTES]
    if not big:
        return df, None
    notes: list = [None] * df.height
    for c in big:
        size = df[c].str.len_bytes()
        at = (size > MAX_CELL_BYTES).arg_true()
        for i, n in zip(at.to_list(), size.gather(at).to_list()):
            note = Msg("{column}: a cell of {size} bytes (a spreadsheet cell holds far less); left out", column=c,
                       size=f"{n:,}")
            notes[i] = [*(notes[i] or []), note]
        df = df.with_columns(df[c].scatter(at, None))
    return df, notes


def choose_sheet(src: Source, names: list[str]) -> str:
    """The sheet to read when none is named: the only one, or the one whose headings name the most fields
    (the first on a tie); a workbook whose sheets name no field is refused, listing them."""
    if len(names) == 1 or src.rate_header is None:
        return names[0]
    from .xlsx_formats import first_rows

    scores = []
    for name in names:
        rows = first_rows(src.path, name, HEAD_ROWS)
        k = src.find_header(rows) if src.find_header and rows else 0
        scores.append(src.rate_header(rows[k]) if rows else 0)
    best = max(range(len(names)), key=lambda i: (scores[i], -i))
    listed = ", ".join(f"'{n}' ({s})" for n, s in zip(names, scores))
    if scores[best] == 0:
        raise InputError(Msg("no sheet has headings that name a field (sheets, with the fields their headings "
                             "name: {sheets}); give --sheet NAME, or --map for your own headings", sheets=listed),
                         Location(src.path))
    if best:  # (stderr says so when a sheet before it was passed over: a 填表说明 sheet first)
        src.sheet_note = Msg("reading sheet {name!r}, whose headings name the most fields (sheets: {sheets}); "
                             "--sheet picks another", name=names[best], sheets=listed)
    return names[best]


def _xlsx(src: Source, batch_rows: int):
    import fastexcel
    import polars as pl

    from .xlsx_guard import check_workbook

    check_workbook(src.path)  # the reader trusts the file: a stray far cell or a zip bomb would abort it
    book = fastexcel.read_excel(src.path)
    sheet = src.sheet
    if sheet is None:
        sheet = choose_sheet(src, book.sheet_names)
    if isinstance(sheet, str) and sheet.isdigit() and sheet not in book.sheet_names:
        sheet = int(sheet)
    if isinstance(sheet, str) and sheet not in book.sheet_names:
        raise InputError(Msg("no sheet {sheet!r}; sheets: {names}", sheet=sheet, names=", ".join(book.sheet_names)),
                         Location(src.path))
    if isinstance(sheet, int) and not 0 <= sheet < len(book.sheet_names):
        raise InputError(Msg("no sheet {sheet!r}; sheets: {names}", sheet=sheet, names=", ".join(book.sheet_names)),
                         Location(src.path))
    from .xlsx_formats import first_rows, sheet_facts

    name = book.sheet_names[sheet] if isinstance(sheet, int) else sheet
    k = 0
    if src.find_header is not None:
        rows = first_rows(src.path, name, HEAD_ROWS)
        k = src.find_header(rows) if rows else 0
    facts = sheet_facts(src.path, name)  # calamine counts header_row from the sheet's top (see SheetFacts)
    src.header_row = facts.first_row + k
    loaded = book.load_sheet(name, header_row=src.header_row, dtypes="string")
    df = loaded.to_polars()
    src.percent = {c.name: facts.percent[c.absolute_index] for c in loaded.available_columns()
                   if c.absolute_index in facts.percent}
    # calamine writes date cells as 'YYYY-MM-DD 00:00:00'
    df = df.with_columns(pl.col(pl.String).str.replace(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) 00:00:00$", "$1"))
    src.total = df.height
    for start in range(0, max(df.height, 1 if df.width else 0), batch_rows):  # (headings only: one empty batch)
        cells, notes = _oversized(df.slice(start, batch_rows))
        yield Chunk(cells, notes=notes, done=min(start + batch_rows, df.height))


def _jsonl(src: Source, batch_rows: int):
    import polars as pl

    from .scorer import as_text

    src.total = os.path.getsize(src.path)
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
            numbers = [first + k for k, ln in enumerate(lines) if ln.strip()]
            lineno += len(lines)
            lines = [ln for ln in lines if ln.strip()]
            done = min(f.tell(), src.total)
            twice = _repeated_keys(lines)
            try:
                if twice:
                    raise ValueError("a repeated key")  # (the first value would win here, the last in Python)
                df = pl.read_ndjson(io.BytesIO(b"".join(lines)), infer_schema_length=None)
                if df.height != len(lines):
                    raise ValueError("row count")
                chunk = Chunk(as_text(df), done=done)
            except Exception:  # noqa: BLE001 - a bad line, a repeated key or mixed types: go line by line
                cells, errors = _json_rows(lines, numbers)
                chunk = Chunk(cells, errors=errors, done=done)
            check_width(src.path, chunk.cells.width)
            yield chunk


def _repeated_keys(lines: list[bytes]) -> bool:
    """Whether some line may repeat a key (a cheap look at every ``"…":``; :func:`_json_rows` decides)."""
    import polars as pl

    keys = pl.Series([ln.decode("utf-8", "replace") for ln in lines], dtype=pl.String).str.extract_all(
        r'"(?:[^"\\]|\\.)*"\s*:')
    return bool((keys.list.n_unique() < keys.list.len()).any())


class _Repeated(ValueError):
    pass


def _no_repeats(pairs):
    seen = set()
    for k, _ in pairs:
        if k in seen:
            raise _Repeated(k)
        seen.add(k)
    return dict(pairs)


def _json_rows(lines: list[bytes], numbers: list[int]):
    """``(cells, errors)`` line by line: a line that is not a JSON object, or repeats a key (as ``xacheck
    check`` refuses a profile that does), is an unreadable row naming its line."""
    import polars as pl

    rows, errors = [], []
    for n, raw in zip(numbers, lines):
        try:
            obj = json.loads(raw, object_pairs_hook=_no_repeats)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
            rows.append({str(key): _json_text(v) for key, v in obj.items()})
            errors.append(None)
        except _Repeated as exc:
            rows.append({})
            errors.append(Msg("line {line}: the key {key!r} appears twice (which value is meant?); not read",
                              line=n, key=exc.args[0]))
        except ValueError as exc:
            rows.append({})
            errors.append(Msg("line {line}: not a JSON object ({error})", line=n, error=str(exc)))
        except RecursionError:  # (the json module nests as deep as the line does)
            rows.append({})
            errors.append(Msg("line {line}: not a JSON object ({error})", line=n, error="nested too deeply"))
    keys: dict[str, None] = {}  # (in order of first use)
    for r in rows:
        keys.update(dict.fromkeys(r))
    # (no key at all: a frame of no columns, whose rows the errors count)
    cells = pl.DataFrame({k: [r.get(k) for r in rows] for k in keys}, schema={k: pl.String for k in keys})
    return cells, errors


def arrow_for_polars(rb):
    """A record batch Polars can take: a column of a type it cannot hold (a 256-bit decimal, a union, an interval,
    an extension or map type, such a type inside a list or struct) becomes text here, in Arrow — Polars would
    panic on it (a Rust backtrace and a failed run), and every cell is read as text anyway. The file's schema
    metadata is left behind (Polars panicked on a damaged key that was not UTF-8; nothing reads it)."""
    import pyarrow as pa

    if rb.schema.metadata:  # (the file's own metadata is nothing a cell needs, and Polars panics on a key or
        rb = rb.replace_schema_metadata(None)  # value that is not UTF-8: a damaged footer)
    odd = [i for i, f in enumerate(rb.schema) if not _polars_can_hold(f.type)]
    bad = [i for i, f in enumerate(rb.schema) if i not in odd and not _valid_utf8(rb.column(i))]
    cols = [_arrow_text(c) if i in odd else _as_bytes(c) if i in bad else c for i, c in enumerate(rb.columns)]
    return pa.RecordBatch.from_arrays(cols, names=rb.schema.names)  # (names and types only: no metadata)


def _valid_utf8(col) -> bool:
    """Whether a text column's bytes are UTF-8: Parquet's reader does not check (a damaged page, or a writer
    that does not either), and Polars trusts them — it panicked reading such a cell back."""
    import pyarrow as pa
    import pyarrow.types as pt

    t = col.type
    if pt.is_dictionary(t):
        col, t = col.dictionary, t.value_type
    if not (pt.is_string(t) or pt.is_large_string(t) or getattr(pt, "is_string_view", lambda _: False)(t)):
        return True
    try:
        col.validate(full=True)
        return True
    except pa.ArrowInvalid:
        return False


def _as_bytes(col):
    """A text column with bytes that are not UTF-8, as bytes: read as text where they are, else as 0x… hex
    (:func:`.scorer.as_text`), the way a binary column is."""
    import pyarrow as pa
    import pyarrow.types as pt

    if pt.is_dictionary(col.type):
        col = col.dictionary_decode()
    return col.view(pa.large_binary() if pt.is_large_string(col.type) else pa.binary())


def _polars_can_hold(t) -> bool:
    import pyarrow as pa
    import pyarrow.types as pt

    if isinstance(t, pa.ExtensionType) or pt.is_decimal256(t) or pt.is_union(t) or pt.is_interval(t) or pt.is_map(t) \
            or getattr(pt, "is_run_end_encoded", lambda _: False)(t):
        return False
    if pt.is_list(t) or pt.is_large_list(t) or pt.is_fixed_size_list(t):
        return _polars_can_hold(t.value_type)
    if pt.is_struct(t):
        return all(_polars_can_hold(t.field(i).type) for i in range(t.num_fields))
    if pt.is_dictionary(t):
        return (pt.is_string(t.value_type) or pt.is_large_string(t.value_type)) and pt.is_integer(t.index_type)
    return True


def _arrow_text(col):
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return pc.cast(col, pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                         if isinstance(v, (dict, list)) else str(v) for v in col.to_pylist()], pa.large_string())


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
    check_width(src.path, len(pf.schema_arrow.names))
    src.total = pf.metadata.num_rows
    rows = 0
    for rb in pf.iter_batches(batch_size=batch_rows):
        rows += rb.num_rows
        cells, notes = _oversized(as_text(pl.from_arrow(arrow_for_polars(rb))))
        yield Chunk(cells, notes=notes, done=rows)
    if not rows and pf.schema_arrow.names:  # columns and no row: an empty result with its headings
        yield Chunk(pl.DataFrame(schema={n: pl.String for n in pf.schema_arrow.names}))
