"""The terminal edge: what xacheck writes to standard output and standard error carries no control
character from the data, and only characters the stream's encoding can carry.

A profile's name, a pack's title or quote, a cell of a spreadsheet is data someone else may have written.
Printed raw, ``ESC[2J`` would clear the screen, an OSC sequence would set the window title, write the
clipboard (OSC 52) or hide a link, ``\\r`` or a cursor movement would overwrite a line already shown — a
finding, an error. So :func:`guard_streams` (called once, by the command line, before any command runs)
puts a filter in front of ``sys.stdout`` and ``sys.stderr``:

* every C0 control but ``\\n`` and ``\\t``, DEL, every C1 control, and the bidirectional overrides and
  isolates (which reorder what a line seems to say) are written as the six characters ``\\u001b`` —
  visible, and inside a JSON string the same character again, so ``--format json`` on a terminal or in a
  pipe still reads back to exactly the data (JSON already escapes C0 itself). Files xacheck writes (``-o``,
  reports, spreadsheets) are not touched: their bytes stay the data's;
* on a terminal, the colour sequences xacheck itself emits (SGR, ``ESC[…m``) pass; the renderers that
  colour (:mod:`xacheck.render.text`, :mod:`xacheck.findings.text`, ``deadlines``) put the data through
  :func:`printable` first, so no colour sequence from the data passes either;
* a character the encoding cannot carry (``✔`` on a GBK or Latin-1 stdout: a Chinese Windows console, a
  redirect under ``PYTHONIOENCODING=latin-1``) is replaced — the marks by an ASCII look-alike
  (:data:`ASCII_MARKS`), anything else by ``?`` — instead of ending the command with an encoding error.
"""
from __future__ import annotations

import codecs
import re
import sys
from typing import Callable

#: the controls that never reach a terminal raw: C0 but TAB and LF, DEL, C1, the bidirectional embeddings,
#: overrides and isolates
_CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_CONTROL = re.compile(_CONTROLS)
#: on a terminal: xacheck's own colour sequences (SGR) pass, every other control is escaped
_SGR_OR_CONTROL = re.compile("(\x1b\\[[0-9;]*m)|" + _CONTROLS)

#: what the marks become on a stream whose encoding lacks them (GBK has no ✔, Latin-1 no Chinese at all)
ASCII_MARKS = {
    "✔": "v", "✓": "v", "✘": "x", "✗": "x", "×": "x", "⚠": "!", "…": "...", "⋯": "...", "↗": "/", "↘": "\\",
    "→": "->", "←": "<-", "⌛": "~", "⏳": "~", "·": ".", "•": "*", "–": "-", "—": "--", "─": "-", "━": "-",
    "│": "|", "┃": "|", "“": '"', "”": '"', "‘": "'", "’": "'", "≥": ">=", "≤": "<=", "≠": "!=", "÷": "/",
    "％": "%", "（": "(", "）": ")", "：": ":", "，": ",", "\u3000": " ",
}


def _escaped(m: re.Match) -> str:
    return "\\u%04x" % ord(m.group(0))


def printable(text: str) -> str:
    """``text`` with every control character (see :data:`_CONTROLS`) written as ``\\uXXXX``."""
    return _CONTROL.sub(_escaped, text)


def _terminal_text(text: str) -> str:
    return _SGR_OR_CONTROL.sub(lambda m: m.group(1) or _escaped(m), text)


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(ASCII_MARKS.get(ch, "?") for ch in exc.object[exc.start:exc.end]), exc.end


codecs.register_error("xacheck.marks", _fallback)


def carried(text: str, encoding: str | None) -> str:
    """``text`` as ``encoding`` can carry it: unchanged when it can, else with :data:`ASCII_MARKS` (or ``?``)
    in place of what it cannot."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        return text.encode(encoding, "xacheck.marks").decode(encoding)
    except LookupError:
        return text


class GuardedStream:
    """A text stream in front of ``sys.stdout`` / ``sys.stderr`` (see the module's docstring); everything but
    :meth:`write` is the stream's own."""

    def __init__(self, inner):
        self._inner = inner

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # (click asks whether a stream takes bytes by writing b"")
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        shown = _terminal_text(text) if self.isatty() else printable(text)
        self._inner.write(carried(shown, getattr(self._inner, "encoding", None)))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def isatty(self) -> bool:
        try:
            return bool(self._inner.isatty())
        except (AttributeError, ValueError, OSError):
            return False

    def __getattr__(self, name):
        return getattr(self._inner, name)


def guard_streams() -> Callable[[], None]:
    """Put :class:`GuardedStream` in front of ``sys.stdout`` and ``sys.stderr``; returns the function that
    takes it away again (the command line calls it when the command ends, so a host's streams are its own)."""
    before = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, GuardedStream):
        sys.stdout = GuardedStream(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, GuardedStream):
        sys.stderr = GuardedStream(sys.stderr)
    guarded = sys.stdout, sys.stderr

    def restore() -> None:
        if sys.stdout is guarded[0]:
            sys.stdout = before[0]
        if sys.stderr is guarded[1]:
            sys.stderr = before[1]

    return restore


def raw(stream):
    """The stream behind a :class:`GuardedStream` (for xacheck's own cursor control: the progress bar)."""
    return stream._inner if isinstance(stream, GuardedStream) else stream


__all__ = ["ASCII_MARKS", "GuardedStream", "carried", "guard_streams", "printable", "raw"]
