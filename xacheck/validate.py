"""``xacheck validate``: every finding in a set of rule files, with a stable code and a place.

The loader (:mod:`xacheck.packs`) finds what one file shows on its own: YAML syntax, duplicate keys,
schema, conditions (syntax, unknown fields, types, units, choices), validity windows, targets, blank
clauses and quotes. This module adds what needs several files, a date or the source documents:
duplicate ids across packs, stand-alone test files and the rules they name, test profiles that do not
load, expectations a rule can never meet, quotes not found in their source document (the documents
shipped in ``xacheck/sources/`` and any ``sources`` folders), numbers not bound to their quotes
(:mod:`.numbers_in_quotes`), and the warnings: expired or soon-expiring rules, rules without (two-sided)
tests, thresholds without a test case at exactly their number.

Codes are listed in :mod:`xacheck.findings.codes`; ``docs/validate.md`` explains each.
"""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from pathlib import Path
from typing import Iterable

from .errors import Location, XacheckError
from .fields import Registry
from .model import TARGET_STATUSES, Pack, Rule
from .packs import Finding, build_pack, shipped_pack_dir
from .quotes import SourceLibrary
from .ruletest import is_test_file, load_test_file
from .source_docs import shipped_sources_dir
from .yamlsafe import YamlDocument, load_yaml_file

EXPIRING_DAYS = 60
#: Advance notices: reported, but never fail a run, not even under ``--strict`` (no edit can fix them
#: before the day comes; the day after, the rule is expired and XW001 does fail a strict run).
NOTICE_ONLY = frozenset({"XW002"})
#: Findings that depend on the day. On the clock's day (no ``--as-of``) they are reported but fail no run:
#: a build must not turn red because a date passed while nothing changed. With ``--as-of`` the day is an
#: input like any other, and XW001 fails a strict run (``--as-of 2027-01-02`` asks "is this pack ready then?").
DATED = frozenset({"XW001", "XW002"})

_TARGET_KINDS = ("target", "indicator")
#: findings listed per file; the rest are counted in one more (a generated file can hold a finding a line)
MAX_FINDINGS_PER_FILE = 100


def capped(findings: list[Finding], limit: int = MAX_FINDINGS_PER_FILE) -> list[Finding]:
    """The first ``limit`` findings of each file (in order), and for a file with more, one finding that counts
    the rest by code — with the code most of them have and the severity of the worst, so the run fails as it
    would have."""
    from collections import Counter

    seen: Counter = Counter()
    out: list[Finding] = []
    rest: dict[str | None, list[Finding]] = {}
    for f in findings:
        path = f.location.path
        seen[path] += 1
        (out if seen[path] <= limit else rest.setdefault(path, [])).append(f)
    for path, more in rest.items():
        codes = Counter(f.code for f in more)
        worst = "error" if any(f.severity == "error" for f in more) else "warning"
        by_code = ", ".join(f"{code} ×{n:,}" for code, n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])))
        out.append(Finding(codes.most_common(1)[0][0], worst, f"{len(more):,} more findings in this file are not listed "
                           f"({by_code}); the first {limit} are: fix those and run again", more[0].location))
    if rest:  # (the count after its file's last listed finding, not after every file)
        out.sort(key=lambda f: (f.location.path or "", f.location.line or 0, f.location.column or 0))
    return out


def rule_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the ``*.yaml`` / ``*.yml`` directly inside folders named (dotfiles skipped)."""
    from .packs import pack_files

    out: list[Path] = pack_files(map(Path, paths))  # (links out of a folder refused, dotfiles left out)
    seen: set = set()
    return [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]  # type: ignore[func-returns-value]


def _read(path: Path) -> tuple[YamlDocument | None, list[Finding]]:
    try:
        return load_yaml_file(str(path)), []
    except XacheckError as exc:  # yamlsafe places even an impossible date (2026-13-01) at its line
        return None, [Finding(exc.code, "error", exc.message, exc.location)]


def _is_field_file(data) -> bool:
    return isinstance(data, dict) and ("fields" in data or "derived" in data) and "pack" not in data \
        and "rules" not in data


class Validation:
    """One run of the checks; ``packs`` and ``findings`` are the results."""

    def __init__(self, reg: Registry, as_of: _dt.date | None, sources: Path | list[Path] | None = None,
                 against_shipped: bool = False, texts: bool = True):
        self.reg = reg
        self._profile_reg = _indexed(reg)
        self.as_of = as_of
        given = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(p) for p in sources or ()]
        #: quotes are looked up in the folders given, then in the documents shipped with the packs
        self.library = SourceLibrary(given + [shipped_sources_dir()]) if texts else None
        #: whether rules are held to their texts: quotes in their documents, numbers in their quotes
        self.texts = texts
        #: with folders given, a document found in none is XA133; without, only a shipped pack's is
        self.require_sources = bool(given)
        self.against_shipped = against_shipped
        self.findings: list[Finding] = []
        self.packs: list[Pack] = []
        self.files: list[str] = []
        self._docs: dict[str, YamlDocument] = {}
        self._lines: dict[str, dict[int, tuple]] = {}
        #: cases of stand-alone test files: (rule, case, file)
        self.standalone_cases: list = []
        self._shipped_packs: list[Pack] | None = None
        self._profiles: dict[int, object] = {}

    def run(self, paths: Iterable[Path]) -> "Validation":
        test_docs: list[YamlDocument] = []
        for path in rule_files(paths):
            self.files.append(str(path))
            doc, found = _read(path)
            self.findings.extend(found)
            if doc is None:
                continue
            if is_test_file(doc.data):
                test_docs.append(doc)
            elif _is_field_file(doc.data):
                self._check_field_file(doc)
            else:
                pack, found = build_pack(doc, self.reg)
                self.findings.extend(found)
                if pack is not None:
                    self.packs.append(pack)
                    self._docs[pack.path] = doc
        self._check_ids()
        rules = self._rules_by_id()
        for pack in self.packs:
            self._check_pack(pack)
        for doc in test_docs:
            cases, found = load_test_file(doc, rules)
            self.findings.extend(found)
            self.standalone_cases.extend(cases)
            self._docs.setdefault(doc.path, doc)
            for rule, case, _ in cases:
                self._check_case(rule, case, self._line_loc(doc.path, case.line))
        self.findings.sort(key=lambda f: (f.location.path or "", f.location.line or 0, f.location.column or 0))
        self.findings = capped(self.findings)
        return self

    # ------------------------------------------------------------------ across files
    def _shipped(self) -> list[Pack]:
        """The shipped packs the checked ones sit beside (a checked pack with a shipped id replaces it)."""
        if not self.against_shipped:
            return []
        if self._shipped_packs is None:
            from .packs import load_packs

            mine = {p.id for p in self.packs}
            try:
                self._shipped_packs = [p for p in load_packs(reg=self.reg) if p.id not in mine]
            except XacheckError:
                self._shipped_packs = []
        return self._shipped_packs

    def _rules_by_id(self) -> dict[str, list[Rule]]:
        out: dict[str, list[Rule]] = defaultdict(list)
        for pack in self._shipped() + self.packs:
            for r in pack.rules:
                out[r.id].append(r)
        return out

    def _check_ids(self) -> None:
        pack_home: dict[str, str] = {}
        rule_home: dict[str, str] = {p_rule.id: f"{p.path}:{p_rule.line}" for p in self._shipped() for p_rule in p.rules}
        for pack in self.packs:
            if pack.id in pack_home:
                self.findings.append(Finding("XA102", "error", f"pack id '{pack.id}' is also used by {pack_home[pack.id]}",
                                             self._where(pack, ("pack",))))
            pack_home.setdefault(pack.id, pack.path)
            seen_here: set[str] = set()
            for rule in pack.rules:
                if rule.id in seen_here and getattr(rule, "version", None):
                    continue  # dated versions of one rule share its id
                seen_here.add(rule.id)
                if rule.id in rule_home:
                    self.findings.append(Finding("XA101", "error", f"rule id '{rule.id}' is also defined in "
                                                 f"{rule_home[rule.id]}", self._rule_loc(pack, rule)))
                rule_home.setdefault(rule.id, f"{pack.path}:{rule.line}")

    # ------------------------------------------------------------------ one pack
    def _where(self, pack: Pack, path: tuple) -> Location:
        doc = self._docs.get(pack.path)
        return doc.where(path) if doc else Location(pack.path, 1, 1)

    def _rule_path(self, pack: Pack, rule: Rule) -> tuple:
        """The data path ``('rules', i)`` of a rule, found by its line."""
        if pack.path not in self._lines:
            doc = self._docs.get(pack.path)
            self._lines[pack.path] = {line: key for key, (line, _) in (doc.positions.items() if doc else ())
                                      if len(key) == 2 and key[0] == "rules"}
        return self._lines[pack.path].get(rule.line, ())

    def _line_loc(self, path: str, line: int | None) -> Location:
        """A location with the column of whatever item starts on ``line`` (test cases know only their line)."""
        doc = self._docs.get(path)
        if doc is not None and line is not None:
            if ("cols", path) not in self._lines:
                cols: dict = {}
                for key, (ln, col) in doc.positions.items():
                    if key and isinstance(key[-1], int):
                        cols.setdefault(ln, col)
                self._lines[("cols", path)] = cols  # type: ignore[index]
            return Location(path, line, self._lines[("cols", path)].get(line))  # type: ignore[index]
        return Location(path, line, None)

    def _rule_loc(self, pack: Pack, rule: Rule) -> Location:
        base = self._rule_path(pack, rule)
        return self._where(pack, base) if base else self._line_loc(pack.path, rule.line)

    def _check_pack(self, pack: Pack) -> None:
        by_id: dict[str, list[Rule]] = defaultdict(list)
        for rule in pack.rules:
            by_id[rule.id].append(rule)
        missing_doc = False
        for rid, versions in by_id.items():
            rule = versions[0]
            base = self._rule_path(pack, rule)
            loc = self._where(pack, base) if base else self._line_loc(pack.path, rule.line)
            for v in versions:
                for case in v.tests:
                    self._check_case(v, case, self._line_loc(pack.path, case.line))
            self.findings.extend(_rule_warnings(pack, versions, loc, self.as_of))
            tested = any(v.tests for v in versions)  # a rule with no case at all is XW003, not XW011 too
            for v in versions if self.texts else ():
                self.findings.extend(self._number_findings(pack, v, loc, tested))
            if self.library is not None:
                for v in versions:
                    m = self.library.check(v.document.file, v.quote)
                    if m is None and not (self.require_sources or _is_shipped(pack)):
                        break  # a pack of your own whose document you did not give: quotes unchecked
                    if m is None:
                        if not missing_doc:
                            missing_doc = True
                            self.findings.append(Finding(
                                "XA133", "error", f"source document '{v.document.file}' is not in {self.library.root}"
                                + (f" (not read: {self.library.refused[v.document.file]})"
                                   if v.document.file in self.library.refused else ""),
                                self._where(pack, ("document", "file"))))
                        continue
                    if not m.found and v.quote.strip():
                        near = f"; closest text ({m.ratio:.0%} of it): {m.best[:40]}…" if m.best else ""
                        self.findings.append(Finding(
                            "XA132", "error", f"quote of '{rid}' not found in {v.document.file}: "
                            f"{_short(m.missing[0])}{near}", self._where(pack, base + ("quote",)) if base else loc))
                    break

    def _number_findings(self, pack: Pack, rule: Rule, loc: Location, tested: bool) -> list[Finding]:
        """Numbers bound to their quotes, and tested at exactly their value (:mod:`.numbers_in_quotes`)."""
        from .numbers_in_quotes import boundary_problems, number_problems

        doc = self._docs.get(pack.path)
        bases = [key for key, (line, _) in (doc.positions.items() if doc else ()) if line == rule.line
                 and key[:1] == ("rules",) and len(key) in (2, 4)]
        bases += [b[:2] for b in bases if len(b) == 4]  # a versioned rule's shared keys sit on the rule

        def where(path: tuple) -> Location:
            for base in bases:
                if base + path in doc.positions:  # type: ignore[union-attr]
                    return doc.where(base + path)  # type: ignore[union-attr]
            return loc

        problems = number_problems(rule, self.reg.extended(rule.derived))
        if tested:
            problems += boundary_problems(rule, self._profile_reg, self._case_profile)
        return [Finding(p.code, "warning" if p.code.startswith("XW") else "error", p.message, where(p.path))
                for p in problems]

    def _case_profile(self, case):
        """A test case's profile, coerced once (``None`` when it does not load: XA142 says why)."""
        from .profiles import profile_from_mapping

        key = id(case)
        if key not in self._profiles:
            try:
                self._profiles[key] = profile_from_mapping(case.profile, self._profile_reg)
            except XacheckError:
                self._profiles[key] = None
        return self._profiles[key]

    def _check_case(self, rule: Rule, case, loc: Location) -> None:
        from .profiles import profile_from_mapping

        try:
            profile_from_mapping(case.profile, self._profile_reg, source=loc.path or "")
        except XacheckError as exc:
            self.findings.append(Finding("XA142", "error", f"test '{case.name}' of '{rule.id}': profile: {exc.message}", loc))
        possible = _possible_statuses(rule)
        if case.expect not in possible:
            self.findings.append(Finding("XA143", "error", f"test '{case.name}' expects '{case.expect}', which a "
                                         f"{'qualitative ' if rule.qualitative else ''}{rule.kind} rule never returns; "
                                         f"it returns one of {', '.join(sorted(possible))}", loc))

    def _check_field_file(self, doc: YamlDocument) -> None:
        from importlib import resources

        from .fields import parse_registry
        from .yamlsafe import load_yaml

        root = resources.files("xacheck") / "fields"
        me = Path(doc.path).resolve()
        docs = [(f"xacheck/fields/{e.name}", load_yaml(e.read_text(encoding="utf-8"), e.name).data)
                for e in sorted(root.iterdir(), key=lambda e: e.name)
                if e.name.endswith(".yaml") and Path(str(e)).resolve() != me]
        try:
            parse_registry(docs + [(doc.path, doc.data)])
        except XacheckError as exc:
            loc = exc.location
            if loc.line is None and loc.field:
                loc = doc.where(("fields", loc.field)) if ("fields", loc.field) in doc.positions else \
                    doc.where(("derived", loc.field))
            self.findings.append(Finding("XA120", "error", exc.message, Location(doc.path, loc.line, loc.column)))


def _is_shipped(pack: Pack) -> bool:
    return Path(pack.path).resolve().parent == shipped_pack_dir().resolve()


def _indexed(reg: Registry) -> Registry:
    """The same registry with its header index computed once (it is rebuilt on every access otherwise,
    which made checking ~400 test profiles cost more than everything else together)."""
    import copy

    cls = type("IndexedRegistry", (type(reg),), {"header_index": None})
    fast = copy.copy(reg)
    fast.__class__ = cls
    fast.header_index = reg.header_index  # type: ignore[misc]
    return fast


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def _possible_statuses(rule: Rule) -> set[str]:
    common = {"unknown", "not_applicable", "not_yet_effective"}
    if rule.kind in _TARGET_KINDS or rule.target is not None:
        return common | set(TARGET_STATUSES)
    open_list = {"needs_assessment"} if any(c.open for c in rule.when) else set()  # a value not in an open list
    if rule.successor:
        open_list.add(rule.successor.status)
    return common | {"expired"} | ({"needs_assessment"} if rule.qualitative else {"applies"}) | open_list


def _rule_warnings(pack: Pack, versions: list[Rule], loc: Location, as_of: _dt.date | None) -> list[Finding]:
    rule = versions[0]
    tests = [c for v in versions for c in v.tests]
    out = []
    if not tests:
        out.append(Finding("XW003", "warning", f"rule '{rule.id}' has no embedded test case", loc))
    elif any(v.when for v in versions):
        expects = {c.expect for c in tests}
        if len(expects) < 2:
            out.append(Finding("XW004", "warning",
                               f"rule '{rule.id}' has conditions but its tests expect only {sorted(expects)}; "
                               "add a case on the other side", loc))
    # targets past their deadline are judged met / not_met, not expired: only measures and programmes expire.
    # Of dated versions only the last one counts: earlier ones ending is what versions are for.
    if as_of is None or rule.target is not None or pack.kept_for_record or any(v.kept_for_record for v in versions):
        return out  # no day given (``xacheck test``): no calendar warnings
    ends = [v.valid_until for v in versions]
    end = None if any(e is None for e in ends) else max(ends)  # type: ignore[type-var]
    if end:
        if end < as_of:
            out.append(Finding("XW001", "warning", f"rule '{rule.id}' ended on {end} (as of {as_of}); "
                               "mark the rule (or its pack) kept_for_record if it is kept as history", loc))
        elif (end - as_of).days <= EXPIRING_DAYS:
            out.append(Finding("XW002", "warning", f"rule '{rule.id}' ends on {end}, {(end - as_of).days} days after "
                               f"{as_of}: look for a successor policy", loc))
    return out


def validate_paths(paths: Iterable[Path], reg: Registry, as_of: _dt.date, sources: Path | list[Path] | None = None,
                   against_shipped: bool = False) -> tuple[list[Pack], list[Finding]]:
    """Check rule files (packs, stand-alone test files, field files); return the packs and every finding."""
    v = Validation(reg, as_of, sources, against_shipped).run(paths)
    return v.packs, v.findings


def blocking(finding: Finding, strict: bool, clock: bool = False) -> bool:
    """Whether a finding makes the run fail: errors always, warnings under ``--strict`` (not notices, and
    not the day's findings when the day is the clock's: ``clock``)."""
    if finding.severity == "error":
        return True
    return strict and finding.code not in NOTICE_ONLY and not (clock and finding.code in DATED)


__all__ = ["DATED", "EXPIRING_DAYS", "NOTICE_ONLY", "Validation", "blocking", "rule_files", "shipped_pack_dir",
           "validate_paths"]
