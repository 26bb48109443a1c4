"""Decision records: which rules, in which version, gave an answer — and whether today's rules still do.

Every JSON answer carries a ``decision`` block (xacheck version, each pack's id / version / sha256, the
as-of day, a hash of the profile). A *record* is that block plus what it takes to evaluate again: the
profile as a mapping a profile loader accepts (identifying fields masked unless asked) and each rule's
status. :func:`compare` takes a record and the statuses evaluated now and says same / changed, and for
each change which pack change caused it (a pack edited, removed or added, a window closed by the
as-of day, another xacheck release).

Pure: no I/O and no clock — the caller passes the time a record is written.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from .condition import Month
from .model import Pack, Profile, Result

#: the record format (a JSON Lines file holds one record per line)
RECORD_FORMAT = "xacheck-decision/1"

#: profile fields that identify a firm: masked in logs unless asked (``--log-identities``)
IDENTIFYING = ("name", "id", "credit_code")


def canonical(value: Any) -> Any:
    """A value as exact JSON: decimals as their text (4317.81 stays 4317.81), dates as ISO text."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value else str(value)
    if isinstance(value, (_dt.date, _dt.datetime, Month)):  # (a month alone: 2019-03)
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


def profile_mapping(profile: Profile) -> dict:
    """The profile as a mapping :func:`xacheck.profiles.profile_from_mapping` reads back to the same values
    (titles with their dates as ``{name, date}``)."""
    out = canonical(dict(profile.values))
    titles = profile.values.get("titles")
    if profile.title_dates and isinstance(titles, (list, tuple)):
        out["titles"] = [{"name": t, "date": profile.title_dates[t].isoformat()} if t in profile.title_dates else t
                         for t in titles]
    return out


def profile_sha256(profile: Profile) -> str:
    """A hash of what was evaluated (values and title dates; not the file name), stable across key order."""
    text = json.dumps(profile_mapping(profile), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pack_entry(pack: Pack) -> dict:
    return {"id": pack.id, "version": pack.version, "sha256": pack.sha256}


def decision_block(version: str, packs: Iterable[Pack], as_of: _dt.date | None, profile: Profile | None,
                   pack_filter: Iterable[str] | None = None, **extra: Any) -> dict:
    """The block every JSON answer carries: enough to name exactly what gave the answer."""
    out = {"xacheck": version, "as_of": as_of.isoformat() if as_of else None,
           "packs": [pack_entry(p) for p in packs],
           "pack_filter": sorted(pack_filter) if pack_filter else None,
           "profile_sha256": profile_sha256(profile) if profile is not None else None}
    out.update(extra)
    return out


def mask(value: Any) -> str:
    """Keep enough to recognise one's own record (西安曦****公司, 9161****7X), not enough to identify a stranger's."""
    text = str(value)
    if len(text) <= 4:
        return "*" * len(text)
    keep = 2 if len(text) < 12 else 4
    return text[:keep] + "*" * (len(text) - keep - 2) + text[-2:]


def make_record(command: str, decision: dict, profile: Profile, results: list[Result], logged_at: str,
                identities: bool = False, lang: str = "zh") -> dict:
    """One log line: the decision, the profile (masked unless ``identities``) and each rule's status."""
    prof = profile_mapping(profile)
    masked = []
    if not identities:
        for key in IDENTIFYING:
            if prof.get(key) is not None:
                prof[key] = mask(prof[key])
                masked.append(key)
    return {"record": RECORD_FORMAT, "logged_at": logged_at, "command": command, "lang": lang,
            "decision": decision, "profile": prof, "masked": masked,
            "results": [{"id": r.rule.id, "pack": r.rule.pack, "status": r.status} for r in results]}


def record_from_answer(data: dict) -> dict:
    """A record from a ``check --format json`` answer (it carries the decision, the profile and the results)."""
    if data.get("record") == RECORD_FORMAT:
        return data
    if not isinstance(data.get("decision"), dict) or not isinstance(data.get("results"), list):
        raise ValueError("not a decision record: it needs 'decision' and 'results' (a --log line or a "
                         "check --format json answer)")
    given = data.get("profile") or {}
    prof = dict(given.get("values") or {})
    dates = given.get("title_dates") or {}
    if dates and isinstance(prof.get("titles"), list):
        prof["titles"] = [{"name": t, "date": dates[t]} if t in dates else t for t in prof["titles"]]
    return {"record": RECORD_FORMAT, "logged_at": None, "command": "check", "lang": data.get("lang", "zh"),
            "decision": data["decision"], "profile": prof, "masked": [],
            "results": [{"id": r.get("id"), "pack": r.get("pack"), "status": r.get("status")} for r in data["results"]]}


def replayable_profile(record: dict) -> dict:
    """The record's profile without the masked fields (no rule reads them; a masked credit code would not load)."""
    masked = set(record.get("masked") or ())
    return {k: v for k, v in (record.get("profile") or {}).items() if k not in masked}


@dataclass
class Change:
    rule_id: str
    pack: str
    before: str | None
    after: str | None
    cause: str                 # key of the cause (see :func:`cause_text`)


@dataclass
class Replay:
    """What :func:`compare` found: ``same`` is about the answer; ``pack_changes`` are about the rules."""

    same: bool
    as_of: str
    logged_as_of: str
    changes: list[Change] = field(default_factory=list)
    #: pack id -> what happened to it since the decision: edited / removed / added
    pack_changes: dict[str, dict] = field(default_factory=dict)
    causes: list[str] = field(default_factory=list)   # one line each, most rules first
    version_then: str = ""
    version_now: str = ""
    profile_verified: bool | None = None

    def as_dict(self) -> dict:
        return {"same": self.same, "as_of": self.as_of, "logged_as_of": self.logged_as_of,
                "causes": self.causes, "pack_changes": self.pack_changes,
                "changes": [vars(c) for c in self.changes], "xacheck": {"then": self.version_then, "now": self.version_now},
                "profile_verified": self.profile_verified}


def _expired(pack: Pack | None, rule_end: _dt.date | None, day: _dt.date) -> str | None:
    if pack is not None and pack.valid_until and day > pack.valid_until:
        return f"{pack.id} expired"
    if rule_end and day > rule_end:
        return "expired"
    return None


def compare(record: dict, packs: Iterable[Pack], results: list[Result], as_of: _dt.date, version: str,
            profile_hash: str | None = None) -> Replay:
    """Compare a record's statuses with ``results`` (the same profile evaluated now, with ``packs``)."""
    dec = record["decision"]
    then = {p["id"]: p for p in dec.get("packs") or ()}
    now = {p.id: p for p in packs}
    pack_changes: dict[str, dict] = {}
    for pid, p in then.items():
        if pid not in now:
            pack_changes[pid] = {"change": "removed", "then": p, "now": None}
        elif now[pid].sha256 != p.get("sha256"):
            pack_changes[pid] = {"change": "edited", "then": p, "now": pack_entry(now[pid])}
    for pid, p in now.items():
        if pid not in then and (not dec.get("pack_filter") or pid in dec["pack_filter"]):
            pack_changes[pid] = {"change": "added", "then": None, "now": pack_entry(p)}
    before = {r["id"]: r for r in record.get("results") or ()}
    after = {r.rule.id: r for r in results}
    logged_day = dec.get("as_of") or as_of.isoformat()
    moved = logged_day != as_of.isoformat()
    changes: list[Change] = []
    for rid in list(before) + [k for k in after if k not in before]:
        b, a = before.get(rid), after.get(rid)
        bs, as_ = (b or {}).get("status"), (a.status if a else None)
        if bs == as_:
            continue
        pid = a.rule.pack if a else (b or {}).get("pack", "")
        if pid in pack_changes:
            cause = f"{pid} {pack_changes[pid]['change']}"
        elif moved and as_ == "expired":
            cause = _expired(now.get(pid), a.rule.deadline if a else None, as_of) or "expired"
            if cause == "expired":
                cause = f"{rid} expired"
        elif moved:
            cause = f"as-of {logged_day} -> {as_of.isoformat()}"
        elif dec.get("xacheck") != version:
            cause = f"xacheck {dec.get('xacheck')} -> {version}"
        else:
            cause = "unexplained"
        changes.append(Change(rid, pid, bs, as_, cause))
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.cause] = counts.get(c.cause, 0) + 1
    causes = sorted(counts, key=lambda k: (-counts[k], k))
    verified = None if record.get("masked") or profile_hash is None else profile_hash == dec.get("profile_sha256")
    return Replay(same=not changes, as_of=as_of.isoformat(), logged_as_of=logged_day, changes=changes,
                  pack_changes=pack_changes, causes=causes, version_then=str(dec.get("xacheck")), version_now=version,
                  profile_verified=verified)


_CAUSE_ZH = [(re.compile(r"^(\S+) expired$"), r"\1 已失效"), (re.compile(r"^(\S+) edited$"), r"\1 已修改"),
             (re.compile(r"^(\S+) removed$"), r"\1 已移除"), (re.compile(r"^(\S+) added$"), r"\1 为新增"),
             (re.compile(r"^as-of (\S+) -> (\S+)$"), r"评估日期 \1 → \2"), (re.compile(r"^unexplained$"), "原因不明")]


def cause_text(cause: str, lang: str) -> str:
    """A cause key (``xa-hardtech-2024 expired``) in the reader's language."""
    if lang == "en":
        return cause
    for pat, repl in _CAUSE_ZH:
        if pat.match(cause):
            return pat.sub(repl, cause)
    return cause


def replay_text(rep: Replay, lang: str = "zh") -> str:
    """``same`` / ``changed: xa-hardtech-2024 expired`` and the rules that moved, with what caused each."""
    en = lang == "en"
    lines = []
    if rep.same:
        lines.append("same" if en else "相同")
    else:
        lines.append(("changed: " if en else "已变化：") + ("; " if en else "；").join(cause_text(c, lang) for c in rep.causes))
    day = rep.as_of if rep.as_of == rep.logged_as_of else f"{rep.logged_as_of} -> {rep.as_of}"
    lines.append(("  as of " if en else "  评估日期 ") + day)
    for pid, pc in rep.pack_changes.items():
        then, now = pc["then"] or {}, pc["now"] or {}
        if pc["change"] == "edited":
            lines.append(f"  {pid} " + ("edited since the decision" if en else "在该决定之后被修改")
                         + f" (version {then.get('version')} -> {now.get('version')}, sha256 "
                         f"{str(then.get('sha256'))[:12]}… -> {str(now.get('sha256'))[:12]}…)")
        elif pc["change"] == "removed":
            lines.append(f"  {pid} " + ("is no longer loaded" if en else "当前未加载"))
        else:
            lines.append(f"  {pid} " + ("was added since the decision" if en else "在该决定之后新增"))
    if rep.version_then != rep.version_now:
        lines.append(f"  xacheck {rep.version_then} -> {rep.version_now}")
    if rep.profile_verified is False:
        lines.append("  " + ("the profile does not match the decision's profile hash" if en
                             else "档案与该决定记录的档案哈希不符"))
    for c in rep.changes:
        lines.append(f"  {c.rule_id}  {c.before or '—'} -> {c.after or '—'}  ({cause_text(c.cause, lang)})")
    return "\n".join(lines) + "\n"
