# Shared helpers for the benchmark scripts (sourced).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
BUILD=${BUILD:-$ROOT/build/release}
TERTULIA=$BUILD/src/cli/tertulia
OUT=$ROOT/bench/out
mkdir -p "$OUT"

# Waits until the server writing its stdout to file $1 prints "listening on http://HOST:PORT";
# prints PORT.
port_from() {
  for _ in $(seq 1 400); do
    local port
    port=$(grep -o 'listening on http://[^ ]*' "$1" 2>/dev/null | sed 's/.*://' || true)
    if [[ -n "$port" ]]; then echo "$port"; return 0; fi
    sleep 0.05
  done
  echo "no server started (see $1)" >&2
  return 1
}

# Median of the numbers on stdin.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Converts a wrk latency ("1.23ms", "850.00us", "1.02s") to milliseconds.
to_ms() {
  awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
         else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
         else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } }'
}

machine() {
  echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
}

# Fails when wrk's output (stdin, passed through) reports non-2xx answers: a benchmark of error
# responses measures nothing.
all_2xx() {
  local out
  out=$(cat)
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "wrk got error responses: $(grep 'Non-2xx' <<<"$out")" >&2
    return 1
  fi
  echo "$out"
}
