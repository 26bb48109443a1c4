"""Loading profiles: a YAML or JSON mapping of field -> value, checked against the field registry.

Keys may be the stable English key or the field's Chinese label (营业收入（万元）). An unknown key is
an error with a "did you mean", because a misspelt field would otherwise silently read as missing.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from .errors import Location, ProfileError
from .fields import PROFILE_TYPES, CoercionError, Registry, coerce, default_registry, normalise_header
from .model import Profile, ProfileNote
from .yamlsafe import load_yaml_file

#: keys a profile may carry that are not evaluated
META_KEYS = {"notes", "comment", "as_of_note"}


def profile_from_mapping(data: Any, reg: Registry | None = None, source: str = "<profile>",
                         where: Callable[[tuple], Location] | None = None) -> Profile:
    """Coerce a mapping into a :class:`Profile`; raise :class:`ProfileError` naming the field."""
    reg = reg or default_registry()
    where = where or (lambda path: Location(source))
    if not isinstance(data, dict):
        raise ProfileError("a profile must be a mapping of field: value", Location(source, 1, 1))
    index = reg.header_index
    values: dict[str, Any] = {}
    title_dates: dict[str, _dt.date] = {}
    place_lines: dict[str, int | None] = {}
    for raw_key, raw in data.items():
        key_text = str(raw_key)
        if key_text in META_KEYS:
            continue
        key = key_text if key_text in reg.fields else index.get(normalise_header(key_text))
        loc = where((raw_key,))
        if key is None:
            hint = reg.suggest(key_text)
            raise ProfileError(f"unknown field '{key_text}'" + (f" (did you mean '{hint}'?)" if hint else "")
                               + "; `xacheck schema profile` lists the fields", _with_field(loc, key_text))
        f = reg.fields[key]
        try:
            value = coerce(f, raw)
        except CoercionError as exc:
            raise ProfileError(f"{f.label_zh} ({key}): {exc}", _with_field(loc, key)) from None
        if key == "type" and value is not None and value not in PROFILE_TYPES:
            raise ProfileError(f"type must be one of {', '.join(PROFILE_TYPES)}", _with_field(loc, key))
        if f.type == "list" and isinstance(raw, list):
            for item in raw:
                if isinstance(item, dict) and item.get("date") is not None:
                    try:
                        day = coerce(reg.fields["established"] if "established" in reg.fields else f, item["date"])
                        if not isinstance(day, (_dt.date, type(None))):  # a month alone (2023年12月) cannot date a lapse
                            raise CoercionError(f"give the day the title was granted, not only the month ({item['date']!r})")
                        title_dates[f.choice(str(item["name"]).strip())] = day
                    except CoercionError as exc:
                        raise ProfileError(f"{key}: date of {item.get('name')!r}: {exc}", _with_field(loc, key)) from None
        if value is not None:
            values[key] = value
        if f.place:
            place_lines[key] = loc.line
    notes = settle_places(values, reg, source, place_lines)
    values.setdefault("type", "enterprise")
    return Profile(values=values, source=source, title_dates=title_dates, notes=notes)


def settle_places(values: dict[str, Any], reg: Registry, source: str = "<profile>",
                  lines: dict[str, int | None] | None = None) -> list[ProfileNote]:
    """Read the place fields of ``values`` together (xacheck.places.settle), in place: canonical names,
    fields filled in from an address or a district, unknown places left out. Returns the warnings."""
    kinds = {f.place: k for k, f in reg.fields.items() if f.place}
    given = {p: values[k] for p, k in kinds.items() if values.get(k) is not None}
    if not given:
        return []
    from .places import settle

    settled, raw_notes = settle(given)
    for p, v in settled.items():
        k = kinds.get(p)
        if k is None:
            continue
        if v is None:
            values.pop(k, None)
        else:
            values[k] = v
    lines = lines or {}
    return [ProfileNote(kinds.get(n.field, n.field), n.zh, n.en, n.severity, source, lines.get(kinds.get(n.field, "")))
            for n in raw_notes]


def _with_field(loc: Location, field: str) -> Location:
    return Location(loc.path, loc.line, loc.column, loc.row, field)


def load_profile(path: str, reg: Registry | None = None) -> Profile:
    """Read a profile file (YAML or JSON); errors name the file, line and field."""
    doc = load_yaml_file(path)
    if doc.data is None:
        raise ProfileError("the profile is empty", Location(path, 1, 1))
    for dpath, line, col in doc.duplicates:
        raise ProfileError(f"field '{dpath[-1]}' is given twice", Location(path, line, col, field=str(dpath[-1])))
    return profile_from_mapping(doc.data, reg, source=path, where=doc.where)
