"""Title lifetimes: when a title a profile holds lapses (高企 certificate: 3 years; 科小 registration: 1 year).

Pure: the packs say how long a title lasts (``title_lifetimes``), the profile says when it was granted
(``titles: [{name, date}]``), the caller says what day it is.

**When to warn.** A title is not renewed on the day it lapses: the firm applies again (高企: a new
application with the special audit of three years' R&D expense, submitted in one of the province's
application rounds), which takes months. So the warning starts :data:`DEFAULT_RENEW_LEAD_DAYS` (180)
days before the lapse — xacheck's default, not a rule of any document (none of the source documents or
the national reference states an application lead time): about six months to commission the audit
and catch an application round. A title that lasts less than two years is warned a quarter of its
lifetime ahead (the one-year 科小 registration: 91 days). ``--renew-lead DAYS`` sets the lead.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable

from .condition import add_years
from .model import Pack, Profile

#: days before a title lapses from which xacheck warns to prepare the renewal application (see above)
DEFAULT_RENEW_LEAD_DAYS = 180


@dataclass(frozen=True)
class TitleLapse:
    """When a title the profile holds lapses, and when to warn about its renewal."""
    title: str
    granted: _dt.date
    lapses: _dt.date  # last day the title is valid
    days_left: int
    pack: str
    basis: str | None
    confidence: str | None
    lead_days: int = DEFAULT_RENEW_LEAD_DAYS  # warn this many days ahead

    @property
    def status(self) -> str:
        return "valid" if self.days_left >= 0 else "lapsed"

    @property
    def renew_by(self) -> _dt.date:
        """The day the renewal warning starts (``lapses`` minus the lead)."""
        return self.lapses - _dt.timedelta(days=self.lead_days)

    @property
    def renew_soon(self) -> bool:
        """Valid, and inside the lead: time to prepare the renewal application."""
        return 0 <= self.days_left <= self.lead_days


def lead_for(years: int, lead: int | None = None) -> int:
    """The warning lead for a title that lasts ``years``: ``lead`` if given, else 180 days, or a quarter
    of the lifetime for titles shorter than two years."""
    if lead is not None:
        return lead
    return DEFAULT_RENEW_LEAD_DAYS if years >= 2 else (365 * years) // 4


def title_lapses(packs: Iterable[Pack], profile: Profile, as_of: _dt.date,
                 lead_days: int | None = None) -> list[TitleLapse]:
    """Each dated title the profile holds that some pack gives a lifetime, soonest lapse first.

    A title granted on D with a lifetime of N years is valid through the day before the N-th anniversary.
    ``lead_days`` overrides the renewal warning lead (:func:`lead_for`).
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
            out.append(TitleLapse(life.title, granted, last, (last - as_of).days, pack.id, life.basis, life.confidence,
                                  lead_for(life.years, lead_days)))
    return sorted(out, key=lambda t: t.lapses)
