"""What-if: ``--set FIELD=VALUE`` evaluates a changed profile without editing the file.

Pure: parsing and applying never touch files or the clock.

* ``FIELD`` is a field key (``revenue_wan``) or its label in either language, with or without the
  unit (``营业收入``, ``营业收入（万元）``, ``Operating revenue (10k CNY)``); width and spaces are folded.
* ``VALUE`` is coerced exactly as a profile file's value would be (:func:`xacheck.fields.coerce`):
  ``51500``, ``5,000``, ``是``/``否``, ``2024-03-01``, lists as ``高新技术企业,专精特新中小企业``.
  An empty value (``city=``) clears the field: it becomes unknown.
* ``FIELD+=VALUE`` adds to a number (``rd_expense_wan+=412.01``) or appends to a list
  (``titles+=硬科技企业``); ``FIELD-=VALUE`` subtracts or removes.

A bad field or value raises :class:`xacheck.errors.UsageError` naming the ``--set`` and the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from .errors import Location, UsageError
from .fields import PROFILE_TYPES, CoercionError, Registry, coerce, normalise_header
from .i18n import Msg, Pair
from .model import Profile


@dataclass(frozen=True)
class Setting:
    """One parsed ``--set``: the field key, the operation (``=``, ``+=``, ``-=``) and the coerced value."""

    field: str
    op: str
    value: Any
    raw: str

    def describe(self) -> str:
        return self.raw


def resolve_field(name: str, reg: Registry) -> str:
    """A field key from a key or a label; a UsageError with a suggestion otherwise."""
    text = name.strip()
    if text in reg.fields:
        return text
    key = reg.header_index.get(normalise_header(text))
    if key is not None:
        return key
    from .profiles import unknown_key_message

    # a derived quantity (rd_intensity) says what it is computed from; a suggestion never repeats the name
    raise UsageError(Msg("--set {text}: {problem}", text=text, problem=unknown_key_message(text, reg)),
                     Location("--set"))


def parse_setting(text: str, reg: Registry) -> Setting:
    """Parse one ``FIELD=VALUE`` (or ``FIELD+=VALUE`` / ``FIELD-=VALUE``)."""
    if "=" not in text:
        raise UsageError(Msg("--set {text!r}: expected FIELD=VALUE, e.g. --set revenue_wan=51500", text=text),
                         Location("--set"))
    left, raw = text.split("=", 1)
    op = "="
    if left.endswith("+") or left.endswith("-"):
        op, left = left[-1] + "=", left[:-1]
    if not left.strip():
        raise UsageError(Msg("--set {text!r}: no field name before '='", text=text), Location("--set"))
    key = resolve_field(left, reg)
    f = reg.fields[key]
    if op != "=" and f.type not in ("number", "integer", "list"):
        raise UsageError(Msg("--set {text}: {label} is not a number or a list; {op!r} works on numbers and lists",
                             text=text, label=Pair(f.label_zh, f.label_en), op=op), Location("--set"))
    check = f
    if op != "=" and f.type in ("number", "integer"):
        # an increment may be negative or exceed the field's bounds on its own; bounds apply to the result
        from dataclasses import replace

        check = replace(f, minimum=None, maximum=None)
    try:
        value = coerce(check, raw)
    except CoercionError as exc:
        raise UsageError(Msg("--set {text}: {label}: {problem}", text=text, label=Pair(f.label_zh, f.label_en),
                             problem=exc.message), Location("--set")) from None
    if key == "type" and value is not None and value not in PROFILE_TYPES:
        raise UsageError(Msg("--set {text}: type must be one of {types}", text=text, types=", ".join(PROFILE_TYPES)),
                         Location("--set"))
    if op != "=" and value is None:
        raise UsageError(Msg("--set {text}: {op!r} needs a value", text=text, op=op), Location("--set"))
    return Setting(key, op, value, text)


def parse_settings(texts: Iterable[str], reg: Registry) -> list[Setting]:
    return [parse_setting(t, reg) for t in texts]


def apply_settings(profile: Profile, settings: Iterable[Setting], reg: Registry) -> Profile:
    """A new profile with the settings applied in order; the original is not changed."""
    settings = list(settings)
    values = dict(profile.values)
    for s in settings:
        f = reg.fields[s.field]
        if s.op == "=":
            if s.value is None:
                values.pop(s.field, None)
            else:
                values[s.field] = s.value
            continue
        cur = values.get(s.field)
        if f.type == "list":
            items = tuple(cur or ())
            if s.op == "+=":
                items = items + tuple(x for x in s.value if x not in items)
            else:
                items = tuple(x for x in items if x not in s.value)
            values[s.field] = items
            continue
        if cur is None:
            raise UsageError(Msg("--set {text}: {label} is not in the profile, so there is nothing to add to; "
                                 "use {key}=VALUE", text=s.raw, label=Pair(f.label_zh, f.label_en), key=s.field),
                             Location("--set"))
        new = Decimal(cur) + s.value if s.op == "+=" else Decimal(cur) - s.value
        try:
            values[s.field] = coerce(f, new)
        except CoercionError as exc:
            raise UsageError(Msg("--set {text}: {label} would be {new}: {problem}", text=s.raw,
                                 label=Pair(f.label_zh, f.label_en), new=str(new), problem=exc.message),
                             Location("--set")) from None
    notes = list(profile.notes)
    if any(reg.fields[s.field].place for s in settings):  # a place is read with the others (xacheck.places)
        from .profiles import settle_places

        notes += settle_places(values, reg, "--set")
    source = profile.source
    if settings:
        source = f"{profile.source} (with --set)"
    return Profile(values=values, source=source, title_dates=dict(profile.title_dates), notes=notes)


def with_sets(profile: Profile, texts: Iterable[str], reg: Registry) -> Profile:
    """Parse and apply ``--set`` texts in one call (what the CLI does)."""
    texts = list(texts)
    if not texts:
        return profile
    return apply_settings(profile, parse_settings(texts, reg), reg)


def plan_to_sets(plan: dict) -> list[str]:
    """The ``--set`` arguments that apply a gap plan's changes (numbers as given, lists comma-joined)."""
    out = []
    for ch in plan["changes"]:
        to = ch["to"]
        if to is None:
            continue
        if isinstance(to, list):
            to = ",".join(map(str, to))
        elif isinstance(to, bool):
            to = "true" if to else "false"
        out.append(f"{ch['field']}={to}")
    return out
