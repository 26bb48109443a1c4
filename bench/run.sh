#!/usr/bin/env bash
# Time `xacheck batch` beside the peer engines (../shared/bench/peers) in one run; print the table.
# usage: bash bench/run.sh            (env: NS="100000 1000000", REPS=3, ONLY=engines, XA_PY, VENV)
# Also measures XLSX reading (fastexcel vs openpyxl read-only) on a 100,000-row sheet.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
PEERS="${PEERS:-$(dirname "$ROOT")/shared/bench/peers}"   # the repo's parent holds shared/
VENV="${VENV:-$HERE/.venv-peers}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$PEERS/requirements.txt"
fi
XA_PY="${XA_PY:-$(command -v python3)}"
"$XA_PY" -c "import xacheck.batch, polars, pyarrow, fastexcel" || { echo "install xacheck first: pip install -e ." >&2; exit 2; }
export PEERS XA_PY PEER_PY="$VENV/bin/python"
ONLY="${ONLY:-xacheck,polars,duckdb,openfisca,openfisca_f64,plain_python,floor_pyarrow_csv,polars_out,duckdb_out}"
# shellcheck disable=SC2086
"$PEER_PY" "$HERE/compare.py" --n ${NS:-100000 1000000} --reps "${REPS:-3}" --only "$ONLY" \
  --data "$HERE/data" --out "$HERE/results"
"$XA_PY" "$HERE/xlsx_read.py" "$HERE/data" | tee -a "$HERE/results/table.md"
echo "table: $HERE/results/table.md"
