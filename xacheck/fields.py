"""The profile field registry: stable English keys, Chinese and English labels, units and types.

Every value a condition can read is declared here (``xacheck/fields/*.yaml``), so a typo in a rule
file or a profile is caught with a "did you mean", and every value is coerced to one type before
evaluation (money and ratios as ``Decimal``; dates as ``datetime.date``).
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from . import condition as cond
from . import hints
from .errors import FieldRegistryError, Location
from .i18n import Msg, Pair, did_you_mean
from .yamlsafe import load_yaml, load_yaml_file

TYPES = ("number", "integer", "boolean", "date", "string", "enum", "list")
PROFILE_TYPES = ("enterprise", "project", "institution", "region")


@dataclass(frozen=True)
class Field:
    """One profile field: key, labels, unit, type and the words people use for its choices."""
    key: str
    type: str
    label_zh: str
    label_en: str
    unit: str | None = None
    choices: tuple[str, ...] = ()
    applies_to: tuple[str, ...] = PROFILE_TYPES
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    help_zh: str = ""
    help_en: str = ""
    source: str = ""
    #: a checked text format: "uscc" = 统一社会信用代码 (GB 32100-2015)
    format: str | None = None
    #: other words people write for a choice (企业 -> enterprise, 高企 -> 高新技术企业): read as that choice
    aliases: tuple[tuple[str, str], ...] = ()
    #: other column headings that mean this field (企业名称 for 名称), matched like the labels
    headings: tuple[str, ...] = ()
    #: a place field (city, district, zone, address, region): read with the others by xacheck.places.settle
    place: str | None = None
    #: which way a firm can sensibly move this number to qualify (see MOVES); gap plans respect it
    moves: str = "either"

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def choice(self, text: str) -> str:
        """``text`` as one of :attr:`choices` when it is an alias of one, else unchanged."""
        for alias, target in self.aliases:
            if text == alias:
                return target
        return text


@dataclass(frozen=True)
class Derived:
    """A quantity computed from fields (rd_intensity = rd_expense_wan / revenue_wan)."""
    key: str
    expr: str
    node: cond.Node
    unit: str | None
    label_zh: str
    label_en: str
    bases: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


@dataclass
class Registry:
    """Every field and derived quantity, looked up by key or by label."""
    fields: dict[str, Field] = field(default_factory=dict)
    derived: dict[str, Derived] = field(default_factory=dict)
    _extended: dict = field(default_factory=dict, repr=False, compare=False)
    _headers: dict | None = field(default=None, repr=False, compare=False)

    def extended(self, extra: tuple[Derived, ...]) -> "Registry":
        """This registry plus a pack's own derived quantities (memoised: packs share one tuple)."""
        if not extra:
            return self
        key = tuple((d.key, d.expr) for d in extra)
        reg = self._extended.get(key)
        if reg is None:
            reg = Registry(self.fields, {**self.derived, **{d.key: d for d in extra}})
            self._extended[key] = reg
        return reg

    def __contains__(self, key: str) -> bool:
        return key in self.fields or key in self.derived

    def known_names(self) -> list[str]:
        return sorted(set(self.fields) | set(self.derived) | {"as_of"})

    def suggest(self, name: str) -> str | None:
        """The closest field or derived quantity (bounded: :mod:`xacheck.hints`)."""
        return hints.first(name, self.known_names())

    def suggest_field(self, name: str) -> str | None:
        """The profile field closest to a mistyped key — never the key itself, never a derived quantity
        (a profile cannot hold one), matched on keys and labels in both languages."""
        cands: dict[str, str] = {}
        for f in self.fields.values():
            for text in (f.key, f.label_zh, f.label_en):
                cands.setdefault(text, f.key)
        hits = [h for h in hints.closest(name, cands, n=3) if h != name]
        return cands[hits[0]] if hits else None

    def expand(self, name: str) -> list[str]:
        """Base fields behind a name (a derived quantity's inputs, recursively, or the name itself)."""
        d = self.derived.get(name)
        if not d:
            return [name]
        out: list[str] = []
        for b in d.bases:
            for f in (self.expand(b) if b != name else [b]):
                if f not in out:
                    out.append(f)
        return out

    def label(self, name: str, lang: str) -> str:
        f = self.fields.get(name) or self.derived.get(name)
        return f.label(lang) if f else name

    def unit(self, name: str) -> str | None:
        f = self.fields.get(name) or self.derived.get(name)
        return f.unit if f else None

    def derived_nodes(self) -> dict[str, cond.Node]:
        return {k: d.node for k, d in self.derived.items()}

    @property
    def header_index(self) -> dict[str, str]:
        """Normalised key or label (either language) -> field key, for headers and profile keys."""
        if self._headers is None:  # built once: batch and test runs ask for it per row
            self._headers = self._build_header_index()
        return self._headers

    def _build_header_index(self) -> dict[str, str]:
        """Keys and labels first, then the extra ``headings``; a heading that already means another field is
        refused (a column would match either)."""
        idx: dict[str, str] = {}
        for f in self.fields.values():
            for text in (f.key, f.label_zh, f.label_en, _strip_unit(f.label_zh)):
                idx.setdefault(normalise_header(text), f.key)
        for f in self.fields.values():
            for h in f.headings:
                other = idx.setdefault(normalise_header(h), f.key)
                if other != f.key:
                    raise FieldRegistryError(f"field '{f.key}': heading '{h}' already means field '{other}'",
                                             Location(f.source, field=f.key))
        return idx


def normalise_header(text: str) -> str:
    """Fold width (full-width brackets, digits), case and spaces so 营业收入(万元) matches 营业收入（万元）."""
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s_]+", "", t)


def _strip_unit(label: str) -> str:
    return re.sub(r"[（(][^）)]*[）)]\s*$", "", label).strip()


FIELD_KEYS = {"type", "label", "help", "unit", "choices", "aliases", "headings", "applies_to", "min", "max",
              "format", "place", "moves"}
#: what a ``place:`` field holds (read together by :func:`xacheck.places.settle`)
PLACE_KINDS = ("city", "district", "zone", "address", "region")
#: which way a firm can sensibly move a number (``moves:``): up only (R&D, patents, revenue: never shrink to
#: qualify), down only, either way (the default), or not at all (a fact of the past)
MOVES = ("up", "down", "either", "none")


def _bi(value: Any, where: str, key: str) -> tuple[str, str]:
    if isinstance(value, dict) and "zh" in value:
        extra = set(value) - {"zh", "en"}
        if extra:
            # almost always an unquoted comma inside {zh: …, en: …}: YAML split the text into keys
            raise FieldRegistryError(f"field '{key}': {where} has unexpected keys {sorted(map(str, extra))}; "
                                     "quote texts that contain a comma")
        return str(value["zh"]), str(value.get("en") or value["zh"])
    if isinstance(value, str):
        return value, value
    raise FieldRegistryError(f"field '{key}': {where} must be {{zh: …, en: …}}")


def _aliases(spec: Any, choices: tuple[str, ...], where: Location) -> tuple[tuple[str, str], ...]:
    """``aliases: {alias: choice}`` of an enum or list field: each names one of its choices, and no alias
    is itself a choice (it would read as two different things)."""
    if spec is None:
        return ()
    if not isinstance(spec, dict) or not choices:
        raise FieldRegistryError(f"field '{where.field}': aliases must be a mapping {{alias: choice}} on a field "
                                 "with choices", where)
    out = []
    for alias, target in spec.items():
        alias, target = str(alias), str(target)
        if target not in choices:
            raise FieldRegistryError(f"field '{where.field}': alias '{alias}' names '{target}', which is not one of "
                                     f"its choices{_did_you_mean(target, choices)}", where)
        if alias in choices:
            raise FieldRegistryError(f"field '{where.field}': alias '{alias}' is itself a choice", where)
        out.append((alias, target))
    return tuple(out)


def _one_of(value: Any, allowed: tuple[str, ...], what: str, where: Location) -> str | None:
    if value is None:
        return None
    if str(value) not in allowed:
        raise FieldRegistryError(f"field '{where.field}': {what} must be one of {', '.join(allowed)}, got {value!r}", where)
    return str(value)


def parse_registry(docs: Iterable[tuple[str, Any]]) -> Registry:
    """Build the registry from ``(path, data)`` pairs; a key defined twice is an error."""
    reg = Registry()
    pending_derived: list[tuple[str, str, dict]] = []
    for path, data in docs:
        if not isinstance(data, dict):
            raise FieldRegistryError("a field file must be a mapping with 'fields:'", Location(path))
        for key, spec in (data.get("fields") or {}).items():
            if key in reg.fields:
                raise FieldRegistryError(
                    f"field '{key}' is defined twice (also in {reg.fields[key].source})", Location(path, field=key))
            if not isinstance(spec, dict) or spec.get("type") not in TYPES:
                raise FieldRegistryError(f"field '{key}' needs a type, one of {', '.join(TYPES)}", Location(path, field=key))
            unknown = set(spec) - FIELD_KEYS
            if unknown:
                raise FieldRegistryError(f"field '{key}' has unknown keys {sorted(map(str, unknown))}",
                                         Location(path, field=key))
            zh, en = _bi(spec.get("label"), "label", key)
            hzh, hen = _bi(spec["help"], "help", key) if spec.get("help") else ("", "")
            applies = tuple(spec.get("applies_to") or PROFILE_TYPES)
            for bound in ("min", "max"):
                if spec.get(bound) is not None and not _bound_ok(spec[bound]):
                    raise FieldRegistryError(f"field '{key}': {bound} must be a finite number from 1e-30 to 1e30 "
                                             f"(either sign) or 0, got {spec[bound]!r}", Location(path, field=key))
            choices = tuple(str(c) for c in spec.get("choices") or ())
            reg.fields[key] = Field(
                key=key, type=spec["type"], label_zh=zh, label_en=en, unit=spec.get("unit"),
                choices=choices, applies_to=applies,
                minimum=Decimal(str(spec["min"])) if spec.get("min") is not None else None,
                maximum=Decimal(str(spec["max"])) if spec.get("max") is not None else None,
                help_zh=hzh, help_en=hen, source=path, format=spec.get("format"),
                aliases=_aliases(spec.get("aliases"), choices, Location(path, field=key)),
                headings=tuple(str(h) for h in spec.get("headings") or ()),
                place=_one_of(spec.get("place"), PLACE_KINDS, "place", Location(path, field=key)),
                moves=_one_of(spec.get("moves"), MOVES, "moves", Location(path, field=key)) or "either")
        for key, spec in (data.get("derived") or {}).items():
            pending_derived.append((path, key, spec))
    for path, key, spec in pending_derived:
        if key in reg.fields or key in reg.derived:
            raise FieldRegistryError(f"derived '{key}' is defined twice", Location(path, field=key))
        zh, en = _bi(spec.get("label"), "label", key)
        try:
            node = cond.parse(spec["expr"])
        except cond.ConditionSyntaxError as exc:
            raise FieldRegistryError(f"derived '{key}': {exc.message}", Location(path, field=key)) from None
        bases = tuple(cond.names(node))
        reg.derived[key] = Derived(key, spec["expr"], node, spec.get("unit"), zh, en, bases)
    reg._headers = reg._build_header_index()  # built (and its headings checked) while the files are at hand
    for d in reg.derived.values():
        for b in d.bases:
            if b not in reg.fields:
                raise FieldRegistryError(f"derived '{d.key}' uses unknown field '{b}'", Location(field=d.key))
    return reg


def _bound_ok(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        return False
    try:
        return in_range(Decimal(repr(value) if isinstance(value, float) else str(value)))
    except ArithmeticError:
        return False


def make_derived(key: str, spec: dict) -> Derived:
    """One derived quantity from its spec ``{expr, unit, label}``; raises ConditionSyntaxError."""
    zh, en = _bi(spec.get("label"), "label", key)
    node = cond.parse(spec["expr"])
    return Derived(key, spec["expr"], node, spec.get("unit"), zh, en, tuple(cond.names(node)))


@lru_cache(maxsize=None)
def _shipped_docs() -> tuple:
    """``(path, data)`` of the field files shipped in the package, read once per process."""
    from .yamlcache import load_yaml_text_cached

    root = resources.files("xacheck") / "fields"
    return tuple((f"xacheck/fields/{entry.name}", load_yaml_text_cached(entry.read_text(encoding="utf-8"), entry.name).data)
                 for entry in sorted(root.iterdir(), key=lambda e: e.name) if entry.name.endswith(".yaml"))


@lru_cache(maxsize=None)
def default_registry() -> Registry:
    """The registry shipped in the package (``xacheck/fields/*.yaml``)."""
    return parse_registry(_shipped_docs())


def field_files(dirs: Iterable[Path]) -> list[Path]:
    """The ``fields/*.yaml`` files of rule folders (links out of a folder refused: :mod:`xacheck.userfiles`)."""
    from .userfiles import files_in

    return [p for d in dirs if (Path(d) / "fields").is_dir() for p in files_in(Path(d) / "fields", (".yaml",), within=d)]


def registry_from_dirs(extra: Iterable[Path], files: Iterable[Path] = ()) -> Registry:
    """The shipped registry plus ``fields/*.yaml`` files found in user rule folders, plus field files given
    one by one (``files``). Each file is read with the bounded safe loader, as a regular file only."""
    extra = [Path(d) for d in extra]
    user = [(p, d) for d in extra for p in field_files([d])] + [(Path(p), None) for p in files]
    if not user:
        return default_registry()
    docs = list(_shipped_docs()) + [(str(p), load_yaml_file(str(p), d).data) for p, d in user]
    return parse_registry(docs)


# --------------------------------------------------------------------------- coercion

_TRUE = {"true", "yes", "y", "1", "是", "有", "t", "√", "✓", "对"}
_FALSE = {"false", "no", "n", "0", "否", "无", "f", "×", "✗", "错"}

#: Excel's error values: a formula that could not give a figure. An XLSX reader sees no value there at all,
#: so in every format they read as unknown (never as an error in one format and a blank in another)
EXCEL_ERRORS = {"#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#getting_data", "#spill!", "#calc!"}
#: what people type for "no figure": read as unknown, never as zero (compared case-folded, whole cell stripped)
MISSING_TOKENS = {"n/a", "na", "null", "none", "nan", "-", "--", "—", "——", "–", "/", "未知", "不详", "暂无", "待定", "空",
                  *EXCEL_ERRORS}
#: what a spreadsheet cell says for "none at all" in a list field (no titles, no products): a known empty
#: list, which a blank cell cannot say (blank = not given = unknown). The whole stripped cell, case-folded.
EMPTY_LIST_TOKENS = {"无", "没有", "[]"}

_NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
#: a unit word after a number -> (the unit it is in, factor to 万元 when that is the field's unit)
_MONEY = {"亿元": Decimal(10000), "亿": Decimal(10000), "万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001")}
NUMBER_FORMS = Msg("e.g. 1234.5, 1,234.5, １２３４, 12万, 1.2亿, 5% (in % fields); blank, N/A or — for unknown")


def parse_number_text(raw: str, f: Field) -> Decimal | None:
    """Read a number as people type it, in the field's own unit, or refuse naming the accepted forms.

    A percentage is accepted only in a field measured in % (percentage points), and money words
    (万, 亿, 元) only in a money field, so a ratio is never silently read as a percentage or the reverse.
    """
    text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if text.lower() in MISSING_TOKENS:
        return None
    unit = f.unit or ""
    factor = Decimal(1)
    if text.endswith("%"):
        if unit != "%":
            raise CoercionError(Msg("{raw!r} is a percentage, but this field is in {unit} ({forms})", raw=raw,
                                    unit=unit or Msg("plain numbers"), forms=NUMBER_FORMS))
        text = text[:-1]
    else:
        for word, to_wan in _MONEY.items():
            if text.endswith(word):
                if unit not in ("万元", "亿元", "元"):
                    raise CoercionError(Msg("{raw!r} is an amount of money, but this field is in {unit}", raw=raw,
                                            unit=unit or Msg("plain numbers")))
                field_to_wan = _MONEY[unit]
                factor = to_wan / field_to_wan
                text = text[: -len(word)]
                break
        else:
            if unit and text.endswith(unit) and unit not in ("%",):
                text = text[: -len(unit)]
    if _GROUPED_RE.match(text):
        text = text.replace(",", "")
    if not _NUM_RE.match(text):
        raise CoercionError(Msg("expected a number{unit}, got {raw!r} ({forms})", unit=_unit_hint(f), raw=raw,
                                forms=NUMBER_FORMS))
    if len(text) > 60:
        raise CoercionError(Msg("number {raw!r}… is too long", raw=raw[:20]))
    value = Decimal(text)
    if not in_range(value, slack=8):  # (1e99999999999 万 would overflow the unit's scaling below)
        raise CoercionError(out_of_range(raw))
    return value * factor


#: a profile number is within 10**±MAX_EXPONENT (10^30 万元 is far beyond any economy; 10^-30 below any
#: measurement): beyond, it is refused by name rather than carried into arithmetic and display
MAX_EXPONENT = 30


def in_range(value: Decimal, slack: int = 0) -> bool:
    """Finite, and zero or of a magnitude within 10**±(MAX_EXPONENT + slack)."""
    return value.is_finite() and (value.is_zero() or abs(value.adjusted()) <= MAX_EXPONENT + slack)


def out_of_range(raw: Any) -> Msg:
    return Msg("number {raw!r} is out of range (from 1e-30 to 1e30, either sign, or 0)", raw=_short_raw(raw))


def _short_raw(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:40] + "…"


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
#: a date known to the month only: 2019年3月, 2019-03, 2019/3, 2019.3 (a condition.Month)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})年(\d{1,2})月$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
)
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
DATE_FORMS = Msg("e.g. 2024-03-01, 2024/3/1, 2024年3月1日, 20240301, an Excel date number, or 2024年3月 for a month")


def parse_date(raw: Any) -> _dt.date | cond.Month | None:
    """A date as people type it; an Excel serial number (days since 1899-12-30) is a date too, and a month
    alone (2019年3月) is a :class:`condition.Month` — any day of that month (see there)."""
    return _within_days(_parse_date(raw), raw)


def _within_days(day: _dt.date | cond.Month | None, raw: Any) -> _dt.date | cond.Month | None:
    if day is not None and not cond.in_days(day):
        raise CoercionError(Msg("{raw!r} is outside the dates xacheck reads ({first} to {last})", raw=str(raw),
                                first=cond.FIRST_DAY.isoformat(), last=cond.LAST_DAY.isoformat()))
    return day


def _parse_date(raw: Any) -> _dt.date | cond.Month | None:
    if isinstance(raw, _dt.datetime):
        return raw.date()
    if isinstance(raw, _dt.date):
        return raw
    if isinstance(raw, bool):
        raise CoercionError(Msg("expected a date ({forms}), got {raw!r}", forms=DATE_FORMS, raw=raw))
    if isinstance(raw, (int, Decimal, float)) or (isinstance(raw, str) and re.fullmatch(r"\s*\d{4,5}(\.0+)?\s*", raw)):
        serial = Decimal(str(raw).strip())
        if not serial.is_finite():
            raise CoercionError(Msg("expected a date ({forms}), got {raw!r}", forms=DATE_FORMS, raw=raw))
        if 1000 <= serial <= 9999:
            raise CoercionError(Msg("{raw!r} looks like a year, not a date ({forms})", raw=raw, forms=DATE_FORMS))
        if serial != serial.to_integral_value() or not 1 <= serial <= 2958465:
            raise CoercionError(Msg("{raw!r} is not an Excel date number ({forms})", raw=raw, forms=DATE_FORMS))
        return _EXCEL_EPOCH + _dt.timedelta(days=int(serial))
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if text.lower() in MISSING_TOKENS:
        return None
    text = text.split("T")[0].split(" ")[0]
    for pat in _DATE_PATTERNS:
        m = pat.match(text)
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise CoercionError(Msg("{raw!r} is not a real date", raw=raw)) from None
    for pat in _MONTH_PATTERNS:
        m = pat.match(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if not (1 <= year and 1 <= month <= 12):
                raise CoercionError(Msg("{raw!r} is not a real month", raw=raw))
            return cond.Month(year, month)
    raise CoercionError(Msg("expected a date ({forms}), got {raw!r}", forms=DATE_FORMS, raw=raw))


#: characters of a value a message quotes back: a cell of a megabyte is named, not repeated (in every row's
#: error column and on the terminal)
MAX_QUOTED = 60


class CoercionError(ValueError):
    """A value that does not fit its field; the message (a :class:`~xacheck.i18n.Msg`) names what was
    expected. The value it quotes (its ``raw``) is cut to :data:`MAX_QUOTED` characters."""

    def __init__(self, message: Any = "", *rest: Any):
        raw = message.params.get("raw") if isinstance(message, Msg) else None
        if raw is not None and not isinstance(raw, (bool, int, float)) or isinstance(raw, int) and raw.bit_length() > 190:
            text = raw if isinstance(raw, str) else _short_repr(raw)
            if len(text) > MAX_QUOTED:
                message = message.with_params(raw=text[:MAX_QUOTED] + "…")
        super().__init__(message, *rest)

    @property
    def message(self):
        return self.args[0] if self.args else ""


def _short_repr(v: Any) -> str:
    try:
        return repr(v) if not isinstance(v, int) or v.bit_length() <= 190 else f"{str(v)[:MAX_QUOTED]}…"
    except ValueError:  # an integer past the interpreter's 4,300 digits
        return f"<a number of {v.bit_length() * 0.30103:,.0f} digits>"


def coerce(f: Field, raw: Any) -> Any:
    """Turn a raw profile value into the field's type, or raise :class:`CoercionError`.

    ``None`` and blank text mean "not given" and come back as ``None`` (unknown).
    """
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return None
    t = f.type
    if t in ("number", "integer"):
        if isinstance(raw, bool):
            raise CoercionError(Msg("expected a number, got {raw!r}", raw=raw))
        if isinstance(raw, float):
            if raw != raw or raw in (float("inf"), float("-inf")):
                raise CoercionError(Msg("expected a finite number, got {raw!r}", raw=raw))
            value = Decimal(repr(raw))
        elif isinstance(raw, (int, Decimal)):
            value = Decimal(raw)
        elif isinstance(raw, str):
            value = parse_number_text(raw, f)
            if value is None:
                return None
        else:
            raise CoercionError(Msg("expected a number, got {raw!r}", raw=raw))
        if not value.is_finite():
            raise CoercionError(Msg("expected a finite number, got {raw!r}", raw=raw))
        if not in_range(value):
            raise CoercionError(out_of_range(raw))
        if t == "integer" and value != value.to_integral_value():
            raise CoercionError(Msg("expected a whole number, got {raw!r}", raw=raw))
        if f.minimum is not None and value < f.minimum:
            raise CoercionError(Msg("must be at least {min}, got {raw!r}", min=str(f.minimum), raw=raw))
        if f.maximum is not None and value > f.maximum:
            raise CoercionError(Msg("must be at most {max}, got {raw!r}", max=str(f.maximum), raw=raw))
        return value
    if t == "boolean":
        if isinstance(raw, bool):
            return raw
        text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
        if text in MISSING_TOKENS:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CoercionError(Msg("expected yes/no (true/false, 是/否), got {raw!r}", raw=raw))
    if t == "date":
        return parse_date(raw)
    if t in ("string", "enum") and not isinstance(raw, (dict, list)) and str(raw).strip().lower() in MISSING_TOKENS:
        return None  # N/A, —, #N/A in a text or choice column: unknown, as in a number column (no NFKC, as lists)
    if t == "string":
        if isinstance(raw, (dict, list)):
            raise CoercionError(Msg("expected text"))
        text = str(raw).strip()
        if f.format == "uscc" and text:
            from .credit_code import normalise, problem

            msg = problem(text)
            if msg:
                raise CoercionError(msg)
            return normalise(text)
        return text
    if t == "enum":
        text = f.choice(str(raw).strip())
        if f.choices and text not in f.choices:
            raise CoercionError(Msg("expected one of {choices}, got {raw!r}{hint}", choices=_choices(f), raw=raw,
                                      hint=_did_you_mean(text, f.choices)))
        return text
    if t == "list":
        items = raw
        if isinstance(raw, str):
            word = raw.strip().lower()  # (no NFKC here: the batch's columnar path matches the same text)
            if word in MISSING_TOKENS:
                return None
            if word in EMPTY_LIST_TOKENS:
                return ()
            items = [x for x in re.split(r"[,，、;；|]", raw) if x.strip()]
        if not isinstance(items, (list, tuple)):
            raise CoercionError(Msg("expected a list"))
        out = []
        for it in items:
            name = it.get("name") if isinstance(it, dict) else it
            text = f.choice(str(name).strip())
            if f.choices and text not in f.choices:
                raise CoercionError(Msg("{raw!r} is not one of {choices}{hint}", raw=text, choices=_choices(f),
                                          hint=_did_you_mean(text, f.choices)))
            out.append(text)
        return tuple(out)
    raise CoercionError(Msg("unsupported field type {t}", t=t))  # pragma: no cover


def _unit_hint(f: Field) -> Msg | str:
    return Msg(" in {unit}", unit=f.unit) if f.unit else ""


def _choices(f: Field) -> Pair:
    return Pair("、".join(f.choices), ", ".join(f.choices))


def _did_you_mean(text: str, choices: Iterable[str]) -> Msg | str:
    return did_you_mean(hints.first(text, choices, cutoff=0.5))


def _place_schema(kind: str) -> dict:
    """A place field in the schema: any text (a place xacheck does not know is a warning, not an error: the
    field is then unknown), with the names it knows as examples and ``x-place`` saying what it holds."""
    from .places import NO_ZONE, examples

    level = {"city": "city", "district": "county", "zone": "zone", "region": "city"}.get(kind)
    out: dict[str, Any] = {"x-place": kind}
    if level:
        out["examples"] = examples(level) + ([NO_ZONE] if kind == "zone" else []) + (examples("zone") if kind == "region" else [])
    out["x-place-note"] = ("全称、简称、英文名（Xi'an）或6位行政区划代码均可；开发区写在“所在区县或开发区”时按所在开发区读；"
                           "无法识别的地名给出警告并按未填处理 / full or short names, Xi'an, or a 6-digit division code; "
                           "a development zone in district is read as the zone; an unknown place is a warning and reads as not given")
    return out


def profile_json_schema(reg: Registry) -> dict:
    """JSON Schema (draft 2020-12) for a profile, generated from the registry so the two never drift."""
    props: dict[str, Any] = {}
    for f in reg.fields.values():
        desc = f"{f.label_zh} / {f.label_en}" + (f" — {f.help_zh}" if f.help_zh else "")
        if f.type in ("number", "integer"):
            s: dict[str, Any] = {"type": ["number", "string", "null"] if f.type == "number" else ["integer", "string", "null"]}
            if f.minimum is not None:
                s["minimum"] = float(f.minimum)
        elif f.type == "boolean":
            s = {"type": ["boolean", "null"]}
        elif f.type == "date":
            s = {"type": ["string", "null"], "format": "date"}
        elif f.type == "enum":
            s = {"enum": list(f.choices) + [a for a, _ in f.aliases] + [None]} if f.choices else {"type": "string"}
        elif f.type == "list":
            item: dict[str, Any] = {"enum": list(f.choices) + [a for a, _ in f.aliases]} if f.choices else {"type": "string"}
            s = {"type": "array", "items": {"anyOf": [item, {"type": "object", "properties": {
                "name": item, "date": {"type": "string", "format": "date"}}, "required": ["name"]}]}}
        else:
            s = {"type": ["string", "null"]}
        if f.place:
            s.update(_place_schema(f.place))
        s["title"] = f.label_zh
        s["description"] = desc
        if f.unit:
            s["x-unit"] = f.unit
        s["x-applies-to"] = list(f.applies_to)
        props[f.key] = s
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://xacheck.invalid/schemas/profile.schema.json",
        "title": "xacheck profile",
        "description": "An enterprise, project, institution or region profile. Money in 万元 unless the key says otherwise.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
