"""One small hierarchy of errors, each carrying the place it came from.

The CLI turns any :class:`XacheckError` into ``path:line:col: CODE message`` and exit code 2;
anything else is an internal error (also exit 2, never a bare traceback). A message may be an
:class:`xacheck.i18n.Msg`, which knows both languages: ``str(err)`` is English, ``err.text("zh")`` Chinese.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .i18n import Msg, tr


@dataclass
class Location:
    """Where a problem is: a file and, when known, a line/column (1-based) or a row and column name."""

    path: str | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        return self.text("en", keys=True)

    def text(self, lang: str, keys: bool = True) -> str:
        """``path:line:col``, then the row and the field. ``keys=False`` leaves a field's key out: the
        message names the field in words, and the line points at it."""
        parts = [self.path or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.row is not None:
            text += f": row {self.row}" if lang == "en" else f": 第 {self.row} 行"
        if self.field and keys:
            text += f": field '{self.field}'" if lang == "en" else f": 字段 “{self.field}”"
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

    def text(self, lang: str) -> str:
        """The error as a person reads it in ``lang``: where, the code, what is wrong."""
        return f"{self.location.text(lang, keys=not isinstance(self.message, Msg))}: " \
               f"{self.code} {tr(self.message, lang)}"

    @property
    def errors(self) -> list["XacheckError"]:
        """Every error this one stands for (one; an :class:`ErrorList` holds several)."""
        return [self]


class ErrorList(XacheckError):
    """Several errors found in one pass (a profile with three bad lines says all three at once)."""

    def __init__(self, errors: Iterable[XacheckError]):
        errs = list(errors)
        assert errs, "an ErrorList needs at least one error"
        super().__init__(errs[0].message, errs[0].location, errs[0].code)
        self._errors = errs

    @property
    def errors(self) -> list[XacheckError]:
        return list(self._errors)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self._errors)

    def text(self, lang: str) -> str:
        return "\n".join(e.text(lang) for e in self._errors)


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


class ConditionTooLarge(ConditionSyntaxError):
    """A condition beyond the size limits (characters, nesting, depth, parts; see xacheck.condition)."""

    code = "XA117"


class ConditionTypeError(XacheckError):
    """Operands of incompatible types, found statically or at evaluation."""

    code = "XA111"


class FieldRegistryError(XacheckError):
    code = "XA120"


class ProfileError(XacheckError):
    """A profile value that cannot be read: names the file, line or row, and the field."""

    code = "XA200"


class ProfileErrors(ErrorList, ProfileError):
    """Several bad entries of one profile: caught as a :class:`ProfileError`, shown one line each."""


class UsageError(XacheckError):
    code = "XA900"


class UnreadableFile(XacheckError):
    """A file a user named that is not read: missing, not a regular file (a FIFO, a device, a folder), too
    large, or a link out of the folder named (see :mod:`xacheck.userfiles`). ``reason`` says why, alone."""

    code = "XA300"

    def __init__(self, message: str, location: Location | None = None, code: str | None = None, reason=None):
        super().__init__(message, location, code)
        self.reason = reason if reason is not None else message


class OutputError(XacheckError):
    """An output file that cannot be written: the disk is full, the folder read-only or missing, no permission.
    Nothing is left behind (see :mod:`xacheck.atomic`)."""

    code = "XA901"
