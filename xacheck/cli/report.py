"""``xacheck deadlines``, ``xacheck init`` and ``xacheck report``: answers people act on."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .options import (DATE, _check_pack_ids, _engine, _load, _today, audit_option, guard_outputs, handle_errors,
                      lang_option, renew_lead_option, rules_options)
from ..atomic import write_atomic
from ..errors import Location, UsageError
from ..i18n import Msg, msg
from ..terminal import printable


class WithinType(click.ParamType):
    name = "DAYS"

    def convert(self, value, param, ctx):
        from ..deadlines import parse_within

        if isinstance(value, int):
            return value
        try:
            return parse_within(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def deadlines_text(deadlines, as_of, lang: str, within, profile_name: str | None, audit: bool = False) -> str:
    """The dates as text, soonest first; pack and rule ids only with ``audit``."""
    from ..deadlines import days_text, group_deadlines, kind_label

    groups = group_deadlines(deadlines)
    en = lang == "en"
    head = [f"As of {as_of}" if en else f"评估日期 {as_of}"]
    if within is not None:
        head.append(f"within {within} days" if en else f"{within} 天内")
    if profile_name:
        head.append(f"for {profile_name}" if en else f"涉及 {profile_name}")
    head.append(f"{len(deadlines)} dates" if en else f"共 {len(deadlines)} 项")
    lines = [(" · " if en else " · ").join(head)]
    if not groups:
        lines.append("No deadlines." if en else "没有截止日期。")
    for g in groups:
        days = days_text(g.days_left, lang)
        line = f"{g.date}  {days:<12}  {kind_label(g.kind, lang)}  " + (f"{g.pack} " if audit else "") + \
            (f"“{g.pack_title.get(lang)}” — {len(g.items)} item(s)" if en else f"《{g.pack_title.get(lang)}》{len(g.items)} 项")
        if g.soon:  # (the data made printable before it is coloured: xacheck.terminal)
            line = click.style(printable(line) + ("  ⚠ ends soon" if en else "  ⚠ 即将到期"), fg="red", bold=True)
        lines.append(line)
        for d in g.items:
            status = ""
            if d.status:
                from ..i18n import status_label

                status = f"  [{status_label(d.status, lang)}]"
            lines.append(f"    {d.clause} {d.title.get(lang)}{status}" + (f"  · {d.rule_id}" if audit else ""))
    return "\n".join(lines) + "\n"


@click.command()
@click.option("--as-of", type=DATE, help="Count days from this day (default: today).")
@click.option("--within", type=WithinType(), help="Only dates within this many days: 90d, 12w, 30.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Only the dates that concern this profile.")
@click.option("--book", "book_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A client register (CSV, XLSX … as `xacheck batch` reads): every client's dates, each event "
                   "naming the client; title renewals from columns such as 高新技术企业认定日期.")
@click.option("--sheet", help="--book: XLSX sheet name or 0-based number.")
@click.option("--map", "map_file", type=click.Path(exists=True, dir_okay=False),
              help="--book: a mapping of your headings to fields, as for `xacheck batch`.")
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the dates as an iCalendar file (Outlook, Google, Apple Calendar).")
@click.option("--past", is_flag=True, help="Include dates already past.")
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@audit_option
@rules_options
@handle_errors
def deadlines(as_of, within, profile_path, book_path, sheet, map_file, ics_path, past, pack_ids, lang, fmt,
              rules_dirs, no_shipped, audit=False) -> None:
    """Every expiry, target date and start date in the packs, soonest first, with days left.

    \b
    xacheck deadlines --within 90d
    xacheck deadlines --profile samples/enterprise-optics.yaml --ics deadlines.ics
    xacheck deadlines --book clients.xlsx --within 90d --ics book.ics   # every client, one calendar
    """
    from ..deadlines import group_deadlines

    guard_outputs({"--ics": ics_path}, [profile_path, book_path, map_file], rules_dirs)
    eng = _engine(rules_dirs, no_shipped)
    if book_path is not None:
        if profile_path is not None:
            raise UsageError(Msg("give --profile or --book, not both"), Location("--book"))
        packs = list(eng.packs)
        _check_pack_ids(packs, pack_ids)
        return _book_deadlines(book_path, sheet, map_file, as_of or _today(), within, past, pack_ids, lang, fmt,
                               ics_path, packs, eng.registry)
    answer = eng.deadlines(profile_path, as_of, within=within, past=past, lang=lang, packs=pack_ids)
    items, prof = answer.extra["items"], answer.extra["profile"]
    if ics_path is not None:
        write_atomic(ics_path, eng.ics(answer, lang), [p for p in (profile_path,) if p])
    if fmt == "json":
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(deadlines_text(items, answer.extra["as_of"], lang, within, prof.name if prof else None, audit),
                   nl=False)
    if ics_path is not None:
        click.echo(("wrote " if lang == "en" else "已写入 ") + f"{ics_path} ({len(group_deadlines(items))} "
                   + ("events)" if lang == "en" else "个日历事件)"), err=True)


def _book_deadlines(book_path, sheet, map_file, as_of, within, past, pack_ids, lang, fmt, ics_path, packs, reg):
    """``deadlines --book``: the book is read and scored as `xacheck batch` does (see
    :mod:`xacheck.batch.book_deadlines`); one event per client, day, kind and pack."""
    from ..batch.book_deadlines import DeadlineCollector
    from ..batch.runner import BatchOptions, run
    from ..i18n import book, tr

    opts = BatchOptions(input=str(book_path), output=str(book_path) + ".ics", as_of=as_of, pack_ids=tuple(pack_ids),
                        sheet=sheet, map_file=map_file, lang=lang, all_rules=True)
    collector = DeadlineCollector(packs, as_of, within, past, pack_ids or None)
    summary, _ = run(opts, packs, reg, writer=collector)
    for w in opts.warnings:
        click.echo(f"xacheck: {tr(w, lang)}", err=True)
    groups = collector.groups
    if ics_path is not None:
        from ..ics import write_ics

        cal = ("xacheck 截止日期" if lang != "en" else "xacheck deadlines") + f" — {book_path.name}"
        write_atomic(ics_path, write_ics(groups, as_of, lang, scope=str(book_path.name), calname=cal),
                     [book_path] + ([map_file] if map_file else []))
    if fmt == "json":
        out = {"as_of": as_of.isoformat(), "within_days": within, "book": str(book_path), "rows": summary.rows,
               "clients": len(collector.clients),
               "events": [{"client": g.who, "client_key": g.who_key, "date": g.date.isoformat(), "kind": g.kind,
                           "days_left": g.days_left, "pack": g.pack,
                           "items": [{"rule_id": d.rule_id, "title": d.title.get(lang), "clause": d.clause}
                                     for d in g.items]} for g in groups]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        click.echo(book_deadlines_text(groups, as_of, lang, within, book_path.name, summary.rows), nl=False)
    if ics_path is not None:
        click.echo(book("cal_wrote", lang, path=ics_path, n=len(groups)), err=True)
    if summary.error_rows:
        for n, msg in summary.first_errors:
            click.echo(f"xacheck: {book_path}: row {n}: {msg}", err=True)
        click.echo("xacheck: " + book("cal_errors", lang, errors=summary.error_rows, rows=summary.rows), err=True)
        sys.exit(1)


#: clients named per line of the text output (the calendar names them all)
NAMES_SHOWN = 8


def book_deadlines_text(groups, as_of, lang: str, within, book_name: str, rows: int) -> str:
    """One line per day, kind and pack: how many clients and which (the first few), and the items."""
    from ..deadlines import days_text, kind_label
    from ..i18n import book

    en = lang == "en"
    by: dict = {}
    for g in groups:
        by.setdefault((g.date, g.kind, g.pack), []).append(g)
    clients = {g.who_key for g in groups}
    head = [f"As of {as_of}" if en else f"评估日期 {as_of}"]
    if within is not None:
        head.append(f"within {within} days" if en else f"{within} 天内")
    head.append(book("cal_head", lang, book=book_name, rows=rows, n=len(clients), events=len(groups)))
    lines = [" · ".join(head)]
    if not groups:
        lines.append("No deadlines." if en else "没有截止日期。")
    for (day, kind, pack), gs in by.items():
        first = gs[0]
        line = (f"{day}  {days_text(first.days_left, lang):<12}  {kind_label(kind, lang)}  {pack} "
                + book("cal_group", lang, pack=first.pack_title.get(lang), n=len(gs)))
        if first.soon:  # (the data made printable before it is coloured: xacheck.terminal)
            line = click.style(printable(line) + ("  ⚠ ends soon" if en else "  ⚠ 即将到期"), fg="red", bold=True)
        lines.append(line)
        names = [g.who for g in gs[:NAMES_SHOWN]]
        more = len(gs) - len(names)
        lines.append("    " + ("、" if not en else ", ").join(names) + (book("cal_more", lang, n=len(gs)) if more > 0 else ""))
        items = {d.rule_id: d for g in gs for d in g.items}
        for d in list(items.values())[:NAMES_SHOWN]:
            lines.append(f"    {d.clause} {d.title.get(lang)}  · {d.rule_id}")
        if len(items) > NAMES_SHOWN:
            lines.append(f"    … +{len(items) - NAMES_SHOWN}")
    return "\n".join(lines) + "\n"


TYPE_NAMES = {"enterprise": ("企业", "enterprise"), "project": ("项目", "project"),
              "institution": ("机构（高校院所、新型研发机构等）", "institution (university, institute, R&D institution)"),
              "region": ("城市或园区（指标数据）", "city or park (indicator figures)")}


@click.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the profile here (default: print it).")
@click.option("--from", "from_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Start from this profile and ask only for what is missing.")
@click.option("--type", "ptype", type=click.Choice(["enterprise", "project", "institution", "region"]),
              help="Profile type (asked if not given).")
@click.option("--as-of", type=DATE, help="Day that decides which rules are in force (default: today).")
@click.option("--in-force-only", is_flag=True, help="Skip questions that only expired rules need.")
@click.option("--force", is_flag=True, help="Overwrite --output if it exists.")
@lang_option
@rules_options
@handle_errors
def init(output, from_path, ptype, as_of, in_force_only, force, lang, rules_dirs, no_shipped) -> None:
    """Ask the questions the rule packs use and write a commented profile.

    \b
    Most decisive questions first; questions that cannot matter given earlier answers are skipped
    (no R&D questions for a firm outside Xi'an). Press Enter to skip a question, q to finish early;
    when the input ends or Ctrl-C is pressed, the answers given so far are written too.
    \b
    xacheck init -o profile.yaml
    xacheck init --from profile.yaml -o profile.yaml   # ask only what is missing
    """
    from ..fields import coerce
    from ..questionnaire import QUIT_WORDS, Questionnaire, block_style, extend_profile, write_profile
    from ..yamlsafe import load_yaml

    as_of = as_of or _today()
    en = lang == "en"
    if output is not None and output.exists() and not force and (from_path is None or output.resolve() != from_path.resolve()):
        raise UsageError(Msg("{path} exists; use --force to overwrite it", path=str(output)), Location(str(output)))
    guard_outputs({"-o": output}, rules=rules_dirs)  # (--from may be -o: it is read, then rewritten whole)
    packs, reg = _load(rules_dirs, no_shipped)
    q = Questionnaire(packs, reg, as_of, in_force_only=in_force_only)
    original, raw = "", {}
    if from_path is not None:
        from ..profiles import load_profile
        from ..yamlsafe import read_yaml_file

        prof = load_profile(str(from_path), reg)
        q.values.update(prof.values)
        original = read_yaml_file(str(from_path))[1]  # (a regular file, bounded: xacheck.userfiles)
        raw = load_yaml(original, str(from_path)).data or {}
        if "type" not in raw and not ptype:
            q.values.pop("type", None)  # profiles default to enterprise; ask rather than assume
        if ptype and raw.get("type") and ptype != q.values.get("type"):
            raise UsageError(Msg("--type {given} contradicts type: {found} in {path}", given=ptype, found=q.values.get("type"), path=str(from_path)), Location("--type"))
    before = {k for k, v in q.values.items() if v is not None}

    class Stop(Exception):
        """The answers ended (end of input, or Ctrl-C when ``interrupted``): write what was given."""

        def __init__(self, interrupted: bool):
            self.interrupted = interrupted

    def ask(text: str) -> str:
        click.echo(text + "\n> ", err=True, nl=False)
        try:
            answer = input()
        except EOFError:
            raise Stop(False) from None
        except KeyboardInterrupt:
            raise Stop(True) from None
        if not sys.stdin.isatty():  # answers from a file or a pipe: show them, as a terminal would
            click.echo(answer, err=True)
        return answer

    stopped: Stop | None = None
    try:
        if ptype:
            q.values["type"] = ptype
        while not q.values.get("type"):
            opts = "  ".join(f"{i}={TYPE_NAMES[t][1 if en else 0]}" for i, t in enumerate(TYPE_NAMES, 1))
            a = ask(msg(lang, "Profile type: {options}", options=opts)).strip()
            keys = list(TYPE_NAMES)
            if a.isdigit() and 1 <= int(a) <= len(keys):
                q.values["type"] = keys[int(a) - 1]
            elif a in keys:
                q.values["type"] = a
            else:
                click.echo(msg(lang, "please answer 1-4"), err=True)
        if not q.values.get("name"):
            a = ask(msg(lang, "Name (of the enterprise, project, institution or region)")).strip()
            if a:
                q.values["name"] = coerce(reg.fields["name"], a)
        n = 0
        while True:
            question = q.next_question()
            if question is None:
                break
            n += 1
            a = ask(question.prompt(lang, n, reg) + "\n   " + question.answer_hint(lang))
            if a.strip().lower() in QUIT_WORDS:
                break
            err = q.answer(question.field.key, a, lang)
            while err:
                a = ask("  ✘ " + msg(lang, "{problem} — try again", problem=err))
                if a.strip().lower() in QUIT_WORDS:
                    break
                err = q.answer(question.field.key, a, lang)
            else:
                continue
            break
    except Stop as stop:  # never lose what was typed: write it, and say how to go on
        stopped = stop
        click.echo("", err=True)
        if not q.values.get("type"):
            click.echo(msg(lang, "nothing answered yet; nothing written"), err=True)
            sys.exit(130 if stop.interrupted else 1)
    if from_path is not None and raw and block_style(original, raw):
        new_keys = [k for k, v in q.values.items() if v is not None and k not in before]
        if "type" in new_keys and "type" in raw:
            new_keys.remove("type")
        text = extend_profile(original, raw, new_keys, q, lang, _today())
        if load_yaml(text, str(from_path)).duplicates:
            text = write_profile(q, lang, _today())
    else:
        text = write_profile(q, lang, _today())
    # the result must load: a questionnaire that writes a broken profile is worse than none
    from ..profiles import profile_from_mapping

    profile_from_mapping(load_yaml(text, str(output or "<init>")).data, reg, source=str(output or "<init>"))
    answered = len([k for k in q.asked if q.values.get(k) is not None])
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)  # --from may name the same file: it is rewritten in full, atomically
    where = str(output) if output is not None else msg(lang, "standard output")
    click.echo(msg(lang, "wrote {where}: {n} answered, {k} skipped", where=where, n=answered, k=len(q.skipped())),
               err=True)
    if stopped is not None:
        resume = (f"xacheck init --from {output} -o {output}" if output is not None
                  else "xacheck init --from PROFILE.yaml -o PROFILE.yaml")
        click.echo(msg(lang, "{why}: the answers so far are kept; to go on, run {command}",
                       why=msg(lang, "interrupted") if stopped.interrupted else msg(lang, "input ended"),
                       command=resume), err=True)
        if stopped.interrupted:
            sys.exit(130)


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report here (default: print it); .pdf prints a PDF, .md writes Markdown.")
@click.option("--as-of", type=DATE, help="Evaluate as of this day (default: today).")
@lang_option
@click.option("--format", "fmt", type=click.Choice(["html", "markdown", "pdf"]),
              help="html, markdown or pdf (default: from the -o file's extension, else html).")
@click.option("--pdf", "as_pdf", is_flag=True, help="Print the report to PDF (needs Chromium; same as --format pdf).")
@click.option("--audit", is_flag=True,
              help="Add the audit appendix: rule ids, field keys, source files and encoding notes.")
@renew_lead_option
@click.option("--pack", "pack_ids", multiple=True, help="Only these packs (repeatable).")
@rules_options
@handle_errors
def report(profile, output, as_of, lang, fmt, pack_ids, rules_dirs, no_shipped, as_pdf=False, audit=False,
           renew_lead=None) -> None:
    """Write a report for PROFILE a client can read: one self-contained HTML file, a PDF or Markdown.

    The client view leads with the warnings (a certificate to renew, measures ending) and what applies,
    then the gap plan, the deadlines and the items to act on with their clauses; rule ids and encoding
    notes only in the --audit appendix. A4 pages when printed.

    \b
    xacheck report samples/enterprise-optics.yaml -o report.html
    xacheck report samples/enterprise-optics.yaml -o report.pdf
    xacheck report samples/region-xian-2020.yaml --lang en -o region.html
    """
    suffix = output.suffix.lower() if output is not None else ""
    fmt = "pdf" if as_pdf else fmt or {".pdf": "pdf", ".md": "markdown", ".markdown": "markdown"}.get(suffix, "html")
    if fmt == "pdf" and output is None:
        raise UsageError(Msg("a PDF is written to a file: give -o FILE.pdf"), Location("--pdf"))
    guard_outputs({"-o": output}, [profile], rules_dirs)
    text = _engine(rules_dirs, no_shipped).report(profile, as_of, lang=lang, packs=pack_ids,
                                                  fmt="markdown" if fmt == "markdown" else "html", audit=audit,
                                                  renew_lead=renew_lead)
    data: str | bytes = text
    if fmt == "pdf":
        from ..render.pdf import html_to_pdf

        data = html_to_pdf(text)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, data, [profile])
        click.echo(msg(lang, "wrote {where}", where=str(output)), err=True)
