"""The Polars and DuckDB peers doing xacheck's kind of work: the same rules (imported from the peers'
own engines, not rewritten), but every row's result written to a CSV, as `xacheck batch` must.

The peers' own engines only count; this is the like-for-like comparison for the one goal the file
write decides. Output per row: id, the three statuses as text (applies / not_applicable / unknown),
n_applies, n_unknown — a subset of xacheck's result row (no supports text, nearest gap or missing
fields), so it is a lower bound on the peers' cost of the same job.

usage (from the peers' folder, with the peers' Python): python eng_peer_out.py polars|duckdb PROFILES.csv
"""
import time; T0 = time.perf_counter()  # noqa: E702
import os
import sys

sys.path.insert(0, os.getcwd())  # run with cwd = the peers' folder (compare.py does)
from common import RULES, report  # noqa: E402

ENGINE = sys.argv[1]
if ENGINE == "polars":
    import polars as pl
    import eng_polars
elif ENGINE == "duckdb":
    import duckdb
    import eng_duckdb
else:
    raise SystemExit("usage: eng_peer_out.py polars|duckdb PROFILES.csv")
T1 = time.perf_counter()


def run_polars(path, out):
    c = pl.col
    lf = pl.scan_csv(path, schema=eng_polars.SCHEMA)
    res = pl.concat([lf.select("id"), eng_polars.rules(lf)], how="horizontal")
    status = [pl.when(c(r)).then(pl.lit("applies")).when(~c(r)).then(pl.lit("not_applicable"))
              .otherwise(pl.lit("unknown")).alias(r) for r in RULES]
    res = res.select(["id", *status,
                      pl.sum_horizontal([c(r).fill_null(False).cast(pl.Int32) for r in RULES]).alias("n_applies"),
                      pl.sum_horizontal([c(r).is_null().cast(pl.Int32) for r in RULES]).alias("n_unknown")])
    res.sink_csv(out)


def count_polars(out):
    c = pl.col
    return pl.scan_csv(out).select(
        [(c(r) == s).sum().alias(f"{r}_{s}") for r in RULES for s in ("applies", "not_applicable", "unknown")]).collect().row(0)


def run_duckdb(path, out):
    ctes, rest = eng_duckdb.SQL.split("), r AS (")
    body = rest.split("FROM s")[0].replace("SELECT", "SELECT id,", 1)
    status = ", ".join(f"CASE WHEN {r} THEN 'applies' WHEN NOT {r} THEN 'not_applicable' ELSE 'unknown' END AS {r}"
                       for r in RULES)
    sql = (f"{ctes}), r AS ({body} FROM s) SELECT id, {status}, "
           f"{' + '.join(f'coalesce({r}::INT, 0)' for r in RULES)} AS n_applies, "
           f"{' + '.join(f'({r} IS NULL)::INT' for r in RULES)} AS n_unknown FROM r")
    con = duckdb.connect()
    con.execute(f"COPY ({sql}) TO '{out}' (HEADER, DELIMITER ',')", {"path": path, "cols": eng_duckdb.COLS})


def count_duckdb(out):
    return duckdb.connect().execute(f"SELECT {', '.join(f'count(*) FILTER ({r} = {s!r})' for r in RULES for s in ('applies', 'not_applicable', 'unknown'))} "
                         f"FROM read_csv('{out}', header = true)").fetchone()


if __name__ == "__main__":
    from tempout import temp_output

    path = sys.argv[2]
    with temp_output("peer-out-", "scored.csv") as out:
        c0 = time.process_time()
        (run_polars if ENGINE == "polars" else run_duckdb)(path, out)
        t_end, cpu = time.perf_counter(), time.process_time() - c0
        # counted back from the file written (untimed): the harness checks they agree with every engine
        flat = (count_polars if ENGINE == "polars" else count_duckdb)(out)
        counts = {r: flat[3 * i:3 * i + 3] for i, r in enumerate(RULES)}
        report(f"{ENGINE}_out", path, counts, T0, T1, t_end, cpu,
               out_mb=round(os.path.getsize(out) / 1e6, 1))
