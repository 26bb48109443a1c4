"""Refuse an XLSX that would make the reader allocate without bound — before the reader opens it.

fastexcel (calamine) trusts the file: it reads the whole shared-strings table when the workbook is
opened, and loads a sheet as a *dense* grid from its first to its last cell. So a 1.6 KB file with one
cell at ``XFD1048576`` asks for 16,384 × 1,048,576 cells (512 GB: the process aborts), a reference such
as ``ZZZZZ99999999`` for more, a 1 MB deflated table of a billion bytes of ``<si>`` takes a minute and
gigabytes, and a stray cell at ``XFD1`` gives 16,383 unnamed columns. None of this can be caught
afterwards (an abort is not an exception), so :func:`check_workbook` looks first, from the zip's own
parts, with the standard library only:

* the zip: at most :data:`MAX_ENTRIES` entries; every part the reader reads (workbook, relationships,
  styles, shared strings, each worksheet) at most its size limit and, when large, deflated at most
  :data:`MAX_RATIO` to 1 (what deflate reaches only on degenerate, repeated data: real sheets are 5–30 to
  1); the sizes are those actually inflated (Python's zip reader stops at the declared size and checks
  the CRC, so a part cannot claim to be smaller than it is);
* the shared-strings table: its ``uniqueCount`` (the reader reserves that many strings up front) no more
  than its bytes can hold;
* each worksheet: the grid the reader will allocate — at most :data:`MAX_COLUMNS` columns and
  :data:`MAX_CELLS` cells; a reference beyond Excel's last cell ``XFD1048576`` is refused as it is. A byte
  scan (RE2) vouches for the usual sheet — every cell tag ``<c r="…"`` with a column up to BE and a row
  below a million, which bounds the grid without placing a cell; any other sheet (wider, longer, cells
  without a reference, which follow the one before) is parsed as XML and each cell placed the reader's way.

The cost is one inflate and scan of each sheet: ≈ 0.4× the reader's own time for 100,000 rows of 26 columns
(`python bench/xlsx_guard.py`). Messages name the file, the sheet and the cell.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..errors import Location, XacheckError

#: Excel's own sheet: columns A…XFD, rows 1…1,048,576
EXCEL_COLUMNS = 16_384
EXCEL_ROWS = 1_048_576
#: widest grid read: registers have tens of columns; a stray far cell is what makes a sheet wider
MAX_COLUMNS = 1_024
#: largest grid read (rows × columns from the first cell to the last): a million rows of 57 columns. The
#: reader and the frame it returns take ≈ 60 bytes a cell (157 MB for 100,000 rows × 26), so ≈ 3.6 GB
MAX_CELLS = 60_000_000
#: inflated bytes of one worksheet part (1,048,576 rows of 26 text cells is ≈ 1.2 GB of XML)
MAX_SHEET_BYTES = 3 << 30
#: inflated bytes of the shared-strings table, read whole when the workbook is opened
MAX_SHARED_BYTES = 512 << 20
#: any other part (workbook, relationships, styles…): real ones are KB, a styled sheet's styles a few MB
MAX_OTHER_BYTES = 64 << 20
#: inflated / stored, for parts larger than RATIO_FROM bytes
MAX_RATIO = 200
RATIO_FROM = 16 << 20
MAX_ENTRIES = 10_000
#: bytes inflated at a time while scanning
CHUNK = 4 << 20

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class XlsxTooLarge(XacheckError):
    """The workbook would make the reader allocate beyond the limits (exit code 2)."""

    code = "XA301"


@dataclass(frozen=True)
class Grid:
    """The cells a sheet spans (1-based, inclusive), as the reader will allocate them."""

    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0

    @property
    def columns(self) -> int:
        return self.last_col - self.first_col + 1 if self.last_col else 0

    @property
    def cells(self) -> int:
        return (self.last_row - self.first_row + 1) * self.columns if self.last_row else 0


def column_letters(n: int) -> str:
    """1 -> ``A``, 16384 -> ``XFD``."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def check_workbook(path: str) -> None:
    """Raise :class:`XlsxTooLarge` when reading ``path`` would go beyond the limits above. A file that is
    not a zip is left to the reader (it reports its own problem: ``.xls``, a renamed CSV…)."""
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with z:
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES:
            raise XlsxTooLarge(f"the workbook holds {len(infos):,} parts (at most {MAX_ENTRIES:,} are read)",
                               Location(path))
        names = {i.filename for i in infos}
        for info in infos:  # declared sizes first: a bomb is refused before a byte is inflated
            _declared(path, info, _limit(info.filename))
        sheets = _sheets(z, path, names)
        for part in sorted(names - set(sheets.values())):
            if part.startswith("xl/") and part.endswith(".xml") or part.endswith(".rels"):
                head = _inflate(z, path, part, _limit(part))  # (the CRC check makes the declared size the real one)
                if part.endswith("sharedStrings.xml"):
                    _string_count(path, part, head, z.getinfo(part).file_size)
        for name, part in sheets.items():
            grid = sheet_grid(z, path, part, name)
            if grid is not None:
                _check_grid(path, name, grid)


def _limit(part: str) -> int:
    if part.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    if part.endswith("sharedStrings.xml"):
        return MAX_SHARED_BYTES
    return MAX_OTHER_BYTES


def _declared(path: str, info: zipfile.ZipInfo, limit: int) -> None:
    size, stored = info.file_size, max(info.compress_size, 1)
    if size > limit:
        raise XlsxTooLarge(f"part {info.filename} inflates to {size:,} bytes (at most {limit:,} are read)",
                           Location(path))
    if size > RATIO_FROM and size / stored > MAX_RATIO:
        raise XlsxTooLarge(f"part {info.filename} inflates {size // stored:,} to 1 ({stored:,} → {size:,} bytes): "
                           "a zip bomb, not a spreadsheet", Location(path))


def _inflate(z: zipfile.ZipFile, path: str, part: str, limit: int) -> bytes:
    """Read a part through (bounded): a part whose data is not what its header says fails its CRC here.
    Returns its first bytes."""
    total = 0
    head = b""
    try:
        with z.open(part) as f:
            while chunk := f.read(CHUNK):
                head = head or chunk[:4096]
                total += len(chunk)
                if total > limit:
                    raise XlsxTooLarge(f"part {part} inflates beyond {limit:,} bytes", Location(path))
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise XlsxTooLarge(f"part {part} is damaged ({exc})", Location(path)) from None
    return head


def _string_count(path: str, part: str, head: bytes, size: int) -> None:
    """The reader reserves room for ``uniqueCount`` strings before reading one (24 bytes each): the count may
    not exceed what the part can hold (an entry ``<si/>`` is 5 bytes)."""
    m = re.search(rb"<(?:[A-Za-z_][\w.-]*:)?sst\b[^>]*\buniqueCount\s*=\s*[\"']\s*([0-9]+)", head)
    if m and int(m.group(1)) > size // 5 + 1:
        raise XlsxTooLarge(f"part {part} says it holds {int(m.group(1)):,} strings, but its {size:,} bytes hold at most "
                           f"{size // 5 + 1:,}: not a spreadsheet the reader can open safely", Location(path))


def _sheets(z: zipfile.ZipFile, path: str, names: set[str]) -> dict[str, str]:
    """Sheet name -> worksheet part, from the workbook's relationships (as the reader finds them); any
    worksheet part the workbook does not list is checked too."""
    import posixpath

    out: dict[str, str] = {}
    try:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") or "" for r in rels.iter(f"{_PKG_REL}Relationship")}
        for s in book.iter(f"{_MAIN}sheet"):
            t = targets.get(s.get(f"{_REL}id"), "")
            part = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
            if part in names:
                out[s.get("name") or part] = part
    except (KeyError, ET.ParseError, zipfile.BadZipFile, ValueError):
        pass  # the reader reports a workbook it cannot open
    for part in sorted(names):
        if part.startswith("xl/worksheets/") and part.endswith(".xml") and part not in out.values():
            out[part] = part
    return out


#: a cell start tag the fast scan does not vouch for (RE2 syntax: no look-around). A tag it vouches for is
#: ``<c r="`` + a column A…BE + a row 1…999,999 + ``"``, so such a sheet spans at most 57 columns and
#: 999,999 rows (< :data:`MAX_CELLS`). Everything else — no reference, another attribute first, a wider column
#: or a longer row number, a second ``r``, a namespace prefix, an entity — goes to the exact XML parse.
_NOT_PLAIN = "|".join([
    r"<c[/>\t\r\n]",                                        # no reference at all
    r"<c [^r]", r"<c r[^=]", r"<c r=[^\"]",                    # another attribute first, spaces, quotes
    r"<c r=\"(?:[^A-Z]|[A-Z][^A-Z1-9]|[C-Z][A-Z]|B[F-Z]|[A-Z][A-Z][^1-9])",  # column beyond BE, row 0, no row
    r"<c r=\"[A-Z]{1,2}[1-9][0-9]{6}",                        # row 1,000,000 or more
    r"<c r=\"[A-Z]{1,2}[1-9][0-9]{0,5}[^0-9\"]",              # anything after the row number
    r"<c r=\"[^\"]*\"[^>]*\sr\s*=",                          # a second r= (the reader takes the last)
    r"<[A-Za-z_][A-Za-z0-9_.-]*:c[\s/>]",                      # a prefixed cell tag
])


def sheet_grid(z: zipfile.ZipFile, path: str, part: str, name: str = "") -> Grid | None:
    """Check one worksheet. Fast path: a scan of the inflated bytes (RE2, via pyarrow) finds no cell tag
    outside the plain form of :data:`_NOT_PLAIN`, which bounds the grid without placing a cell (None is
    returned). Otherwise the sheet is parsed as XML and each cell placed the reader's way — by its
    reference, or after the cell before in the row after the row before — and the grid returned."""
    import pyarrow as pa
    import pyarrow.compute as pc

    total = 0
    tail = b""
    plain = True
    try:
        for chunk in _chunks(z, part):  # (inflated on another thread: zlib and RE2 both run without the GIL)
            if not total and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:64]):
                plain = False  # UTF-16: the byte scan cannot read it
                break
            total += len(chunk)
            if total > MAX_SHEET_BYTES:
                raise XlsxTooLarge(f"sheet '{name}' inflates beyond {MAX_SHEET_BYTES:,} bytes", Location(path))
            data = tail + chunk
            cut = data.rfind(b">") + 1  # every tag before the cut is whole
            data, tail = data[:cut], data[cut:]
            if len(tail) > CHUNK or (data and pc.any(pc.match_substring_regex(
                    pa.array([data], pa.large_binary()), _NOT_PLAIN)).as_py()):
                plain = False
                break
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise XlsxTooLarge(f"sheet '{name}' is damaged ({exc})", Location(path)) from None
    return None if plain else _parsed_grid(z, path, part, name)


def _chunks(z: zipfile.ZipFile, part: str):
    """The inflated part in :data:`CHUNK`-sized pieces, read one piece ahead on a helper thread."""
    import queue
    import threading

    q: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def read():
        try:
            with z.open(part) as f:
                while not stop.is_set() and (chunk := f.read(CHUNK)):
                    q.put(chunk)
            q.put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            q.put(exc)

    t = threading.Thread(target=read, name="xacheck-xlsx-guard", daemon=True)
    t.start()
    try:
        while (item := q.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while t.is_alive():  # let the reader see the stop (it may be waiting on a full queue)
            try:
                q.get(timeout=0.05)
            except queue.Empty:
                pass
        t.join()


def _check_ref(path: str, name: str, col: str, row: str) -> None:
    if len(col) > 3 or column_number(col) > EXCEL_COLUMNS:
        raise XlsxTooLarge(f"sheet '{name}' has a cell at {col}{row}, outside Excel's sheet (the last cell is "
                           f"XFD{EXCEL_ROWS}); the file is not a valid workbook", Location(path))


def _parsed_grid(z: zipfile.ZipFile, path: str, part: str, name: str) -> Grid:
    """Cell positions the reader's way, for sheets with cells that carry no reference."""
    first_row = first_col = 10 ** 18
    last_row = last_col = 0
    row = 0
    col = 0
    try:
        with z.open(part) as f:
            for event, el in ET.iterparse(f, events=("start", "end")):
                tag = el.tag.rsplit("}", 1)[-1]
                if event == "start":
                    if tag == "row":
                        r = el.get("r")
                        row = int(r) if r and r.isdigit() else row + 1
                        col = 0
                    elif tag == "c":
                        ref = re.fullmatch(r"([A-Za-z]+)([0-9]+)", el.get("r") or "")
                        if ref:
                            _check_ref(path, name, ref.group(1), ref.group(2))
                            col, row = column_number(ref.group(1)), int(ref.group(2))
                        else:
                            col += 1
                        if not 1 <= row <= EXCEL_ROWS or col > EXCEL_COLUMNS:
                            raise XlsxTooLarge(f"sheet '{name}' has a cell at {column_letters(min(col, 99999))}{row}, "
                                               f"outside Excel's sheet (the last cell is XFD{EXCEL_ROWS})", Location(path))
                        grew = row > last_row or col > last_col
                        first_row, last_row = min(first_row, row), max(last_row, row)
                        first_col, last_col = min(first_col, col), max(last_col, col)
                        if grew:
                            _check_grid(path, name, Grid(first_row, last_row, first_col, last_col))
                elif tag in ("c", "row"):
                    el.clear()
    except ET.ParseError as exc:
        raise XlsxTooLarge(f"sheet '{name}' is not well-formed XML ({exc})", Location(path)) from None
    return Grid(first_row, last_row, first_col, last_col) if last_row else Grid()


def _check_grid(path: str, name: str, g: Grid) -> None:
    if g.columns > MAX_COLUMNS:
        raise XlsxTooLarge(
            f"sheet '{name}' spans {g.columns:,} columns ({column_letters(g.first_col)}{g.first_row}:"
            f"{column_letters(g.last_col)}{g.last_row}); "
            f"at most {MAX_COLUMNS:,} are read — delete the stray cells far to the right of the table "
            f"(in Excel: select the empty columns after it, Delete, save)", Location(path))
    if g.cells > MAX_CELLS:
        raise XlsxTooLarge(
            f"sheet '{name}' spans {g.cells:,} cells ({column_letters(g.first_col)}{g.first_row}:"
            f"{column_letters(g.last_col)}{g.last_row}); at most {MAX_CELLS:,} are read — delete the stray cells far "
            "below or beside the table, or save the sheet as CSV", Location(path))
