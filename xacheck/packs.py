"""Loading rule packs: YAML -> schema check -> parsed conditions -> :class:`~xacheck.model.Pack`.

Every problem becomes a :class:`Finding` with a stable code and the file/line it belongs to, so the
same loader serves ``xacheck check`` (which stops at the first error) and ``xacheck validate``
(which reports them all).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from . import condition as cond
from .condcheck import PCT, RATIO, check_condition, field_unit
from .errors import Location, RulePackError, XacheckError
from .fields import Registry, default_registry, make_derived
from .hints import MAX_LISTED, budget, first, more
from .i18n import Msg
from .model import Basis, Condition, Document, Pack, Reading, Rule, Successor, Target, TestCase, Text, TitleLifetime
from .yamlsafe import YamlDocument, load_yaml, load_yaml_file


#: the day a test case without ``as_of`` is evaluated on
DEFAULT_TEST_DATE = _dt.date(2026, 6, 1)


@dataclass(frozen=True)
class Finding:
    """One problem in a rule file. ``severity`` is ``error`` or ``warning``."""

    code: str
    severity: str
    message: str
    location: Location

    def as_dict(self) -> dict:
        loc = self.location
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "path": loc.path, "line": loc.line, "column": loc.column}


@lru_cache(maxsize=1)
def rules_schema() -> dict:
    return json.loads((resources.files("xacheck") / "schemas" / "rules.schema.json").read_text(encoding="utf-8"))


def shipped_pack_dir() -> Path:
    return Path(str(resources.files("xacheck") / "measures"))


#: the keys whose values are dates (``$defs/date`` in the schema): a YAML date there is checked as its ISO text
DATE_KEYS = frozenset({"valid_from", "valid_until", "deadline", "issued", "as_of"})


def jsonable(value: Any, key: str | None = None) -> Any:
    """Dates to ISO text and decimals to numbers, so jsonschema sees JSON types. Only a date where the schema
    takes one (:data:`DATE_KEYS`) becomes text: elsewhere (``when: [2026-01-01]``) it stays a date, which
    every text or number in the schema refuses — turned into text it would pass as a condition."""
    if isinstance(value, dict):
        return {str(k): jsonable(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat() if key in DATE_KEYS else value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)
    return value


def _text(v: Any) -> Text | None:
    if v is None:
        return None
    if isinstance(v, dict):
        return Text(str(v.get("zh", "")), str(v.get("en") or v.get("zh", "")))
    return Text(str(v), str(v))


def _date(v: Any) -> _dt.date | None:
    if v is None or isinstance(v, _dt.date):
        return v
    return _dt.date.fromisoformat(str(v))


@lru_cache(maxsize=1)
def _validator():
    import jsonschema  # imported here: only rule loading needs it

    validator_cls = jsonschema.validators.validator_for(rules_schema())
    return validator_cls(rules_schema(), format_checker=validator_cls.FORMAT_CHECKER)


#: Schema problems that have a code of their own: (key the problem is about) -> code.
#: ``clause`` / ``quote`` missing or blank: the rule cannot be checked against its source;
#: ``deadline``: a target without a date cannot be judged; ``target``: a target rule without one.
_KEY_CODES = {"clause": "XA130", "quote": "XA131", "deadline": "XA124", "target": "XA125"}
_MISSING_HINT = {"XA130": " (the clause number as printed in the document, e.g. （五） or 专栏1 第6项)",
                 "XA131": " (the clause text as it should read)",
                 "XA124": " (the day the target is due, e.g. 2025-12-31 for 到2025年)",
                 "XA125": " (a target or indicator needs target: {metric, op, value, deadline})"}
_DESCRIBE = {
    "text": "text, or {zh: …, en: …}",
    "dateOrNull": "a date YYYY-MM-DD, or null",
    "condition": "a condition (text), or {expr: …, label: …}",
    "number": "a number",
}
_JSON_TYPES = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
               float: "a number", type(None): "null"}


def _json_type(value: Any) -> str:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "a date"
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    """A value as a message quotes it (a YAML date as written, not ``datetime.date(2026, 1, 1)``)."""
    return value.isoformat() if isinstance(value, (_dt.date, _dt.datetime)) else repr(value)


def _schema_findings(doc: YamlDocument, validator: Any = None) -> list[Finding]:
    """Schema errors, each with the key it is about, what was expected and, for codes, what it means."""
    defs = rules_schema()["$defs"]
    out: list[Finding] = []
    for err in sorted((validator or _validator()).iter_errors(jsonable(doc.data)), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        where = "/".join(str(p) for p in path) or "(top level)"
        code, loc, msg = "XA100", doc.where(path), err.message
        key = path[-1] if path and isinstance(path[-1], str) else None
        alternatives = [c for c in (err.context or ()) if c.validator == "required" and not c.relative_path]
        if err.validator == "required" or (err.validator == "anyOf" and alternatives
                                           and len(alternatives) == len(err.context or ())):
            # `anyOf: [{required: [clause, quote]}, {required: [versions]}]`: report the first alternative
            reqs = [err] if err.validator == "required" else [c for c in alternatives if c.relative_schema_path[0] == 0]
            missing = [k for r in reqs for k in r.validator_value if isinstance(err.instance, dict) and k not in err.instance]
            for k in missing or ["?"]:
                code = _KEY_CODES.get(k, "XA106")
                out.append(Finding(code, "error", f"{where}: missing required key '{k}'{_MISSING_HINT.get(code, '')}",
                                   loc))
            continue
        elif err.validator in ("additionalProperties", "unevaluatedProperties"):
            allowed = sorted((err.schema.get("properties") or {}).keys()) if isinstance(err.schema, dict) else []
            if err.validator == "unevaluatedProperties":
                allowed = sorted(set(allowed) | set(defs["test"]["properties"]))
            extra = [k for k in (err.instance or {}) if k not in allowed] if isinstance(err.instance, dict) else []
            for k in extra[:MAX_LISTED]:  # (one by one for the first few; a pack of 400,000 keys is no typo)
                hint = first(str(k), allowed)
                out.append(Finding("XA105", "error", f"{where}: unexpected key '{k}'"
                                   + (f" (did you mean '{hint}'?)" if hint else f"; allowed: {', '.join(allowed)}"),
                                   doc.where(path + (k,))))
            if len(extra) > MAX_LISTED:
                rest = extra[MAX_LISTED:]
                out.append(Finding("XA105", "error", f"{where}: {len(rest):,} more unexpected keys ({more(rest).en}); "
                                   f"allowed: {', '.join(allowed)}", doc.where(path + (rest[0],))))
            continue
        else:
            code = _KEY_CODES.get(key or "", "XA100")
            if err.validator == "enum":
                opts = [str(o) for o in err.validator_value]
                hint = first(str(err.instance), opts)
                msg = f"{where}: {err.instance!r} is not one of {', '.join(opts)}" + (f" (did you mean '{hint}'?)" if hint else "")
            elif err.validator == "type":
                want = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
                msg = f"{where}: expected {' or '.join(map(str, want))}, got {_json_type(err.instance)} {_shown(err.instance)}"
            elif err.validator in ("anyOf", "oneOf"):
                name = next((n for n, d in defs.items() if d == err.schema), None)
                desc = _DESCRIBE.get(name or "")
                if desc is None and err.context:
                    import jsonschema

                    desc = jsonschema.exceptions.best_match(err.context).message
                msg = f"{where}: expected {desc}, got {_json_type(err.instance)} {_shown(err.instance)}"
            elif err.validator == "pattern":
                msg = f"{where}: {err.instance!r} does not have the expected form ({err.validator_value})"
                if key in ("id", "pack"):
                    msg += ": lower-case letters, digits and '-'" + (", '<pack>.<slug>'" if key == "id" else "")
            elif err.validator == "format":
                msg = f"{where}: {err.instance!r} is not a valid {err.validator_value}"
            elif err.validator in ("minLength",) and key in ("quote", "clause"):
                msg = f"{where}: must not be empty"
            else:
                msg = f"{where}: {msg}"
        out.append(Finding(code, "error", msg, loc))
    return out


#: a number written as text, as the schema's "number" takes it
_NUMBER_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


def _range_findings(doc: YamlDocument) -> list[Finding]:
    """Every number a pack holds (a target and its baseline, basis and reading numbers, a test's expected
    gaps …) is finite and within the figures xacheck reads (fields.in_range: 1e-30 … 1e30, or 0), and every
    day (validity, deadlines, a test's as_of) within the days it reasons about (condition.FIRST_DAY …
    LAST_DAY). YAML reads ``.nan``, ``.inf`` and ``1.0e+999999`` as numbers, which the schema's "number"
    takes, and 9999-12-31 as a day; compared, subtracted, counted from or drawn they would fail in
    ``check``, ``report`` and the calendar, so they are refused here, where ``validate`` says so and no
    command gets further. (Test profiles are read as profiles: XA142.)"""
    from .fields import in_range

    out: list[Finding] = []
    stack: list[tuple[Any, tuple]] = [(doc.data, ())]
    while stack:
        value, path = stack.pop()
        where = "/".join(str(p) for p in path) or "(top level)"
        if isinstance(value, dict):
            stack.extend((v, path + (k,)) for k, v in value.items() if k != "profile")
        elif isinstance(value, list):
            stack.extend((v, path + (i,)) for i, v in enumerate(value))
        elif (isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)) \
                or (isinstance(value, str) and _NUMBER_TEXT.match(value)):  # ('123…' where the schema takes one)
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            if not in_range(number):
                out.append(Finding("XA126", "error", f"{where}: {value} is not a number xacheck can compare: "
                                   "give a finite number from 1e-30 to 1e30 (either sign), or 0", doc.where(path)))
        elif isinstance(value, _dt.date) or (isinstance(value, str) and path and path[-1] in DATE_KEYS):
            try:
                day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(value)
            except ValueError:
                continue  # (not a day: the schema says so)
            day = day.date() if isinstance(day, _dt.datetime) else day
            if not cond.in_days(day):
                out.append(Finding("XA126", "error", f"{where}: {day} is outside the days xacheck reasons about "
                                   f"({cond.FIRST_DAY} to {cond.LAST_DAY})", doc.where(path)))
    return sorted(out, key=lambda f: (f.location.line or 0, f.location.column or 0))


def is_list_test(node: cond.Node) -> bool:
    """``any_in(field, [...])`` or ``field in [...]``: a test whose false answer means "not in the list"."""
    if isinstance(node, cond.Call) and node.func == "any_in":
        return isinstance(node.args[0], cond.Name) and isinstance(node.args[1], cond.ListLit)
    return (isinstance(node, cond.Member) and not node.negated and isinstance(node.item, cond.Name)
            and isinstance(node.container, cond.ListLit))


def _quote_zh_findings(quote_zh: str, quote: str, document, where) -> list[Finding]:
    """A Chinese rendering of a quote is for summaries only (a document's own words are quoted as they are), and
    says no number the summary does not (a rendering must not become a second source of thresholds)."""
    from .quote_numbers import numbers_in

    if document.quotes != "summary":
        return [Finding("XA139", "error", "quote_zh is for summary quotes (document.quotes: summary); the document's "
                                          "own words are quoted as they are", where)]
    said = {q.value for q in numbers_in(quote)}
    extra = sorted({q.text for q in numbers_in(quote_zh) if q.value not in said})
    if extra:
        return [Finding("XA139", "error", f"quote_zh states number(s) the summary does not: {', '.join(extra)}", where)]
    return []


def _open_in_quote(node: cond.Node, quote: str) -> bool:
    """Does the quote list the condition's values and go on with 等 (…、中子医疗等领域)? The last place any listed
    value is quoted is looked at: 等 right after it (past a closing quote mark) makes the list open."""
    lst = node.args[1] if isinstance(node, cond.Call) else node.container  # type: ignore[attr-defined]
    ends = [quote.rfind(str(i.value)) + len(str(i.value)) for i in lst.items
            if isinstance(i, cond.Str) and i.value and str(i.value) in quote]
    if not ends:
        return False
    rest = quote[max(ends):].lstrip("”’」』)）\"' ")
    return rest.startswith("等")


def _names_in(node: cond.Node) -> list[str]:
    return cond.names(node)


def check_condition_names(node: cond.Node, reg: Registry, loc: Location, text: str) -> list[Finding]:
    out = []
    for name in _names_in(node):
        if name == "as_of" or name in reg:
            continue
        hint = reg.suggest(name)
        msg = f"condition {text!r} names unknown field '{name}'" + (f" (did you mean '{hint}'?)" if hint else "")
        out.append(Finding("XA112", "error", msg, loc))
    return out


def _norm_unit(unit: str) -> str:
    return {"%": PCT, "百分点": PCT, "ratio": RATIO}.get(unit, unit)


def _static_findings(node: cond.Node, text: str, reg: Registry, loc: Location) -> list[Finding]:
    """Type, unit and choice problems of a condition whose names are all known (see condcheck)."""
    out = []
    for p in check_condition(node, text, reg):
        out.append(Finding(p.code, "warning" if p.code.startswith("XW") else "error", f"condition {text!r}: {p.message}", loc))
    return out


def build_pack(doc: YamlDocument, reg: Registry, schema: bool = True) -> tuple[Pack | None, list[Finding]]:
    """Turn a parsed YAML document into a Pack, collecting every finding on the way (a did-you-mean for the
    first few unknown names only: :mod:`xacheck.hints`).

    ``schema=False`` skips the JSON Schema pass (the slowest step) and the static type/unit checks of
    conditions for the packs shipped inside the package, which the test suite and ``xacheck validate
    --strict`` check on every change; user packs are always checked. Conditions are parsed by the
    whitelist parser and their field names checked either way.
    """
    with budget():
        return _build_pack(doc, reg, schema)


def _build_pack(doc: YamlDocument, reg: Registry, schema: bool) -> tuple[Pack | None, list[Finding]]:
    findings: list[Finding] = []
    for path, line, col in doc.duplicates:
        findings.append(Finding("XA002", "error", f"duplicate key '{path[-1]}' (the earlier value is silently lost)",
                                Location(doc.path, line, col)))
    if not isinstance(doc.data, dict):
        findings.append(Finding("XA100", "error", "a rule pack must be a mapping with pack, title, document and rules",
                                Location(doc.path, 1, 1)))
        return None, findings
    problems = _schema_findings(doc) if schema else []
    problems += _range_findings(doc)
    findings.extend(problems)
    if problems:
        return None, findings
    d = doc.data
    dd = d["document"]
    document = Document(file=dd["file"], title=dd["title"], number=dd.get("number"), issuer=dd.get("issuer"),
                        issued=_date(dd.get("issued")), issued_note=_text(dd.get("issued_note")),
                        quotes=dd.get("quotes") or "text")
    pack_from, pack_until = _date(d.get("valid_from")), _date(d.get("valid_until"))
    if pack_from and pack_until and pack_until < pack_from:
        findings.append(Finding("XA121", "error", f"pack validity ends ({pack_until}) before it begins ({pack_from})",
                                doc.where(("valid_until",))))
    derived, too_deep = _build_derived(doc, d.get("derived") or {}, reg, findings)
    reg = reg.extended(derived)
    reach = _Reach(reg, too_deep)
    rules = []
    for i, r in enumerate(d["rules"]):
        if "versions" in r:
            rules.extend(_build_versions(doc, reg, d["pack"], document, pack_from, pack_until, i, r, findings,
                                         static=schema, reach=reach))
            continue
        rules.append(_build_rule(doc, reg, d["pack"], document, pack_from, pack_until, ("rules", i), r, findings,
                                 static=schema, reach=reach))
    rules = [dataclasses.replace(r, derived=derived) for r in rules] if derived else rules
    # pack-level (stand-alone) tests are attached to the rules they name
    for j, t in enumerate(d.get("tests") or []):
        as_of = _date(t.get("as_of")) or DEFAULT_TEST_DATE
        matches = [n for n, r in enumerate(rules) if r.id == t["rule"]]
        # a dated rule's case belongs to the version in force on the case's day
        k = next((n for n in matches if _covers(rules[n], as_of)), matches[0] if matches else None)
        if k is None:
            hint = first(str(t["rule"]), [r.id for r in rules])
            findings.append(Finding("XA141", "error", f"test names unknown rule '{t['rule']}'"
                                    + (f" (did you mean '{hint}'?)" if hint else ""), doc.where(("tests", j))))
            continue
        case = _test_case(t, j, doc.where(("tests", j)).line)
        rules[k] = dataclasses.replace(rules[k], tests=rules[k].tests + (case,))
    lifetimes = tuple(TitleLifetime(t["title"], int(t["years"]), t.get("basis"), _text(t.get("note")), t.get("confidence"))
                      for t in d.get("title_lifetimes") or ())
    pack = Pack(id=d["pack"], title=_text(d["title"]) or Text("", ""), document=document, rules=tuple(rules),
                valid_from=pack_from, valid_until=pack_until, kept_for_record=bool(d.get("kept_for_record")),
                notes=_text(d.get("notes")), path=doc.path, derived=derived, title_lifetimes=lifetimes,
                version=str(d["version"]) if d.get("version") is not None else None, sha256=doc.sha256)
    return pack, findings


def _covers(rule: Rule, day: _dt.date) -> bool:
    return (rule.valid_from is None or rule.valid_from <= day) and (rule.valid_until is None or day <= rule.valid_until)


class _Reach:
    """How deep evaluating a condition goes with the pack's derived quantities (condition.reach). A chain is
    reported once, where it passes the limit: what reads a derived quantity already reported is not again."""

    def __init__(self, reg: Registry, too_deep: set[str]):
        self.nodes = reg.derived_nodes()
        self.reported = too_deep

    def too_deep(self, node: cond.Node) -> int | None:
        if self.reported.intersection(cond.names(node)):
            return None
        depth = cond.reach(node, self.nodes)
        return depth if depth > cond.MAX_TREE_DEPTH else None


def _too_deep_message(what: str, depth: int) -> str:
    return (f"{what} goes {depth} levels deep with the derived quantities it reads (each counts with its own "
            f"expression); the limit is {cond.MAX_TREE_DEPTH}: shorten the chain")


def _build_derived(doc: YamlDocument, specs: dict, reg: Registry, findings: list[Finding]) -> tuple[tuple, set[str]]:
    """A pack's own derived quantities, in order; each may use fields and the ones before it. Also the keys
    of those a chain makes too deep to evaluate (XA117)."""
    out: list = []
    too_deep: set[str] = set()
    for key, spec in specs.items():
        loc = doc.where(("derived", key))
        if key in reg:
            findings.append(Finding("XA104", "error", f"derived '{key}' shadows a profile field or derived quantity", loc))
            continue
        try:
            d = make_derived(key, spec)
        except cond.ConditionSyntaxError as exc:
            findings.append(Finding(exc.code, "error", f"derived '{key}': {exc.message}", loc))
            continue
        findings.extend(check_condition_names(d.node, reg.extended(tuple(out)), loc, d.expr))
        if too_deep.intersection(cond.names(d.node)):
            too_deep.add(key)  # (on a chain already reported)
        else:
            depth = _Reach(reg.extended(tuple(out)), too_deep).too_deep(d.node)
            if depth is not None:
                findings.append(Finding("XA117", "error", _too_deep_message(f"derived '{key}'", depth), loc))
                too_deep.add(key)
        out.append(d)
    return tuple(out), too_deep


def _build_versions(doc: YamlDocument, reg: Registry, pack_id: str, document: Document, pack_from, pack_until,
                    i: int, r: dict, findings: list[Finding], static: bool = True, reach: _Reach | None = None) -> list[Rule]:
    """A rule with dated versions becomes one Rule per version, sharing the id; windows must tile."""
    common = {k: v for k, v in r.items() if k != "versions"}
    out = []
    for k, v in enumerate(r["versions"]):
        merged = {**common, **v}
        rule = _build_rule(doc, reg, pack_id, document, pack_from, pack_until, ("rules", i, "versions", k), merged, findings,
                           static=static, reach=reach)
        out.append(dataclasses.replace(rule, version=k))
    ordered = sorted(out, key=lambda x: x.valid_from or _dt.date.min)
    for a, b in zip(ordered, ordered[1:]):
        loc = doc.where(("rules", i, "versions", out.index(b), "valid_from"))
        if a.valid_until is None or b.valid_from is None or a.valid_until >= b.valid_from:
            findings.append(Finding("XA122", "error", f"versions of '{r['id']}' overlap: one runs to "
                                    f"{a.valid_until or 'open end'}, the next starts {b.valid_from}", loc))
        elif (b.valid_from - a.valid_until).days != 1:
            findings.append(Finding("XA123", "error", f"versions of '{r['id']}' leave a gap: {a.valid_until} to "
                                    f"{b.valid_from}", loc))
    return out


def _build_rule(doc: YamlDocument, reg: Registry, pack_id: str, document: Document, pack_from, pack_until,
                base: tuple, r: dict, findings: list[Finding], static: bool = True, reach: _Reach | None = None) -> Rule:
    pack_successor = doc.data.get("successor") if isinstance(doc.data, dict) else None
    if not r["id"].startswith(pack_id + "."):
        findings.append(Finding("XA103", "error", f"rule id '{r['id']}' must start with the pack id '{pack_id}.'",
                                doc.where(base + ("id",))))
    when = []
    for j, c in enumerate(r.get("when") or []):
        text = c if isinstance(c, str) else c["expr"]
        loc = doc.where(base + ("when", j))
        try:
            node = cond.parse(text)
        except cond.ConditionSyntaxError as exc:
            findings.append(Finding(exc.code, "error", f"condition {_short_text(text)!r}: {exc.message}", loc))
            continue
        depth = (reach or _Reach(reg, set())).too_deep(node)
        if depth is not None:
            findings.append(Finding("XA117", "error", _too_deep_message(f"condition {_short_text(text)!r}", depth), loc))
            continue
        unknown = check_condition_names(node, reg, loc, text)
        findings.extend(unknown)
        if not unknown and static:
            findings.extend(_static_findings(node, text, reg, loc))
        is_open = bool(c.get("open")) if isinstance(c, dict) else False
        if not is_open and is_list_test(node) and _open_in_quote(node, str(r["quote"])):
            findings.append(Finding("XW010", "warning", f"condition {text!r}: the quote lists these values and goes on "
                                    "with 等 (an open list): mark the condition `open: true`, so a value not listed "
                                    "reads as needs_assessment (原文列举未尽（等）), not as not_applicable", loc))
        if is_open and not is_list_test(node):
            findings.append(Finding("XA116", "error", f"condition {text!r} is marked open but is not a single list "
                                    "test (any_in(field, [...]) or field in [...]): a false answer could then mean "
                                    "something other than \"not listed\"", loc))
        when.append(Condition(text, node, _text(c.get("label")) if isinstance(c, dict) else None, is_open))
    target = None
    if "target" in r:
        t = r["target"]
        if t["metric"] not in reg:
            hint = reg.suggest(t["metric"])
            findings.append(Finding("XA112", "error", f"target metric '{t['metric']}' is not a profile field"
                                    + (f" (did you mean '{hint}'?)" if hint else ""), doc.where(base + ("target", "metric"))))
        elif t.get("unit"):
            want, have = field_unit(t["metric"], reg), _norm_unit(str(t["unit"]))
            if want and have and want != have:
                findings.append(Finding("XA113", "error", f"target unit '{t['unit']}' does not match metric "
                                        f"'{t['metric']}', which is {want}", doc.where(base + ("target", "unit"))))
        bl = t.get("baseline")
        target = Target(metric=t["metric"], op=t["op"], value=Decimal(str(t["value"])), unit=t.get("unit"),
                        deadline=_date(t["deadline"]),  # type: ignore[arg-type]
                        baseline=Decimal(str(bl["value"])) if bl else None, baseline_year=bl["year"] if bl else None,
                        cumulative=bool(t.get("cumulative")), annual=bool(t.get("annual")))
    vf = _date(r["valid_from"]) if "valid_from" in r else pack_from
    vu = _date(r["valid_until"]) if "valid_until" in r else pack_until
    if vf and vu and vu < vf:
        key = "valid_until" if "valid_until" in r else "valid_from"
        findings.append(Finding("XA121", "error", f"validity ends ({vu}) before it begins ({vf})", doc.where(base + (key,))))
    if not str(r["clause"]).strip():
        findings.append(Finding("XA130", "error", "clause is blank: give the clause as numbered in the document",
                                doc.where(base + ("clause",))))
    if not str(r["quote"]).strip():
        findings.append(Finding("XA131", "error", "quote is blank: give the clause text as it should read",
                                doc.where(base + ("quote",))))
    quote_zh = str(r["quote_zh"]).strip() if r.get("quote_zh") else None
    if quote_zh:
        findings += _quote_zh_findings(quote_zh, str(r["quote"]), document, doc.where(base + ("quote_zh",)))
    assessment = r.get("assessment") or {}
    tests = [_test_case(t, k, doc.where(base + ("tests", k)).line) for k, t in enumerate(r.get("tests") or [])]
    return Rule(
        id=r["id"], pack=pack_id, kind=r["kind"], clause=str(r["clause"]), title=_text(r["title"]) or Text("", ""),
        quote=str(r["quote"]).strip(), applies_to=tuple(r["applies_to"]), document=document, when=tuple(when),
        supports=tuple(_text(s) for s in r.get("supports") or ()),  # type: ignore[misc]
        criteria=tuple(_text(s) for s in assessment.get("criteria") or ()),  # type: ignore[misc]
        evidence=tuple(_text(s) for s in assessment.get("evidence") or ()),  # type: ignore[misc]
        qualitative=bool(assessment), valid_from=vf, valid_until=vu, target=target,
        basis=tuple(Basis(b["regulation"], _text(b.get("note")), tuple(Decimal(str(n)) for n in b.get("numbers") or ()))
                    for b in r.get("basis") or ()),
        readings=tuple(Reading(Decimal(str(x["value"])), _text(x.get("note"))) for x in r.get("readings") or ()),
        notes=_text(r.get("notes")), tests=tuple(tests), path=doc.path, line=doc.where(base).line,
        regulation=r.get("regulation"), confidence=r.get("confidence"), kept_for_record=bool(r.get("kept_for_record")),
        successor=_successor(r.get("successor") or pack_successor), quote_zh=quote_zh)


def _short_text(text: str, n: int = 120) -> str:
    """A condition as a message quotes it: a 4,000-character one is not repeated whole."""
    return text if len(text) <= n else text[:n] + "…"


def _successor(spec: dict | None) -> Successor | None:
    if not spec:
        return None
    return Successor(spec["status"], _text(spec["note"]) or Text("", ""))


def _test_case(t: dict, k: int, line: int | None) -> TestCase:
    # a case without as_of is evaluated on a fixed day, never "today", so it gives the same answer every day
    return TestCase(name=str(t.get("name") or f"case {k + 1}"), as_of=_date(t.get("as_of")) or DEFAULT_TEST_DATE,
                    profile=t["profile"], expect=t["expect"],
                    supports=tuple(t["supports"]) if "supports" in t else None,
                    days_left=t.get("days_left"), missing=tuple(t["missing"]) if "missing" in t else None,
                    gaps=t.get("gaps"), line=line)


def pack_files(dirs: Iterable[Path]) -> list[Path]:
    """The ``*.yaml`` / ``*.yml`` files directly inside each directory (or the files themselves); dotfiles
    (an editor's lock file) are left out, and a link out of a directory is refused
    (:func:`xacheck.userfiles.files_in`)."""
    from .userfiles import files_in

    out: list[Path] = []
    for d in dirs:
        d = Path(d)
        if d.is_dir():
            out.extend(files_in(d, (".yaml", ".yml")))
        elif d.exists():  # a file (reading refuses what is not a regular one: a FIFO, a device)
            out.append(d)
        else:
            raise RulePackError(Msg("no such file or directory"), Location(str(d)))
    return out


def rule_input_files(dirs: Iterable[Path]) -> list[Path]:
    """Every file the rules of ``dirs`` (``--rules``) are read from: the packs and ``DIR/fields/*.yaml``."""
    from .fields import field_files

    dirs = [Path(d) for d in dirs]
    return pack_files(dirs) + field_files(dirs)


def load_pack_file(path: Path, reg: Registry, schema: bool = True) -> tuple[Pack | None, list[Finding]]:
    from .yamlcache import load_yaml_file_cached

    try:
        doc = load_yaml_file_cached(str(path))
    except XacheckError as exc:
        return None, [Finding(exc.code, "error", exc.message, exc.location)]
    return build_pack(doc, reg, schema)


def load_packs(extra_dirs: Iterable[Path] = (), include_shipped: bool = True,
               reg: Registry | None = None) -> list[Pack]:
    """Load the shipped packs plus user folders; a user pack with a shipped pack's id replaces it.

    Raises :class:`RulePackError` at the first error, naming the file and line.
    """
    reg = reg or default_registry()
    dirs = ([shipped_pack_dir()] if include_shipped else []) + [Path(d) for d in extra_dirs]
    by_id: dict[str, Pack] = {}
    seen_rules: dict[str, str] = {}
    shipped = shipped_pack_dir().resolve()
    for path in pack_files(dirs):
        pack, findings = load_pack_file(path, reg, schema=Path(path).resolve().parent != shipped)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            f = errors[0]
            more = f" (and {len(errors) - 1} more; run `xacheck validate {path}`)" if len(errors) > 1 else ""
            raise RulePackError(f.message + more, f.location, code=f.code)
        assert pack is not None
        by_id[pack.id] = pack
    for pack in by_id.values():
        for rule in pack.rules:
            if rule.id in seen_rules and not (rule.version and seen_rules[rule.id] == pack.path):
                raise RulePackError(f"rule id '{rule.id}' is used in {seen_rules[rule.id]} and {pack.path}",
                                    Location(pack.path, rule.line), code="XA101")
            seen_rules[rule.id] = pack.path
    return list(by_id.values())


def load_pack_text(text: str, path: str = "<pack>", reg: Registry | None = None) -> Pack:
    """Build one pack from YAML text (used by tests and the Python API)."""
    pack, findings = build_pack(load_yaml(text, path), reg or default_registry())
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise RulePackError(errors[0].message, errors[0].location, code=errors[0].code)
    assert pack is not None
    return pack
