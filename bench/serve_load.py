"""Load on ``xacheck serve``, loopback only: N ``POST /check`` requests at concurrency C, every shipped pack.

Prints p50 / p90 / p99 latency, requests per second, errors (must be 0), the server's resident memory
before and after, and — to say what bounds the figures — the single-thread cost of one check split into
its parts (evaluate, gap planning, the rest of the JSON answer, encoding).

    python bench/serve_load.py                       # 2,000 requests, concurrency 16
    python bench/serve_load.py -n 500 -c 1           # service time without queueing

Bounded: loopback, a fixed number of requests, a server process started and stopped here.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-12-02"


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its worker processes (MB)."""
    total = 0.0
    pids = [pid] + [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def bodies() -> list[bytes]:
    """Every shipped sample as the JSON a platform would POST (exact numbers, dates as text)."""
    sys.path.insert(0, str(ROOT))
    from tests.test_serve import as_json

    return [as_json(p).encode("utf-8") for p in sorted((ROOT / "samples").glob("*.yaml"))]


def start(port: int, processes: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "xacheck", "serve", "--port", str(port), "--workers", "4",
                             "--processes", str(processes)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api")
            c.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def load(port: int, payloads: list[bytes], n: int, conc: int) -> tuple[list[float], int, float]:
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(n))

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)  # keep-alive, like a platform's client
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            body = payloads[i % len(payloads)]
            t0 = time.perf_counter()
            try:
                conn.request("POST", f"/check?as_of={DAY}", body, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()
                ok = resp.status == 200 and b'"decision"' in data
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            dt = time.perf_counter() - t0
            with lock:
                lat.append(dt)
                if not ok:
                    errors[0] += 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(conc)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat, errors[0], time.perf_counter() - t0


def parts(reps: int = 20) -> dict[str, float]:
    """Median milliseconds of each part of one check, in this process, over every sample."""
    from xacheck import Engine
    from xacheck.gaps import plan_gaps
    from xacheck.render.data import report_dict

    eng = Engine()
    profs = [eng.profile(p) for p in sorted((ROOT / "samples").glob("*.yaml"))]
    out: dict[str, list[float]] = {"evaluate": [], "gap planning": [], "answer without gaps": [], "JSON encoding": []}
    for _ in range(reps):
        for prof in profs:
            t0 = time.perf_counter()
            ans = eng.check(prof, DAY)
            t1 = time.perf_counter()
            rep = ans.report()
            plan_gaps(rep.results, rep.profile, rep.registry, list(rep.packs.values()), rep.as_of)
            t2 = time.perf_counter()
            d = report_dict(rep, "zh")
            t3 = time.perf_counter()
            json.dumps(d, ensure_ascii=False, separators=(",", ":"))
            t4 = time.perf_counter()
            out["evaluate"].append(t1 - t0)
            out["gap planning"].append(t2 - t1)
            out["answer without gaps"].append(max(0.0, (t3 - t2) - (t2 - t1)))
            out["JSON encoding"].append(t4 - t3)
    return {k: statistics.median(v) * 1000 * len(profs) / len(profs) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=2000, help="requests (default 2000)")
    ap.add_argument("-c", type=int, default=16, help="concurrent clients (default 16)")
    ap.add_argument("-p", "--processes", type=int, default=1, help="server processes (default 1)")
    args = ap.parse_args()
    payloads = bodies()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = start(port, args.processes)
    try:
        load(port, payloads, 2 * len(payloads), 2)  # warm-up: every sample once, compiled paths cached
        before = rss_mb(proc.pid)
        lat, errors, wall = load(port, payloads, args.n, args.c)
        after = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    lat.sort()
    q = statistics.quantiles(lat, n=100)
    print(f"load {os.getloadavg()[0]:.2f} at the end; {os.cpu_count()} cores; {len(payloads)} samples in rotation")
    print(f"{args.n} POST /check at concurrency {args.c}, {args.processes} server process(es), all shipped packs, "
          f"as of {DAY}")
    print(f"  p50 {q[49] * 1000:.1f} ms   p90 {q[89] * 1000:.1f} ms   p99 {q[98] * 1000:.1f} ms   "
          f"max {lat[-1] * 1000:.1f} ms")
    print(f"  {args.n / wall:.1f} requests/s   errors {errors}   wall {wall:.1f} s")
    print(f"  server RSS {before:.0f} MB before, {after:.0f} MB after")
    print("one check, single thread, median ms per request (all samples):")
    p = parts()
    for k, v in p.items():
        print(f"  {k:<22} {v:6.1f}")
    print(f"  {'total':<22} {sum(p.values()):6.1f}")


if __name__ == "__main__":
    main()
