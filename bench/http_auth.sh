#!/usr/bin/env bash
# What authentication costs per request: GET /api/v1/contacts/{id} with an API key (Bearer) and
# with a browser session cookie, next to GET /healthz (no credentials) on the same server, in the
# same run, alternating, ROUNDS times; prints medians and the ratios to /healthz.
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-8}

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/bench.db"
key=$("$TERTULIA" key create --db "$db" --kind api --scope admin --name bench 2>/dev/null)
otp=$("$TERTULIA" user add --db "$db" --email bench@example.com --role admin 2>/dev/null)
"$TERTULIA" serve --db "$db" --listen 127.0.0.1:0 --threads 2 --web-root "$work/web" \
  --set http.access_log=false >"$work/out" 2>"$work/log" &
port=$(port_from "$work/out")
base="http://127.0.0.1:$port"
id=$(curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"firstName":"Ana","lastName":"Bench"}' "$base/api/v1/contacts" | sed 's/.*"id":"\([^"]*\)".*/\1/')
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench@example.com\",\"password\":\"$otp\"}" "$base/api/v1/session" |
  awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
csrf=$(curl -s -H "Cookie: $cookie" "$base/api/v1/session" | sed 's/.*"csrfToken":"\([^"]*\)".*/\1/')
curl -s -o /dev/null -X PUT -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d "{\"currentPassword\":\"$otp\",\"newPassword\":\"bench-password-1\"}" "$base/api/v1/session/password"

run_wrk() {  # path header... -> "rps p99_ms"
  local path=$1; shift
  local args=()
  for h in "$@"; do args+=(-H "$h"); done
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "$base$path")
  echo "$(awk '/Requests\/sec:/ { print $2 }' <<<"$out") $(awk '$1 == "99%" { print $2 }' <<<"$out" | to_ms)"
}

: >"$work/health.txt"; : >"$work/key.txt"; : >"$work/session.txt"
for round in $(seq 1 "$ROUNDS"); do
  run_wrk /healthz >>"$work/health.txt"
  run_wrk "/api/v1/contacts/$id" "Authorization: Bearer $key" >>"$work/key.txt"
  run_wrk "/api/v1/contacts/$id" "Cookie: $cookie" >>"$work/session.txt"
  echo "round $round/$ROUNDS: healthz $(tail -1 "$work/health.txt"), key $(tail -1 "$work/key.txt"), session $(tail -1 "$work/session.txt")" >&2
done
m() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
h=$(m health 1); k=$(m key 1); s=$(m session 1)
row=$(printf '| %s | GET /api/v1/contacts/{id} authenticated, wrk -t2 -c%s -d%s, server 2 threads, median of %s | %s | **Bearer key %.0f req/s (p99 %.2f ms); session cookie %.0f req/s (p99 %.2f ms)** | GET /healthz (no credentials): %.0f req/s, p99 %.2f ms | key %.2f×, session %.2f× /healthz |' \
  "$(date -u +%F)" "$CONNECTIONS" "$DURATION" "$ROUNDS" "$(machine)" "$k" "$(m key 2)" "$s" "$(m session 2)" "$h" "$(m health 2)" \
  "$(awk -v a="$k" -v b="$h" 'BEGIN { print a / b }')" "$(awk -v a="$s" -v b="$h" 'BEGIN { print a / b }')")
echo "$row" | tee "$OUT/http_auth.md"
