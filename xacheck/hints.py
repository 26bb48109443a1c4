"""Did-you-mean, bounded: the closest known name to an unknown one, for the first few unknowns of an input only.

A suggestion costs a fuzzy comparison with every known name (difflib: about a millisecond against the field
registry). One per unknown name is right for a person's typo and ruinous for a hostile file: a 5.6 MB rule
pack of 400,000 unknown keys took 48 s to be refused, a CSV of 20,000 unknown headings 21 s, a profile of
200,000 unknown keys minutes — and printed a line for each. So:

* :func:`closest` is the one place a suggestion is computed; within a :func:`budget` (one input: a rule
  pack, a test file, a profile, a row of headings) only the first :data:`MAX_HINTS` calls compute one, the
  rest answer None at once; outside any budget each call computes (one typo on the command line);
* a name longer than :data:`MAX_NAME` characters gets no suggestion (no known name is that long, and the
  comparison's cost grows with the length);
* callers list the first :data:`MAX_LISTED` unknowns one by one and the rest in one line, named by
  :func:`more` ("399,980 more: 'a', 'b', …"), so the output is bounded too.

The budget lives in a :class:`contextvars.ContextVar`: per thread and per task, no I/O, no clock.
"""
from __future__ import annotations

import difflib
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterable, Iterator, Sequence

from .i18n import Pair

#: suggestions computed per input
MAX_HINTS = 20
#: unknown names reported one by one per input; the rest are counted in one message
MAX_LISTED = 20
#: names shown in that one message
MAX_NAMED = 5
#: no suggestion for a longer name
MAX_NAME = 100

_left: ContextVar[list[int] | None] = ContextVar("xacheck_hints_left", default=None)


@contextmanager
def budget(n: int = MAX_HINTS) -> Iterator[None]:
    """Within this block, :func:`closest` computes at most ``n`` suggestions."""
    token = _left.set([n])
    try:
        yield
    finally:
        _left.reset(token)


def closest(name: str, known: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` known names close to ``name`` (difflib's ratio of at least ``cutoff``), best first; none when
    the budget is spent or the name is too long."""
    left = _left.get()
    if left is not None:
        if left[0] <= 0:
            return []
        left[0] -= 1
    if len(name) > MAX_NAME:
        return []
    return difflib.get_close_matches(name, list(known), n=n, cutoff=cutoff)


def first(name: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest known name, or None (see :func:`closest`)."""
    hits = closest(name, known, 1, cutoff)
    return hits[0] if hits else None


def more(names: Sequence) -> Pair:
    """The first :data:`MAX_NAMED` of ``names``, quoted each language's way, and an ellipsis when there are more:
    ``'a', 'b', …`` / ``“a”、“b”……`` (a :class:`~xacheck.i18n.Pair`, for a message's parameter)."""
    shown = [str(x)[:MAX_NAME] for x in names[:MAX_NAMED]]
    cut = len(names) > MAX_NAMED
    return Pair("、".join(f"“{x}”" for x in shown) + ("……" if cut else ""),
                ", ".join(f"'{x}'" for x in shown) + (", …" if cut else ""))
