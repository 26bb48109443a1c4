"""``xacheck validate``: every finding in a set of rule files, with a stable code and a place.

Beyond the loader's findings (YAML syntax, duplicate keys, schema, conditions, unknown fields) this
adds the checks that need all packs at once or a date: duplicate ids across packs, missing tests,
rules expired or expiring as of a day.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Iterable

from .errors import Location
from .fields import Registry
from .model import Pack
from .packs import Finding, load_pack_file, pack_files

EXPIRING_DAYS = 60


def validate_paths(paths: Iterable[Path], reg: Registry, as_of: _dt.date) -> tuple[list[Pack], list[Finding]]:
    findings: list[Finding] = []
    packs: list[Pack] = []
    rule_home: dict[str, str] = {}
    pack_home: dict[str, str] = {}
    for path in pack_files(paths):
        pack, found = load_pack_file(path, reg)
        findings.extend(found)
        if pack is None:
            continue
        packs.append(pack)
        if pack.id in pack_home:
            findings.append(Finding("XA102", "error", f"pack id '{pack.id}' is also used by {pack_home[pack.id]}",
                                    Location(pack.path, 1, 1)))
        pack_home.setdefault(pack.id, pack.path)
        for rule in pack.rules:
            loc = Location(pack.path, rule.line, 1)
            if rule.id in rule_home:
                findings.append(Finding("XA101", "error", f"rule id '{rule.id}' is also defined in {rule_home[rule.id]}", loc))
            rule_home.setdefault(rule.id, f"{pack.path}:{rule.line}")
            findings.extend(_rule_warnings(pack, rule, loc, as_of))
    return packs, findings


def _rule_warnings(pack: Pack, rule, loc: Location, as_of: _dt.date) -> list[Finding]:
    out = []
    if not rule.tests:
        out.append(Finding("XW003", "warning", f"rule '{rule.id}' has no embedded test case", loc))
    elif rule.when:
        expects = {c.expect for c in rule.tests}
        if len(expects) < 2:
            out.append(Finding("XW004", "warning",
                               f"rule '{rule.id}' has conditions but its tests expect only {sorted(expects)}; "
                               "add a case on the other side", loc))
    # targets past their deadline are judged met / not_met, not expired: only measures and programmes expire
    end = rule.valid_until if rule.target is None else None
    if end and not pack.kept_for_record:
        if end < as_of:
            out.append(Finding("XW001", "warning", f"rule '{rule.id}' ended on {end} (as of {as_of}); "
                               "mark the pack kept_for_record if it is kept as history", loc))
        elif (end - as_of).days <= EXPIRING_DAYS:
            out.append(Finding("XW002", "warning", f"rule '{rule.id}' ends on {end}, {(end - as_of).days} days after {as_of}", loc))
    return out
