"""Time `xacheck batch` beside the peer engines in one run and print the table.

Reuses the peers' harness (../shared/bench/peers/bench.py: one process per run, round-robin reps,
medians, same-rep ratios); adds the xacheck engine (bench/eng_xacheck.py, run with XA_PY, the Python
that has xacheck installed), the I/O floor (bench/eng_floor_io.py), a table of xacheck's wall time over
each peer's, rep by rep, and — at the register sizes — all shipped packs on a realistic 26-column register
written clean and as Excel saves it (bench/gen_register.py), as CSV and Parquet output, with the goals of
the book issue checked from the same run.

usage: PEER_PY=.venv-peers/bin/python XA_PY=python3 python compare.py --n 100000 1000000 --reps 3
"""
import argparse
import json
import os
import statistics as st
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.abspath(os.environ.get("PEERS", os.path.join(HERE, "..", "..", "shared", "bench", "peers")))
sys.path.insert(0, PEERS)
import bench as peer_bench  # noqa: E402  (the peers' harness: summarize, render, host_info)

PEER_PY = os.environ.get("PEER_PY", sys.executable)
XA_PY = os.environ.get("XA_PY", "python3")
XA = {"xacheck": ["--out-dir"], "xacheck_all_packs": ["--shipped"]}
#: the Polars / DuckDB peers' rules writing a result row per input row, as xacheck must (bench/eng_peer_out.py)
WRITING_PEERS = {"polars_out": "polars", "duckdb_out": "duckdb"}
#: all shipped packs on the register (bench/gen_register.py): clean CSV, Excel-style CSV, clean to Parquet
REGISTER = {"register_csv": ("register_{n}.csv", ".csv"), "register_excel_csv": ("register_{n}_excel.csv", ".csv"),
            "register_parquet": ("register_{n}.csv", ".parquet")}


def run_one(name, n, datadir, outdir):
    path = os.path.join(datadir, f"profiles_{n}.csv")
    t = time.perf_counter()
    if name in REGISTER:
        src, ext = REGISTER[name]
        os.makedirs(outdir, exist_ok=True)
        out = os.path.join(outdir, f"{name}_{n}{ext}")
        argv = [XA_PY, os.path.join(HERE, "eng_xacheck.py"), os.path.join(datadir, src.format(n=n)), "--register", "--out", out]
        cwd, env = os.path.dirname(HERE), {**os.environ, "PEERS": PEERS}
    elif name == "floor_polars_io":
        argv, cwd, env = [PEER_PY, os.path.join(HERE, "eng_floor_io.py"), path], PEERS, dict(os.environ)
    elif name in XA:
        argv = [XA_PY, os.path.join(HERE, "eng_xacheck.py"), path]
        if name == "xacheck_all_packs":
            argv.append("--shipped")
        cwd, env = os.path.dirname(HERE), {**os.environ, "PEERS": PEERS}
    elif name in WRITING_PEERS:
        argv, cwd, env = [PEER_PY, os.path.join(HERE, "eng_peer_out.py"), WRITING_PEERS[name], path], PEERS, dict(os.environ)
    else:
        eng_argv, fmt, *extra = peer_bench.ENGINES[name]
        path = os.path.join(datadir, f"profiles_{n}.{fmt}")
        argv, cwd = [PEER_PY, *eng_argv, path], PEERS
        env = {**os.environ, **(extra[0] if extra else {})}
    p = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"{name} failed:\n{p.stderr[-3000:]}")
    rec = json.loads(p.stdout.strip().splitlines()[-1])
    rec.update(process_s=round(time.perf_counter() - t, 4), engine=name)
    if name in REGISTER and os.path.exists(out):
        os.unlink(out)
    return rec


def ratios(recs, me, peers):
    out = {}
    for peer in peers:
        rs = []
        for rep in sorted({r["rep"] for r in recs}):
            a = [r["wall_s"] for r in recs if r["engine"] == me and r["rep"] == rep]
            b = [r["wall_s"] for r in recs if r["engine"] == peer and r["rep"] == rep]
            if a and b:
                rs.append(a[0] / b[0])
        if rs:
            out[peer] = st.median(rs)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--only", default="xacheck,polars,duckdb,openfisca,openfisca_f64,plain_python,floor_pyarrow_csv,"
                                      "polars_out,duckdb_out,floor_polars_io")
    ap.add_argument("--register-n", type=int, nargs="*", default=[300_000, 1_000_000],
                    help="register sizes for all shipped packs, clean vs Excel-style (none: skip)")
    ap.add_argument("--all-packs-at", type=int, default=1_000_000, help="also time all shipped packs at this N")
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--out", default=os.path.join(HERE, "results"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    names = a.only.split(",")
    for n in a.n:
        for fmt in ("csv", "jsonl"):
            if not os.path.exists(os.path.join(a.data, f"profiles_{n}.{fmt}")):
                subprocess.run([PEER_PY, os.path.join(PEERS, "gen.py"), str(n), a.data], check=True)
    host = json.loads(subprocess.run([PEER_PY, "-c", "import sys, json; sys.path.insert(0, %r); import bench; "
                                      "print(json.dumps(bench.host_info()))" % PEERS],
                                     capture_output=True, text=True, check=True).stdout)
    xa_ver = subprocess.run([XA_PY, "-c", "import polars, xacheck; print(xacheck.__version__, polars.__version__)"],
                            capture_output=True, text=True).stdout.split()
    summary = {"host": host, "runs": {}}
    extra_lines = [f"xacheck {xa_ver[0] if xa_ver else '?'} (polars {xa_ver[1] if len(xa_ver) > 1 else '?'}); "
                   "xacheck's wall includes writing the full result CSV (id, 3 statuses, supports, counts, "
                   "nearest gap, missing fields, error); the peers write nothing, except polars_out / duckdb_out "
                   "(the same peers writing id, 3 statuses, n_applies, n_unknown per row: bench/eng_peer_out.py)", ""]
    for n in a.n:
        active = list(names) + (["xacheck_all_packs"] if n == a.all_packs_at else [])
        recs = round_robin(active, n, a, f"runs_{n}.jsonl")
        core = [e for e in active if e != "xacheck_all_packs"]
        s = peer_bench.summarize(n, [r for r in recs if r["engine"] in core], core, {})
        summary["runs"][str(n)] = s
        rat = ratios(recs, "xacheck", [e for e in core if e != "xacheck"])
        x = s["engines"]["xacheck"]
        extra_lines += [f"### N = {n:,}: xacheck wall / peer wall (median of same-rep ratios; < 1 = xacheck faster)", "",
                        "| peer | peer wall s | xacheck wall s | ratio |", "|---|---:|---:|---:|"]
        for peer, q in sorted(rat.items(), key=lambda kv: kv[1]):
            extra_lines.append(f"| {peer} | {s['engines'][peer]['wall_s']:.3f} | {x['wall_s']:.3f} | {q:.2f} |")
        allp = [r for r in recs if r["engine"] == "xacheck_all_packs"]
        if allp:
            w = st.median(r["wall_s"] for r in allp)
            extra_lines += ["", f"all shipped packs + bench pack ({allp[0]['rules']} rules, "
                            f"{allp[0]['row_path_rules']} on the row path) at N = {n:,}: wall {w:.2f} s, "
                            f"peak RSS {max(r['maxrss_mb'] for r in allp):.0f} MB, output {allp[0]['out_mb']} MB"]
        extra_lines.append("")
    goals = {}
    for n in a.register_n:
        for kind in ("", "_excel"):
            if not os.path.exists(os.path.join(a.data, f"register_{n}{kind}.csv")):
                subprocess.run([PEER_PY, os.path.join(HERE, "gen_register.py"), str(n), a.data], check=True)
                break
        recs = round_robin(list(REGISTER), n, a, f"register_{n}.jsonl")
        extra_lines += register_lines(n, recs, goals)
    if goals:
        extra_lines += goal_lines(summary, goals, a.n)
    table = peer_bench.render(summary) + "\n" + "\n".join(extra_lines) + "\n"
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write(table)
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1)
    print(table)


def round_robin(names, n, a, log: str) -> list:
    """Every engine once per rep, the order rotated each rep (no engine always first); records kept in ``log``."""
    recs = []
    for rep in range(a.reps):
        for e in names[rep % len(names):] + names[:rep % len(names)]:
            r = run_one(e, n, a.data, a.out)
            r["rep"] = rep
            recs.append(r)
            print(f"N={n} rep={rep} {e:18s} wall={r['wall_s']:.3f}s rss={r['maxrss_mb']}MB", file=sys.stderr, flush=True)
    with open(os.path.join(a.out, log), "w") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    return recs


def register_lines(n, recs, goals):
    """The register runs: medians per output, the Excel-style / clean throughput ratio (same-rep), identical
    output bytes, and what each output costs per row."""
    by = {e: [r for r in recs if r["engine"] == e] for e in REGISTER}
    med = {e: st.median(r["wall_s"] for r in by[e]) for e in REGISTER if by.get(e)}
    per_rep = []
    for rep in sorted({r["rep"] for r in recs}):
        c = [r["wall_s"] for r in by["register_csv"] if r["rep"] == rep]
        x = [r["wall_s"] for r in by["register_excel_csv"] if r["rep"] == rep]
        if c and x:
            per_rep.append(c[0] / x[0])
    ratio = st.median(per_rep) if per_rep else None
    same = {r["out_sha256"] for e in ("register_csv", "register_excel_csv") for r in by[e]}
    lines = [f"### Register, all shipped packs, N = {n:,} (bench/gen_register.py: 26 columns; median of reps)", "",
             "| input → output | wall s | rows/s | CPU s | peak RSS MB | output MB | bytes/row | first progress s | rows with errors |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for e in REGISTER:
        v = by[e]
        if not v:
            continue
        w = med[e]
        lines.append(f"| {e.replace('register_', '').replace('_', ' ')} | {w:.2f} | {n / w:,.0f} | "
                     f"{st.median(r['cpu_s'] for r in v):.2f} | {max(r['maxrss_mb'] for r in v):.0f} | {v[0]['out_mb']} | "
                     f"{v[0]['out_mb'] * 1e6 / n:,.0f} | {st.median(r['first_progress_s'] or 0 for r in v):.2f} | "
                     f"{v[0]['rows_with_errors']:,} |")
    lines += ["", f"Excel-style ÷ clean throughput (median of same-rep ratios): **{ratio:.2f}**; "
              f"result files identical (sha256): **{len(same) == 1}** ({', '.join(sorted(same))}); "
              f"rules: {by['register_csv'][0]['rules']} ({by['register_csv'][0]['row_path_rules']} on the row path)", ""]
    goals[n] = dict(ratio=ratio, same=len(same) == 1, wall=med.get("register_csv"),
                    rss=max(r["maxrss_mb"] for r in by["register_csv"]),
                    first=max(r["first_progress_s"] or 0 for e in REGISTER for r in by[e]),
                    csv_bpr=by["register_csv"][0]["out_mb"] * 1e6 / n,
                    pq_bpr=by["register_parquet"][0]["out_mb"] * 1e6 / n if by.get("register_parquet") else None)
    return lines


def goal_lines(summary, goals, ns):
    """The book issue's speed goals, each with its figure from this run."""
    big = max(ns)
    runs = summary["runs"].get(str(big), {}).get("engines", {})
    out = [f"### Goals (issue 16), this run", "", "| goal | figure | met |", "|---|---|---|"]

    def same_rep(peer):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", f"runs_{big}.jsonl")
        if not os.path.exists(path):
            return None
        recs = [json.loads(x) for x in open(path)]
        r = ratios(recs, "xacheck", [peer]).get(peer)
        return r

    for n, g in sorted(goals.items()):
        out.append(f"| Excel-style ≥ 0.8× the clean throughput, all packs, {n:,} rows | {g['ratio']:.2f}×, identical "
                   f"results: {g['same']} | {'yes' if g['ratio'] >= 0.8 and g['same'] else 'no'} |")
    if "floor_polars_io" in runs and "xacheck" in runs:
        r = same_rep("floor_polars_io")
        out.append(f"| clean, three peer rules, within 1.6× of the I/O floor ({big:,} rows) | {runs['xacheck']['wall_s']:.2f} s "
                   f"vs {runs['floor_polars_io']['wall_s']:.2f} s: {r:.2f}× | {'yes' if r <= 1.6 else 'no'} |")
    if "duckdb_out" in runs and "xacheck" in runs:
        r = same_rep("duckdb_out")
        out.append(f"| clean, three peer rules, no slower than duckdb_out ({big:,} rows) | {runs['xacheck']['wall_s']:.2f} s "
                   f"vs {runs['duckdb_out']['wall_s']:.2f} s: {r:.2f}× | {'yes' if r <= 1.0 else 'no'} |")
    g = goals.get(1_000_000) or goals[max(goals)]
    n = 1_000_000 if 1_000_000 in goals else max(goals)
    out.append(f"| all shipped packs, {n:,}-row register: under 8 s and 500 MB | {g['wall']:.2f} s, {g['rss']:.0f} MB | "
               f"{'yes' if g['wall'] < 8 and g['rss'] < 500 else 'no'} |")
    out.append(f"| progress: first update within a second | {max(x['first'] for x in goals.values()):.2f} s (slowest run) | "
               f"{'yes' if max(x['first'] for x in goals.values()) < 1 else 'no'} |")
    if g.get("pq_bpr"):
        out.append(f"| output size, all packs | CSV {g['csv_bpr']:,.0f} bytes/row, Parquet {g['pq_bpr']:,.0f} bytes/row | |")
    return out + [""]


if __name__ == "__main__":
    main()
