"""Title lifetimes: when a title a profile holds lapses (高企 certificate: 3 years; 科小 registration: 1 year).

Pure: the packs say how long a title lasts (``title_lifetimes``), the profile says when it was granted
(``titles: [{name, date}]``), the caller says what day it is.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable

from .condition import add_years
from .model import Pack, Profile


@dataclass(frozen=True)
class TitleLapse:
    title: str
    granted: _dt.date
    lapses: _dt.date  # last day the title is valid
    days_left: int
    pack: str
    basis: str | None
    confidence: str | None

    @property
    def status(self) -> str:
        return "valid" if self.days_left >= 0 else "lapsed"


def title_lapses(packs: Iterable[Pack], profile: Profile, as_of: _dt.date) -> list[TitleLapse]:
    """Each dated title the profile holds that some pack gives a lifetime, soonest lapse first.

    A title granted on D with a lifetime of N years is valid through the day before the N-th anniversary.
    """
    out = []
    seen = set()
    for pack in packs:
        for life in pack.title_lifetimes:
            granted = profile.title_dates.get(life.title)
            if granted is None or life.title in seen:
                continue
            seen.add(life.title)
            last = add_years(granted, life.years) - _dt.timedelta(days=1)
            out.append(TitleLapse(life.title, granted, last, (last - as_of).days, pack.id, life.basis, life.confidence))
    return sorted(out, key=lambda t: t.lapses)
