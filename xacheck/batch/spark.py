"""Score a warehouse table where it lives: the batch scorer as a PySpark ``mapInArrow`` function.

``Scorer.score`` is a pure function of one Arrow batch, so Spark can run it on every partition
unchanged. This module only builds the function and the output schema; it never imports pyspark::

    fn, schema = spark_scorer(df.columns, as_of=date(2026, 12, 1), pack_ids=["xa-hardtech-2024"])
    scored = df.mapInArrow(fn, schema)

Each worker builds its own Scorer once (rule packs are small) from plain, picklable arguments.
"""
from __future__ import annotations

import datetime as _dt
from typing import Iterable, Iterator

_SPARK_TYPES = {"n_applies": "int", "n_unknown": "int", "n_needs_assessment": "int", "nearest_gap": "double",
                "nearest_gap_rel": "double"}


def build_scorer(columns: list[str], as_of: _dt.date, pack_ids: Iterable[str] = (), rules_dirs: Iterable[str] = (),
                 include_shipped: bool = True, lang: str = "zh", map_file: str | None = None):
    from ..fields import default_registry, registry_from_dirs
    from ..packs import load_packs
    from . import headers
    from .runner import select_rules
    from .scorer import Scorer

    dirs = list(rules_dirs)
    reg = registry_from_dirs(dirs) if dirs else default_registry()
    packs = load_packs(dirs, include_shipped=include_shipped, reg=reg)
    layout, _ = headers.resolve(list(columns), reg, headers.load_map(map_file) if map_file else None)
    return Scorer(select_rules(packs, tuple(pack_ids), "type" in layout.fields), reg, as_of, layout, lang)


def spark_scorer(columns: list[str], as_of: _dt.date, pack_ids: Iterable[str] = (), rules_dirs: Iterable[str] = (),
                 include_shipped: bool = True, lang: str = "zh"):
    """(function for DataFrame.mapInArrow, output schema as a Spark DDL string)."""
    args = (list(columns), as_of, tuple(pack_ids), tuple(str(d) for d in rules_dirs), include_shipped, lang)
    scorer = build_scorer(*args)
    out_cols = scorer.output_columns(list(columns))
    schema = ", ".join(f"`{c}` {_SPARK_TYPES.get(c, 'string')}" for c in out_cols)

    def score_partition(batches: Iterator) -> Iterator:
        import polars as pl

        local = build_scorer(*args)  # built on the worker: nothing unpicklable crosses the wire
        for rb in batches:
            if rb.num_rows == 0:
                continue
            out = local.score(pl.from_arrow(rb))
            out = out.with_columns(pl.col(pl.Enum).cast(pl.String)).select(out_cols)
            yield from out.to_arrow(compat_level=pl.CompatLevel.oldest()).to_batches()

    return score_partition, schema
