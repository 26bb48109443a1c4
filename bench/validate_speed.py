"""How long `xacheck validate` takes on the shipped packs: printed, never asserted (a timed assertion fails
on a loaded machine for no fault of the code; docs/validate.md, "Speed", quotes these figures).

Times, in one run: the checks in process (`Validation(...).run`, every quote looked up in the shipped
sources, every number in its quote, every threshold's boundary case), split into the part without the
texts (quotes and numbers) and the whole; then the whole `xacheck validate --strict` command with Python
start-up. Medians of --reps runs, with the load average at the start.

usage: python bench/validate_speed.py [--reps 7]
"""
import datetime as dt
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # this checkout, not an installed copy

from xacheck.fields import default_registry  # noqa: E402
from xacheck.packs import shipped_pack_dir  # noqa: E402
from xacheck.validate import Validation  # noqa: E402


def median_time(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(reps: int) -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs); {reps} reps, medians")
    reg = default_registry()
    day = dt.date(2026, 6, 1)
    packs = [shipped_pack_dir()]
    v = Validation(reg, day).run(packs)
    rules = sum(len({r.id for r in p.rules}) for p in v.packs)
    cases = sum(len(r.tests) for p in v.packs for r in p.rules)
    print(f"shipped packs: {len(v.packs)} packs, {rules} rules, {cases} embedded cases, {len(v.findings)} findings")
    without = median_time(lambda: Validation(reg, day, texts=False).run(packs), reps)
    whole = median_time(lambda: Validation(reg, day).run(packs), reps)
    env = {**os.environ, "XACHECK_TODAY": str(day)}
    cmd = [sys.executable, "-m", "xacheck", "validate", "--strict"]
    cli = median_time(lambda: subprocess.run(cmd, env=env, capture_output=True, check=False), reps)
    print(f"in process, without quotes and numbers: {without:.3f} s")
    print(f"in process, everything:                 {whole:.3f} s  (quotes and numbers: {whole - without:.3f} s)")
    print(f"`xacheck validate --strict` command:    {cli:.3f} s  (with Python start-up)")


if __name__ == "__main__":
    n = 7
    if "--reps" in sys.argv:
        n = int(sys.argv[sys.argv.index("--reps") + 1])
    main(n)
