"""``--format text``: ``path:line:col: CODE message``, one finding per line; colour only when asked."""
from __future__ import annotations

from .base import FindingsReport, TestReport, location_text, rel

_RED, _YELLOW, _GREEN, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[32m", "\033[1m", "\033[2m", "\033[0m"


def _c(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _shown(text: str, color: bool) -> str:
    """Data in a line coloured for a terminal: made printable first (:mod:`xacheck.terminal`). Uncoloured
    (a pipe, ``-o FILE``), the text stays as it is: the terminal's guard escapes what reaches a terminal."""
    if not color:
        return text
    from ..terminal import printable

    return printable(text)


def render_findings(report: FindingsReport, color: bool = False) -> str:
    lines = []
    for f in report.findings:
        tint = _RED if f.severity == "error" else _YELLOW
        lines.append(f"{_c(_shown(location_text(f.location), color), _BOLD, color)}: {_c(f.code, tint, color)} "
                     f"{_shown(f.message, color)}")
    e, w = len(report.errors), len(report.warnings)
    summary = f"{len(report.files)} file(s) checked: {e} error(s), {w} warning(s)"
    if report.strict and w and not e:
        summary += " (--strict: warnings fail)" if report.failed else \
            " (--strict: only notices, which fail no run: XW002, and the day's XW001 when no --as-of is given)" \
            if report.clock else " (--strict: only advance notices)"
    lines.append(_c(summary, _RED if report.failed else _GREEN, color))
    return "\n".join(lines) + "\n"


def render_tests(report: TestReport, color: bool = False, verbose: bool = False) -> str:
    lines = []
    for o in report.outcomes:
        if o.ok:
            if verbose:
                lines.append(f"{_c('ok  ', _GREEN, color)} {_shown(o.name, color)}")
            continue
        lines.append(f"{_c('FAIL', _RED, color)} {_shown(o.name, color)}  ({_shown(rel(o.path), color)}:{o.case.line})")
        for p in o.problems:
            lines.append(f"     {_shown(str(p), color)}")
        for e in o.explanation():
            lines.append(_c(f"     | {_shown(str(e), color)}", _DIM, color))
    failed = len(report.failures)
    summary = f"{len(report.outcomes) - failed} passed, {failed} failed"
    if not report.outcomes:
        summary = "no test cases" + (f" match -k {report.keyword!r}" if report.keyword else "")
    lines.append(_c(summary, _RED if failed or not report.outcomes else _GREEN, color))
    return "\n".join(lines) + "\n"
