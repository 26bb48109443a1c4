#!/usr/bin/env bash
# Time `xacheck batch` beside the peer engines (../shared/bench/peers) in one run; print the table.
# usage: bash bench/run.sh            (env: NS="100000 1000000", REPS=3, ONLY=engines, REGISTER_NS="300000 1000000",
#                                       XA_PY, VENV, PEERS)
# Besides the peers: the I/O floor, all shipped packs on a 26-column register written clean and as Excel saves
# it (bench/gen_register.py), XLSX reading (fastexcel vs openpyxl read-only) and how fast a run stops.
# Works from a fresh venv that has only xacheck installed (pip install -e .): the peers, openpyxl and numpy
# for the generators live in their own venv, made here on first use.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
PEERS="${PEERS:-$(dirname "$ROOT")/shared/bench/peers}"   # the repo's parent holds shared/
VENV="${VENV:-$HERE/.venv-peers}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$PEERS/requirements.txt"
fi
"$VENV/bin/python" -c "import openpyxl" 2>/dev/null || "$VENV/bin/pip" install -q openpyxl
XA_PY="${XA_PY:-$(command -v python3)}"
"$XA_PY" -c "import xacheck.batch, polars, pyarrow, fastexcel" || { echo "install xacheck first: pip install -e ." >&2; exit 2; }
export PEERS XA_PY PEER_PY="$VENV/bin/python"
ONLY="${ONLY:-xacheck,polars,duckdb,openfisca,openfisca_f64,plain_python,floor_pyarrow_csv,polars_out,duckdb_out,floor_polars_io}"
# shellcheck disable=SC2086
"$PEER_PY" "$HERE/compare.py" --n ${NS:-100000 1000000} --reps "${REPS:-3}" --only "$ONLY" \
  --register-n ${REGISTER_NS-300000 1000000} --data "$HERE/data" --out "$HERE/results"
"$XA_PY" "$HERE/xlsx_read.py" "$HERE/data" --peer-python "$PEER_PY" | tee -a "$HERE/results/table.md"
BIG="$(ls -1 "$HERE"/data/register_*_excel.csv 2>/dev/null | sort -t_ -k2 -n | tail -1 || true)"
if [ -n "$BIG" ]; then
  "$XA_PY" "$HERE/stop_latency.py" "$BIG" | tee -a "$HERE/results/table.md"
fi
echo "table: $HERE/results/table.md"
