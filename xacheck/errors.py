"""One small hierarchy of errors, each carrying the place it came from.

The CLI turns any :class:`XacheckError` into ``path:line:col: CODE message`` and exit code 2;
anything else is an internal error (also exit 2, never a bare traceback).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Location:
    """Where a problem is: a file and, when known, a line/column (1-based) or a row and column name."""

    path: str | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.row is not None:
            text += f": row {self.row}"
        if self.field:
            text += f": field '{self.field}'"
        return text


class XacheckError(Exception):
    """Base of every error xacheck reports to a user."""

    code = "XA000"

    def __init__(self, message: str, location: Location | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.message}"


class YamlSyntaxError(XacheckError):
    code = "XA001"


class RulePackError(XacheckError):
    """A rule pack that does not follow the format (schema or semantics)."""

    code = "XA100"


class ConditionSyntaxError(XacheckError):
    """A condition expression that does not parse or uses something outside the whitelist."""

    code = "XA110"

    def __init__(self, message: str, expr: str = "", offset: int = 0, location: Location | None = None):
        super().__init__(message, location)
        self.expr = expr
        self.offset = offset


class ConditionTypeError(XacheckError):
    """Operands of incompatible types, found statically or at evaluation."""

    code = "XA111"


class FieldRegistryError(XacheckError):
    code = "XA120"


class ProfileError(XacheckError):
    """A profile value that cannot be read: names the file, line or row, and the field."""

    code = "XA200"


class UsageError(XacheckError):
    code = "XA900"
