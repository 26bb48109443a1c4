"""Result batches -> a file: CSV, XLSX, JSON Lines or Parquet. One small class per format.

Every writer writes to a temporary file in the output's own directory and renames it over the
output only when the whole batch run succeeded (``os.replace`` is atomic on one file system), so a
failed run never leaves half a file, and the input is never the output.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..atomic import settled, temporary_beside
from ..errors import Location, UsageError

FORMATS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".parquet": "parquet", ".pq": "parquet"}
XLSX_MAX_ROWS = 1_048_575


def output_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext not in FORMATS:
        raise UsageError(f"unknown output type '{ext}'; use .csv, .xlsx, .jsonl or .parquet", Location(path))
    return FORMATS[ext]


def refuse_overwrite_input(inp: str, out: str) -> None:
    same = os.path.abspath(inp) == os.path.abspath(out)
    if not same and os.path.exists(out):
        same = os.path.samefile(inp, out)
    if same:
        raise UsageError("the output would overwrite the input; choose another -o", Location(out))


class Writer:
    """``write(batch)`` per result batch, then ``commit()`` (rename into place) or ``abort()``."""

    def __init__(self, path: str, **opts):
        self.path = path
        self.opts = opts
        fd, self.tmp = temporary_beside(path)  # (tracked: a signal removes it, see atomic.discard_temporaries)
        self.f = os.fdopen(fd, "wb")
        self.rows = 0

    def write(self, df) -> None:
        raise NotImplementedError

    def close_file(self) -> None:
        self.f.close()

    def commit(self) -> None:
        from ..atomic import publish

        self.close_file()
        publish(self.tmp, self.path)  # with the mode open() would give (umask), not mkstemp's 0600
        settled(self.tmp)

    def abort(self) -> None:
        try:
            self.f.close()
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)
            settled(self.tmp)


class CsvWriter(Writer):
    """CSV for programs and for Excel: UTF-8 with a BOM by default; text cells that a spreadsheet would run as
    a formula get a leading apostrophe (:mod:`.formulas`) unless ``raw`` (``--raw-csv``)."""

    def __init__(self, path: str, encoding: str = "utf-8-sig", raw: bool = False, **opts):
        import codecs

        try:
            # (one spelling per codec: UTF-8-SIG, utf_8_sig, utf8-sig …)
            self.encoding = codecs.lookup({"utf8-sig": "utf-8-sig"}.get(encoding.lower(), encoding)).name
        except LookupError:
            raise UsageError(f"--out-encoding {encoding}: no such encoding (utf-8-sig, utf-8, gb18030 …)",
                             Location(path)) from None
        super().__init__(path, **opts)
        self.raw = raw
        self.sep = "\t" if path.lower().endswith(".tsv") else ","
        if self.encoding == "utf-8-sig":
            self.f.write(b"\xef\xbb\xbf")
        # one encoder for the whole file: a codec that starts with a BOM (utf-16, utf-32 …) writes it once,
        # not at the start of every batch
        self._enc = None if self.encoding in ("utf-8", "utf-8-sig") else codecs.getincrementalencoder(self.encoding)()

    def write(self, df) -> None:
        header = self.rows == 0
        if not self.raw:
            from .formulas import csv_frame

            df = csv_frame(df)
        if self._enc is None:
            df.write_csv(self.f, include_header=header, separator=self.sep)
        else:
            text = df.write_csv(include_header=header, separator=self.sep)
            try:
                data = self._enc.encode(text)
            except UnicodeEncodeError as exc:  # never a silent '?' in a client's name
                line = self.rows + text.count("\n", 0, exc.start) + (0 if header else 1)
                raise UsageError(f"--out-encoding {self.encoding} cannot write {text[exc.start:exc.end]!r} (output line "
                                 f"{line + 1}); use --out-encoding gb18030 or utf-8", Location(self.path)) from None
            self.f.write(data)
        self.rows += df.height


class JsonlWriter(Writer):
    def write(self, df) -> None:
        df.write_ndjson(self.f)
        self.rows += df.height


class ParquetWriter(Writer):
    def __init__(self, path: str, **opts):
        super().__init__(path, **opts)
        self.pw = None

    def write(self, df) -> None:
        import pyarrow.parquet as pq

        table = df.to_arrow()
        if self.pw is None:
            self.pw = pq.ParquetWriter(self.f, table.schema)
        self.pw.write_table(table.cast(self.pw.schema))
        self.rows += df.height

    def close_file(self) -> None:
        if self.pw is not None:
            self.pw.close()
        self.f.close()


class XlsxWriter(Writer):
    """The workbook for people (:mod:`.workbook`): results, summary and rules sheets in ``--lang``. The runner
    gives it what the sheets say beyond the rows (:meth:`setup`) and the summary before :meth:`commit`. XLSX
    holds at most 1,048,575 data rows per sheet."""

    #: the runner hands this writer every input column (not only the identifying ones)
    wants_inputs = True

    def __init__(self, path: str, **opts):
        super().__init__(path, **opts)
        self.book = None
        self.summary = None

    def setup(self, info) -> None:
        """``info``: a :class:`.workbook.BookInfo` (scored rows) or a :class:`.book.DiffInfo` (the book over
        time)."""
        from .book import DiffBook, DiffInfo
        from .workbook import ResultBook

        self.book = DiffBook(self.f, info) if isinstance(info, DiffInfo) else ResultBook(self.f, info)

    def write(self, df) -> None:
        if self.rows + df.height > XLSX_MAX_ROWS:
            raise UsageError(f"XLSX holds at most {XLSX_MAX_ROWS:,} rows; write .csv or .parquet instead",
                             Location(self.path))
        self.book.write(df)
        self.rows += df.height

    def close_file(self) -> None:
        if self.book is not None:
            self.book.close(self.summary)
        self.f.close()

    def abort(self) -> None:
        self.book = None  # (its temporary sheet files go with the workbook object)
        super().abort()


WRITERS = {"csv": CsvWriter, "jsonl": JsonlWriter, "parquet": ParquetWriter, "xlsx": XlsxWriter}


def open_writer(path: str, encoding: str | None = None, raw_csv: bool = False) -> Writer:
    fmt = output_format(path)
    if fmt == "csv":
        return CsvWriter(path, encoding=encoding or "utf-8-sig", raw=raw_csv)
    return WRITERS[fmt](path)


def ensure_parent(path: str) -> None:
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise UsageError(f"the output folder {parent} does not exist", Location(path))
