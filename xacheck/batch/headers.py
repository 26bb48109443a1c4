"""Column headings -> fields: English keys, the registry's Chinese labels, or a client's own (``--map``).

Matching folds width, case and spaces (营业收入(万元) = 营业收入（万元） = 营业收入), via
:func:`xacheck.fields.normalise_header`. A heading that matches no field is carried through to the
output untouched and reported once, with a "did you mean" when one is close.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..errors import Location, UsageError
from ..hints import MAX_LISTED, budget, first, more
from ..i18n import Msg, Pair, did_you_mean
from ..fields import Registry, normalise_header
from .scorer import RESULT_COLUMNS, Layout


def load_map(path: str | Path) -> dict[str, str]:
    """A mapping file: YAML/JSON ``client heading: field key or label``, or a two-column CSV."""
    from ..userfiles import read_file
    from ..yamlsafe import MAX_YAML_BYTES

    p = Path(path)
    raw = read_file(p, MAX_YAML_BYTES)  # a regular file, bounded (never a FIFO or /dev/zero)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(Msg("file is not UTF-8 (byte {n})", n=exc.start), Location(str(p))) from None
    if p.suffix.lower() in (".csv", ".tsv"):
        import csv

        delim = "\t" if p.suffix.lower() == ".tsv" else ","
        rows = [r for r in csv.reader(text.splitlines(), delimiter=delim) if len(r) >= 2 and r[0].strip()]
        if rows and normalise_header(rows[0][0]) in ("column", "heading", "列名", "表头"):
            rows = rows[1:]
        return {r[0].strip(): r[1].strip() for r in rows}
    from ..yamlsafe import load_yaml

    data = load_yaml(text, str(p)).data
    if not isinstance(data, dict):
        raise UsageError(Msg("a --map file maps each heading to a field: `客户收入: revenue_wan`"), Location(str(p)))
    return {str(k): str(v) for k, v in data.items()}


def resolve(columns: list[str], reg: Registry, mapping: dict[str, str] | None = None,
            known: frozenset[str] | set[str] = frozenset()) -> tuple[Layout, list[str]]:
    """Return the layout and the warnings to print once (unmatched or duplicated headings: the first
    :data:`~xacheck.hints.MAX_LISTED` unmatched ones one by one, with a did-you-mean, the rest in one line).
    ``known``: headings that are no field but mean something all the same (a title's date, read by
    ``deadlines --book``): carried through without a warning."""
    with budget():
        return _resolve(columns, reg, mapping, known)


def _resolve(columns: list[str], reg: Registry, mapping: dict[str, str] | None,
             known: frozenset[str] | set[str]) -> tuple[Layout, list[str]]:
    mapping = mapping or {}
    norm_map = {normalise_header(k): v for k, v in mapping.items()}
    fields: dict[str, str] = {}
    passthrough: list[str] = []
    unmatched: list[str] = []
    warnings: list[str] = []
    unlisted: list[str] = []  # unmatched headings past the first MAX_LISTED: one line for them all

    shifts: dict[str, int] = {}

    for col in columns:
        key, target, unit, shift = _meaning(col, reg, mapping, norm_map)
        if target is not None and key is None:
            raise UsageError(Msg("--map sends column {col!r} to {target!r}, which is not a field{hint}", col=col,
                                 target=target, hint=_hint(target, reg)), Location("--map"))
        if shift and key not in fields:
            shifts[col] = shift
            f = reg.fields[key]
            warnings.append(Msg("column {col!r} is in {unit}: read as {label} in {field_unit} ({factor})", col=col,
                                unit=unit, label=Pair(f.label_zh, f.label_en), field_unit=f.unit,
                                factor=f"{'×' if shift > 0 else '÷'}{10 ** abs(shift):,}"))
        if key is None:
            unmatched.append(col)
            passthrough.append(col)
            if col not in known and len(unmatched) > MAX_LISTED:
                unlisted.append(col)
            elif col not in known:
                warnings.append(Msg("column {col!r} matches no field; carried through unchanged{hint}", col=col,
                                    hint=_hint(col, reg)))
        elif key in fields:
            passthrough.append(col)
            f = reg.fields[key]
            warnings.append(Msg("column {col!r} is {label} again (already read from {first!r}); carried through "
                                "unchanged", col=col, label=Pair(f.label_zh, f.label_en), first=fields[key]))
        else:
            fields[key] = col
    if unlisted:
        warnings.append(Msg("{n} more columns match no field ({names}); carried through unchanged",
                            n=f"{len(unlisted):,}", names=more(unlisted)))
    clash = [c for c in passthrough if c in RESULT_COLUMNS]
    if clash:
        raise UsageError(Msg("input column(s) {cols} would clash with result columns; rename them or map them "
                             "with --map", cols=", ".join(clash)), Location("input"))
    return Layout(fields=fields, passthrough=passthrough, unmatched=unmatched, shifts=shifts), warnings


#: money units a heading may name, in 元
MONEY_UNITS = {"元": 0, "千元": 3, "万元": 4, "百万元": 6, "亿元": 8}
_UNIT_RE = re.compile(r"^(.*?)[（(]\s*(元|千元|万元|百万元|亿元)\s*[）)]\s*$")


def _field_key(text: str, reg: Registry) -> str | None:
    """The field a heading names: its key, a label (with or without its unit) or one of its headings."""
    return text if text in reg.fields else reg.header_index.get(normalise_header(text))


def _other_money_unit(heading: str, reg: Registry) -> tuple[str | None, str, int]:
    """``(field, the heading's unit, shift)`` when the heading is a money field's name in another money unit
    (营业收入（元） for revenue_wan in 万元: shift -4, i.e. ÷10,000); ``(None, "", 0)`` otherwise."""
    m = _UNIT_RE.match(unicodedata.normalize("NFKC", heading).strip())
    key = _field_key(m.group(1), reg) if m else None
    unit, shift = _unit_change(heading, reg.fields[key].unit) if key is not None else ("", 0)
    return (key, unit, shift) if shift else (None, "", 0)


def _unit_change(heading: str, field_unit: str | None) -> tuple[str, int]:
    """``(the heading's money unit, powers of ten to the field's)``; ``("", 0)`` when there is nothing to change."""
    m = _UNIT_RE.match(unicodedata.normalize("NFKC", heading).strip())
    if not m or field_unit not in MONEY_UNITS or field_unit == m.group(2):
        return "", 0
    return m.group(2), MONEY_UNITS[m.group(2)] - MONEY_UNITS[field_unit]


def header_row(rows: list[list[str]], reg: Registry, mapping: dict[str, str] | None = None) -> int:
    """Which of the first rows holds the headings: the first one, unless it names fewer than two fields and
    a later one names more (and at least two) — a report title or a blank line above the table, as
    spreadsheets made for people have. The earliest such row wins a tie."""
    counts = [_fields_named(r, reg, mapping or {}) for r in rows]
    if not counts or counts[0] >= 2:
        return 0
    best = max(range(len(counts)), key=lambda i: (counts[i], -i))
    return best if counts[best] >= 2 and counts[best] > counts[0] else 0


def fields_named(cells: list[str], reg: Registry, mapping: dict[str, str] | None = None) -> int:
    """How many fields a row of headings names (the sheet to read is the one whose headings name the most)."""
    return _fields_named(cells, reg, mapping or {})


def _fields_named(cells: list[str], reg: Registry, mapping: dict[str, str]) -> int:
    norm_map = {normalise_header(k): v for k, v in mapping.items()}
    keys = {_meaning(str(c).strip(), reg, mapping, norm_map)[0] for c in cells if str(c or "").strip()}
    return len(keys - {None})


def _meaning(col: str, reg: Registry, mapping: dict[str, str], norm_map: dict[str, str]):
    """``(field or None, --map target or None, the heading's money unit, shift)`` of one heading: through the
    --map file when it names the heading (客户收入（元） mapped to revenue_wan keeps its unit), else the
    field's key / label / headings, else a money field's name in another money unit (营业收入（元）)."""
    target = mapping.get(col) or norm_map.get(normalise_header(col))
    if target is not None:
        key = _field_key(target, reg)
        return (key, target, *_unit_change(col, reg.fields[key].unit)) if key else (None, target, "", 0)
    key = _field_key(col, reg)
    if key is not None:
        return key, None, "", 0
    key, unit, shift = _other_money_unit(col, reg)
    return key, None, unit, shift


def _hint(text: str, reg: Registry) -> Msg | str:
    labels = {f.label_zh: k for k, f in reg.fields.items()}
    cands = list(reg.fields) + list(labels)
    return did_you_mean(first(text, [c for c in cands if c != text]))
