#!/usr/bin/env bash
# GET /healthz under wrk (2 threads, 32 connections): Tertulia next to a minimal Beast server (the
# baseline) measured in the same run, alternating, ROUNDS times; prints medians.
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

"$TERTULIA" serve --db "$work/bench.db" --listen 127.0.0.1:0 --threads "$THREADS" \
  --web-root "$work/web" >"$work/tertulia.out" 2>"$work/tertulia.log" &
tpid=$!
"$BUILD/bench/beast_baseline" 0 "$THREADS" >"$work/baseline.out" &
tport=$(port_from "$work/tertulia.out")
bport=$(port_from "$work/baseline.out")

run_wrk() {  # port -> "rps p99_ms"
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$1/healthz")
  local rps p99
  rps=$(awk '/Requests\/sec:/ { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)
  echo "$rps $p99"
}

: >"$work/tertulia.txt"
: >"$work/baseline.txt"
for round in $(seq 1 "$ROUNDS"); do
  run_wrk "$tport" >>"$work/tertulia.txt"
  run_wrk "$bport" >>"$work/baseline.txt"
  echo "round $round/$ROUNDS: tertulia $(tail -1 "$work/tertulia.txt"), baseline $(tail -1 "$work/baseline.txt")" >&2
done

t_rps=$(cut -d' ' -f1 "$work/tertulia.txt" | median)
t_p99=$(cut -d' ' -f2 "$work/tertulia.txt" | median)
b_rps=$(cut -d' ' -f1 "$work/baseline.txt" | median)
b_p99=$(cut -d' ' -f2 "$work/baseline.txt" | median)
ratio=$(awk -v t="$t_rps" -v b="$b_rps" 'BEGIN { printf "%.2f", t / b }')
rss_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$tpid/status")

{
  echo "| $(date -u +%Y-%m-%d) | GET /healthz, wrk -t2 -c$CONNECTIONS -d$DURATION, server $THREADS threads, access log to a file, median of $ROUNDS | $(machine) | **$(printf '%.0f' "$t_rps") req/s**, p99 ${t_p99} ms, peak RSS $((rss_kb / 1024)) MiB | Beast baseline: $(printf '%.0f' "$b_rps") req/s, p99 ${b_p99} ms | $ratio× baseline |"
} | tee "$OUT/http_healthz.md"
