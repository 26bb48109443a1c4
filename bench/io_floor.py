"""The I/O floor of `xacheck batch`: its own reader and writer with no scoring at all.

Scores INPUT once (bench pack) to get the real result file, then times, separately, reading INPUT with
`xacheck.batch.readers` and writing that result again with `xacheck.batch.writers.CsvWriter` in
50,000-row batches. Whatever the rules cost, a run cannot take less CPU than the two together.

usage: python bench/io_floor.py bench/data/profiles_1000000.csv [--reps 3]
"""
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # this checkout, not an installed copy

import polars as pl  # noqa: E402

from xacheck.batch import readers, writers  # noqa: E402
from xacheck.cli import main  # noqa: E402


def timed(fn):
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def main_(path: str, reps: int) -> None:
    with tempfile.TemporaryDirectory(prefix="xacheck-floor-") as tmp:
        scored = os.path.join(tmp, "scored.csv")
        try:
            main(["batch", path, "-o", scored, "--rules", os.path.join(HERE, "rules"), "--no-shipped",
                  "--as-of", "2026-11-22", "--quiet"], standalone_mode=False)
        except SystemExit:
            pass
        result = pl.read_csv(scored, infer_schema=False)
        parts = [result.slice(i, 50_000) for i in range(0, result.height, 50_000)]

        def read():
            for _ in readers.read_batches(readers.Source(path, "csv")):
                pass

        def write():
            w = writers.open_writer(os.path.join(tmp, "again.csv"), None)
            for p in parts:
                w.write(p)
            w.commit()

        for _ in range(reps):
            (rw, rc), (ww, wc) = timed(read), timed(write)
            print(f"read {rw:.3f} s wall {rc:.3f} s CPU | write {os.path.getsize(scored) / 1e6:.0f} MB "
                  f"{ww:.3f} s wall {wc:.3f} s CPU | together {rc + wc:.2f} s CPU")


if __name__ == "__main__":
    args = sys.argv[1:]
    reps = 3
    if "--reps" in args:
        i = args.index("--reps")
        reps = int(args[i + 1])
        del args[i:i + 2]
    main_(args[0], reps)
