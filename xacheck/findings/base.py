"""What the renderers receive: plain data about one ``validate`` or ``test`` run, and small helpers."""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__


@dataclass
class FindingsReport:
    """The findings of one ``xacheck validate`` run over ``files``."""

    findings: list  # list[xacheck.packs.Finding]
    files: list[str] = field(default_factory=list)
    as_of: _dt.date | None = None
    strict: bool = False
    version: str = __version__
    #: the day is the clock's (no ``--as-of``): the day's findings (XW001, XW002) fail no run
    clock: bool = False

    @property
    def errors(self) -> list:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list:
        return [f for f in self.findings if f.severity == "warning"]

    def blocking(self, finding) -> bool:
        """Whether this finding fails the run (errors; warnings under ``--strict``, except notices)."""
        from ..validate import blocking

        return blocking(finding, self.strict, self.clock)

    @property
    def failed(self) -> bool:
        return any(self.blocking(f) for f in self.findings)


@dataclass
class TestReport:
    """The outcomes of one ``xacheck test`` run (``xacheck.ruletest.CaseOutcome`` items)."""

    outcomes: list
    keyword: str | None = None
    version: str = __version__

    @property
    def failures(self) -> list:
        return [o for o in self.outcomes if not o.ok]


def rel(path: str | None) -> str:
    """A path relative to the working directory when it lies under it (as CI annotations need), POSIX style."""
    if not path:
        return "<input>"
    try:
        p = Path(path)
        if p.is_absolute():
            p = p.relative_to(Path.cwd())
        return p.as_posix()
    except ValueError:
        return Path(path).as_posix()


def location_text(loc: Any) -> str:
    parts = [rel(loc.path)]
    if loc.line is not None:
        parts.append(str(loc.line))
        if loc.column is not None:
            parts.append(str(loc.column))
    return ":".join(parts)


def use_color(stream: Any) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if "NO_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):
        return False
