"""An iCalendar (RFC 5545) file of deadlines: one all-day event per pack, day and kind.

Written by hand because the subset is small: CRLF line ends, lines folded at 75 octets without
splitting a UTF-8 character, TEXT values escaped (backslash, semicolon, comma, newline), a stable UID
per event so importing the file again updates events instead of duplicating them, all-day events as
``DTSTART;VALUE=DATE`` with the exclusive ``DTEND`` the next day, and a display alarm two weeks before.

``DTSTAMP`` is the as-of day at 00:00 UTC rather than the wall clock, so the same input always gives
the same file (the evaluator never reads the clock either).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import replace
from typing import Iterable

from .deadlines import DeadlineGroup, days_text, kind_label
from .i18n import status_label

PRODID = "-//xacheck//Xi'an S&T policy deadlines//ZH"
ALARM_DAYS = 14


def escape_text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaping."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (continuations start with one space), never
    inside a UTF-8 character. Cut on the bytes: a calendar of a whole book has a hundred thousand events."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    out: list[bytes] = []
    start, limit = 0, 75
    while len(raw) - start > limit:
        end = start + limit
        while raw[end] & 0xC0 == 0x80:  # a continuation byte: cut before its character
            end -= 1
        out.append(raw[start:end])
        start, limit = end, 74  # the leading space counts
    out.append(raw[start:])
    return b"\r\n ".join(out).decode("utf-8")


def _date(d: _dt.date) -> str:
    return d.strftime("%Y%m%d")


def _uid(g: DeadlineGroup, scope: str) -> str:
    key = "|".join([scope, g.kind, g.pack, g.date.isoformat()] + ([g.who_key or g.who] if g.who else []))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + "@xacheck"


def summary(g: DeadlineGroup, lang: str) -> str:
    n = len(g.items)
    what = kind_label(g.kind, lang)
    if g.who:  # one client's event in a book's calendar: the client first
        thing = (g.items[0].title.get(lang) if n == 1 else
                 (f"《{g.pack_title.get(lang)}》{n} 项" if lang != "en" else f"{g.pack_title.get(lang)}: {n} items"))
        return f"{what}：{g.who} — {thing}" if lang != "en" else f"{what}: {g.who} — {thing}"
    if n == 1:
        d = g.items[0]
        return f"{what}：{d.title.get(lang)}（{g.pack}）" if lang != "en" else f"{what}: {d.title.get(lang)} ({g.pack})"
    return (f"{g.pack_title.get(lang)}：{n} 项{what}" if lang != "en"
            else f"{g.pack_title.get(lang)}: {n} items ({what})")


def description(g: DeadlineGroup, lang: str) -> str:
    lines = ([g.who, ""] if g.who else []) + [f"{g.pack_title.get(lang)} ({g.pack})", ""]
    for d in g.items:
        status = f" [{status_label(d.status, lang)}]" if d.status else ""
        lines.append(f"- {d.clause} {d.title.get(lang)} · {d.rule_id}{status}")
    lines.append("")
    lines.append("xacheck deadlines")
    return "\n".join(lines)


def write_ics(groups: Iterable[DeadlineGroup], as_of: _dt.date, lang: str = "zh", scope: str = "",
              calname: str | None = None) -> str:
    """The calendar as text with CRLF line ends. ``scope`` (e.g. the profile name) goes into the UIDs.

    A book's calendar has an event per client (100,000 and more): the fixed lines are written as they are, only
    the text lines are folded, and what events share (a day, the list of items of clients with the same
    rules) is escaped once."""
    stamp = _dt.datetime.combine(as_of, _dt.time(0, 0)).strftime("%Y%m%dT%H%M%SZ")
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", fold(f"PRODID:{escape_text(PRODID)}"), "CALSCALE:GREGORIAN",
           "METHOD:PUBLISH"]
    if calname:
        out.append(fold(f"X-WR-CALNAME:{escape_text(calname)}"))
    days: dict[_dt.date, tuple[str, str]] = {}
    shared: dict[int, str] = {}
    before = " — " + days_text(ALARM_DAYS, lang)
    for g in groups:
        span = days.get(g.date)
        if span is None:
            span = days[g.date] = (_date(g.date), _date(g.date + _dt.timedelta(days=1)))
        what = escape_text(summary(g, lang))
        rest = shared.get(id(g.items))
        if rest is None or not g.who:
            rest = escape_text(description(replace(g, who=None) if g.who else g, lang))
            if g.who:
                shared[id(g.items)] = rest
        text = (escape_text(g.who) + "\\n\\n" + rest) if g.who else rest
        out += [
            "BEGIN:VEVENT",
            f"UID:{_uid(g, scope)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{span[0]}",
            f"DTEND;VALUE=DATE:{span[1]}",
            fold(f"SUMMARY:{what}"),
            fold(f"DESCRIPTION:{text}"),
            fold(f"CATEGORIES:{escape_text(kind_label(g.kind, lang))}"),
            "TRANSP:TRANSPARENT",
        ]
        if g.days_left > ALARM_DAYS:
            out += ["BEGIN:VALARM", "ACTION:DISPLAY", fold(f"DESCRIPTION:{what}{escape_text(before)}"),
                    f"TRIGGER:-P{ALARM_DAYS}D", "END:VALARM"]
        out.append("END:VEVENT")
    out.append("END:VCALENDAR")
    return "\r\n".join(out) + "\r\n"
