"""How fast a running `xacheck batch` stops: Ctrl-C (SIGINT) or SIGTERM at a few moments of a run over a big
input; prints the seconds from the signal to the process's end, its exit code, and whether a temporary file
was left (the goal: within 1 s, 130 / 143, none).

usage: python bench/stop_latency.py INPUT [--after 1 3 6] [--pack ID]   (run with the Python that has xacheck)
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time


def once(src: str, sig: int, after: float, extra: list[str]) -> tuple[float, int, bool]:
    with tempfile.TemporaryDirectory(prefix="xacheck-stop-") as d:
        out = os.path.join(d, "out.csv")
        proc = subprocess.Popen([sys.executable, "-m", "xacheck", "batch", src, "-o", out, "--as-of", "2026-11-22",
                                 "--quiet", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(after)
        if proc.poll() is not None:
            return float("nan"), proc.returncode, False
        t = time.perf_counter()
        proc.send_signal(sig)
        proc.wait(timeout=120)
        took = time.perf_counter() - t
        left = [f for f in os.listdir(d) if f.endswith(".tmp")]
        return took, proc.returncode, bool(left)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--after", type=float, nargs="+", default=[1.0, 3.0, 6.0])
    ap.add_argument("--pack", action="append", default=[])
    a = ap.parse_args()
    extra = [x for p in a.pack for x in ("--pack", p)]
    worst = 0.0
    print(f"\nStopping a run ({os.path.basename(a.input)}): seconds from the signal to the end of the process")
    for sig in (signal.SIGINT, signal.SIGTERM):
        for after in a.after:
            took, code, left = once(a.input, sig, after, extra)
            worst = max(worst, took) if took == took else worst
            print(f"  {signal.Signals(sig).name} after {after:.0f} s: {took:.3f} s, exit {code}, temporary file left: {left}")
    print(f"  slowest stop: {worst:.3f} s")


if __name__ == "__main__":
    main()
