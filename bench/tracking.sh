#!/usr/bin/env bash
# The tracking API (issue 7's targets): sustained events/s into SQLite through POST /v1/batch
# (100 realistic Segment messages per request, `tracking_load.mjs`, target >= 150,000 events/s),
# the p99 latency at half that rate, and the server's peak memory (VmHWM). Next to it, in the
# same run, two raw SQLite baselines (`tracking_baseline.c`) appending the same rows with
# prepared statements and 1,000-row transactions under Tertulia's writer pragmas: (a) no
# secondary index, the ceiling; (b) a unique message-id index and a (user, time) index, the
# naive design. Each round starts the server on a fresh database.
# ROUNDS (default 3), DURATION (20s), CONNECTIONS (16), SYNCHRONOUS (full, Tertulia's default;
# used by the server and the baselines), BASELINE_ROWS (default: the events the round's maximum
# run stored, warm-up included), THREADS (server I/O threads; default one per core).
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
SYNCHRONOUS=${SYNCHRONOUS:-full}
BASELINE_ROWS=${BASELINE_ROWS:-}
DB=$OUT/tracking.db
RESULTS=$OUT/tracking.md

"${CC:-cc}" -O2 -o "$OUT/tracking_baseline" "$BENCH_DIR/tracking_baseline.c" -lsqlite3 -lpthread

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; rm -f "$OUT"/tracking-raw.db*' EXIT
# The baselines' rows: the load generator's messages (same mix, same seed).
node "$BENCH_DIR/tracking_load.mjs" --dump 10000 >"$work/samples.tsv"

kv() {  # "k=v k=v ..." key -> v
  tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'
}
load() {  # extra arguments for tracking_load.mjs
  node "$BENCH_DIR/tracking_load.mjs" --url "$base" --key "$key" --connections "$CONNECTIONS" \
    --duration "$DURATION" "$@" 2>>"$work/load.err"
}

for kind in max half hwm plain indexed stored; do : >"$work/$kind.txt"; done
for round in $(seq 1 "$ROUNDS"); do
  rm -f "$DB" "$DB-wal" "$DB-shm"
  key=$("$TERTULIA" key create --db "$DB" --kind write --source bench 2>"$work/key.err") ||
    { echo "tertulia key create failed: $(cat "$work/key.err")" >&2; exit 1; }
  "$TERTULIA" serve --db "$DB" --listen 127.0.0.1:0 --web-root "$work/web" ${THREADS:+--threads "$THREADS"} \
    --set http.access_log=false --set sqlite.synchronous="$SYNCHRONOUS" \
    >"$work/serve.out" 2>"$work/serve.err" &
  spid=$!
  port=$(port_from "$work/serve.out")
  base="http://127.0.0.1:$port"

  max=$(load --setup)  # first identifies the 5,000 known users (not measured)
  echo "$max" >>"$work/max.txt"
  stored=$(kv "$max" acked_events)  # acknowledged, so committed (warm-up included, setup not)
  echo "$stored" >>"$work/stored.txt"
  rate=$(( $(kv "$max" events_per_s) / 2 ))
  if (( rate == 0 )); then echo "no events stored: $max $(cat "$work/load.err")" >&2; exit 1; fi
  half=$(load --rate "$rate")
  echo "$half" >>"$work/half.txt"
  awk '/VmHWM/ { printf "%d\n", $2 / 1024 }' "/proc/$spid/status" >>"$work/hwm.txt"
  kill "$spid"; wait "$spid" 2>/dev/null || true

  rows=${BASELINE_ROWS:-$stored}
  "$OUT/tracking_baseline" "$OUT/tracking-raw.db" "$rows" "$work/samples.tsv" plain "$SYNCHRONOUS" >>"$work/plain.txt"
  "$OUT/tracking_baseline" "$OUT/tracking-raw.db" "$rows" "$work/samples.tsv" indexed "$SYNCHRONOUS" >>"$work/indexed.txt"
  rm -f "$OUT"/tracking-raw.db*
  echo "round $round: max $(kv "$max" events_per_s) events/s (p99 $(kv "$max" p99_ms) ms, $stored stored," \
    "$(kv "$max" r429) 429s, $(kv "$max" errors) errors); at $rate events/s: $(kv "$half" events_per_s) events/s," \
    "p99 $(kv "$half" p99_ms) ms ($(kv "$half" r429) 429s); peak RSS $(tail -1 "$work/hwm.txt") MiB;" \
    "raw SQLite: $(kv "$(tail -1 "$work/plain.txt")" rows_per_s) rows/s plain," \
    "$(kv "$(tail -1 "$work/indexed.txt")" rows_per_s) rows/s indexed ($rows rows)" >&2
done
if [[ -s "$work/load.err" ]]; then echo "load generator: $(head -3 "$work/load.err")" >&2; fi
m() {  # file key -> median over the rounds
  while read -r line; do kv "$line" "$2"; done <"$work/$1.txt" | median
}
max_eps=$(m max events_per_s)
plain_rps=$(m plain rows_per_s)
indexed_rps=$(m indexed rows_per_s)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
sample=$(head -1 "$work/plain.txt")
pragmas="WAL, synchronous=$SYNCHRONOUS, page_size $(kv "$sample" page_size), cache 64 MiB, secure_delete, checkpoints on a second thread; SQLite $(kv "$sample" sqlite)"
day=$(date -u +%F)
{
  echo "| $day | POST /v1/batch, 100 messages a request (~$(kv "$(head -1 "$work/max.txt")" message_bytes) bytes each: pages, product and order tracks, identifies), $CONNECTIONS connections, $DURATION, sqlite.synchronous=$SYNCHRONOUS, median of $ROUNDS | $(machine) | **$max_eps events/s** (p50 $(m max p50_ms) ms, p99 $(m max p99_ms) ms; $(median <"$work/stored.txt") stored per run; $(m max r429) 429s) | raw SQLite, the same rows, 1,000-row transactions ($pragmas): no index **$plain_rps rows/s**; unique message id + (user, time) indexes **$indexed_rps rows/s** | target ≥ 150,000 events/s ($(ratio "$max_eps" "$plain_rps")× the ceiling, $(ratio "$max_eps" "$indexed_rps")× the naive design) |"
  echo "| $day | POST /v1/batch at half the maximum rate (fixed schedule, latency from when each batch was due), $CONNECTIONS connections, $DURATION, median of $ROUNDS | $(machine) | **p99 $(m half p99_ms) ms** at $(m half events_per_s) events/s (p50 $(m half p50_ms) ms; p99 from sending $(m half p99_sent_ms) ms; $(m half r429) 429s) | | p99 at half the maximum throughput |"
  echo "| $day | server peak memory (VmHWM) over both runs on a fresh database | $(machine) | **$(median <"$work/hwm.txt") MiB** | | |"
} | tee "$RESULTS"
