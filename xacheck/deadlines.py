"""Every date in the packs that someone should put in a calendar, soonest first, with days left.

Pure: packs (and optionally a profile) and the as-of day in, a list of :class:`Deadline` out.

Kinds of date collected:

* ``expiry``    — the last day a measure or programme is in force (``valid_until``; inclusive, so on that
                  day 0 days are left and the next day it has expired);
* ``target``    — the deadline of a target or indicator (``target.deadline``; its ``valid_until`` is not
                  used, because a target is judged against its own deadline);
* ``effective`` — the first day a rule is in force (``valid_from``), listed only while it lies ahead;
* ``condition`` — a ``date('…')`` written in a rule's conditions (a reporting or registration cut-off).
                  The shipped packs state no reporting dates today; a pack that adds one shows up here.
* ``switch``    — the day a dated rule's next version takes over (专精特新: 2022 暂行办法 → 2026 办法 on
                  2026-04-01), instead of an expiry and a start;
* ``renewal``   — with a profile: the last day a title it holds is valid (高企 certificate date + 3 years,
                  科小 registration + 1 year), from the packs' ``title_lifetimes``.

With a profile, only the rules that concern it are kept: rules for its type whose status is not
``not_applicable`` (``unknown`` stays — the date may still concern it).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable

from . import condition as cond
from .i18n import DEADLINE_KIND, pick
from .model import Pack, Profile, Rule, Text

KINDS = ("expiry", "switch", "target", "effective", "condition", "renewal")

#: deadlines this close are highlighted (same as the check report)
SOON_DAYS = 60

def kind_label(kind: str, lang: str) -> str:
    return pick(DEADLINE_KIND, kind, lang)


@dataclass(frozen=True)
class Deadline:
    """One date of one rule (or title) and how far away it is."""
    date: _dt.date
    kind: str
    days_left: int          # negative once past
    rule_id: str
    rule_kind: str
    pack: str
    pack_title: Text
    title: Text
    clause: str
    status: str | None = None   # the rule's status for the profile, when one was given
    soon_days: int = SOON_DAYS  # a title renewal is flagged its whole lead ahead (titles.lead_for)

    @property
    def soon(self) -> bool:
        return 0 <= self.days_left <= self.soon_days

    def as_dict(self, lang: str) -> dict:
        return {"date": self.date.isoformat(), "days_left": self.days_left, "soon": self.soon, "kind": self.kind,
                "kind_label": kind_label(self.kind, lang), "pack": self.pack, "pack_title": self.pack_title.get(lang),
                "rule_id": self.rule_id, "rule_kind": self.rule_kind, "title": self.title.get(lang),
                "clause": self.clause, "status": self.status}


def _condition_dates(rule: Rule) -> list[_dt.date]:
    out: list[_dt.date] = []
    for c in rule.when:
        stack = [c.node]
        while stack:
            n = stack.pop()
            stack.extend(cond.children(n))
            if isinstance(n, cond.Call) and n.func == "date" and n.args and isinstance(n.args[0], cond.Str):
                try:
                    d = _dt.date.fromisoformat(n.args[0].value)
                except ValueError:  # the parser already rejects these; stay total anyway
                    continue
                if d not in out:
                    out.append(d)
    return out


def rule_dates(rule: Rule, as_of: _dt.date, versions: list[Rule] | None = None) -> list[tuple[str, _dt.date]]:
    """(kind, date) pairs of one rule (one version of it; ``versions`` are all versions of its id)."""
    out: list[tuple[str, _dt.date]] = []
    later = [v for v in versions or () if v.valid_from and rule.valid_until and v.valid_from > rule.valid_until]
    earlier = [v for v in versions or () if v.valid_until and rule.valid_from and v.valid_until < rule.valid_from]
    if rule.target is not None:
        out.append(("target", rule.target.deadline))
    elif rule.valid_until is not None and not later:
        out.append(("expiry", rule.valid_until))
    if rule.valid_from is not None and earlier:
        out.append(("switch", rule.valid_from))
    elif rule.valid_from is not None and rule.valid_from > as_of:
        out.append(("effective", rule.valid_from))
    out.extend(("condition", d) for d in _condition_dates(rule))
    return out


def collect_deadlines(packs: Iterable[Pack], as_of: _dt.date, profile: Profile | None = None, reg=None,
                      within_days: int | None = None, include_past: bool = False,
                      pack_ids: Iterable[str] | None = None, renew_lead: int | None = None) -> list[Deadline]:
    """Deadlines soonest first (then pack, rule id); upcoming only unless ``include_past``.

    ``within_days`` keeps those with ``days_left <= within_days`` (0 = today only); ``renew_lead`` is the
    title renewal warning lead (default :func:`xacheck.titles.lead_for`).
    """
    packs = list(packs)
    wanted = set(pack_ids) if pack_ids else None
    statuses: dict[str, str] | None = None
    if profile is not None:
        from .evaluate import evaluate_profile

        statuses = {r.rule.id: r.status for r in evaluate_profile(packs, profile, as_of, reg, pack_ids)}
    out: list[Deadline] = []
    for p in packs:
        if wanted is not None and p.id not in wanted:
            continue
        versions: dict[str, list[Rule]] = {}
        for rule in p.rules:
            versions.setdefault(rule.id, []).append(rule)
        for rule in p.rules:
            status = None
            if statuses is not None:
                status = statuses.get(rule.id)
                if status is None or status == "not_applicable":
                    continue
            for kind, day in rule_dates(rule, as_of, versions[rule.id]):
                left = (day - as_of).days
                if left < 0 and not include_past:
                    continue
                if within_days is not None and left > within_days:
                    continue
                out.append(Deadline(day, kind, left, rule.id, rule.kind, p.id, p.title, rule.title, rule.clause, status))
    if profile is not None:
        out.extend(_renewals(packs, profile, as_of, within_days, include_past, wanted, renew_lead))
    out.sort(key=lambda d: (d.date, KINDS.index(d.kind), d.pack, d.rule_id))
    return out


def _renewals(packs: list[Pack], profile: Profile, as_of: _dt.date, within_days, include_past, wanted,
              renew_lead: int | None = None) -> list[Deadline]:
    from .titles import title_lapses

    by_id = {p.id: p for p in packs}
    out = []
    for t in title_lapses([p for p in packs if wanted is None or p.id in wanted], profile, as_of, renew_lead):
        if (t.days_left < 0 and not include_past) or (within_days is not None and t.days_left > within_days):
            continue
        basis = f"{t.basis}" if t.basis else ""
        out.append(Deadline(t.lapses, "renewal", t.days_left, f"title:{t.title}", "title", t.pack,
                            by_id[t.pack].title, Text(f"{t.title}（{t.granted} 认定）", f"{t.title} (granted {t.granted})"),
                            basis, None, t.lead_days))
    return out


@dataclass(frozen=True)
class DeadlineGroup:
    """Deadlines of one pack that share a day and a kind: one calendar event, one line of text."""

    date: _dt.date
    kind: str
    pack: str
    pack_title: Text
    items: tuple[Deadline, ...]
    #: the client the event is for, in a book's calendar (``deadlines --book``), and a stable key for it
    #: (credit code, id or row) that keeps the event's UID when the name is edited
    who: str | None = None
    who_key: str | None = None

    @property
    def days_left(self) -> int:
        return self.items[0].days_left

    @property
    def soon(self) -> bool:
        return self.items[0].soon


def group_deadlines(deadlines: Iterable[Deadline]) -> list[DeadlineGroup]:
    groups: dict[tuple, list[Deadline]] = {}
    for d in deadlines:
        groups.setdefault((d.date, d.kind, d.pack), []).append(d)
    return [DeadlineGroup(k[0], k[1], k[2], v[0].pack_title, tuple(v))
            for k, v in sorted(groups.items(), key=lambda kv: (kv[0][0], KINDS.index(kv[0][1]), kv[0][2]))]


def parse_within(text: str) -> int:
    """'90d' / '90' -> 90 days, '12w' -> 84 days. Raises ValueError otherwise."""
    t = str(text).strip().lower()
    mult = 1
    if t.endswith("d"):
        t = t[:-1]
    elif t.endswith("w"):
        t, mult = t[:-1], 7
    if not t.isdigit():
        raise ValueError(f"{text!r} is not a number of days like 90d or 12w")
    return int(t) * mult


def days_text(days: int, lang: str) -> str:
    if days == 0:
        return "今日截止（剩余 0 天）" if lang != "en" else "today (0 days left)"
    if days > 0:
        return f"剩余 {days} 天" if lang != "en" else f"{days} days left"
    return f"已过 {-days} 天" if lang != "en" else f"{-days} days ago"
