#!/usr/bin/env bash
# The sales process on 1,000,000 opportunities (issue 5's targets): the pipeline report p99
# (< 50 ms), the board of one pipeline (first 50 per stage with stage totals, < 20 ms) and a stage
# move (< 5 ms), at 2 connections, next to GET /healthz measured in the same run.
# OPPORTUNITIES (default 1000000), ROUNDS (3), DURATION (10s). REUSE=1 keeps an existing database.
source "$(dirname "$0")/lib.sh"
OPPORTUNITIES=${OPPORTUNITIES:-1000000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
DB=$OUT/sales-$OPPORTUNITIES.db

if [[ "${REUSE:-0}" != 1 || ! -f "$DB" ]]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  start=$(date +%s.%N)
  "$TERTULIA" demo --db "$DB" --contacts 10000 --opportunities "$OPPORTUNITIES" --seed 42 \
    --anchor 2026-11-01 >"$OUT/sales-demo.out" 2>"$OUT/sales-demo.err"
  echo "loaded in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s: $(cat "$OUT/sales-demo.out")" >&2
fi
key=$("$TERTULIA" key create --db "$DB" --kind api --scope admin --name bench 2>/dev/null)

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
"$TERTULIA" serve --db "$DB" --listen 127.0.0.1:0 --web-root "$work/web" \
  --set http.access_log=false >"$work/serve.out" 2>"$work/serve.err" &
port=$(port_from "$work/serve.out")
base="http://127.0.0.1:$port"

pipeline=$(sqlite3 "$DB" "SELECT id FROM pipeline WHERE name = 'New business'")
count=$(sqlite3 "$DB" "SELECT count(*) FROM opportunity WHERE pipeline_id = '$pipeline'")
echo "/api/v1/reports/pipeline?pipelineId=$pipeline" >"$work/report.paths"
echo "/api/v1/pipelines/$pipeline/board?limit=50" >"$work/board.paths"
echo "/healthz" >"$work/health.paths"
sqlite3 "$DB" "SELECT id FROM opportunity WHERE pipeline_id = '$pipeline' AND status = 'open'
               AND rowid % 97 = 0 LIMIT 5000" >"$work/ids"

get() {  # paths-file -> "rps p99_ms"
  local out
  out=$(PATHS_FILE="$1" wrk -t2 -c2 -d"$DURATION" --latency -H "Authorization: Bearer $key" \
    -s "$BENCH_DIR/paths.lua" "$base" | all_2xx)
  echo "$(awk '/Requests\/sec:/ { print $2 }' <<<"$out") $(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)"
}
move() {
  local out
  out=$(IDS_FILE="$work/ids" STAGE_A=qualified STAGE_B=demo KEY="$key" wrk -t2 -c2 -d"$DURATION" \
    --latency -s "$BENCH_DIR/stage_moves.lua" "$base")
  echo "$(awk '/Requests\/sec:/ { print $2 }' <<<"$out") $(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)"
}

for kind in health report board move; do : >"$work/$kind.txt"; done
for round in $(seq 1 "$ROUNDS"); do
  get "$work/health.paths" >>"$work/health.txt"
  get "$work/report.paths" >>"$work/report.txt"
  get "$work/board.paths" >>"$work/board.txt"
  move >>"$work/move.txt"
  echo "round $round: report $(tail -1 "$work/report.txt"), board $(tail -1 "$work/board.txt"), move $(tail -1 "$work/move.txt")" >&2
done
m() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
row() {  # what, kind, target
  printf '| %s | %s on %s opportunities (%s in the pipeline), wrk -c2, median of %s | %s | **p99 %s ms** (%s req/s) | GET /healthz p99 %s ms | %s |\n' \
    "$(date -u +%F)" "$1" "$OPPORTUNITIES" "$count" "$ROUNDS" "$(machine)" "$(m "$2" 2)" "$(m "$2" 1)" "$(m health 2)" "$3"
}
{
  row "GET /api/v1/reports/pipeline" report "target p99 < 50 ms"
  row "GET /api/v1/pipelines/{id}/board?limit=50" board "target p99 < 20 ms"
  row "POST /api/v1/opportunities/{id}/stage" move "target p99 < 5 ms"
} | tee "$OUT/sales_1m.md"
