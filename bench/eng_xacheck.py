"""xacheck as one more engine for the peer harness: `xacheck batch` in-process on the peers' CSV,
printing the same one-line JSON report (wall = load + evaluate + write the result file, after imports).

usage: python bench/eng_xacheck.py INPUT.csv [--out FILE] [--shipped | --register]
  --shipped:  all shipped packs and the bench pack (the peers' data); counts cover the bench rules
  --register: all shipped packs only, on a register from bench/gen_register.py (counts: zeros); the report
              adds the output's sha256 (the clean and the Excel-style register must give the same bytes)
The report also says when the first progress update came (seconds after the run started) and the output's
size.
"""
import time; T0 = time.perf_counter()  # noqa: E702
import os as _os, sys as _sys  # noqa: E401,E402
_sys.path.insert(0, _os.path.dirname(_os.path.dirname(_os.path.abspath(__file__))))  # this tree, not an installed copy
import datetime as dt
import hashlib
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
from xacheck.fields import default_registry, registry_from_dirs  # noqa: E402
from xacheck.packs import load_packs  # noqa: E402
T1 = time.perf_counter()


def main(path, out, mode):
    c0 = time.process_time()
    rules = os.path.join(HERE, "rules")
    if mode == "register":
        reg = default_registry()
        packs = load_packs([], include_shipped=True, reg=reg)
    else:
        reg = registry_from_dirs([rules])
        packs = load_packs([rules], include_shipped=mode == "shipped", reg=reg)
    first = []
    start = time.perf_counter()

    def progress(done, total, rows):
        if done and not first:
            first.append(time.perf_counter() - start)

    opts = BatchOptions(input=path, output=out, as_of=dt.date(2026, 11, 22))
    summary, scorer = run(opts, packs, reg, on_progress=progress)
    t_end, cpu = time.perf_counter(), time.process_time() - c0
    counts = {}
    for r in RULES:
        c = summary.counts.get(f"bench-peers.{r}", {})
        counts[r] = [c.get("applies", 0), c.get("not_applicable", 0), c.get("unknown", 0)]
    if mode == "register":
        counts = {r: [0, 0, summary.total] for r in RULES}
    digest = hashlib.sha256()
    with open(out, "rb") as f:
        while block := f.read(1 << 22):
            digest.update(block)
    name = {"register": "xacheck_register", "shipped": "xacheck_all_packs"}.get(mode, "xacheck")
    report(name, path, counts, T0, T1, t_end, cpu, out_mb=round(os.path.getsize(out) / 1e6, 1), rules=len(scorer.rules),
           row_path_rules=sum(1 for c in scorer.compiled if c.conds is None and c.window is None),
           out_sha256=digest.hexdigest()[:16], first_progress_s=round(first[0], 3) if first else None,
           rows_scored=summary.rows, rows_with_errors=summary.error_rows)


if __name__ == "__main__":
    args = sys.argv[1:]
    mode = "shipped" if "--shipped" in args else "register" if "--register" in args else "bench"
    args = [a for a in args if a not in ("--shipped", "--register")]
    out = None
    if "--out" in args:
        i = args.index("--out")
        out = args[i + 1]
        del args[i:i + 2]
    tmpdir = tempfile.mkdtemp(prefix="xacheck-bench-")
    out = out or os.path.join(tmpdir, "scored.csv")
    try:
        main(args[0], out, mode)
    finally:
        if os.path.exists(out) and out.startswith(tmpdir):
            os.unlink(out)
            os.rmdir(tmpdir)
