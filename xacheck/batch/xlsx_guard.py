"""Refuse an XLSX that would make the reader allocate without bound — before the reader opens it.

fastexcel (calamine) trusts the file: it reserves the shared-strings table's ``uniqueCount`` when the workbook
is opened, reads the whole table, and loads a sheet as a *dense* grid from its first to its last cell. So a
1.6 KB file with one cell at ``XFD1048576`` asks for 16,384 × 1,048,576 cells (512 GB: the process aborts), a
reference such as ``ZZZZZ99999999`` for more, a 1 MB deflated table of a billion bytes of ``<si>`` takes a
minute and gigabytes, and a stray cell at ``XFD1`` gives 16,383 unnamed columns. None of this can be caught
afterwards (an abort is not an exception), so :func:`check_workbook` looks first, from the zip's own parts,
with the standard library only.

It looks at the parts *as the reader finds them*, not as a well-made workbook names them: the reader looks a
part up by its name folded to lower case with ``\\`` read as ``/``, finds the workbook through
``_rels/.rels`` (it need not be ``xl/workbook.xml``) and reads whatever part the workbook's relationships
name as a sheet. So every part of the zip is checked — each entry, duplicates included — and classed by its
folded name and its content, never by an exact name:

* the zip: at most :data:`MAX_ENTRIES` entries; every part at most its size limit and, when large, deflated at
  most :data:`MAX_RATIO` to 1 (what deflate reaches only on degenerate, repeated data: real sheets are 5–30
  to 1); the sizes are those actually inflated (Python's zip reader stops at the declared size and checks
  the CRC, so a part cannot claim to be smaller than it is);
* a shared-strings table (any part whose folded name ends ``sharedstrings.xml``): the largest ``uniqueCount``
  its first ``sst`` element gives (the reader reserves that many strings up front) no more than its bytes
  can hold;
* any part holding ``sheetData`` (a sheet, wherever it is and whatever it is called): the grid the reader
  will allocate — at most :data:`MAX_COLUMNS` columns and :data:`MAX_CELLS` cells, and past
  :data:`SPARSE_FROM` cells at most :data:`MAX_SPARSE` for each cell the sheet holds (stray cells far from
  the table); a reference beyond Excel's last cell ``XFD1048576`` is refused as it is. A byte scan (RE2)
  vouches for the usual sheet — every cell tag ``<c r="…"`` with a column up to BE and a row below a million,
  and as many cells as the largest row number and column letters seen need, which bounds the grid without
  placing a cell; any other part (wider, longer, sparse, cells without a reference, which follow the one
  before, UTF-16) is parsed as XML and each cell placed the reader's way.

The cost is one inflate and scan of each part: ≈ 0.5× the reader's own time for 100,000 rows of 26 or 60 columns
(`python bench/xlsx_guard.py`). Messages name the file, the sheet (or part) and the cell, in both languages.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..errors import Location, XacheckError
from ..i18n import Msg

#: Excel's own sheet: columns A…XFD, rows 1…1,048,576
EXCEL_COLUMNS = 16_384
EXCEL_ROWS = 1_048_576
#: widest grid read: registers have tens of columns; a stray far cell is what makes a sheet wider
MAX_COLUMNS = 1_024
#: largest grid read (rows × columns from the first cell to the last): a million rows of 57 columns. The
#: reader and the frame it returns take ≈ 60 bytes a cell (157 MB for 100,000 rows × 26), so ≈ 3.6 GB
MAX_CELLS = 60_000_000
#: a grid larger than this must be filled: at most MAX_SPARSE of its cells for each cell the sheet holds (a
#: register is dense; a 5 KB sheet with one cell at BE999999 asks the reader for 57 million cells, 4 GB)
SPARSE_FROM = 2_000_000
MAX_SPARSE = 64
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
#: bytes of a shared-strings part searched for its ``sst`` start tag (the reader stops at the first one)
SST_HEAD = 1 << 20

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


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


def folded(name: str) -> str:
    """A part name as the reader looks it up: ``\\`` read as ``/``, ASCII letters in lower case."""
    return name.replace("\\", "/").translate(_LOWER)


_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def check_workbook(path: str) -> None:
    """Raise :class:`XlsxTooLarge` when reading ``path`` would go beyond the limits above. A file that is
    not a zip is left to the reader (it reports its own problem: ``.xls``, a renamed CSV…)."""
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    with z:
        infos = [i for i in z.infolist() if not i.is_dir()]
        if len(infos) > MAX_ENTRIES:
            raise XlsxTooLarge(Msg("the workbook holds {n} parts (at most {limit} are read)", n=f"{len(infos):,}",
                                   limit=f"{MAX_ENTRIES:,}"), Location(path))
        for info in infos:  # declared sizes first: a bomb is refused before a byte is inflated
            _declared(path, info, _limit(info.filename))
        names = sheet_parts(z)
        for info in infos:
            if folded(info.filename).endswith("sharedstrings.xml"):
                _check_shared(z, path, info)
                continue
            key = folded(info.filename)
            part_grid(z, path, info, names.get(key, info.filename), sheet=key in names)  # (raises beyond a limit)


def _limit(part: str) -> int:
    key = folded(part)
    if "worksheets/" in key:
        return MAX_SHEET_BYTES
    if key.endswith("sharedstrings.xml"):
        return MAX_SHARED_BYTES
    return MAX_OTHER_BYTES


def _declared(path: str, info: zipfile.ZipInfo, limit: int) -> None:
    size, stored = info.file_size, max(info.compress_size, 1)
    if size > limit:
        raise XlsxTooLarge(Msg("part {part} inflates to {size} bytes (at most {limit} are read)", part=info.filename,
                               size=f"{size:,}", limit=f"{limit:,}"), Location(path))
    if size > RATIO_FROM and size / stored > MAX_RATIO:
        raise XlsxTooLarge(Msg("part {part} inflates {ratio} to 1 ({stored} → {size} bytes): a zip bomb, not a "
                               "spreadsheet", part=info.filename, ratio=f"{size // stored:,}", stored=f"{stored:,}",
                               size=f"{size:,}"), Location(path))


_DAMAGE = (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError, KeyError)


def _damaged(path: str, part: str, exc: BaseException) -> XlsxTooLarge:
    return XlsxTooLarge(Msg("part {part} is damaged ({error})", part=part, error=str(exc)), Location(path))


# ---------------------------------------------------------------------------------------------- which part is which
def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Folded part name -> sheet name, found the reader's way: the workbook named by ``_rels/.rels`` (its
    folder is where the reader looks for the workbook's relationships), each ``sheet`` of the workbook
    resolved through them — a target starting with ``/`` from the zip's root, any other from the workbook's
    folder, as written (no ``..`` resolved: the reader does not either). Parts are looked up folded, as the
    reader does. Empty when the workbook cannot be found (the reader then fails on its own)."""
    parts = {folded(i.filename): i for i in z.infolist()}

    def read(name: str) -> bytes | None:
        info = parts.get(folded(name))
        if info is None or info.file_size > MAX_OTHER_BYTES:
            return None
        return z.read(info)

    out: dict[str, str] = {}
    try:
        rels = read("_rels/.rels")
        if rels is None:
            return out
        target = next((r.get("Target") or "" for r in _elements(rels, "Relationship")
                       if (r.get("Type") or "").endswith("/relationships/officeDocument")), None)
        if target is None:
            return out
        base = target[: target.rfind("/") + 1].lstrip("/") if "/" in target else ""
        book, book_rels = read(f"{base}workbook.xml"), read(f"{base}_rels/workbook.xml.rels")
        if book is None or book_rels is None:
            return out
        targets = {r.get("Id"): r.get("Target") or "" for r in _elements(book_rels, "Relationship")}
        for s in _elements(book, "sheet"):
            rid = next((v for k, v in s.attrib.items() if k == f"{{{_REL}}}id" or k.rsplit("}", 1)[-1] == "id"), None)
            t = targets.get(rid)
            if t:
                out.setdefault(folded(t[1:] if t.startswith("/") else base + t), s.get("name") or t)
    except (ET.ParseError, *_DAMAGE):
        pass
    return out


def _elements(xml: bytes, local: str):
    """Elements of that local name (any namespace) in a small part."""
    for el in ET.fromstring(xml).iter():
        if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == local:
            yield el


# ---------------------------------------------------------------------------------------------- shared strings
#: the first ``sst`` start tag (any prefix), whole: attribute values may hold ``>`` but never ``<``
_SST = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst(?=[\s/>])[^<]*")
_COUNT = re.compile(rb"""\buniqueCount\s*=\s*["']\s*([0-9]+)""")


def _check_shared(z: zipfile.ZipFile, path: str, info: zipfile.ZipInfo) -> None:
    """Inflate the table through (bounded, CRC checked); its ``uniqueCount`` — the largest, should the tag give
    several — may not exceed what the part can hold (an entry ``<si/>`` is 5 bytes)."""
    total, head, count = 0, b"", None
    try:
        with z.open(info) as f:
            while chunk := f.read(CHUNK):
                total += len(chunk)
                if total > MAX_SHARED_BYTES:
                    raise XlsxTooLarge(Msg("part {part} inflates beyond {limit} bytes", part=info.filename,
                                           limit=f"{MAX_SHARED_BYTES:,}"), Location(path))
                if count is None and len(head) < SST_HEAD:
                    head += chunk[: SST_HEAD - len(head)]
                    m = _SST.search(head)
                    if m and (m.end() < len(head) or len(head) >= SST_HEAD):
                        count = max((int(c) for c in _COUNT.findall(m.group())), default=0)
    except XlsxTooLarge:
        raise
    except _DAMAGE as exc:
        raise _damaged(path, info.filename, exc) from None
    if count is None and head:  # (the tag runs to the end of the part)
        m = _SST.search(head)
        count = max((int(c) for c in _COUNT.findall(m.group())), default=0) if m else 0
    most = total // 5 + 1
    if count and count > most:
        raise XlsxTooLarge(Msg("part {part} says it holds {count} strings, but its {size} bytes hold at most {most}: "
                               "not a spreadsheet the reader can open safely", part=info.filename, count=f"{count:,}",
                               size=f"{total:,}", most=f"{most:,}"), Location(path))


# ---------------------------------------------------------------------------------------------- sheets
#: a cell start tag the fast scan does not vouch for (RE2 syntax: no look-around). A tag it vouches for is
#: ``<c r="`` + one to three capitals + a row number of one to seven digits + ``"``: a cell the reader places
#: by its reference alone. Everything else — no reference (the cell follows the one before), another attribute
#: first, lower case, a leading zero, a second ``r``, a namespace prefix, an entity — goes to the exact parse.
_NOT_PLAIN = "|".join([
    r"<c[/>\t\r\n]",                                        # no reference at all
    r"<c [^r]", r"<c r[^=]", r"<c r=[^\"]",                    # another attribute first, spaces, quotes
    r"<c r=\"(?:[^A-Z]|[A-Z]{4})",                            # no capital first, or four of them
    r"<c r=\"[A-Z]{1,3}[^A-Z1-9]",                            # no row number after the letters (or 0…)
    r"<c r=\"[A-Z]{1,3}[1-9][0-9]{7}",                        # a row number of eight digits or more
    r"<c r=\"[A-Z]{1,3}[1-9][0-9]{0,6}[^0-9\"]",              # anything after the row number
    r"<c r=\"[^\"]*\"[^>]*\sr\s*=",                          # a second r= (the reader refuses or takes another)
    r"<[A-Za-z_][A-Za-z0-9_.-]*:c[\s/>]",                      # a prefixed cell tag
])
_LAST = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')


def _int_above(n: int) -> str:
    """RE2 for the decimal numbers (no leading zero, at most seven digits) greater than ``n``."""
    s = str(n)
    alts = [f"[1-9][0-9]{{{len(s)},6}}"] if len(s) < 7 else []
    alts += [s[:i] + f"[{int(d) + 1}-9]" + f"[0-9]{{{len(s) - i - 1}}}" for i, d in enumerate(s) if d != "9"]
    return "|".join(alts)


def _column_above(n: int) -> str:
    """RE2 for the column letters (one to three capitals) after column ``n`` (1-based)."""
    s = column_letters(n) if n else ""
    alts = [f"[A-Z]{{{len(s) + 1},3}}"] if len(s) < 3 else []
    alts += [s[:i] + f"[{chr(ord(ch) + 1)}-Z]" + f"[A-Z]{{{len(s) - i - 1}}}" for i, ch in enumerate(s) if ch != "Z"]
    return "|".join(alts)


def sheet_grid(z: zipfile.ZipFile, path: str, part: str | zipfile.ZipInfo, name: str = "") -> Grid | None:
    """Check one part as a sheet (see :func:`part_grid`)."""
    info = z.getinfo(part) if isinstance(part, str) else part
    return part_grid(z, path, info, name or info.filename, sheet=True)


#: ``sheetData`` as the bytes of UTF-8, UTF-16LE and UTF-16BE text
_DATA_TAGS = (b"sheetData", "sheetData".encode("utf-16-le"), "sheetData".encode("utf-16-be"))


class _Bound:
    """What the fast scan knows of a plain sheet: its cells, and the largest row and column their references
    give (the grid is taken to start at A1: at most as large as the reader's)."""

    def __init__(self):
        self.plain = True
        self.cells = self.row = self.col = 0

    def scan(self, data: bytes) -> None:
        """One piece of whole tags. A single RE2 pass asks whether any cell tag is not plain, or lies below or to
        the right of what is known — the row of the piece's last cell (rows come in order), the column of the
        widest cell so far; only then are the piece's references read one by one (in Arrow)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array([data], pa.large_binary())
        at = data.rfind(b'<c r="')
        if at < 0:
            self.plain = not pc.any(pc.match_substring_regex(arr, _NOT_PLAIN)).as_py()
            return
        last = _LAST.match(data, at)
        row, col = (int(last.group(2)), column_number(last.group(1).decode())) if last else (0, 0)
        col = max(col, self.col)
        beyond = [f'<c r="[A-Z]{{1,3}}(?:{a})"' for a in [_int_above(row)] if a] + \
                 [f'<c r="(?:{a})[0-9]' for a in [_column_above(col)] if a]
        if pc.any(pc.match_substring_regex(arr, "|".join([_NOT_PLAIN, *beyond]))).as_py():
            if pc.any(pc.match_substring_regex(arr, _NOT_PLAIN)).as_py():
                self.plain = False
                return
            row, col = _largest(arr)
        self.cells += data.count(b'<c r="')
        self.row, self.col = max(self.row, row), max(self.col, col)

    def fits(self) -> bool:
        g = Grid(1, self.row, 1, self.col) if self.row else Grid()
        return self.row <= EXCEL_ROWS and self.col <= MAX_COLUMNS and g.cells <= MAX_CELLS \
            and (g.cells <= SPARSE_FROM or g.cells <= MAX_SPARSE * self.cells)


def _largest(arr) -> tuple[int, int]:
    """The largest row and the largest column the plain references of a piece give."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pieces = pc.list_flatten(pc.split_pattern(arr, pattern=b'<c r="'))[1:]
    refs = pc.extract_regex(pc.binary_slice(pieces, 0, 11), pattern=r'^(?P<c>[A-Z]{1,3})(?P<r>[0-9]{1,7})"')
    rows = pc.cast(pc.cast(pc.struct_field(refs, "r"), pa.string()), pa.int64())
    letters = pc.cast(pc.struct_field(refs, "c"), pa.string())
    width = pc.utf8_length(letters)
    widest = pc.max(pc.filter(letters, pc.equal(width, pc.max(width)))).as_py()
    return pc.max(rows).as_py() or 0, column_number(widest) if widest else 0


def part_grid(z: zipfile.ZipFile, path: str, info: zipfile.ZipInfo, name: str, sheet: bool = False) -> Grid | None:
    """Check one part as the reader would read it were it a sheet. Fast path: a scan of the inflated bytes
    (RE2, via pyarrow: :class:`_Bound`) finds every cell tag plain and the grid their references span within
    the limits (None is returned; so for a part that is no sheet). Otherwise the part is parsed as XML and
    each cell inside ``sheetData`` placed the reader's way, the grid returned — or refused, naming it.
    ``sheet``: the part is a sheet whatever it holds (XML that cannot be parsed is then refused, as it is in
    any XML part that holds ``sheetData``)."""
    total = 0
    tail = b""
    bound = _Bound()
    limit = _limit(info.filename)
    try:
        for chunk in _chunks(z, info):  # (inflated on another thread: zlib and RE2 both run without the GIL)
            if not total and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in chunk[:64]):
                bound.plain = False  # UTF-16 (or no text at all): the byte scan cannot read it
            total += len(chunk)
            if total > limit:
                raise XlsxTooLarge(Msg("sheet {name!r} inflates beyond {limit} bytes", name=name, limit=f"{limit:,}"),
                                   Location(path))
            data = tail + chunk
            if not sheet and any(t in data for t in _DATA_TAGS):
                sheet = folded(info.filename).endswith(".xml") or sheet
            if not bound.plain:
                tail = data[-32:]
                continue  # (read through all the same: the size and the CRC are checked)
            cut = data.rfind(b"<")  # every tag before the cut is whole (no '<' inside a tag)
            if cut <= 0 and len(data) > CHUNK:  # a tag (or text) of megabytes: no sheet's
                bound.plain = False
                continue
            data, tail = data[:max(cut, 0)], data[max(cut, 0):]
            if data:
                bound.scan(data)
        if bound.plain and tail:
            bound.scan(tail)
    except XlsxTooLarge:
        raise
    except _DAMAGE as exc:
        raise _damaged(path, info.filename, exc) from None
    return None if bound.plain and bound.fits() else _parsed_grid(z, path, info, name, sheet)


def _chunks(z: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The inflated part in :data:`CHUNK`-sized pieces, read one piece ahead on a helper thread."""
    import queue
    import threading

    q: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def read():
        try:
            with z.open(info) as f:
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


_REF = re.compile(r"([A-Za-z]*)([0-9]+)")


def _position(ref: str) -> tuple[int, int] | None:
    """``(row, column)``, 1-based (column 0: none given), of a reference read the reader's way — letters, then
    digits, nothing else (``XFD1048576`` -> (1048576, 16384), ``5`` -> (5, 0)); None when the reader refuses
    it (anything else, row 0)."""
    m = _REF.fullmatch(ref)
    if not m or int(m.group(2)) == 0:
        return None
    return int(m.group(2)), column_number(m.group(1))


class _Placer:
    """Cells placed as the reader places them: a cell with a reference where it says; one without in the
    reader's current row, after the cell before. The current row is set by a ``row`` element's ``r`` and moves
    on by one at each row's end (which also sends the next bare cell back to the first column)."""

    def __init__(self, path: str, name: str):
        self.path, self.name = path, name
        self.row = self.col = 0  # 0-based: the reader's row, and the column of the next bare cell
        self.first_row = self.first_col = 10 ** 18
        self.last_row = self.last_col = 0
        self.cells = 0

    def row_start(self, r: str | None) -> None:
        at = _position(r) if r is not None else None
        if at is not None:
            self.row = at[0] - 1

    def row_end(self) -> None:
        self.row += 1
        self.col = 0

    def cell(self, ref: str | None) -> None:
        if ref is not None:
            at = _position(ref)
            if at is None or not at[1]:
                return  # (the reader refuses such a reference, and the sheet with it)
            r, c = at
            if c > EXCEL_COLUMNS or r > EXCEL_ROWS:
                raise XlsxTooLarge(Msg("sheet {name!r} has a cell at {cell}, outside Excel's sheet (the last cell is "
                                       "XFD1048576); the file is not a valid workbook", name=self.name, cell=ref[:40]),
                                   Location(self.path))
        else:
            r, c = self.row + 1, self.col + 1
            if r > EXCEL_ROWS or c > EXCEL_COLUMNS:
                raise XlsxTooLarge(Msg("sheet {name!r} has a cell at {cell}, outside Excel's sheet (the last cell is "
                                       "XFD1048576); the file is not a valid workbook", name=self.name,
                                       cell=f"{column_letters(min(c, EXCEL_COLUMNS + 1))}{r}"), Location(self.path))
        self.col = c
        self.cells += 1
        if r > self.last_row or c > self.last_col or r < self.first_row or c < self.first_col:
            self.first_row, self.last_row = min(self.first_row, r), max(self.last_row, r)
            self.first_col, self.last_col = min(self.first_col, c), max(self.last_col, c)
            _check_grid(self.path, self.name, self.grid())

    def grid(self) -> Grid:
        return Grid(self.first_row, self.last_row, self.first_col, self.last_col) if self.last_row else Grid()


def _parsed_grid(z: zipfile.ZipFile, path: str, info: zipfile.ZipInfo, name: str, sheet: bool) -> Grid:
    """Cells placed (:class:`_Placer`) inside ``sheetData`` elements. XML the parser cannot read is refused when
    the part is a sheet (``sheet``, or it has shown a ``sheetData``); in any other part it is let be."""
    place = _Placer(path, name)
    depth = 0  # inside sheetData
    try:
        with z.open(info) as f:
            for event, el in ET.iterparse(f, events=("start", "end")):
                tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
                if tag == "sheetData":
                    depth += 1 if event == "start" else -1
                    sheet = True
                elif not depth:
                    pass
                elif tag == "c":
                    if event == "start":
                        place.cell(el.get("r"))
                elif tag == "row":
                    if event == "start":
                        place.row_start(el.get("r"))
                    else:
                        place.row_end()
                if event == "end" and tag in ("c", "row", "sheetData"):
                    el.clear()
    except ET.ParseError as exc:
        if sheet:
            raise XlsxTooLarge(Msg("sheet {name!r} is not well-formed XML ({error})", name=name, error=str(exc)),
                               Location(path)) from None
    except XlsxTooLarge:
        raise
    except _DAMAGE as exc:
        raise _damaged(path, info.filename, exc) from None
    grid = place.grid()
    if grid.cells > SPARSE_FROM and grid.cells > MAX_SPARSE * place.cells:
        raise XlsxTooLarge(Msg("sheet {name!r} spans {n} cells ({cells}) but holds {held}: delete the stray cells far "
                               "below or beside the table (in Excel: select the empty rows and columns after it, "
                               "Delete, save)", name=name, n=f"{grid.cells:,}", cells=_span(grid),
                               held=f"{place.cells:,}"), Location(path))
    return grid


def _span(g: Grid) -> str:
    return f"{column_letters(g.first_col)}{g.first_row}:{column_letters(g.last_col)}{g.last_row}"


def _check_grid(path: str, name: str, g: Grid) -> None:
    where = _span(g)
    if g.columns > MAX_COLUMNS:
        raise XlsxTooLarge(Msg("sheet {name!r} spans {n} columns ({cells}); at most {limit} are read — delete the stray "
                               "cells far to the right of the table (in Excel: select the empty columns after it, "
                               "Delete, save)", name=name, n=f"{g.columns:,}", cells=where, limit=f"{MAX_COLUMNS:,}"),
                           Location(path))
    if g.cells > MAX_CELLS:
        raise XlsxTooLarge(Msg("sheet {name!r} spans {n} cells ({cells}); at most {limit} are read — delete the stray "
                               "cells far below or beside the table, or save the sheet as CSV", name=name,
                               n=f"{g.cells:,}", cells=where, limit=f"{MAX_CELLS:,}"), Location(path))

