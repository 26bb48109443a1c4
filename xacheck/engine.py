"""The Python API: one :class:`Engine` loads the rule packs once and answers every question xacheck answers.

The command line, the HTTP server and notebooks all go through it, so there is one place that loads
and chooses packs and evaluates::

    from xacheck import Engine

    engine = Engine()                                   # the shipped packs (rules=[...] adds folders)
    answer = engine.check({"name": "示例", "city": "西安市", "revenue_wan": 51500}, as_of="2026-12-01")
    answer.statuses()["xa-14fyp.p-double-five"]          # 'unknown' (no R&D figure yet)
    answer.to_dict()                                     # the ``check --format json`` document
    scored = engine.score(df)                            # pandas / Polars / Arrow in, the same out

Names here are stable (add, never rename). Every answer's ``to_dict()`` carries a ``decision`` block
(:mod:`xacheck.decision`): xacheck version, each pack's id / version / sha256, the as-of day, the
profile's hash. The engine holds no per-request state, so one engine serves many threads.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, Union

from . import __version__
from .errors import Location, UsageError
from .fields import Registry
from .i18n import Msg, did_you_mean
from .model import Pack, Profile, Result, Rule

#: what the answering methods accept as a profile: a loaded Profile, a mapping of field -> value
#: (keys or Chinese labels, values as people type them), or the path of a YAML / JSON file
ProfileLike = Union[Profile, Mapping[str, Any], str, os.PathLike]
DateLike = Union[_dt.date, str, None]


#: Stands in for the clock when set (``XACHECK_TODAY=2027-01-02``): reproducible runs, and the tests that
#: show no result depends on the day (docs/validate.md, "Warnings and the calendar").
TODAY_ENV = "XACHECK_TODAY"


def today() -> _dt.date:
    """The only place xacheck reads the clock: the default as-of day (``$XACHECK_TODAY`` when set)."""
    from .condition import DayOutOfRange, parse_day

    fixed = os.environ.get(TODAY_ENV)
    if fixed is None:
        return _dt.date.today()
    try:
        return parse_day(fixed.strip())
    except DayOutOfRange:
        raise UsageError(_out_of_range(fixed), Location(TODAY_ENV)) from None
    except ValueError:
        from .i18n import Msg

        raise UsageError(Msg("{env}={value!r} is not a date YYYY-MM-DD", env=TODAY_ENV, value=fixed),
                         Location(TODAY_ENV)) from None


def as_date(value: DateLike, what: str = "as_of") -> _dt.date:
    """A day from a date or ``YYYY-MM-DD`` text; ``None`` is today."""
    from .condition import DayOutOfRange, in_days, parse_day

    if value is None:
        return today()
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        if not in_days(value):
            raise UsageError(_out_of_range(value), Location(what))
        return value
    try:
        return parse_day(str(value))
    except DayOutOfRange:
        raise UsageError(_out_of_range(value), Location(what)) from None
    except ValueError:
        raise UsageError(Msg("{value!r} is not a date YYYY-MM-DD", value=value), Location(what)) from None


def _out_of_range(value: Any) -> Msg:
    from .condition import FIRST_DAY, LAST_DAY

    return Msg("{value!r} is outside the days xacheck evaluates on ({first} to {last})", value=str(value),
               first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat())


@dataclass
class CheckAnswer:
    """The answer of :meth:`Engine.check`: results plus what it takes to render them in any format."""

    profile: Profile
    as_of: _dt.date
    results: list[Result]
    registry: Registry
    packs: dict[str, Pack]
    decision: dict
    lang: str = "zh"
    #: how the text, Markdown and HTML views show it (:class:`xacheck.render.CheckReport`): "brief" (the first
    #: view; the client report) or "all" (the audit list; the report's appendix), quotes in the first view,
    #: the title renewal lead in days (None: xacheck.titles.lead_for)
    view: str = "brief"
    quotes: bool = False
    renew_lead: int | None = None

    def statuses(self) -> dict[str, str]:
        """rule id -> status."""
        return {r.rule.id: r.status for r in self.results}

    def report(self):
        from .render import CheckReport

        return CheckReport(self.profile, self.as_of, self.results, self.registry, self.packs, view=self.view,
                           quotes=self.quotes, renew_lead=self.renew_lead)

    def to_dict(self, lang: str | None = None) -> dict:
        """The ``xacheck check --format json`` document (README, "JSON output"), with its ``decision``."""
        from .render.data import report_dict

        return {**report_dict(self.report(), lang or self.lang), "decision": self.decision}

    def render(self, fmt: str = "text", lang: str | None = None) -> str:
        """``text``, ``json``, ``markdown`` or ``html`` (the client report)."""
        if fmt == "json":
            import json

            return json.dumps(self.to_dict(lang), ensure_ascii=False, indent=2) + "\n"
        from .render import get_renderer

        return get_renderer(fmt)(self.report(), lang or self.lang)


@dataclass
class Answer:
    """A JSON-ready answer (gaps, diff, deadlines, measures) and the objects it was built from."""

    data: dict
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return self.data


class Engine:
    """Rule packs and the field registry, loaded once; every xacheck question as a method.

    ``rules``: extra folders or files of rule packs (a pack with a shipped pack's id replaces it; a
    folder's ``fields/*.yaml`` adds profile fields); ``shipped``: include the packs shipped with xacheck;
    ``fields``: extra field files. Errors in any of them raise :class:`xacheck.errors.XacheckError`
    naming the file and line.
    """

    def __init__(self, rules: Iterable[str | os.PathLike] = (), *, shipped: bool = True,
                 fields: Iterable[str | os.PathLike] = ()):
        from .fields import registry_from_dirs
        from .packs import load_packs

        dirs = [Path(d) for d in rules]
        self.registry: Registry = registry_from_dirs([d for d in dirs if d.is_dir()], [Path(f) for f in fields])
        self.packs: tuple[Pack, ...] = tuple(load_packs(dirs, include_shipped=shipped, reg=self.registry))
        self.version: str = __version__
        self._by_id = {p.id: p for p in self.packs}
        self._scorers: dict = {}

    # ------------------------------------------------------------------ packs
    def pack_ids(self) -> list[str]:
        return [p.id for p in self.packs]

    def pack_list(self) -> list[dict]:
        """id, version, sha256 and title of each loaded pack (what the decision block names)."""
        return [{"id": p.id, "version": p.version, "sha256": p.sha256, "title": p.title.zh, "title_en": p.title.en,
                 "valid_from": p.valid_from.isoformat() if p.valid_from else None,
                 "valid_until": p.valid_until.isoformat() if p.valid_until else None} for p in self.packs]

    def select(self, pack_ids: Iterable[str] | None) -> list[Pack]:
        """The packs named (all when none); an unknown id is an error with a "did you mean"."""
        from .hints import first

        ids = [p for p in (pack_ids or ()) if p]
        for pid in ids:
            if pid not in self._by_id:
                raise UsageError(Msg("unknown pack {pack!r}{hint}; packs: {packs}", pack=pid,
                                     hint=did_you_mean(first(pid, self._by_id)), packs=", ".join(self._by_id)),
                                 Location("--pack"))
        return [p for p in self.packs if not ids or p.id in ids]

    def rule(self, rule_id: str) -> Rule:
        from .hints import first

        rules = {r.id: r for p in self.packs for r in p.rules}
        if rule_id not in rules:
            raise UsageError(Msg("no rule {rule!r}{hint}", rule=rule_id, hint=did_you_mean(first(rule_id, rules, cutoff=0.4))),
                             Location("RULE_ID"))
        return rules[rule_id]

    def decision(self, as_of: _dt.date | None, profile: Profile | None, pack_ids: Iterable[str] | None = None,
                 **extra: Any) -> dict:
        """The ``decision`` block of an answer (see :mod:`xacheck.decision`)."""
        from .decision import decision_block

        ids = [p for p in (pack_ids or ()) if p]
        return decision_block(self.version, self.select(ids), as_of, profile, ids or None, **extra)

    # ------------------------------------------------------------------ profiles
    def profile(self, profile: ProfileLike, sets: Sequence[str] = ()) -> Profile:
        """A profile from a mapping or a file (YAML / JSON), with ``--set``-style changes applied."""
        from .profiles import load_profile, profile_from_mapping

        if isinstance(profile, Profile):
            prof = profile
        elif isinstance(profile, Mapping):
            prof = profile_from_mapping(dict(profile), self.registry, source="<mapping>")
        elif isinstance(profile, (str, os.PathLike)):
            prof = load_profile(str(profile), self.registry)
        else:
            raise UsageError(Msg("a profile is a mapping or a file path, not {kind}", kind=type(profile).__name__),
                             Location("profile"))
        if sets:
            from .whatif import with_sets

            prof = with_sets(prof, list(sets), self.registry)
        return prof

    def evaluate(self, profile: ProfileLike, as_of: DateLike = None, *, packs: Iterable[str] | None = None,
                 sets: Sequence[str] = ()) -> list[Result]:
        from .evaluate import evaluate_profile

        prof = self.profile(profile, sets)
        return evaluate_profile(self.select(packs), prof, as_date(as_of), self.registry)

    # ------------------------------------------------------------------ answers
    def check(self, profile: ProfileLike, as_of: DateLike = None, *, lang: str = "zh",
              packs: Iterable[str] | None = None, statuses: Iterable[str] | None = None,
              sets: Sequence[str] = ()) -> CheckAnswer:
        """Every rule that concerns the profile, evaluated as of the day (``xacheck check``)."""
        from .evaluate import evaluate_profile

        day = as_date(as_of)
        chosen = self.select(packs)
        prof = self.profile(profile, sets)
        results = evaluate_profile(chosen, prof, day, self.registry)
        wanted = set(statuses or ())
        if wanted:
            results = [r for r in results if r.status in wanted]
        return CheckAnswer(prof, day, results, self.registry, {p.id: p for p in self.packs},
                           self.decision(day, prof, packs), lang)

    def report(self, profile: ProfileLike, as_of: DateLike = None, *, lang: str = "zh",
               packs: Iterable[str] | None = None, fmt: str = "html", audit: bool = False,
               renew_lead: int | None = None) -> str:
        """The client report (``xacheck report``): one self-contained HTML file, or Markdown; ``audit`` adds
        the appendix with rule ids, field keys, source files and encoding notes."""
        ans = self.check(profile, as_of, lang=lang, packs=packs)
        used = {r.rule.pack for r in ans.results}
        ans.packs = {k: p for k, p in ans.packs.items() if k in used}
        ans.view, ans.renew_lead = ("all" if audit else "brief"), renew_lead
        if fmt == "html":
            from .render.html import render
        elif fmt == "markdown":
            from .render.report_md import render
        else:
            raise UsageError(Msg("report format is html or markdown, not {fmt!r}", fmt=fmt), Location("--format"))
        return render(ans.report(), lang)

    def gaps(self, profile: ProfileLike, as_of: DateLike = None, *, lang: str = "zh",
             packs: Iterable[str] | None = None, sets: Sequence[str] = (), top: int = 10) -> Answer:
        """The smallest change that makes each missed rule apply, nearest first, verified (``xacheck gaps``)."""
        from .evaluate import evaluate_profile
        from .gaps import plan_gaps
        from .render.data import num
        from .whatif import plan_to_sets

        day = as_date(as_of)
        chosen = self.select(packs)
        prof = self.profile(profile, sets)
        results = evaluate_profile(chosen, prof, day, self.registry)
        plans = plan_gaps(results, prof, self.registry, list(self.packs), day)
        shown = plans[:top] if top else plans
        for p in shown:
            p["try"] = plan_to_sets(p) if p["feasible"] and p["verified"] else []
        data = {"profile": {"name": prof.name, "type": prof.type, "source": prof.source}, "as_of": day.isoformat(),
                "lang": lang, "sets": list(sets), "total": len(plans),
                "counts": {"feasible": sum(p["feasible"] for p in plans),
                           "infeasible": sum(not p["feasible"] for p in plans)},
                "gaps": num(shown), "decision": self.decision(day, prof, packs)}
        return Answer(data, {"profile": prof, "plans": plans, "results": results, "as_of": day})

    def diff(self, profile: ProfileLike, other: ProfileLike | None = None, *, as_of: DateLike = None,
             to: DateLike = None, sets: Sequence[str] = (), within: int = 90, lang: str = "zh",
             packs: Iterable[str] | None = None) -> Answer:
        """What is gained, lost or expiring (``xacheck diff``): ``profile`` on ``as_of`` against ``other``
        (or ``profile`` with ``sets``) on ``to`` (default: the same day)."""
        from .diff import diff_results
        from .evaluate import evaluate_profile

        if other is None and not sets and to is None:
            raise UsageError(Msg("nothing to compare: give a second profile, --set FIELD=VALUE, or --to DATE"),
                             Location("diff"))
        day = as_date(as_of)
        after_day = as_date(to) if to is not None else day
        chosen = self.select(packs)
        before_prof = self.profile(profile)
        after_prof = self.profile(other if other is not None else before_prof, sets)
        before = evaluate_profile(chosen, before_prof, day, self.registry)
        after = evaluate_profile(chosen, after_prof, after_day, self.registry)
        d = diff_results(before, after, within)
        data = {"before": {"profile": before_prof.name, "source": before_prof.source, "as_of": day.isoformat()},
                "after": {"profile": after_prof.name, "source": after_prof.source, "as_of": after_day.isoformat(),
                          "sets": list(sets)},
                "within_days": within, **d,
                "decision": self.decision(day, before_prof, packs, to=after_day.isoformat(),
                                          other_profile_sha256=self.decision(after_day, after_prof)["profile_sha256"])}
        return Answer(data, {"before_profile": before_prof, "after_profile": after_prof, "as_of": day,
                             "to": after_day, "diff": d})

    def deadlines(self, profile: ProfileLike | None = None, as_of: DateLike = None, *, within: int | None = None,
                  past: bool = False, lang: str = "zh", packs: Iterable[str] | None = None) -> Answer:
        """Every expiry, target date, version switch and title renewal, soonest first (``xacheck deadlines``)."""
        from .deadlines import collect_deadlines

        day = as_date(as_of)
        chosen = self.select(packs)
        prof = self.profile(profile) if profile is not None else None
        ids = [p for p in (packs or ()) if p]
        items = collect_deadlines(list(self.packs), day, prof, self.registry, within_days=within, include_past=past,
                                  pack_ids=[p.id for p in chosen] if ids else None)
        data = {"as_of": day.isoformat(), "within_days": within, "profile": prof.name if prof else None,
                "deadlines": [d.as_dict(lang) for d in items], "decision": self.decision(day, prof, packs)}
        return Answer(data, {"items": items, "profile": prof, "as_of": day})

    def ics(self, answer: Answer, lang: str = "zh") -> str:
        """A deadlines answer as an iCalendar file (Outlook, Google, Apple Calendar)."""
        from .deadlines import group_deadlines
        from .ics import write_ics

        prof = answer.extra["profile"]
        name = prof.name if prof else None
        cal = ("xacheck 截止日期" if lang != "en" else "xacheck deadlines") + (f" — {name}" if name else "")
        return write_ics(group_deadlines(answer.extra["items"]), answer.extra["as_of"], lang, scope=name or "",
                         calname=cal)

    def measures(self, *, as_of: DateLike | None = None, lang: str = "zh", packs: Iterable[str] | None = None,
                 kinds: Iterable[str] | None = None) -> Answer:
        """Every rule with its source clause (``xacheck measures list``); with ``as_of``, only those in force."""
        from .render.rules import in_force, rule_dict

        day = as_date(as_of) if as_of is not None else None
        chosen = self.select(packs)
        kinds = set(kinds or ())
        rules = [r for p in chosen for r in p.rules
                 if (not kinds or r.kind in kinds) and (day is None or in_force(r, day))]
        data = {"as_of": day.isoformat() if day else None,
                "packs": [{"pack": p.id, "title": p.title.get(lang), "doc": p.document.file,
                           "valid_from": p.valid_from.isoformat() if p.valid_from else None,
                           "valid_until": p.valid_until.isoformat() if p.valid_until else None,
                           "kept_for_record": p.kept_for_record, "rules": len(p.rules),
                           "version": p.version, "sha256": p.sha256} for p in chosen],
                "rules": [rule_dict(r, lang, day) for r in rules],
                "decision": self.decision(day, None, packs)}
        return Answer(data, {"rules": rules})

    def measure(self, rule_id: str, *, lang: str = "zh") -> Answer:
        """One rule: clause, quote, conditions, supports, tests (``xacheck measures show``)."""
        from .render.rules import rule_dict

        rule = self.rule(rule_id)
        return Answer({**rule_dict(rule, lang, None), "decision": self.decision(None, None, [rule.pack])},
                      {"rule": rule})

    def profile_schema(self) -> dict:
        """The JSON Schema of profiles, with every field's Chinese label, unit and profile types."""
        from .fields import profile_json_schema

        return profile_json_schema(self.registry)

    # ------------------------------------------------------------------ replay
    def replay(self, record: Mapping[str, Any], as_of: DateLike = None):
        """Evaluate a logged decision again with today's packs: :class:`xacheck.decision.Replay`.

        ``record``: a ``--log`` line or a ``check --format json`` answer. ``as_of``: evaluate on another
        day than the record's (what would this answer be on 2027-01-01?).
        """
        from .decision import compare, profile_sha256, record_from_answer, replayable_profile
        from .evaluate import evaluate_profile

        rec = record_from_answer(dict(record))
        dec = rec["decision"]
        day = as_date(as_of if as_of is not None else dec.get("as_of"))
        prof = self.profile(replayable_profile(rec))
        ids = [p for p in (dec.get("pack_filter") or ()) if p in self._by_id]
        chosen = [p for p in self.packs if not ids or p.id in ids]
        results = evaluate_profile(chosen, prof, day, self.registry)
        return compare(rec, chosen if ids else self.packs, results, day, self.version, profile_sha256(prof))

    # ------------------------------------------------------------------ tables
    def score(self, table: Any, as_of: DateLike = None, *, packs: Iterable[str] | None = None, lang: str = "zh",
              mapping: Mapping[str, str] | None = None):
        """Score every row of a table (``xacheck batch`` without the files): pandas, Polars or Arrow in, the
        same kind out — one result row per input row, in order, with each rule's status, counts, the nearest
        gap, the missing fields and an ``error`` column naming any cell that could not be read."""
        import polars as pl

        kind = _table_kind(table)
        df = {"polars": lambda t: t, "pandas": pl.from_pandas, "arrow": pl.from_arrow}[kind](table)
        if isinstance(df, pl.Series):
            df = df.to_frame()
        scorer = self.scorer(df.columns, as_of, packs=packs, lang=lang, mapping=mapping)
        out = scorer.score(df)
        if kind == "polars":
            return out
        out = out.with_columns(pl.col(pl.Enum).cast(pl.String))
        return out.to_pandas() if kind == "pandas" else out.to_arrow()

    def scorer(self, columns: Sequence[str], as_of: DateLike = None, *, packs: Iterable[str] | None = None,
               lang: str = "zh", mapping: Mapping[str, str] | None = None):
        """The compiled batch scorer for tables with these columns (kept: a notebook scores many tables)."""
        from .batch import headers
        from .batch.runner import select_rules
        from .batch.scorer import Scorer

        day = as_date(as_of)
        ids = tuple(p for p in (packs or ()) if p)
        self.select(ids)
        key = (tuple(columns), day, ids, lang, tuple(sorted((mapping or {}).items())))
        scorer = self._scorers.get(key)
        if scorer is None:
            layout, _ = headers.resolve(list(columns), self.registry, dict(mapping) if mapping else None)
            scorer = Scorer(select_rules(list(self.packs), ids, "type" in layout.fields), self.registry, day, layout,
                            lang)
            if len(self._scorers) > 16:
                self._scorers.clear()
            self._scorers[key] = scorer
        return scorer


def _table_kind(table: Any) -> str:
    mod = type(table).__module__.split(".")[0]
    if mod == "polars":
        return "polars"
    if mod == "pandas":
        return "pandas"
    if mod == "pyarrow":
        return "arrow"
    raise UsageError(Msg("score() takes a pandas, Polars or Arrow table, not {kind}", kind=type(table).__name__),
                     Location("table"))
