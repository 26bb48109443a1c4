"""What changes between two evaluations: rules gained, lost, changed, and about to expire.

Pure: takes two result lists (from :func:`xacheck.evaluate.evaluate_profile`) and returns plain,
JSON-ready data. The two sides may differ by the profile (``--set``, or another file), by the date
(``--as-of D1 --to D2``), or both.

* **gained**: a rule that was not yours before and is now — its status moved into
  :data:`HELD` (``applies``, ``needs_assessment``; ``met``/``on_track`` for targets).
* **lost**: the reverse, e.g. ``applies`` → ``expired`` on the day after a window closes.
* **changed**: any other status change (``unknown`` → ``not_applicable``, ``applies`` →
  ``needs_assessment`` …).
* **expiring**: rules held on the *after* side whose deadline falls within ``within_days`` days of
  the after date (0 days left = the last day).
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from .condition import Month
from .model import Result

#: statuses that mean "this is (potentially) yours"
HELD = ("applies", "needs_assessment", "met", "on_track")


def _json(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (_dt.date, _dt.datetime, Month)):  # (a month alone: 2019-03)
        return v.isoformat()
    return v


def _item(rule, before: Result | None, after: Result | None) -> dict:
    res = after or before
    assert res is not None
    reason = ""
    if after is not None and after.status not in HELD:
        reason = after.reason
        if after.status == "unknown" and after.missing:
            reason = "missing: " + ", ".join(after.missing)
    return {
        "rule_id": rule.id, "pack": rule.pack, "kind": rule.kind, "clause": rule.clause,
        "title": rule.title.zh, "title_en": rule.title.en,
        "from": before.status if before is not None else None,
        "to": after.status if after is not None else None,
        "supports": [s.zh for s in rule.supports], "supports_en": [s.en for s in rule.supports],
        "deadline": _json(rule.deadline),
        "days_left": after.days_left if after is not None else None,
        "reason": reason,
    }


def diff_results(before: list[Result], after: list[Result], within_days: int | None = 90) -> dict:
    """Compare two result lists rule by rule (matched by rule id)."""
    b = {r.rule.id: r for r in before}
    a = {r.rule.id: r for r in after}
    order = list(b) + [k for k in a if k not in b]
    gained, lost, changed, expiring = [], [], [], []
    unchanged = 0
    for rid in order:
        rb, ra = b.get(rid), a.get(rid)
        rule = (ra or rb).rule  # type: ignore[union-attr]
        sb = rb.status if rb is not None else None
        sa = ra.status if ra is not None else None
        if sb == sa:
            unchanged += 1
        elif sa in HELD and sb not in HELD:
            gained.append(_item(rule, rb, ra))
        elif sb in HELD and sa not in HELD:
            lost.append(_item(rule, rb, ra))
        else:
            changed.append(_item(rule, rb, ra))
        if within_days is not None and ra is not None and sa in HELD and ra.days_left is not None \
                and 0 <= ra.days_left <= within_days:
            expiring.append(_item(rule, rb, ra))
    expiring.sort(key=lambda x: (x["days_left"], x["rule_id"]))
    return {"gained": gained, "lost": lost, "changed": changed, "expiring": expiring, "unchanged": unchanged,
            "counts": {"gained": len(gained), "lost": len(lost), "changed": len(changed), "expiring": len(expiring)}}
