"""xacheck as one more engine for the peer harness: `xacheck batch` in-process on the peers' CSV,
printing the same one-line JSON report (wall = load + evaluate + write the result file, after imports).

usage: python bench/eng_xacheck.py PROFILES.csv [--out FILE] [--shipped]
  --shipped: all shipped packs instead of bench/rules (the "all packs on 1M rows" goal); counts then
             cover the bench rules only if present, else zeros.
"""
import time; T0 = time.perf_counter()  # noqa: E702
import os as _os, sys as _sys  # noqa: E401,E402
_sys.path.insert(0, _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))))  # this tree, not an installed copy
import datetime as dt
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.environ.get("PEERS", os.path.join(HERE, "..", "..", "shared", "bench", "peers"))
sys.path.insert(0, PEERS)
import polars  # noqa: E402,F401  (import time is reported separately, as the peers do)
import pyarrow.csv  # noqa: E402,F401
from common import RULES, report  # noqa: E402

from xacheck.batch.runner import BatchOptions, run  # noqa: E402
from xacheck.fields import registry_from_dirs  # noqa: E402
from xacheck.packs import load_packs  # noqa: E402
T1 = time.perf_counter()


def main(path, out, shipped):
    c0 = time.process_time()
    rules = os.path.join(HERE, "rules")
    if shipped:
        reg = registry_from_dirs([rules])
        packs = load_packs([rules], include_shipped=True, reg=reg)
    else:
        reg = registry_from_dirs([rules])
        packs = load_packs([rules], include_shipped=False, reg=reg)
    opts = BatchOptions(input=path, output=out, as_of=dt.date(2026, 11, 22))
    summary, scorer = run(opts, packs, reg)
    counts = {}
    for r in RULES:
        c = summary.counts.get(f"bench-peers.{r}", {})
        counts[r] = [c.get("applies", 0), c.get("not_applicable", 0), c.get("unknown", 0)]
    report("xacheck_all_packs" if shipped else "xacheck", path, counts, T0, T1, time.perf_counter(),
           time.process_time() - c0, out_mb=round(os.path.getsize(out) / 1e6, 1), rules=len(scorer.rules),
           row_path_rules=sum(1 for c in scorer.compiled if c.conds is None and c.window is None))


if __name__ == "__main__":
    args = sys.argv[1:]
    shipped = "--shipped" in args
    args = [a for a in args if a != "--shipped"]
    out = None
    if "--out" in args:
        i = args.index("--out")
        out = args[i + 1]
        del args[i:i + 2]
    tmpdir = tempfile.mkdtemp(prefix="xacheck-bench-")
    out = out or os.path.join(tmpdir, "scored.csv")
    try:
        main(args[0], out, shipped)
    finally:
        if os.path.exists(out) and out.startswith(tmpdir):
            os.unlink(out)
            os.rmdir(tmpdir)
