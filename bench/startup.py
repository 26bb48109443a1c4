"""Start-up figure: wall time of ``xacheck check samples/enterprise-optics.yaml`` as a user runs it.

Runs the installed ``xacheck`` as a subprocess (``--runs`` times, default 5, after ``--warmup`` runs
that fill the parsed-pack cache and Python's bytecode cache, as any second run on a user's machine
would find them) and prints the median, with the load average so figures from a busy machine are read
as such. ``--no-cache`` measures with the pack cache off (XACHECK_NO_CACHE=1) for comparison.

    python bench/startup.py            # median of 5, cache on
    python bench/startup.py --no-cache

Goal (issue 13): under 0.3 s wall, median of 5. On a busy machine the wall time measures the queue more
than xacheck: the CPU time (user + system) of the same runs and a bare ``python -c pass`` are printed
beside it. A bench script, never a unit test (no timed assertions).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+system) of one run."""
    import resource

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--no-cache", action="store_true", help="measure with the parsed-pack cache off")
    ap.add_argument("--profile", default="samples/enterprise-optics.yaml")
    args = ap.parse_args()
    exe = shutil.which("xacheck") or sys.exit("xacheck is not installed (pip install -e .)")
    cmd = [exe, "check", args.profile, "--as-of", "2026-12-02"]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's Python keeps its bytecode cache
    with tempfile.TemporaryDirectory(prefix="xacheck-bench-cache-") as cache:
        env["XACHECK_CACHE_DIR"] = cache
        if args.no_cache:
            env["XACHECK_NO_CACHE"] = "1"
        for _ in range(args.warmup):
            run_once(cmd, env)
        load0 = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        runs = [run_once(cmd, env) for _ in range(args.runs)]
        bare = [run_once([sys.executable, "-c", "pass"], env) for _ in range(args.runs)]
    walls, cpus = [w for w, _ in runs], [c for _, c in runs]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"xacheck check {args.profile}: median {statistics.median(walls):.3f} s wall over {args.runs} runs "
          f"(min {min(walls):.3f}, max {max(walls):.3f}); CPU {statistics.median(cpus):.3f} s; "
          f"bare Python start-up {statistics.median(w for w, _ in bare):.3f} s wall; pack cache "
          f"{'off' if args.no_cache else 'on'}; load average {load0:.2f} → {load:.2f}; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
