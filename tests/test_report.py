"""The HTML report: self-contained, in both languages, and rendered by a real headless Chromium.

The browser test is skipped only on a developer machine without Chromium; in CI (``CI=true``) a
missing browser is a failure, so the test can never pass by being skipped there.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess

import pytest
from click.testing import CliRunner

from xacheck.cli import main

from .conftest import ROOT

OPTICS = ROOT / "samples/enterprise-optics.yaml"
REGION = ROOT / "samples/region-xian-2020.yaml"


def report(*args) -> str:
    res = CliRunner().invoke(main, ["report", *map(str, args)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_self_contained():
    html = report(OPTICS, "--as-of", "2026-11-22")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<script" not in html.lower()
    # nothing to fetch: the only URL is the SVG namespace, the only link a data: icon
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}
    assert not re.search(r"\bsrc\s*=", html)
    assert re.findall(r"href=\"([^\"]*)\"", html) == ["data:,"]
    assert "@import" not in html and "url(" not in html


def test_sections_and_content_zh():
    html = report(OPTICS, "--as-of", "2026-11-22")
    assert "西安曦芒光电科技有限公司" in html and "2026-12-31" in html
    for heading in ("概览", "现在可享受的支持", "截止日期时间线", "逐项说明（附原文）"):
        assert heading in html
    assert "剩余 39 天" in html and 'class="soon"' in html            # within 60 days: highlighted
    assert "对全市创新产出的“三首”产品，推行政府首购首用" in html        # quoted clause
    assert html.count("<svg") >= 1                                       # the timeline


def test_gap_plan_section_real_number():
    pytest.importorskip("xacheck.gaps")
    html = report(OPTICS, "--as-of", "2025-06-01")
    assert "差距与行动建议" in html
    # 双五: R&D must exceed 5% of 51500 万元 = 2575 万元; the firm has 2163 → 412 more (strictly more: 412.01)
    assert "412.01 万元" in html


def test_english():
    html = report(OPTICS, "--as-of", "2026-11-22", "--lang", "en")
    assert '<html lang="en">' in html
    assert "Deadline timeline" in html and "39 days left" in html and "Items to act on" in html


def test_region_charts_handle_floor_and_missing_baseline():
    html = report(REGION, "--as-of", "2024-06-01")
    assert "指标进度" in html
    section = html[html.index('id="indicators"'):html.index('id="items"')]
    assert section.count("<svg") >= 20
    assert "目标低于基期值：守住底线" in section      # R&D 5.05% → 5%: a floor
    assert "无基期值（原文为“—”）" in section         # indicator 2
    assert "无实际值" in section                      # figures the profile does not give
    for nonsense in ("NaN", "Infinity", "None", "inf%", "nan"):
        assert nonsense not in section
    assert "现在可享受的支持" not in html              # a region has indicators, not supports


def test_markdown_same_content():
    md = report(OPTICS, "--as-of", "2025-06-01", "--format", "markdown")
    assert md.startswith("# 西安曦芒光电科技有限公司")
    assert "## 截止日期时间线" in md and "2026-12-31" in md
    region = report(REGION, "--as-of", "2024-06-01", "--format", "markdown")
    assert "## 指标进度" in region and "| 5.05 (2020) |" in region


def test_writes_file(tmp_path):
    out = tmp_path / "r.html"
    res = CliRunner().invoke(main, ["report", str(OPTICS), "-o", str(out), "--as-of", "2026-11-22"])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --------------------------------------------------------------------------- real browser

def chromium() -> str:
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if exe is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("Chromium is required in CI (apt-get install -y chromium) but was not found")
        pytest.skip("Chromium not installed (this test never skips in CI)")
    return exe


def run_chromium(exe: str, tmp_path, *args) -> subprocess.CompletedProcess:
    profile_dir = tmp_path / f"chromium-profile-{len(list(tmp_path.iterdir()))}"
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile_dir}", "--hide-scrollbars", "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", head[16:24])


def test_console_check_catches_errors(tmp_path):
    """The detector itself works: a page that logs an error is caught (so 'no errors' means something)."""
    exe = chromium()
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><script>console.error("boom"); nope();</script></body></html>')
    res = run_chromium(exe, tmp_path, "--dump-dom", bad.as_uri())
    msgs = console_messages(res.stderr)
    assert any("boom" in m for m in msgs) and any("nope" in m for m in msgs)


@pytest.mark.parametrize("sample,lang,expect", [
    (OPTICS, "zh", ["西安曦芒光电科技有限公司", "2026-12-31", "剩余 39 天"]),
    (REGION, "en", ["西安市（2020年基期值）", "2026-12-31", "Indicator progress"]),
])
def test_renders_in_headless_chromium(tmp_path, sample, lang, expect):
    exe = chromium()
    page = tmp_path / "report.html"
    res = CliRunner().invoke(main, ["report", str(sample), "-o", str(page), "--as-of", "2026-11-22", "--lang", lang])
    assert res.exit_code == 0, res.output

    dom = run_chromium(exe, tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert console_messages(dom.stderr) == []
    text = re.sub(r"<[^>]+>", " ", dom.stdout)
    for needle in expect:
        assert needle in text, needle

    png = tmp_path / "report.png"
    shot = run_chromium(exe, tmp_path, "--window-size=1200,1800", f"--screenshot={png}", page.as_uri())
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert console_messages(shot.stderr) == []
    assert png_size(png) == (1200, 1800)
    assert png.stat().st_size > 50_000   # a blank page compresses to a few kB


# --------------------------------------------------------------------------- the client view (issue 13)

RULE_ID = re.compile(r"\b(?:xa|natl)-[a-z0-9-]+\.[a-z0-9-]+\b")


def _text(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<style>.*?</style>", " ", html)))


def test_client_view_has_no_ids_notes_or_file_names():
    html = report(OPTICS, "--as-of", "2026-12-02")
    text = _text(html)
    assert not RULE_ID.search(text), RULE_ID.search(text)
    assert "001_8fee340fc1397ebd.txt" not in text and ".txt" not in text       # source files
    assert "rd_expense_wan" not in text and "revenue_wan" not in text           # field keys
    for note in ("本规则从用人单位角度编码", "核心字段", "引文照录参考资料"):       # rule-author notes
        assert note not in text, note
    audit = _text(report(OPTICS, "--as-of", "2026-12-02", "--audit"))
    assert "xa-hardtech-2024.m04-scenarios" in audit and "001_8fee340fc1397ebd.txt" in audit   # the appendix


def test_warnings_lead_the_overview():
    html = report(OPTICS, "--as-of", "2026-12-02")
    overview = html[html.index('id="summary"'):html.index('id="gaps"')]
    assert "高新技术企业 2026-12-11 到期（剩余 9 天）：请立即准备重新认定申请" in overview
    assert "《西安市加快推进硬科技产业化发展若干措施》2026-12-31 到期（剩余 29 天）" in overview
    assert overview.index("请注意") < overview.index("现在可享受的支持")


def test_print_stylesheet_is_a4_with_page_numbers():
    html = report(OPTICS, "--as-of", "2026-12-02")
    assert "@page{size:A4" in html and "counter(page)" in html and "counter(pages)" in html


def test_region_report_says_no_current_figure():
    html = report(REGION, "--as-of", "2024-06-01")
    section = html[html.index('id="indicators"'):html.index('id="items"')]
    assert "无当期数据" in section and "进度正常" not in html


def test_timeline_labels_never_overlap():
    """Many dates close together: every label keeps clear of the others in its lane, and of connectors."""
    import datetime as dt

    from xacheck.deadlines import Deadline, group_deadlines
    from xacheck.model import Text
    from xacheck.render.html import _text_width, timeline_svg

    day = dt.date(2026, 1, 1)
    items = [Deadline(day + dt.timedelta(days=17 * k), "expiry", 17 * k, f"r{k}", "measure", f"p{k % 3}",
                      Text("文件", "doc"), Text("事项", "item"), "（一）") for k in range(30)]
    svg = timeline_svg(group_deadlines(items), day, "zh")
    labels = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="12" text-anchor="(start|end)"[^>]*>([^<]+)</text>', svg)
    assert len(labels) >= 10
    boxes = []
    for x, y, anchor, label in labels:
        w = _text_width(label, 12)
        left = float(x) if anchor == "start" else float(x) - w
        boxes.append((float(y), left, left + w))
    for i, (y1, l1, r1) in enumerate(boxes):
        for y2, l2, r2 in boxes[i + 1:]:
            if abs(y1 - y2) < 12:                      # the same lane
                assert r1 <= l2 or r2 <= l1, (l1, r1, l2, r2)


def test_pdf_is_a4_and_short_enough_to_read(tmp_path):
    exe = chromium()
    out = tmp_path / "report.pdf"
    res = CliRunner().invoke(main, ["report", str(OPTICS), "-o", str(out), "--as-of", "2026-12-02"],
                             env={"XACHECK_CHROMIUM": exe})
    assert res.exit_code == 0, res.output
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    boxes = set(re.findall(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert boxes and all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1 for w, h in boxes), boxes  # A4
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 2 <= pages <= 14, pages   # was 33 Letter pages: every item, every quote, every id


def test_pdf_needs_a_file():
    res = CliRunner().invoke(main, ["report", str(OPTICS), "--pdf"])
    assert res.exit_code == 2 and "-o 文件名.pdf" in res.output
