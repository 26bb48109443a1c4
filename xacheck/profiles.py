"""Loading profiles: a YAML or JSON mapping of field -> value, checked against the field registry.

Keys may be the stable English key or the field's Chinese label (营业收入（万元）). An unknown key is
an error with a "did you mean", because a misspelt field would otherwise silently read as missing. Every
bad line is reported in one run (a :class:`~xacheck.errors.ProfileErrors`), each with its line, so a
person fixing a profile does not discover the errors one run at a time.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from .errors import Location, ProfileError, ProfileErrors
from .fields import PROFILE_TYPES, CoercionError, Registry, coerce, default_registry, normalise_header
from .hints import MAX_LISTED, budget, more
from .i18n import Msg, Pair, did_you_mean
from .model import Profile, ProfileNote
from .yamlsafe import load_yaml_file

#: keys a profile may carry that are not evaluated
META_KEYS = {"notes", "comment", "as_of_note"}


def unknown_key_message(key_text: str, reg: Registry) -> Msg:
    """Why a profile key is not a field, and what to write instead.

    A derived quantity (``rd_intensity``) is computed, so the message names what it is computed from; a
    suggestion never repeats the key itself, and only names fields a profile can hold."""
    d = reg.derived.get(key_text) or reg.derived.get(reg.header_index.get(normalise_header(key_text), ""))
    if d is None:  # its label typed instead of the key: 研发投入强度
        d = next((x for x in reg.derived.values() if normalise_header(key_text) in
                  (normalise_header(x.label_zh), normalise_header(x.label_en))), None)
    if d is not None:
        bases = [reg.fields[b] for b in reg.expand(d.key) if b in reg.fields]
        return Msg("{label} is computed from {bases}: give those instead", label=Pair(d.label_zh, d.label_en),
                   bases=_labels(bases))
    hint = reg.suggest_field(key_text)
    return Msg("unknown field {name!r}{hint}; `xacheck schema profile` lists the fields", name=key_text,
               hint=did_you_mean(hint))


def _labels(fields) -> Pair:
    return Pair("、".join(f.label_zh for f in fields), ", ".join(f.label_en for f in fields))


def profile_from_mapping(data: Any, reg: Registry | None = None, source: str = "<profile>",
                         where: Callable[[tuple], Location] | None = None) -> Profile:
    """Coerce a mapping into a :class:`Profile`; raise :class:`ProfileError` naming the field — or an
    :class:`ProfileErrors` of every bad entry when there are several (the first :data:`~xacheck.hints.MAX_LISTED`
    one by one, each unknown key with a did-you-mean; the rest counted in one more)."""
    with budget():
        return _from_mapping(data, reg, source, where)


def _from_mapping(data: Any, reg: Registry | None, source: str, where: Callable[[tuple], Location] | None) -> Profile:
    reg = reg or default_registry()
    where = where or (lambda path: Location(source))
    if not isinstance(data, dict):
        raise ProfileError(Msg("a profile must be a mapping of field: value"), Location(source, 1, 1))
    index = reg.header_index
    values: dict[str, Any] = {}
    title_dates: dict[str, _dt.date] = {}
    errors: list[ProfileError] = []
    hidden: list[tuple[str, Location]] = []  # past the first MAX_LISTED errors: counted, not described
    place_lines: dict[str, int | None] = {}
    for raw_key, raw in data.items():
        key_text = str(raw_key)
        if key_text in META_KEYS:
            continue
        key = key_text if key_text in reg.fields else index.get(normalise_header(key_text))
        loc = where((raw_key,))
        if key is None:
            if len(errors) < MAX_LISTED:
                errors.append(ProfileError(unknown_key_message(key_text, reg), _with_field(loc, key_text)))
            else:
                hidden.append((key_text, loc))
            continue
        f = reg.fields[key]
        label = Pair(f.label_zh, f.label_en)
        try:
            value = coerce(f, raw)
        except CoercionError as exc:
            errors.append(ProfileError(Msg("{label}: {problem}", label=label, problem=exc.message),
                                       _with_field(loc, key)))
            continue
        if key == "type" and value is not None and value not in PROFILE_TYPES:
            errors.append(ProfileError(Msg("type must be one of {types}", types=", ".join(PROFILE_TYPES)),
                                       _with_field(loc, key)))
            continue
        if f.type == "list" and isinstance(raw, list):
            for i, item in enumerate(raw):
                if isinstance(item, dict) and item.get("date") is not None:
                    try:
                        day = coerce(reg.fields["established"] if "established" in reg.fields else f, item["date"])
                        if not isinstance(day, (_dt.date, type(None))):  # a month alone (2023年12月) cannot date a lapse
                            raise CoercionError(Msg("give the day the title was granted, not only the month ({raw!r})",
                                                                  raw=item["date"]))
                        title_dates[f.choice(str(item["name"]).strip())] = day
                    except CoercionError as exc:
                        errors.append(ProfileError(Msg("{label}: date of {name!r}: {problem}", label=label,
                                                       name=str(item.get("name")), problem=exc.message),
                                                   _with_field(where((raw_key, i, "date")), key)))
        if value is not None:
            values[key] = value
        if f.place:
            place_lines[key] = loc.line
    if len(errors) > MAX_LISTED:
        hidden[:0] = [(e.location.field or "", e.location) for e in errors[MAX_LISTED:]]
        del errors[MAX_LISTED:]
    if hidden:
        errors.append(ProfileError(Msg("{n} more problems are not listed ({names}); fix the ones above and run again",
                                       n=f"{len(hidden):,}", names=more([name for name, _ in hidden])), hidden[0][1]))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ProfileErrors(errors)
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
        raise ProfileError(Msg("the profile is empty"), Location(path, 1, 1))
    dupes = [ProfileError(Msg("{name!r} is given twice (the later value would silently win)", name=str(dpath[-1])),
                          Location(path, line, col, field=str(dpath[-1]))) for dpath, line, col in doc.duplicates]
    try:
        prof = profile_from_mapping(doc.data, reg, source=path, where=doc.where)
    except ProfileError as exc:  # report the duplicates together with the bad values
        if dupes:
            raise ProfileErrors(sorted(dupes + exc.errors, key=lambda e: (e.location.line or 0))) from None
        raise
    if dupes:
        raise dupes[0] if len(dupes) == 1 else ProfileErrors(dupes)
    return prof
