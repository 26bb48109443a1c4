"""``--format github``: GitHub Actions workflow commands, so findings annotate the pull request.

``::error file=PATH,line=L,col=C,title=CODE::message`` (``::warning`` for warnings). Values are escaped
as the runner expects: ``%``, CR and LF in the message; also ``:`` and ``,`` in properties.
"""
from __future__ import annotations

from .base import FindingsReport, TestReport, rel


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, path: str | None, line: int | None = None, col: int | None = None,
            title: str | None = None) -> str:
    props = []
    if path:
        props.append(f"file={_prop(rel(path))}")
    if line is not None:
        props.append(f"line={line}")
        if col is not None:
            props.append(f"col={col}")
    if title:
        props.append(f"title={_prop(title)}")
    return f"::{kind} {','.join(props)}::{_data(message)}"


def render_findings(report: FindingsReport, color: bool = False) -> str:
    lines = []
    for f in report.findings:
        kind = "error" if report.blocking(f) else "warning"
        loc = f.location
        lines.append(command(kind, f"{f.code} {f.message}", loc.path, loc.line, loc.column, f.code))
    lines.append(f"xacheck validate: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return "\n".join(lines) + "\n"


def render_tests(report: TestReport, color: bool = False) -> str:
    lines = []
    for o in report.failures:
        msg = "\n".join(o.problems + o.explanation())
        lines.append(command("error", msg, o.path, o.case.line, None, f"xacheck test: {o.name}"))
    failed = len(report.failures)
    lines.append(f"xacheck test: {len(report.outcomes) - failed} passed, {failed} failed")
    return "\n".join(lines) + "\n"
