"""``xacheck template clients.xlsx``: an empty register with the fields the packs use, that ``batch`` reads back.

A consultant's first question is "what do I need to collect?". The answer is the fields the rules read — not
the whole registry — most used first, each heading the field's Chinese label with its unit (营业收入（万元）),
so that ``xacheck batch`` recognises every column with no ``--map``:

* **the data sheet** (first, so ``batch`` reads it): identifying columns (名称, 统一社会信用代码, 编号), then the
  fields by how many rules read them; a drop-down for yes/no (是/否) and for every choice (a long list from a
  hidden sheet of lists), a date or number check with the unit in its prompt, lists (称号, 领域) with their
  choices and "several: 、" in the prompt (any text is still allowed: several choices in one cell); one
  column per title the packs give a lifetime (高新技术企业认定日期…): ``deadlines --book`` turns those into
  renewal dates;
* **the notes sheet**: how to fill it in, and per column its key, type, unit, choices, help and the number of
  rules that read it.

``--from PROFILE…`` fills one row per profile (the shipped samples make a small book: ``xacheck template
book.xlsx --from samples/enterprise-*.yaml``), and a ``.csv`` target writes the headings and rows only. Every
text is written as text (see :mod:`.formulas`).
"""
from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .. import condition as cond
from ..fields import Field, Registry, normalise_header
from ..i18n import book
from ..model import Pack, Profile
from .formulas import XLSX_OPTIONS, csv_text, write_text
from .sheetrows import column_letters

#: identifying fields, first and in this order
IDENTITY = ("name", "credit_code", "id")
#: rows given drop-downs and checks
TEMPLATE_ROWS = 5_000
#: what may follow a title's name in a heading that holds its date (高新技术企业认定日期, 高企发证日期…)
TITLE_DATE_WORDS = ("认定日期", "认定时间", "发证日期", "证书日期", "入库日期", "入库时间", "评价日期", "获得日期")


@dataclass(frozen=True)
class Column:
    heading: str
    key: str                 # field key, or "title_date:<title>"
    field: Field | None
    rules: int               # how many rules read it
    title: str | None = None


def used_fields(packs: list[Pack], reg: Registry, types: tuple[str, ...] = ("enterprise",),
                pack_ids=None, as_of: _dt.date | None = None) -> Counter:
    """Field key -> number of rules (of the given profile types; with ``as_of``, in force that day) whose
    conditions or target read it (derived quantities counted as the fields behind them)."""
    from ..evaluate import _validity, select_version

    wanted = set(pack_ids) if pack_ids else None
    counts: Counter = Counter()
    for p in packs:
        if wanted is not None and p.id not in wanted:
            continue
        preg = reg.extended(p.derived)
        versions: dict[str, list] = {}
        for r in p.rules:
            versions.setdefault(r.id, []).append(r)
        for r in p.rules:
            if not set(types) & set(r.applies_to):
                continue
            if as_of is not None and _validity(select_version(versions[r.id], as_of), as_of) is not None:
                continue
            rreg = preg.extended(r.derived)
            names = {n for c in r.when for n in cond.names(c.node)}
            if r.target is not None:
                names.add(r.target.metric)
            keys = {b for n in names for b in rreg.expand(n) if b in reg.fields and b != "type"}
            counts.update(keys)
    return counts


def title_lifetimes(packs: list[Pack], pack_ids=None) -> list[str]:
    """The titles some pack gives a lifetime (高新技术企业: 3 years …), in pack order."""
    wanted = set(pack_ids) if pack_ids else None
    out: list[str] = []
    for p in packs:
        if wanted is None or p.id in wanted:
            out += [t.title for t in p.title_lifetimes if t.title not in out]
    return out


def columns(packs: list[Pack], reg: Registry, lang: str = "zh", types: tuple[str, ...] = ("enterprise",),
            pack_ids=None, as_of: _dt.date | None = None) -> list[Column]:
    """The template's columns, in order (see the module docstring); with ``as_of``, the fields of the rules in
    force that day only."""
    counts = used_fields(packs, reg, types, pack_ids, as_of)
    order = list(reg.fields)
    keys = [k for k in IDENTITY if k in reg.fields and set(types) & set(reg.fields[k].applies_to)]
    if len(types) > 1 or types != ("enterprise",):
        keys.insert(0, "type")
    keys += sorted((k for k in counts if k not in keys), key=lambda k: (-counts[k], order.index(k)))
    out = [Column(reg.fields[k].label(lang), k, reg.fields[k], counts.get(k, 0)) for k in keys]
    for t in title_lifetimes(packs, pack_ids):
        out.append(Column(book("tpl_title_date", lang, title=t), f"title_date:{t}", None, 0, title=t))
    return out


def title_date_columns(headings: list[str], packs: list[Pack], reg: Registry) -> dict[str, str]:
    """Heading -> title, for the columns that hold the date a title was granted (高新技术企业认定日期, 高企发证
    日期, 科技型中小企业入库日期 …: a title the packs give a lifetime, or one of its aliases, then a date word)."""
    titles = title_lifetimes(packs)
    names: dict[str, str] = {normalise_header(t): t for t in titles}
    f = reg.fields.get("titles")
    for alias, target in (f.aliases if f else ()):
        if target in titles:
            names.setdefault(normalise_header(alias), target)
    out: dict[str, str] = {}
    for h in headings:
        n = normalise_header(h)
        for word in TITLE_DATE_WORDS:
            if n.endswith(word) and n[: -len(word)].rstrip("的（(") in names:
                out[h] = names[n[: -len(word)].rstrip("的（(")]
                break
        else:
            m = re.fullmatch(r"(.+)[（(](?:" + "|".join(TITLE_DATE_WORDS) + r")[）)]", n)
            if m and m.group(1) in names:
                out[h] = names[m.group(1)]
    return out


def profile_row(cols: list[Column], prof: Profile) -> list:
    """One profile as cells of the template's columns: numbers as numbers, dates as dates, yes/no as 是/否,
    lists joined with 、 (an empty list as 无: holds none, which a blank would not say)."""
    out: list = []
    for c in cols:
        if c.title is not None:
            out.append(prof.title_dates.get(c.title))
            continue
        v = prof.values.get(c.key)
        if v is None:
            out.append(None)
        elif isinstance(v, bool):
            out.append("是" if v else "否")
        elif isinstance(v, Decimal):
            out.append(int(v) if v == v.to_integral_value() and abs(v) < 10 ** 15 else float(v))
        elif isinstance(v, (list, tuple)):
            out.append("、".join(map(str, v)) or "无")
        else:
            out.append(v)
    return out


def write_csv(path: str, cols: list[Column], rows: list[list]) -> bytes:
    """The template as CSV text (UTF-8 with BOM for Excel), headings and rows only."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([csv_text(c.heading) for c in cols])
    for r in rows:
        w.writerow(["" if v is None else csv_text(_cell_text(v)) for v in r])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _cell_text(v) -> str:
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def write_xlsx(f, cols: list[Column], rows: list[list], lang: str = "zh") -> None:
    """The template workbook into an open binary file: data sheet, notes sheet, hidden lists sheet."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(f, XLSX_OPTIONS)
    data = wb.add_worksheet(book("sheet_data", lang))
    notes = wb.add_worksheet(book("sheet_notes", lang))
    lists = wb.add_worksheet(book("sheet_lists", lang))
    lists.hide()
    head = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True,
                          "valign": "top", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    text_fmt = wb.add_format({"num_format": "@"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    last = max(TEMPLATE_ROWS, len(rows) + 1)
    list_col = 0
    data.set_row(0, 36)
    for j, c in enumerate(cols):
        f_ = c.field
        kind = "date" if c.title is not None else f_.type
        width = max(10, min(30, sum(2 if ord(ch) > 0x2E80 else 1 for ch in c.heading) + 2))
        data.set_column(j, j, width, date_fmt if kind == "date" else text_fmt if kind == "string" else None)
        write_text(data, 0, j, c.heading, head)
        prompt = _prompt(c, lang)
        v: dict = {"input_title": c.heading[:32], "input_message": prompt[:255]}
        choices = _choices(f_) if f_ is not None else []
        if kind == "boolean":
            v.update(validate="list", source=[book("yes", lang), book("no", lang)])
        elif choices:
            source: object = choices
            if sum(len(x) + 1 for x in choices) > 250:  # Excel's inline list is 255 characters at most
                for i, x in enumerate(choices):
                    write_text(lists, i, list_col, x)
                letter = column_letters(list_col)
                source = f"='{book('sheet_lists', lang)}'!${letter}$1:${letter}${len(choices)}"
                list_col += 1
            v.update(validate="list", source=source)
            if kind == "list":  # several in one cell: the list offers, any text may stand
                v.update(error_type="information", error_title=c.heading[:32], error_message=prompt[:255])
        elif kind == "date":
            v.update(validate="date", criteria="between", minimum=_dt.date(1900, 1, 1),
                     maximum=_dt.date(2100, 12, 31), error_type="warning")
        elif kind in ("number", "integer"):
            v.update(validate="decimal" if kind == "number" else "integer", criteria=">=",
                     value=float(f_.minimum) if f_.minimum is not None else -1e15, error_type="warning",
                     error_message=prompt[:255])
        else:
            v.update(validate="any")
        data.data_validation(1, j, last, j, v)
    for i, r in enumerate(rows, start=1):
        for j, val in enumerate(r):
            if val is None:
                continue
            if isinstance(val, _dt.date):
                data.write_datetime(i, j, _dt.datetime.combine(val, _dt.time()), date_fmt)
            elif isinstance(val, (int, float)) and not isinstance(val, bool):
                data.write_number(i, j, val)
            else:
                write_text(data, i, j, val)
    data.freeze_panes(1, 1)
    # the notes sheet
    notes.set_row(0, 48)
    keys = ["tpl_field", "tpl_key", "tpl_type", "tpl_unit", "tpl_choices", "tpl_help", "tpl_rules"]
    for j, (k, w) in enumerate(zip(keys, (28, 26, 14, 8, 40, 50, 10))):
        write_text(notes, 2, j, book(k, lang), head)
        notes.set_column(j, j, w, wrap)
    for i, c in enumerate(cols, start=3):
        f_ = c.field
        kind = "date" if c.title is not None else f_.type
        values = [c.heading, c.key, book("type_" + kind, lang), (f_.unit if f_ else "") or "",
                  "、".join(_choices(f_)) if f_ else "", _help(c, lang), c.rules]
        for j, val in enumerate(values):
            if isinstance(val, int):
                notes.write_number(i, j, val)
            else:
                write_text(notes, i, j, val or None)
    notes.merge_range(0, 0, 0, len(keys) - 1, "", wrap)
    write_text(notes, 0, 0, book("tpl_intro", lang), wrap)
    wb.close()


def _choices(f: Field) -> list[str]:
    return list(f.choices) if f.type in ("enum", "list") else []


def _help(c: Column, lang: str) -> str:
    if c.title is not None:
        return book("tpl_title_date_help", lang)
    f = c.field
    return (f.help_en if lang == "en" else f.help_zh) or ""


def _prompt(c: Column, lang: str) -> str:
    f = c.field
    kind = "date" if c.title is not None else f.type
    parts = [book("type_" + kind, lang)]
    if f is not None and f.unit:
        parts.append(f.unit)
    if kind == "list":
        parts.append(book("tpl_list_note", lang))
    h = _help(c, lang)
    if h:
        parts.append(h)
    return "；".join(parts) if lang != "en" else "; ".join(parts)
