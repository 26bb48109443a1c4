"""Hostile XLSX files (issue 15 #6): refused before the reader opens them, with a message naming the file,
the sheet and the cell — never an abort (a far cell makes the reader allocate 512 GB), never minutes.

Each workbook is built here byte by byte (a zip of a few XML parts), as small as the reproduction in the
issue. The checks call :func:`check_workbook` directly (it reads the zip with the standard library only, so
a regression fails the test instead of aborting the test run); one test runs the whole command in a child
process, where a regression would show as a signal, not as a crash of pytest.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from xacheck.batch import xlsx_guard
from xacheck.batch.xlsx_guard import XlsxTooLarge, check_workbook

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
    '+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="客户" sheetId="1" r:id="rId1"/>'
    '</sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type='
    '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '</Relationships>',
}
SST = f'<sst xmlns="{NS}" count="2" uniqueCount="2"><si><t>名称</t></si><si><t>营业收入（万元）</t></si></sst>'
HEAD = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


def _sheet(rows: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'


def _book(path, rows: str = HEAD, sst: str = SST):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", _sheet(rows))
        z.writestr("xl/sharedStrings.xml", sst)
    return str(path)


def _refused(path) -> str:
    with pytest.raises(XlsxTooLarge) as exc:
        check_workbook(path)
    assert exc.value.location.path == path
    return exc.value.message


def test_a_far_cell_is_refused_by_its_grid(tmp_path):
    """1.8 KB, one cell at XFD1048576: the reader would allocate 16,384 × 1,048,576 cells and abort."""
    path = _book(tmp_path / "far.xlsx", HEAD + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert os.path.getsize(path) < 2000
    assert _refused(path) == (
        "sheet '客户' spans 16,384 columns (A1:XFD1048576); at most 1,024 are read — delete the stray cells far to "
        "the right of the table (in Excel: select the empty columns after it, Delete, save)")


def test_a_far_row_within_the_column_limit_is_refused_by_its_cells(tmp_path):
    path = _book(tmp_path / "deep.xlsx", HEAD + '<row r="1048576"><c r="BZ1048576"><v>1</v></c></row>')
    assert _refused(path) == (
        "sheet '客户' spans 81,788,928 cells (A1:BZ1048576); at most 60,000,000 are read — delete the stray cells "
        "far below or beside the table, or save the sheet as CSV")


def test_a_stray_cell_far_below_a_small_table_is_refused(tmp_path):
    """Within every limit of size (BE999999: 57 columns, a million rows) but three cells in 57 million: the reader
    would take 4 GB for a 2 KB file. The byte scan cannot vouch for so few cells; placed, they are refused."""
    path = _book(tmp_path / "sparse.xlsx", HEAD + '<row r="999999"><c r="BE999999"><v>1</v></c></row>')
    assert _refused(path) == (
        "sheet '客户' spans 56,999,943 cells (A1:BE999999) but holds 3: delete the stray cells far below or beside the "
        "table (in Excel: select the empty rows and columns after it, Delete, save)")


def test_a_reference_beyond_excel_is_refused_as_it_is(tmp_path):
    path = _book(tmp_path / "zzz.xlsx", HEAD + '<row r="99999999"><c r="ZZZZZ99999999"><v>1</v></c></row>')
    assert _refused(path) == ("sheet '客户' has a cell at ZZZZZ99999999, outside Excel's sheet (the last cell is "
                              "XFD1048576); the file is not a valid workbook")


def test_a_stray_cell_at_xfd1_is_refused_before_16383_unnamed_columns(tmp_path):
    path = _book(tmp_path / "wide.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1"><v>1</v></c></row>')
    assert _refused(path).startswith("sheet '客户' spans 16,384 columns (A1:XFD1); at most 1,024 are read")


def test_cells_without_references_are_placed_the_readers_way(tmp_path):
    """A cell may omit its reference (it follows the one before): 2,000 of them make 2,000 columns."""
    path = _book(tmp_path / "bare.xlsx", '<row r="1">' + "<c><v>1</v></c>" * 2000 + "</row>")
    assert _refused(path).startswith("sheet '客户' spans 1,025 columns (A1:AMK1)")  # (refused at the first too many)
    ok = _book(tmp_path / "bare-ok.xlsx", '<row>' + "<c><v>1</v></c>" * 30 + "</row>" + '<row><c><v>2</v></c></row>')
    assert xlsx_guard.sheet_grid(zipfile.ZipFile(ok), ok, "xl/worksheets/sheet1.xml") == xlsx_guard.Grid(1, 2, 1, 30)


def test_a_second_reference_in_a_cell_is_refused(tmp_path):
    """The reader takes the last ``r`` of a cell: a tag with two would hide a far cell from a naive scan."""
    path = _book(tmp_path / "dup.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" r="XFD1048576"><v>1</v></c></row>')
    assert _refused(path).startswith("sheet '客户' is not well-formed XML (duplicate attribute")


def test_a_shared_strings_zip_bomb_is_refused_before_it_is_inflated(tmp_path, monkeypatch):
    """The issue's bomb: 1 MB of deflate that inflates to a gigabyte of ``<si>`` (the reader took 94 s). Refused
    from the zip's directory, before a byte of it is inflated; here at a limit of 16 MB, so the test builds
    20 MB and not a gigabyte (the limit itself is 512 MB)."""
    monkeypatch.setattr(xlsx_guard, "MAX_SHARED_BYTES", 16 << 20)
    path = str(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", _sheet(HEAD))
        with z.open("xl/sharedStrings.xml", "w") as f:
            f.write(f'<sst xmlns="{NS}">'.encode())
            piece = b"<si><t>a</t></si>" * (1 << 16)
            for _ in range(20):
                f.write(piece)
            f.write(b"</sst>")
    assert os.path.getsize(path) < 60_000
    assert _refused(path) == "part xl/sharedStrings.xml inflates to 22,282,317 bytes (at most 16,777,216 are read)"


def test_a_smaller_bomb_is_refused_by_its_ratio(tmp_path):
    piece = "<si><t>a</t></si>" * 2_000_000  # 34 MB in ≈ 33 KB
    path = _book(tmp_path / "ratio.xlsx", sst=f'<sst xmlns="{NS}">' + piece + "</sst>")
    msg = _refused(path)
    assert msg.startswith("part xl/sharedStrings.xml inflates ") and msg.endswith(
        " bytes): a zip bomb, not a spreadsheet")


def test_a_part_smaller_on_paper_than_it_is_is_refused(tmp_path):
    """A bomb whose zip headers claim a small size (the reader inflates on regardless): Python's zip reader
    stops at the declared size and the CRC fails."""
    import struct

    path = _book(tmp_path / "liar.xlsx", sst=f'<sst xmlns="{NS}">' + "<si><t>a</t></si>" * 100_000 + "</sst>")
    data = bytearray(open(path, "rb").read())
    info = zipfile.ZipFile(path).getinfo("xl/sharedStrings.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # central directory entries
        n = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + n]) == b"xl/sharedStrings.xml":
            struct.pack_into("<I", data, at + 24, 1000)
        at = data.find(b"PK\x01\x02", at + 4)
    with open(path, "wb") as f:
        f.write(data)
    assert _refused(path) == "part xl/sharedStrings.xml is damaged (Bad CRC-32 for file 'xl/sharedStrings.xml')"


def test_a_string_count_the_part_cannot_hold_is_refused(tmp_path):
    """The reader reserves ``uniqueCount`` strings up front (99,999,999,999 × 24 bytes: an abort)."""
    path = _book(tmp_path / "count.xlsx", sst=SST.replace('uniqueCount="2"', 'uniqueCount="99999999999"'))
    assert _refused(path).startswith("part xl/sharedStrings.xml says it holds 99,999,999,999 strings, but its ")


@pytest.mark.parametrize("columns", [26, 57, 58, 120])
def test_real_workbooks_pass_and_both_paths_agree(tmp_path, columns):
    """A workbook as xlsxwriter (Excel's layout) writes it passes: the byte scan vouches for it (a sheet 60 columns
    wide took 40 s to be placed cell by cell, for 100,000 rows), and the grid the cells placed span is the
    sheet's."""
    import xlsxwriter

    path = str(tmp_path / f"real{columns}.xlsx")
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("企业")
    for r in range(40):
        for c in range(columns):
            ws.write(r, c, f"r{r}c{c}" if r == 0 else r * c)
    wb.close()
    check_workbook(path)
    z = zipfile.ZipFile(path)
    grid = xlsx_guard.sheet_grid(z, path, "xl/worksheets/sheet1.xml", "企业")
    assert grid is None
    assert xlsx_guard._parsed_grid(z, path, z.getinfo("xl/worksheets/sheet1.xml"), "企业", True) == \
        xlsx_guard.Grid(1, 40, 1, columns)


@pytest.mark.parametrize("far", ["BE999999", "AMK3", "A1048577", "ZZZ5", "XFD1048576"])
def test_a_far_cell_among_ordered_rows_is_found_by_the_byte_scan(tmp_path, far):
    """The scan takes the last cell of each piece for its largest row (rows come in order) and asks, in the same
    pass, whether any cell lies beyond it: a far cell in the middle of the sheet is found."""
    rows = HEAD + "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>' for r in range(2, 200))
    rows = rows.replace('<row r="100">', f'<row r="100"><c r="{far}"><v>1</v></c>')
    path = _book(tmp_path / "hidden.xlsx", rows)
    msg = _refused(path)
    assert msg.startswith("sheet '客户' "), msg
    assert far in msg or " spans " in msg, msg


def test_a_file_that_is_not_a_zip_is_left_to_the_reader(tmp_path):
    path = tmp_path / "not.xlsx"
    path.write_bytes(b"name,revenue\n")
    check_workbook(str(path))  # no error here: the reader says what is wrong with it


def test_batch_refuses_a_far_cell_in_a_child_process(tmp_path):
    """End to end: exit 2 with the message, no output, no temporary file — and no abort (a signal here)."""
    path = _book(tmp_path / "far.xlsx", HEAD + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    out = tmp_path / "out.csv"
    for lang, said in [("en", "XA301 sheet '客户' spans 16,384 columns (A1:XFD1048576)"),
                       ("zh", "XA301 工作表 “客户” 跨 16,384 列（A1:XFD1048576）；最多读取 1,024 列")]:
        res = subprocess.run([sys.executable, "-m", "xacheck", "batch", path, "-o", str(out), "--as-of", "2026-06-01",
                              "--lang", lang], capture_output=True, text=True, timeout=120)
        assert res.returncode == 2, res.stderr
        assert f"{path}: {said}" in res.stderr
        assert sorted(os.listdir(tmp_path)) == ["far.xlsx"]


# ---------------------------------------------------------------- the parts as the reader finds them
FAR = HEAD + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def _zip(path, parts: list[tuple[str, str]]):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (a duplicate name is what one test is about)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in parts:
                z.writestr(name, text)
    return str(path)


def _moved(sheet_name: str = "xl/worksheets/sheet1.xml", base: str = "xl/", sst: str = SST, rows: str = FAR):
    """The test workbook with its sheet under another name, or its workbook in another folder."""
    parts = [(n, t) for n, t in PARTS.items() if not n.startswith("xl/")]
    if base != "xl/":
        parts = [(n, t.replace('Target="xl/workbook.xml"', f'Target="{base}workbook.xml"')) for n, t in parts]
    parts += [(base + n[3:], t) for n, t in PARTS.items() if n.startswith("xl/")]
    return parts + [(sheet_name.replace("xl/", base, 1), _sheet(rows)), (base + "sharedStrings.xml", sst)]


@pytest.mark.parametrize("how,parts", [
    ("another case", _moved("xl/worksheets/Sheet1.XML")),          # the reader folds names to lower case
    ("backslashes", _moved("xl\\worksheets\\sheet1.xml")),          # … and reads \ as /
    ("a folder of its own", _moved(base="wb/")),                      # the workbook is where _rels/.rels says
])
def test_a_far_cell_in_a_part_named_otherwise_is_refused(tmp_path, how, parts):
    """calamine finds a part by its folded name and the workbook through _rels/.rels: each of these aborted the
    reader (512 GB) while the guard, looking for xl/worksheets/sheet1.xml by its exact name, let it through."""
    assert _refused(_zip(tmp_path / "moved.xlsx", parts)).startswith("sheet '客户' spans 16,384 columns (A1:XFD1048576)")


def test_a_string_count_in_a_table_named_otherwise_is_refused(tmp_path):
    parts = [(n, t) for n, t in _moved(rows=HEAD) if not n.endswith("sharedStrings.xml")]
    parts.append(("xl/SharedStrings.XML", SST.replace('uniqueCount="2"', 'uniqueCount="99999999999"')))
    assert _refused(_zip(tmp_path / "count.xlsx", parts)).startswith(
        "part xl/SharedStrings.XML says it holds 99,999,999,999 strings")


@pytest.mark.parametrize("tag", [
    f'<sst xmlns="{NS}" uniqueCount="99999999999" uniqueCount="2">',               # the reader takes the first
    f'<!--{"x" * 5000}--><sst xmlns="{NS}" a=">" uniqueCount="99999999999">',     # past 4 KB, a '>' in a value
    f'<x:sst xmlns:x="{NS}" count="1" uniqueCount="18446744073709551615">',        # a capacity-overflow panic
])
def test_every_string_count_of_the_first_table_tag_is_checked(tmp_path, tag):
    sst = tag + "<si><t>名称</t></si><si><t>营业收入（万元）</t></si>" + ("</x:sst>" if "x:sst" in tag else "</sst>")
    assert " strings, but its " in _refused(_book(tmp_path / "count.xlsx", sst=sst))


def test_a_bare_cell_is_placed_in_the_readers_row(tmp_path):
    """A cell without a reference goes in the row its row element names, not the row of the reference before
    it: here row 1,048,576 of a 1,000-column sheet (33 GB for the reader), which the guard used to place on
    row 5."""
    cells = "".join(f'<c r="{xlsx_guard.column_letters(k)}1"><v>{k}</v></c>' for k in range(1, 1001))
    path = _book(tmp_path / "bare.xlsx", f'<row r="1">{cells}</row><row r="1048576"><c r="A5"><v>1</v></c><c><v>2</v></c></row>')
    assert _refused(path).startswith("sheet '客户' spans 1,048,576,000 cells (A1:ALL1048576)")


def test_every_entry_of_a_name_is_checked(tmp_path):
    """A zip may hold two entries of one name: Python reads the last and so does the reader, but which one
    another reader takes is its own affair — each is checked."""
    for order in ([HEAD, FAR], [FAR, HEAD]):
        parts = [(n, t) for n, t in PARTS.items()] + [("xl/sharedStrings.xml", SST)]
        parts += [("xl/worksheets/sheet1.xml", _sheet(rows)) for rows in order]
        assert _refused(_zip(tmp_path / "twice.xlsx", parts)).startswith("sheet '客户' spans 16,384 columns")


def test_a_part_that_is_no_sheet_is_not_refused_for_its_xml(tmp_path):
    """Binary or odd parts (an image, a macro project) may hold anything: only a part with sheetData is read as
    a sheet."""
    parts = [(n, t) for n, t in PARTS.items()] + [("xl/sharedStrings.xml", SST), ("xl/worksheets/sheet1.xml", _sheet(HEAD)),
                                                   ("xl/media/image1.png", "\x89PNG\x00<c>" * 100),
                                                   ("customXml/item1.xml", "<c><c><c r='XFD1'/></c>")]
    check_workbook(_zip(tmp_path / "odd.xlsx", parts))


def test_the_messages_are_said_in_chinese(tmp_path):
    path = _book(tmp_path / "zzz.xlsx", HEAD + '<row r="99999999"><c r="ZZZZZ99999999"><v>1</v></c></row>')
    with pytest.raises(XlsxTooLarge) as exc:
        check_workbook(path)
    assert exc.value.text("zh") == (f"{path}: XA301 工作表 “客户” 在 ZZZZZ99999999 处有单元格，超出了 Excel 工作表的范围"
                                    "（最后一个单元格是 XFD1048576）；文件不是有效的工作簿")
