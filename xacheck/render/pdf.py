"""``xacheck report -o x.pdf``: the HTML report printed to PDF by headless Chromium.

Chromium lays the page out exactly as the browser preview shows it (the report's A4 ``@page`` rules,
page numbers in the bottom margin, CJK fonts of the system), which no pure-Python HTML renderer does for
this report's CSS; it is an optional system program, found as ``$XACHECK_CHROMIUM``, ``chromium``,
``chromium-browser``, ``google-chrome`` or ``google-chrome-stable``. Without it the error says how to
install it, or to print the HTML from any browser.

The page is our own output (every value escaped, no scripts, nothing fetched); Chromium runs with a
throw-away profile and a time limit. (Turning scripts off with ``--blink-settings`` stops headless
printing altogether, so it is not done; the page has none.)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import Location, UsageError
from ..i18n import Msg

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120


def find_browser() -> str | None:
    """The Chromium to print with, or None."""
    chosen = os.environ.get("XACHECK_CHROMIUM")
    if chosen:
        return shutil.which(chosen) or (chosen if Path(chosen).is_file() else None)
    return next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)


def html_to_pdf(html: str, where: str = "-o") -> bytes:
    """The PDF bytes of ``html``; :class:`UsageError` when no Chromium is found or printing fails."""
    exe = find_browser()
    if exe is None:
        raise UsageError(Msg("a PDF needs Chromium (apt-get install chromium, or set XACHECK_CHROMIUM); "
                             "or write .html and print it to PDF from a browser"), Location(where))
    with tempfile.TemporaryDirectory(prefix="xacheck-pdf-") as d:
        src, out = Path(d) / "report.html", Path(d) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [exe, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-extensions", "--disable-background-networking", "--disable-sync",
               "--disable-component-update",
               f"--user-data-dir={Path(d) / 'profile'}", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", src.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox (CI containers)
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UsageError(Msg("Chromium could not print the PDF: {error}", error=str(exc)), Location(where)) from None
        data = out.read_bytes() if out.is_file() else b""
        if not data.startswith(b"%PDF-"):
            tail = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise UsageError(Msg("Chromium could not print the PDF: {error}", error=tail[0]), Location(where))
        return data
