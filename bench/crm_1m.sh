#!/usr/bin/env bash
# The CRM core on a 1,000,000-contact demo database (issue 3's targets):
#   load time of the demo, search p99, contact page p99 (contact + latest 50 timeline items),
#   batch creation throughput, and server memory. Baselines from the same run: GET /healthz for
#   the HTTP cost, and what SQLite alone needs (sqlite_floor.sh): the demo's full-text index built
#   by itself and its database written once; the batch requests' rows written by the sqlite3 shell.
# CONTACTS (default 1000000), ROUNDS (3), DURATION (10s). REUSE=1 keeps an existing database.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sqlite_floor.sh"
CONTACTS=${CONTACTS:-1000000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
DB=$OUT/demo-$CONTACTS.db
RESULTS=$OUT/crm_1m.md

if [[ "${REUSE:-0}" != 1 || ! -f "$DB" ]]; then
  rm -f "$DB" "$DB-wal" "$DB-shm"
  start=$(date +%s.%N)
  "$TERTULIA" demo --db "$DB" --contacts "$CONTACTS" --seed 42 --anchor 2026-11-01 >"$OUT/demo.out" 2>"$OUT/demo.err"
  load_s=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  echo "loaded $CONTACTS contacts in $load_s s: $(cat "$OUT/demo.out")" >&2
else
  load_s="(reused)"
fi
db_mb=$(du -m "$DB" | cut -f1)
# The floor under the demo load: its full-text index built alone, and the database written once.
read -r search_alone_s search_alone_cpu < <(search_index_alone "$DB" "$OUT/scratch-search.db")
read -r written_once_s written_once_cpu < <(database_written_once "$DB" "$OUT/scratch-vacuum.db")
echo "demo floor: full-text index alone $search_alone_s s (CPU $search_alone_cpu s), database written once $written_once_s s (CPU $written_once_cpu s)" >&2
key=$("$TERTULIA" key create --db "$DB" --kind api --scope admin --name bench 2>/dev/null)

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
"$TERTULIA" serve --db "$DB" --listen 127.0.0.1:0 --web-root "$work/web" \
  --set http.access_log=false >"$work/serve.out" 2>"$work/serve.err" &
spid=$!
port=$(port_from "$work/serve.out")
base="http://127.0.0.1:$port"
rss_idle_mb=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$spid/status")

# Realistic queries: surnames and first names (whole and as typed), e-mail domains, companies.
sqlite3 "$DB" "SELECT last_name FROM contact WHERE rowid % 997 = 0 LIMIT 60" | cut -d' ' -f1 >"$work/words"
sqlite3 "$DB" "SELECT first_name FROM contact WHERE rowid % 991 = 0 LIMIT 40" >>"$work/words"
sqlite3 "$DB" "SELECT substr(name, 1, instr(name, ' ') - 1) FROM company WHERE rowid % 499 = 0 LIMIT 30" >>"$work/words"
# Each word whole and as typed (its first 3 and 5 letters).
node -e '
for (const w of require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) {
  const letters = [...w];
  for (const q of [w, letters.slice(0, 3).join(""), letters.slice(0, 5).join("")])
    console.log("/api/v1/search?q=" + encodeURIComponent(q));
}' "$work/words" >"$work/search.paths"
# Contact pages: a spread of contacts, busy ones included.
sqlite3 "$DB" "SELECT id FROM contact WHERE rowid % 211 = 0 LIMIT 3000" >"$work/ids"
awk '{ print "/api/v1/contacts/" $0 }' "$work/ids" >"$work/contact.paths"
awk '{ print "/api/v1/contacts/" $0 "/timeline?limit=50" }' "$work/ids" >"$work/timeline.paths"
echo "/healthz" >"$work/health.paths"

measure() {  # paths-file [connections] -> "rps p50_ms p99_ms"
  local out
  out=$(PATHS_FILE="$1" wrk -t2 -c"${2:-8}" -d"$DURATION" --latency -H "Authorization: Bearer $key" \
    -s "$BENCH_DIR/paths.lua" "$base" | all_2xx)
  echo "$(awk '/Requests\/sec:/ { print $2 }' <<<"$out") $(awk '$1 == "50%" { print $2 }' <<<"$out" | to_ms) $(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)"
}

# Two loads: 2 connections (people typing and clicking) and 8 (the server saturated).
for kind in health search contact timeline; do : >"$work/$kind.txt"; : >"$work/$kind-c2.txt"; done
for round in $(seq 1 "$ROUNDS"); do
  for kind in health search contact timeline; do
    measure "$work/$kind.paths" 2 >>"$work/$kind-c2.txt"
    measure "$work/$kind.paths" 8 >>"$work/$kind.txt"
    echo "round $round $kind: c2 $(tail -1 "$work/$kind-c2.txt"), c8 $(tail -1 "$work/$kind.txt")" >&2
  done
done
col() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
rss_mb=$(awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$spid/status")
peak_mb=$(awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$spid/status")

# Batch creation: 1,000 contacts per request, two clients at a time.
node -e '
const n = 1000, out = [];
for (let i = 0; i < n; i++) out.push({ firstName: "Bench", lastName: "Lote " + i, emails: ["bench" + i + "@lote.es"],
  phones: ["600 " + String(100000 + i)], country: "ES", tags: ["bench"], lifecycleStage: "lead",
  socialProfiles: [{ network: "linkedin", handle: "bench" + i }] });
process.stdout.write(JSON.stringify({ contacts: out }));' >"$work/batch.json"
: >"$work/batch.txt"
written_before=$(awk '/^write_bytes/ { print $2 }' "/proc/$spid/io")
batch_requests=0
for round in $(seq 1 "$ROUNDS"); do
  out=$(BODY_FILE="$work/batch.json" wrk -t2 -c2 -d"$DURATION" --latency \
    -H "Authorization: Bearer $key" -s "$BENCH_DIR/batch.lua" "$base" | all_2xx)
  rps=$(awk '/Requests\/sec:/ { print $2 }' <<<"$out")
  batch_requests=$((batch_requests + $(awk '/requests in/ { print $1 }' <<<"$out")))
  echo "$(awk -v r="$rps" 'BEGIN { printf "%.0f", r * 1000 }') $(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)" >>"$work/batch.txt"
  echo "round $round batch: $(tail -1 "$work/batch.txt") contacts/s, p99 ms" >&2
done
# What batch creation costs the disk: bytes the server sent to storage per contact created (the
# write-ahead log and its checkpoints), and what this disk takes in large synced writes. Their
# ratio bounds the contacts/s any design writing that much could reach here.
written_kb=$(awk -v b="$(awk '/^write_bytes/ { print $2 }' "/proc/$spid/io")" -v a="$written_before" \
  -v n="$batch_requests" 'BEGIN { printf "%.1f", (b - a) / 1024 / (n * 1000) }')
disk_mbs=$(dd if=/dev/zero of="$work/disk" bs=1M count=256 conv=fdatasync 2>&1 |
  awk '/copied/ { printf "%.0f", $(NF-1) * ($NF == "GB/s" ? 1000 : 1) }')
rm -f "$work/disk"
write_bound=$(awk -v mbs="$disk_mbs" -v kb="$written_kb" 'BEGIN { printf "%.0f", mbs * 1e6 / (kb * 1024) }')
kill "$spid"; wait "$spid" 2>/dev/null || true

# SQLite alone, on this database: the rows 20 batch requests write, written by the sqlite3 shell;
# then only the rows lookups by e-mail and handle need, with the checkpoints left out of the time.
sqlite_batch_rate=$(batch_rows_by_sqlite "$DB" 20)
sqlite_lookup_rows_rate=$(batch_rows_by_sqlite "$DB" 20 lookups no-checkpoints)

day=$(date -u +%Y-%m-%d)
{
  echo "| $day | demo load, $CONTACTS contacts (\`tertulia demo\`) | $(machine) | **$load_s s**, database $db_mb MiB | SQLite alone, same run: its full-text index built by itself $search_alone_s s (CPU $search_alone_cpu s); the finished database written once (VACUUM INTO) $written_once_s s (CPU $written_once_cpu s) | target 60 s |"
  for kind in search contact timeline; do
    case $kind in
      search) what="GET /api/v1/search (names, prefixes, companies)" ;;
      contact) what="GET /api/v1/contacts/{id}" ;;
      timeline) what="GET /api/v1/contacts/{id}/timeline?limit=50" ;;
    esac
    echo "| $day | $what, wrk, median of $ROUNDS | $(machine) | **p99 $(col $kind-c2 3) ms** at 2 connections ($(col $kind-c2 1) req/s); p99 $(col $kind 3) ms at 8 ($(col $kind 1) req/s) | GET /healthz p99 $(col health-c2 3) ms / $(col health 3) ms | target p99 < 10 ms |"
  done
  echo "| $day | POST /api/v1/contacts/batch, 1,000 contacts per request, 2 clients, median of $ROUNDS | $(machine) | **$(cut -d' ' -f1 "$work/batch.txt" | median) contacts/s**, p99 $(cut -d' ' -f2 "$work/batch.txt" | median) ms | SQLite alone (sqlite3 shell), the rows of 20 such requests into this database: $sqlite_batch_rate contacts/s (only the contact rows with their e-mail and handle keys, checkpoints left out: $sqlite_lookup_rows_rate/s); $written_kb KiB written per contact, and the disk takes $disk_mbs MB/s in large synced writes: at most $write_bound contacts/s at that size | target ≥ 20,000/s |"
  echo "| $day | server memory on the $CONTACTS-contact database | $(machine) | **RSS $rss_mb MiB** after the runs (peak $peak_mb MiB, $rss_idle_mb MiB at start) | | target < 500 MB |"
} | tee "$RESULTS"
