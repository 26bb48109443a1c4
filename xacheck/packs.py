"""Loading rule packs: YAML -> schema check -> parsed conditions -> :class:`~xacheck.model.Pack`.

Every problem becomes a :class:`Finding` with a stable code and the file/line it belongs to, so the
same loader serves ``xacheck check`` (which stops at the first error) and ``xacheck validate``
(which reports them all).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from . import condition as cond
from .errors import Location, RulePackError, XacheckError
from .fields import Registry, default_registry
from .model import Basis, Condition, Document, Pack, Rule, Target, TestCase, Text
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


def jsonable(value: Any) -> Any:
    """Dates to ISO text and decimals to numbers, so jsonschema sees JSON types."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
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


def _schema_findings(doc: YamlDocument) -> list[Finding]:
    import jsonschema  # imported here: only rule loading needs it

    validator_cls = jsonschema.validators.validator_for(rules_schema())
    validator = validator_cls(rules_schema(), format_checker=validator_cls.FORMAT_CHECKER)
    out = []
    for err in sorted(validator.iter_errors(jsonable(doc.data)), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(err.absolute_path)
        where = "/".join(str(p) for p in path) or "(top level)"
        msg = err.message
        if err.validator == "additionalProperties":
            msg = f"unexpected key: {msg}"
        out.append(Finding("XA100", "error", f"{where}: {msg}", doc.where(path)))
    return out


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


def build_pack(doc: YamlDocument, reg: Registry) -> tuple[Pack | None, list[Finding]]:
    """Turn a parsed YAML document into a Pack, collecting every finding on the way."""
    findings: list[Finding] = []
    for path, line, col in doc.duplicates:
        findings.append(Finding("XA002", "error", f"duplicate key '{path[-1]}' (the earlier value is silently lost)",
                                Location(doc.path, line, col)))
    if not isinstance(doc.data, dict):
        findings.append(Finding("XA100", "error", "a rule pack must be a mapping with pack, title, document and rules",
                                Location(doc.path, 1, 1)))
        return None, findings
    schema = _schema_findings(doc)
    findings.extend(schema)
    if schema:
        return None, findings
    d = doc.data
    dd = d["document"]
    document = Document(file=dd["file"], title=dd["title"], number=dd.get("number"), issuer=dd.get("issuer"),
                        issued=_date(dd.get("issued")), issued_note=_text(dd.get("issued_note")))
    pack_from, pack_until = _date(d.get("valid_from")), _date(d.get("valid_until"))
    if pack_from and pack_until and pack_until < pack_from:
        findings.append(Finding("XA120", "error", f"pack validity ends ({pack_until}) before it begins ({pack_from})",
                                doc.where(("valid_until",))))
    rules = []
    for i, r in enumerate(d["rules"]):
        rule = _build_rule(doc, reg, d["pack"], document, pack_from, pack_until, i, r, findings)
        if rule is not None:
            rules.append(rule)
    # pack-level (stand-alone) tests are attached to the rules they name
    for j, t in enumerate(d.get("tests") or []):
        k = next((n for n, r in enumerate(rules) if r.id == t["rule"]), None)
        if k is None:
            hint = difflib.get_close_matches(t["rule"], [r.id for r in rules], n=1)
            findings.append(Finding("XA141", "error", f"test names unknown rule '{t['rule']}'"
                                    + (f" (did you mean '{hint[0]}'?)" if hint else ""), doc.where(("tests", j))))
            continue
        case = _test_case(t, j, doc.where(("tests", j)).line)
        rules[k] = dataclasses.replace(rules[k], tests=rules[k].tests + (case,))
    pack = Pack(id=d["pack"], title=_text(d["title"]) or Text("", ""), document=document, rules=tuple(rules),
                valid_from=pack_from, valid_until=pack_until, kept_for_record=bool(d.get("kept_for_record")),
                notes=_text(d.get("notes")), path=doc.path)
    return pack, findings


def _build_rule(doc: YamlDocument, reg: Registry, pack_id: str, document: Document, pack_from, pack_until,
                i: int, r: dict, findings: list[Finding]) -> Rule | None:
    base = ("rules", i)
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
            findings.append(Finding("XA110", "error", f"condition {text!r}: {exc.message}", loc))
            continue
        findings.extend(check_condition_names(node, reg, loc, text))
        when.append(Condition(text, node, _text(c.get("label")) if isinstance(c, dict) else None))
    target = None
    if "target" in r:
        t = r["target"]
        if t["metric"] not in reg:
            hint = reg.suggest(t["metric"])
            findings.append(Finding("XA112", "error", f"target metric '{t['metric']}' is not a profile field"
                                    + (f" (did you mean '{hint}'?)" if hint else ""), doc.where(base + ("target", "metric"))))
        bl = t.get("baseline")
        target = Target(metric=t["metric"], op=t["op"], value=Decimal(str(t["value"])), unit=t.get("unit"),
                        deadline=_date(t["deadline"]),  # type: ignore[arg-type]
                        baseline=Decimal(str(bl["value"])) if bl else None, baseline_year=bl["year"] if bl else None,
                        cumulative=bool(t.get("cumulative")))
    vf = _date(r["valid_from"]) if "valid_from" in r else pack_from
    vu = _date(r["valid_until"]) if "valid_until" in r else pack_until
    if vf and vu and vu < vf:
        findings.append(Finding("XA120", "error", f"validity ends ({vu}) before it begins ({vf})", doc.where(base)))
    assessment = r.get("assessment") or {}
    tests = [_test_case(t, k, doc.where(base + ("tests", k)).line) for k, t in enumerate(r.get("tests") or [])]
    return Rule(
        id=r["id"], pack=pack_id, kind=r["kind"], clause=str(r["clause"]), title=_text(r["title"]) or Text("", ""),
        quote=str(r["quote"]).strip(), applies_to=tuple(r["applies_to"]), document=document, when=tuple(when),
        supports=tuple(_text(s) for s in r.get("supports") or ()),  # type: ignore[misc]
        criteria=tuple(_text(s) for s in assessment.get("criteria") or ()),  # type: ignore[misc]
        evidence=tuple(_text(s) for s in assessment.get("evidence") or ()),  # type: ignore[misc]
        qualitative=bool(assessment), valid_from=vf, valid_until=vu, target=target,
        basis=tuple(Basis(b["regulation"], _text(b.get("note"))) for b in r.get("basis") or ()),
        notes=_text(r.get("notes")), tests=tuple(tests), path=doc.path, line=doc.where(base).line)


def _test_case(t: dict, k: int, line: int | None) -> TestCase:
    # a case without as_of is evaluated on a fixed day, never "today", so it gives the same answer every day
    return TestCase(name=str(t.get("name") or f"case {k + 1}"), as_of=_date(t.get("as_of")) or DEFAULT_TEST_DATE,
                    profile=t["profile"], expect=t["expect"],
                    supports=tuple(t["supports"]) if "supports" in t else None,
                    days_left=t.get("days_left"), missing=tuple(t["missing"]) if "missing" in t else None,
                    gaps=t.get("gaps"), line=line)


def pack_files(dirs: Iterable[Path]) -> list[Path]:
    """The ``*.yaml`` / ``*.yml`` files directly inside each directory (or the files themselves)."""
    out: list[Path] = []
    for d in dirs:
        d = Path(d)
        if d.is_file():
            out.append(d)
        elif d.is_dir():
            out.extend(sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            raise RulePackError("no such file or directory", Location(str(d)))
    return out


def load_pack_file(path: Path, reg: Registry) -> tuple[Pack | None, list[Finding]]:
    try:
        doc = load_yaml_file(str(path))
    except XacheckError as exc:
        return None, [Finding(exc.code, "error", exc.message, exc.location)]
    return build_pack(doc, reg)


def load_packs(extra_dirs: Iterable[Path] = (), include_shipped: bool = True,
               reg: Registry | None = None) -> list[Pack]:
    """Load the shipped packs plus user folders; a user pack with a shipped pack's id replaces it.

    Raises :class:`RulePackError` at the first error, naming the file and line.
    """
    reg = reg or default_registry()
    dirs = ([shipped_pack_dir()] if include_shipped else []) + [Path(d) for d in extra_dirs]
    by_id: dict[str, Pack] = {}
    seen_rules: dict[str, str] = {}
    for path in pack_files(dirs):
        pack, findings = load_pack_file(path, reg)
        errors = [f for f in findings if f.severity == "error"]
        if errors:
            f = errors[0]
            more = f" (and {len(errors) - 1} more; run `xacheck validate {path}`)" if len(errors) > 1 else ""
            raise RulePackError(f.message + more, f.location, code=f.code)
        assert pack is not None
        by_id[pack.id] = pack
    for pack in by_id.values():
        for rule in pack.rules:
            if rule.id in seen_rules:
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
