"""Output formats for ``xacheck validate`` findings and ``xacheck test`` results.

One module per format; each defines ``render_findings(report, color)`` and, where the format suits test
results, ``render_tests(report, color)``, both returning text. Adding a format is one new module and one
line in :data:`FORMATS`.
"""
from __future__ import annotations

from types import ModuleType

from . import github, json_out, junit, sarif, text
from .base import FindingsReport, TestReport, use_color

FORMATS: dict[str, ModuleType] = {
    "text": text,
    "json": json_out,
    "github": github,
    "junit": junit,
    "sarif": sarif,
}


def finding_formats() -> list[str]:
    return [name for name, mod in FORMATS.items() if hasattr(mod, "render_findings")]


def test_formats() -> list[str]:
    return [name for name, mod in FORMATS.items() if hasattr(mod, "render_tests")]


def render_findings(name: str, report: FindingsReport, color: bool = False) -> str:
    return FORMATS[name].render_findings(report, color)


def render_tests(name: str, report: TestReport, color: bool = False) -> str:
    return FORMATS[name].render_tests(report, color)


__all__ = ["FORMATS", "FindingsReport", "TestReport", "finding_formats", "render_findings", "render_tests",
           "test_formats", "use_color"]
