"""Excel percentages in XLSX input: a cell showing 65% stores 0.65, and must not read as 0.65 percentage points."""
from __future__ import annotations

import pytest

pl = pytest.importorskip("polars")
xlsxwriter = pytest.importorskip("xlsxwriter")
from click.testing import CliRunner  # noqa: E402

from xacheck.batch import xlsx_formats  # noqa: E402
from xacheck.cli import main  # noqa: E402

PACK = """
pack: pct
title: {zh: 百分比测试, en: Percent test}
document: {file: 004_28d1566f0c8ba0b7.txt, title: 测试文件}
rules:
  - id: pct.share60
    kind: programme
    clause: 第十一条（六）
    title: {zh: 高新技术产品收入占比不低于60%, en: High-tech revenue share at least 60%}
    quote: 不低于60%
    applies_to: [enterprise]
    when: [hightech_revenue_share_pct >= 60]
"""


def _book(path, rows, formats):
    """rows: [[cell, ...]]; formats: {column index: Excel number format} applied to that column's numbers."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("企业")
    fmts = {c: wb.add_format({"num_format": f}) for c, f in formats.items()}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, tuple):  # (value, number format) for one cell
                ws.write(r, c, v[0], wb.add_format({"num_format": v[1]}))
            elif r and isinstance(v, (int, float)) and c in fmts:
                ws.write_number(r, c, v, fmts[c])
            else:
                ws.write(r, c, v)
    wb.close()


def _run(tmp_path, src, *extra):
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "pct.yaml").write_text(PACK, encoding="utf-8")
    out = tmp_path / "scored.csv"
    res = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--rules", str(rules), "--no-shipped",
                                    "--as-of", "2026-06-01", "--lang", "en", *extra], catch_exceptions=False)
    return res, pl.read_csv(out, infer_schema=False) if out.exists() else None


def test_percent_formatted_column_reads_as_percentage_points(tmp_path):
    src = tmp_path / "clients.xlsx"
    head = ["名称", "hightech_revenue_share_pct", "total_assets_wan"]
    rows = [head, ["甲", 0.65, 100], ["乙", 0.599, 200], ["丙", 0.6, 300], ["丁", "N/A", 400]]
    _book(src, rows, {1: "0.0%", 2: "0%"})
    res, out = _run(tmp_path, src)
    assert res.exit_code == 0, res.output
    assert out["pct.share60"].to_list() == ["applies", "not_applicable", "applies", "unknown"]
    assert "holds Excel percentages" in res.output and "read as 65 for Latest-year high-tech product/service revenue as share of total revenue (%)" in res.output
    # a percent format on a field not measured in % is reported, and the cells read as stored
    assert "'total_assets_wan' is formatted as a percentage in Excel, but Total assets (10k CNY) is in 万元" in res.output


def test_plain_numbers_and_literal_percent_signs_are_not_scaled(tmp_path):
    src = tmp_path / "plain.xlsx"
    rows = [["名称", "hightech_revenue_share_pct"], ["甲", 65], ["乙", (59.9, '0.0"%"')], ["丙", "65%"]]
    _book(src, rows, {})
    res, out = _run(tmp_path, src)
    assert res.exit_code == 0, res.output
    assert out["pct.share60"].to_list() == ["applies", "not_applicable", "applies"]
    assert "percent" not in res.output


def test_mixed_formats_warn_and_read_as_stored(tmp_path):
    src = tmp_path / "mixed.xlsx"
    rows = [["名称", "hightech_revenue_share_pct"], ["甲", (0.65, "0%")], ["乙", 65]]
    _book(src, rows, {})
    res, out = _run(tmp_path, src)
    assert "mixes Excel percentages and plain numbers" in res.output
    assert out["pct.share60"].to_list() == ["not_applicable", "applies"]


@pytest.mark.parametrize("code, scaled", [("0%", True), ("0.00%", True), ("#,##0.0%;[Red]-0.0%", True),
                                          ('0"%"', False), ("0\\%", False), ("0.00", False), ('"占比"0%', True)])
def test_percent_format_codes(code, scaled):
    assert xlsx_formats.is_percent_format(code) is scaled


def test_offset_table_and_unreadable_parts(tmp_path):
    """A table that starts at B3 maps by absolute column; a file that is not a workbook gives no formats
    (fastexcel reports its problem)."""
    src = tmp_path / "offset.xlsx"
    wb = xlsxwriter.Workbook(str(src))
    ws = wb.add_worksheet("表1")
    ws.write_row(2, 1, ["名称", "hightech_revenue_share_pct"])
    ws.write(3, 1, "甲")
    ws.write_number(3, 2, 0.655, wb.add_format({"num_format": "0.0%"}))
    wb.close()
    assert xlsx_formats.sheet_facts(str(src), "表1").percent == {2: "percent"}
    assert xlsx_formats.sheet_facts(str(src), "no such sheet").percent == {}
    res, out = _run(tmp_path, src)
    assert out["pct.share60"].to_list() == ["applies"]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    assert xlsx_formats.sheet_facts(str(bad), "x").percent == {}


def test_conditional_format_number_formats_are_not_cell_formats(tmp_path):
    """A conditional format (dxf) may carry a percent numFmt with the same id as a cell's own format: only
    the workbook's numFmts decide what a cell shows."""
    import zipfile

    src = tmp_path / "plain.xlsx"
    _book(src, [["名称", "hightech_revenue_share_pct"], ["甲", 65.5]], {1: "0.000"})
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    styles = parts["xl/styles.xml"].decode()
    fid = styles.split('formatCode="0.000"')[0].rsplit('numFmtId="', 1)[1].split('"')[0]
    dxf = f'<dxfs count="1"><dxf><numFmt numFmtId="{fid}" formatCode="0%"/></dxf></dxfs>'
    styles = styles.replace('<dxfs count="0"/>', dxf) if '<dxfs count="0"/>' in styles else \
        styles.replace("</styleSheet>", dxf + "</styleSheet>")
    parts["xl/styles.xml"] = styles.encode()
    crafted = tmp_path / "dxf.xlsx"
    with zipfile.ZipFile(crafted, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert 'formatCode="0%"' in zipfile.ZipFile(crafted).read("xl/styles.xml").decode()
    assert xlsx_formats.sheet_facts(str(crafted), "企业").percent == {}
