"""Plain data: rule packs, rules, profiles and results. No I/O, no behaviour beyond small helpers."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import condition as cond

KINDS = ("measure", "programme", "target", "indicator")

#: Statuses for measures and programmes.
RULE_STATUSES = ("applies", "not_applicable", "unknown", "needs_assessment", "expired", "not_yet_effective")
#: Statuses for targets and indicators (plus unknown / not_yet_effective).
TARGET_STATUSES = ("met", "not_met", "on_track", "behind")
STATUSES = RULE_STATUSES + TARGET_STATUSES


@dataclass(frozen=True)
class Text:
    """A bilingual text: the Chinese of the document and an English rendering."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Document:
    """The source document a pack encodes (file, title, number, issuer)."""
    file: str
    title: str
    number: str | None = None
    issuer: str | None = None
    issued: _dt.date | None = None
    issued_note: Text | None = None
    #: "text": the quotes are the document's own words; "summary": a reference note's summary of it
    quotes: str = "text"


@dataclass(frozen=True)
class Condition:
    """One entry of a rule's ``when`` list: the text as written and its parsed form."""

    text: str
    node: cond.Node
    label: Text | None = None
    #: an open list (the text lists examples ending in 等): false means "not listed", a reviewer's call
    open: bool = False


@dataclass(frozen=True)
class Target:
    """A target or indicator: metric, operator, value, deadline and baseline."""
    metric: str
    op: str
    value: Decimal
    unit: str | None
    deadline: _dt.date
    baseline: Decimal | None = None
    baseline_year: int | None = None
    cumulative: bool = False
    #: 每年…: every year's figure must reach the value; judged per year once the year is over
    annual: bool = False


@dataclass(frozen=True)
class TestCase:
    """A test case embedded in a rule file."""
    name: str
    as_of: _dt.date
    profile: dict
    expect: str
    supports: tuple[str, ...] | None = None
    days_left: int | None = None
    missing: tuple[str, ...] | None = None
    gaps: dict | None = None
    line: int | None = None


@dataclass(frozen=True)
class Basis:
    """Another regulation a number in the rule comes from."""
    regulation: str
    note: Text | None = None
    #: the numbers of the rule's conditions or target that come from this regulation, not from the quote
    numbers: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A number of a rule that its quote does not state: the encoder's reading of the words
    (全覆盖 read as 100%, 落实研发费用加计扣除 read as R&D expense > 0), with the reason."""

    value: Decimal
    note: Text | None = None


@dataclass(frozen=True)
class Successor:
    """What a rule reads as once it has ended and what followed is not encoded here (see evaluate._validity)."""

    status: str          # needs_assessment | unknown | expired
    note: Text


@dataclass(frozen=True)
class Rule:
    """One measure, programme, target or indicator, cited, quoted and tested."""
    id: str
    pack: str
    kind: str
    clause: str
    title: Text
    quote: str
    applies_to: tuple[str, ...]
    document: Document
    when: tuple[Condition, ...] = ()
    supports: tuple[Text, ...] = ()
    criteria: tuple[Text, ...] = ()
    evidence: tuple[Text, ...] = ()
    qualitative: bool = False
    valid_from: _dt.date | None = None
    valid_until: _dt.date | None = None
    target: Target | None = None
    basis: tuple[Basis, ...] = ()
    notes: Text | None = None
    tests: tuple[TestCase, ...] = ()
    path: str = ""
    line: int | None = None
    #: the regulation and article this rule (version) encodes, when not the pack's own document
    regulation: str | None = None
    #: index among the rule's dated versions, or None for an unversioned rule
    version: int | None = None
    #: the pack's derived quantities (scores and the like) the conditions may use
    derived: tuple = ()
    confidence: str | None = None
    #: ended on purpose and kept as history (no expiry warning)
    kept_for_record: bool = False
    #: numbers of the conditions or target that are readings of the quote's words, not numbers it states
    readings: tuple[Reading, ...] = ()
    #: once ended: the status and note that say what followed is not encoded (None: plain "expired")
    successor: Successor | None = None
    #: for a summary quote (``document.quotes: summary``, often English): the project's Chinese rendering of it,
    #: shown to a Chinese reader as such (摘要的中文整理); every number in it is one the summary states
    quote_zh: str | None = None

    @property
    def deadline(self) -> _dt.date | None:
        return self.target.deadline if self.target else self.valid_until

    def source_dict(self) -> dict:
        out = {"doc": self.document.file, "doc_title": self.document.title, "doc_number": self.document.number,
               "clause": self.clause, "quote": self.quote, "quote_kind": self.document.quotes}
        if self.quote_zh:
            out["quote_zh"] = self.quote_zh
        if self.regulation:
            out["regulation"] = self.regulation
        if self.version is not None:
            out["version"] = self.version
        return out


@dataclass(frozen=True)
class TitleLifetime:
    """A title granted under a regulation lapses ``years`` after its date unless renewed."""

    title: str
    years: int
    basis: str | None = None
    note: Text | None = None
    confidence: str | None = None


@dataclass(frozen=True)
class Pack:
    """One rule pack: the rules encoding one source document."""
    id: str
    title: Text
    document: Document
    rules: tuple[Rule, ...]
    valid_from: _dt.date | None = None
    valid_until: _dt.date | None = None
    kept_for_record: bool = False
    notes: Text | None = None
    path: str = ""
    derived: tuple = ()
    title_lifetimes: tuple[TitleLifetime, ...] = ()
    #: the pack's declared version (``version:``) and the sha256 of its file: what a decision record names
    version: str | None = None
    sha256: str = ""


@dataclass(frozen=True)
class ProfileNote:
    """Something about a profile value the reader should know (a place that reads as no known place: its
    conditions are unknown). ``severity``: warning | note."""

    field: str
    zh: str
    en: str
    severity: str = "warning"
    path: str = ""
    line: int | None = None

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class Profile:
    """Coerced profile values keyed by field; ``None`` or absence means unknown."""

    values: dict[str, Any]
    source: str = "<profile>"
    title_dates: dict[str, _dt.date] = field(default_factory=dict)
    #: warnings about values read as unknown (xacheck.places): shown with the report, never an error
    notes: list[ProfileNote] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.values.get("type") or "enterprise"

    @property
    def name(self) -> str:
        return str(self.values.get("name") or self.values.get("id") or self.source)


@dataclass
class Threshold:
    """One comparison of a rule against a constant: what is required, what the profile has, the gap."""

    field: str
    op: str
    required: Decimal | Any
    actual: Any
    met: bool | None
    gap: Decimal | None = None
    expr: str = ""
    label: str = ""
    unit: str | None = None
    #: for a ratio a/b: how much more (or less) of a it takes at the current b
    gap_field: str | None = None
    gap_amount: Decimal | None = None
    #: for a derived total (a score): its derived parts and their values, band by band
    parts: list = field(default_factory=list)


@dataclass
class Result:
    """The answer for one rule and one profile on one day."""
    rule: Rule
    status: str
    thresholds: list[Threshold] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    days_left: int | None = None
    reason: str = ""
    progress: dict | None = None
