"""The I/O floor of a batch scorer, as the book issue defines it: Polars reading every column as text and
writing a file with xacheck's result columns for every row — no rule, no check of a cell. Whatever the rules
cost, `xacheck batch` cannot take less than this (its own reader and writer are timed by bench/io_floor.py).

The result columns hold values of the width xacheck writes (three statuses, counts, a nearest gap, a missing
field, the row kind) so the file written is about the size of xacheck's.

usage (with the peers' Python, from the peers' folder): python eng_floor_io.py PROFILES.csv
"""
import time; T0 = time.perf_counter()  # noqa: E702
import os
import sys

sys.path.insert(0, os.getcwd())  # run with cwd = the peers' folder (compare.py does)
import polars as pl  # noqa: E402
from common import RULES, report  # noqa: E402

T1 = time.perf_counter()


def run(path, out):
    lf = pl.scan_csv(path, infer_schema=False)
    n = pl.col("id")
    status = pl.when(n.str.ends_with("7")).then(pl.lit("applies")).otherwise(pl.lit("not_applicable"))
    lf.select([n] + [status.alias(f"bench-peers.{r}") for r in RULES] + [
        pl.lit(None, dtype=pl.String).alias("supports"),
        pl.lit(0).alias("n_applies"), pl.lit(1).alias("n_unknown"), pl.lit(0).alias("n_needs_assessment"),
        pl.lit("bench-peers.techsme").alias("nearest_gap_rule"), pl.lit("techsme_staff_pts").alias("nearest_gap_field"),
        pl.lit(0.5).alias("nearest_gap"), pl.lit(0.123456).alias("nearest_gap_rel"), pl.lit("up").alias("nearest_gap_direction"),
        pl.lit("ratio").alias("nearest_gap_unit"), pl.lit("revenue_wan").alias("missing"), pl.lit("scored").alias("row_kind"),
        pl.lit(None, dtype=pl.String).alias("error"), pl.lit(None, dtype=pl.String).alias("warning"),
        pl.lit(None, dtype=pl.String).alias("confidence_note")]).sink_csv(out)


if __name__ == "__main__":
    from tempout import temp_output

    path = sys.argv[1]
    with temp_output("floor-io-", "out.csv") as out:
        c0 = time.process_time()
        run(path, out)
        t_end, cpu = time.perf_counter(), time.process_time() - c0
        rows = pl.scan_csv(out).select(pl.len()).collect().item()
        report("floor_polars_io", path, {r: [0, 0, rows] for r in RULES}, T0, T1, t_end, cpu,
               out_mb=round(os.path.getsize(out) / 1e6, 1))
