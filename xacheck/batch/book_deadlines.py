"""``xacheck deadlines --book clients.xlsx``: every client's expiries and title renewals, in one calendar.

The book is scored by the batch run (same reading, headings, row marks and errors as ``xacheck batch``), and
this collector takes the place of its output file: for each batch, columnar,

* **the packs' dates** (expiry, version switch, start, target date, a date in a condition — the kinds of
  ``xacheck deadlines``) within the window, for the clients they concern: a rule's status for the row is not
  ``not_applicable`` (``unknown`` stays: the date may still concern it) — the same test as ``deadlines
  --profile``. Clients with the same rules on the same day share one list of items;
* **title renewals** from the title-date columns (高新技术企业认定日期 …, see
  :func:`.template.title_date_columns`): the last day the title is valid (granted + the pack's lifetime − 1
  day, as :mod:`xacheck.titles`).

Each becomes a :class:`~xacheck.deadlines.DeadlineGroup` naming its client (``who``) — one calendar event
per client, day, kind and pack. Rows with an error (a totals row, an unreadable row) are no client.
"""
from __future__ import annotations

import datetime as _dt
from collections import defaultdict

from ..condition import add_years
from ..deadlines import KINDS, Deadline, DeadlineGroup, rule_dates
from ..fields import CoercionError, parse_date
from ..model import Pack, Text
from .template import title_date_columns


class DeadlineCollector:
    """Writer-like (``write`` / ``commit`` / ``abort``): hand it to :func:`.runner.run` as ``writer``."""

    wants_inputs = False

    def __init__(self, packs: list[Pack], as_of: _dt.date, within: int | None, include_past: bool = False,
                 pack_ids=None):
        self.packs = packs
        self.as_of = as_of
        self.within = within
        self.past = include_past
        self.pack_ids = set(pack_ids) if pack_ids else None
        self.rows = 0
        self.groups: list[DeadlineGroup] = []
        self.clients: set[str] = set()
        self._shared: dict[tuple, tuple[Deadline, ...]] = {}

    # the runner's hooks ------------------------------------------------------------------------------
    def prepare(self, scorer, layout, columns: list[str], first_row: int, reg) -> None:
        """What the rows mean: the rules scored (their dates in the window), who a row is, the title dates."""
        self.first_row = first_row
        self.name_cols = [layout.fields[k] for k in ("name", "id", "credit_code") if k in layout.fields]
        self.key_cols = [layout.fields[k] for k in ("credit_code", "id", "name") if k in layout.fields]
        by_pack = {p.id: p for p in self.packs}
        versions: dict[str, list] = defaultdict(list)
        for p in self.packs:
            for r in p.rules:
                versions[r.id].append(r)
        dated: dict[tuple, list] = defaultdict(list)  # (date, kind, pack) -> [(rule, days left)]
        for rule in scorer.rules:
            if self.pack_ids is not None and rule.pack not in self.pack_ids:
                continue
            for v in versions.get(rule.id, [rule]):  # every version's dates (a switch is the next one's start)
                for kind, day in rule_dates(v, self.as_of, versions.get(rule.id)):
                    if self._in_window((day - self.as_of).days):
                        dated[(day, kind, v.pack)].append(v)
        # (one item per rule id and day: the version whose date it is)
        self.dated = {k: (by_pack[k[2]], list({r.id: r for r in rs}.values())) for k, rs in dated.items()
                      if k[2] in by_pack}
        lifetimes = {}
        for p in self.packs:
            if self.pack_ids is None or p.id in self.pack_ids:
                for life in p.title_lifetimes:
                    lifetimes.setdefault(life.title, (life, p))
        self.title_cols = {c: lifetimes[t] for c, t in title_date_columns(columns, self.packs, reg).items()
                           if t in lifetimes}

    def _in_window(self, left: int) -> bool:
        return (left >= 0 or self.past) and (self.within is None or left <= self.within)

    # writer --------------------------------------------------------------------------------------------
    def write(self, df) -> None:
        import polars as pl

        offset = self.rows
        self.rows += df.height
        ok = df.with_row_index("@i").filter(pl.col("error").is_null()) if "error" in df.columns else \
            df.with_row_index("@i")
        if ok.height == 0:
            return
        names = self._who(ok, offset)
        for (day, kind, pack_id), (pack, rules) in sorted(self.dated.items(), key=lambda kv: (
                kv[0][0], KINDS.index(kv[0][1]), kv[0][2])):
            cols = [r for r in rules if r.id in ok.columns]
            if not cols:
                continue
            concerns = [pl.col(r.id).cast(pl.String).is_not_null() & (pl.col(r.id).cast(pl.String) != "not_applicable")
                        for r in cols]
            sig = ok.select(pl.concat_str([pl.when(c).then(pl.lit(str(k))) for k, c in enumerate(concerns)],
                                          separator=",", ignore_nulls=True).alias("s"))["s"]
            for i, s in enumerate(sig.to_list()):
                if not s:
                    continue
                items = self._items((day, kind, pack_id, s), [cols[int(k)] for k in s.split(",")], day, kind, pack)
                who, key = names[i]
                self.groups.append(DeadlineGroup(day, kind, pack_id, pack.title, items, who, key))
                self.clients.add(key)
        for col, (life, pack) in self.title_cols.items():
            if col not in ok.columns:
                continue
            cells = ok[col].cast(pl.String).to_list()
            dates = {v: _date(v) for v in set(cells) if v}
            for i, v in enumerate(cells):
                granted = dates.get(v) if v else None
                if granted is None:
                    continue
                try:
                    last = add_years(granted, life.years) - _dt.timedelta(days=1)
                except Exception:  # noqa: BLE001 - a date near year 9999: no renewal to show
                    continue
                left = (last - self.as_of).days
                if not self._in_window(left):
                    continue
                title = Text(f"{life.title}（{granted.isoformat()} 认定）", f"{life.title} (granted {granted.isoformat()})")
                d = Deadline(last, "renewal", left, f"title:{life.title}", "title", pack.id, pack.title, title,
                             life.basis or "", None)
                who, key = names[i]
                self.groups.append(DeadlineGroup(last, "renewal", pack.id, pack.title, (d,), who, key))
                self.clients.add(key)

    def _items(self, key, rules, day, kind, pack) -> tuple[Deadline, ...]:
        items = self._shared.get(key)
        if items is None:
            left = (day - self.as_of).days
            items = tuple(Deadline(day, kind, left, r.id, r.kind, pack.id, pack.title, r.title, r.clause, None)
                          for r in rules)
            self._shared[key] = items
        return items

    def _who(self, ok, offset: int) -> list[tuple[str, str]]:
        """(what the event calls the client, a stable key for its UID) per row: the name, else id or credit
        code, else the row number as the input shows it."""
        import polars as pl

        rows = [f"row {offset + i + self.first_row}" for i in ok["@i"].to_list()]
        names = ok.select(pl.coalesce([pl.col(c).cast(pl.String).str.strip_chars().replace("", None)
                                       for c in self.name_cols] + [pl.lit(None, dtype=pl.String)]))
        keys = ok.select(pl.coalesce([pl.col(c).cast(pl.String).str.strip_chars().replace("", None)
                                      for c in self.key_cols] + [pl.lit(None, dtype=pl.String)]))
        return [(n or r, k or r) for n, k, r in zip(names.to_series().to_list(), keys.to_series().to_list(), rows)]

    def commit(self) -> None:
        self.groups.sort(key=lambda g: (g.date, KINDS.index(g.kind), g.pack, g.who_key or ""))

    def abort(self) -> None:  # (also before a second reading of the same file: see runner.run)
        self.groups, self.rows, self.clients = [], 0, set()


def _date(text: str) -> _dt.date | None:
    try:
        return parse_date(text)
    except CoercionError:
        return None
