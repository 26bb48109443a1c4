"""The iCalendar file: valid RFC 5545 that calendar programs import, checked by parsing it back."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from click.testing import CliRunner

from xacheck.cli import main
from xacheck.deadlines import Deadline, DeadlineGroup, collect_deadlines, group_deadlines
from xacheck.ics import escape_text, fold, write_ics
from xacheck.model import Text
from xacheck.packs import load_packs

from .conftest import ROOT

D = dt.date


@pytest.fixture(scope="module")
def calendar_text():
    groups = group_deadlines(collect_deadlines(load_packs(), D(2026, 11, 22)))
    return write_ics(groups, D(2026, 11, 22), "zh", calname="xacheck 截止日期"), groups


def test_parses_back_with_icalendar(calendar_text):
    text, groups = calendar_text
    cal = icalendar.Calendar.from_ical(text.encode("utf-8"))
    assert str(cal["VERSION"]) == "2.0" and "xacheck" in str(cal["PRODID"])
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(groups) > 0
    first = events[0]
    assert first["DTSTART"].dt == D(2026, 12, 31) and not isinstance(first["DTSTART"].dt, dt.datetime)
    assert first["DTEND"].dt == D(2027, 1, 1)  # all-day: DTEND is exclusive
    assert first["DTSTAMP"].dt == dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
    assert "西安市加快推进硬科技产业化发展若干措施" in str(first["SUMMARY"])
    desc = str(first["DESCRIPTION"])
    assert "xa-hardtech-2024.m05-three-firsts" in desc and "\n" in desc   # newlines survive escaping
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    alarms = list(first.walk("VALARM"))
    assert alarms and alarms[0]["TRIGGER"].dt == -dt.timedelta(days=14)


def test_lines_crlf_and_folded_at_75_octets(calendar_text):
    text, _ = calendar_text
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")       # no bare LF
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")                            # no UTF-8 character split across lines
    assert any(line.startswith(b" ") for line in lines)  # long Chinese descriptions were folded


def test_escaping_round_trip():
    title = Text("名称; 含逗号, 反斜杠 \\ 和\n换行", "x")
    d = Deadline(D(2027, 3, 31), "condition", 10, "t.r", "programme", "t", Text("包", "pack"), title, "第一条")
    text = write_ics([DeadlineGroup(d.date, d.kind, d.pack, d.pack_title, (d,))], D(2027, 3, 21))
    ev = next(iter(icalendar.Calendar.from_ical(text.encode()).walk("VEVENT")))
    assert title.zh in str(ev["SUMMARY"])
    assert "VALARM" not in text  # fewer than 14 days left: no reminder in the past
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_fold_exact_boundaries():
    line = "SUMMARY:" + "字" * 40
    folded = fold(line)
    parts = folded.encode().split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert folded.replace("\r\n ", "") == line
    assert fold("X" * 75) == "X" * 75


def test_stable_uids_for_reimport():
    packs = load_packs()
    a = write_ics(group_deadlines(collect_deadlines(packs, D(2026, 11, 22))), D(2026, 11, 22), scope="A公司")
    b = write_ics(group_deadlines(collect_deadlines(packs, D(2026, 12, 1))), D(2026, 12, 1), scope="A公司")
    uid = lambda t: {str(e["UID"]) for e in icalendar.Calendar.from_ical(t.encode()).walk("VEVENT")}  # noqa: E731
    assert uid(a) == uid(b)


def test_cli_writes_ics(tmp_path):
    out = tmp_path / "d.ics"
    res = CliRunner().invoke(main, ["deadlines", "--as-of", "2026-11-22", "--profile",
                                    str(ROOT / "samples/enterprise-optics.yaml"), "--ics", str(out)],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    # the 高企 certificate of 2023-12-12 lapses after 3 years; then the hard-tech measures end; then the 2030 plan
    assert [e["DTSTART"].dt for e in events] == [D(2026, 12, 11), D(2026, 12, 31), D(2030, 12, 31)]
    assert "西安曦芒光电科技有限公司" in str(cal["X-WR-CALNAME"])
    assert "高新技术企业" in str(events[0]["SUMMARY"])
    assert "11 项" in str(events[1]["SUMMARY"])
