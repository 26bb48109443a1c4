"""Result batches -> a file: CSV, XLSX, JSON Lines or Parquet. One small class per format.

Every writer writes to a temporary file in the output's own directory and renames it over the
output only when the whole batch run succeeded (``os.replace`` is atomic on one file system), so a
failed run never leaves half a file, and the input is never the output.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..atomic import discard, settled, temporary_beside, writing
from ..errors import Location, UsageError
from ..i18n import Msg

FORMATS = {".csv": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".parquet": "parquet", ".pq": "parquet"}
XLSX_MAX_ROWS = 1_048_575


def output_format(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    if ext not in FORMATS:
        raise UsageError(Msg("unknown output type {ext!r}; use .csv, .xlsx, .jsonl or .parquet", ext=ext), Location(path))
    return FORMATS[ext]


def refuse_overwrite_input(inp: str, out: str) -> None:
    from ..atomic import refuse_overwrite

    refuse_overwrite(out, [inp])


class Writer:
    """``write(batch)`` per result batch, then ``commit()`` (rename into place) or ``abort()``. Each format
    says how it writes a batch (:meth:`_write`) and finishes its file (:meth:`close_file`); a full disk or a
    folder that cannot be written is an :class:`~xacheck.errors.OutputError` naming the output
    (:func:`xacheck.atomic.writing`), and :meth:`abort` leaves nothing behind."""

    def __init__(self, path: str, **opts):
        self.path = path
        self.opts = opts
        with writing(path):
            fd, self.tmp = temporary_beside(path)  # (tracked: a signal removes it, see atomic.discard_temporaries)
        self.f = os.fdopen(fd, "wb")
        self.rows = 0

    def write(self, df) -> None:
        with writing(self.path):
            self._write(df)

    def _write(self, df) -> None:
        raise NotImplementedError

    def close_file(self) -> None:
        self.f.close()

    def commit(self) -> None:
        from ..atomic import publish

        with writing(self.path):
            self.close_file()
            publish(self.tmp, self.path)  # with the mode open() would give (umask), not mkstemp's 0600
        settled(self.tmp)

    def abort(self) -> None:
        """Close and remove the temporary file; never raises (a full disk fails the close too: the error that
        stopped the run is the one to say)."""
        try:
            self.f.close()
        except Exception:  # noqa: BLE001
            pass
        finally:
            discard(self.tmp)
            settled(self.tmp)


class CsvWriter(Writer):
    """CSV for programs and for Excel: UTF-8 with a BOM by default; text cells that a spreadsheet would run as
    a formula get a leading apostrophe (:mod:`.formulas`) unless ``raw`` (``--raw-csv``)."""

    def __init__(self, path: str, encoding: str = "utf-8-sig", raw: bool = False, **opts):
        import codecs

        self.encoding = text_encoding(encoding, path)
        super().__init__(path, **opts)
        self.raw = raw
        self.sep = "\t" if path.lower().endswith(".tsv") else ","
        #: the BOM still to write (with the first batch: a full disk is then the writer's error, said plainly)
        self._bom = b"\xef\xbb\xbf" if self.encoding == "utf-8-sig" else b""
        # one encoder for the whole file: a codec that starts with a BOM (utf-16, utf-32 …) writes it once,
        # not at the start of every batch
        self._enc = None if self.encoding in ("utf-8", "utf-8-sig") else codecs.getincrementalencoder(self.encoding)()

    def _write(self, df) -> None:
        header = self.rows == 0
        if self._bom:
            self.f.write(self._bom)
            self._bom = b""
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
                raise UsageError(Msg("--out-encoding {encoding} cannot write {text!r} (output line {line}); use "
                                     "--out-encoding gb18030 or utf-8", encoding=self.encoding,
                                     text=text[exc.start:exc.end], line=line + 1), Location(self.path)) from None
            self.f.write(data)
        self.rows += df.height

    def close_file(self) -> None:
        if self._bom:  # (no batch at all: the file is the BOM alone, as before)
            self.f.write(self._bom)
            self._bom = b""
        self.f.close()


def text_encoding(name: str, path: str = "-o") -> str:
    """The codec's own name for ``--out-encoding NAME`` (one spelling per codec: UTF-8-SIG, utf_8_sig, utf8-sig …),
    refused when there is no such codec or it does not turn text into bytes (rot13, base64, hex …)."""
    import codecs

    try:
        info = codecs.lookup({"utf8-sig": "utf-8-sig"}.get(name.lower(), name))
        "x".encode(info.name)  # a codec of bytes to bytes (base64) or text to text (rot13) refuses here
    except (LookupError, TypeError, ValueError):
        raise UsageError(Msg("--out-encoding {name}: no such text encoding (utf-8-sig, utf-8, gb18030 …)", name=name),
                         Location(path)) from None
    return info.name


class JsonlWriter(Writer):
    def _write(self, df) -> None:
        df.write_ndjson(self.f)
        self.rows += df.height


class ParquetWriter(Writer):
    def __init__(self, path: str, **opts):
        super().__init__(path, **opts)
        self.pw = None

    def _write(self, df) -> None:
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

    def _write(self, df) -> None:
        if self.rows + df.height > XLSX_MAX_ROWS:
            raise UsageError(Msg("XLSX holds at most {n} rows; write .csv or .parquet instead", n=f"{XLSX_MAX_ROWS:,}"),
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
        raise UsageError(Msg("the output folder {folder} does not exist", folder=str(parent)), Location(path))
