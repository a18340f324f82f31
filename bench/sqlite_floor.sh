# What SQLite alone needs for the work the CRM targets ask of Tertulia, measured with the sqlite3
# shell on the benchmark's own database (sourced by crm_1m.sh). No HTTP, JSON, validation or C++:
# floors under the demo load, and for batch creation the rate at which SQLite's own shell writes
# the same rows (Tertulia's writer does its part of that work with a buffered log and
# checkpoints on another thread, so it is a reference, not a hard ceiling).

# Seconds (wall, then user + system CPU) that "$@" takes.
timed() {
  local out
  out=$(mktemp)
  /usr/bin/time -f "%e %U %S" -o "$out" "$@" >/dev/null
  awk '{ printf "%.1f %.1f\n", $1, $2 + $3 }' "$out"
  rm -f "$out"
}

# The demo's full-text index built alone: every document of database $1 into an empty index with
# the same definition, in a scratch file $2 (journal and syncs off, merged once at the end, as the
# demo does). Prints "wall_s cpu_s".
search_index_alone() {
  local db=$1 scratch=$2 definition
  definition=$(sqlite3 "$db" "SELECT sql FROM sqlite_master WHERE name = 'search_index'")
  rm -f "$scratch"
  timed sqlite3 "$scratch" "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
    PRAGMA cache_size = -65536; ${definition/search_index/copy};
    INSERT INTO copy (copy, rank) VALUES ('automerge', 0);
    ATTACH '$db' AS demo;
    INSERT INTO copy (rowid, title, body, kind, record_id, workspace_id)
      SELECT rowid, title, body, kind, record_id, workspace_id FROM demo.search_index;
    INSERT INTO copy (copy) VALUES ('optimize');"
  rm -f "$scratch"
}

# Database $1 written once, table by table and index by index in key order (VACUUM INTO scratch
# file $2): what storing the finished database costs, without making any of it. Prints
# "wall_s cpu_s".
database_written_once() {
  rm -f "$2"
  timed sqlite3 "$1" "VACUUM INTO '$2'"
  rm -f "$2"
}

# Contacts per second when the sqlite3 shell writes into database $1 exactly the rows one
# POST /api/v1/contacts/batch of 1,000 new people writes (the contact row and its five indexes,
# e-mail, handle and tag keys, the audit entry, the full-text document), $2 transactions of 1,000,
# in the server's settings (WAL, synchronous = FULL, secure_delete). Names, e-mails and handles
# are random, as in batch.lua. The rows stay: they are contacts like the benchmark's others.
# $3, optional: "lookups" writes only what finding a contact by e-mail or handle needs (the
# contact row, its e-mail and handle keys), without tags, audit entry or full-text document.
# $4, optional: "no-checkpoints" leaves the log's checkpoints out of the time (they run after it),
# as if another core copied the log back for free.
batch_rows_by_sqlite() {
  local db=$1 transactions=$2 parts=${3:-all} checkpoints=${4:-checkpoints} workspace stamp sql
  workspace=$(sqlite3 "$db" "SELECT workspace_id FROM contact ORDER BY seq LIMIT 1")
  stamp=$(date +%s%3N)
  sql=$(mktemp)
  {
    if [ "$checkpoints" = no-checkpoints ]; then echo "PRAGMA wal_autocheckpoint = 0;"; fi
    echo "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
    echo "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;"
    echo "CREATE TEMP TABLE b (n INTEGER PRIMARY KEY, id TEXT, first TEXT, last TEXT,"
    echo "  handle TEXT, email TEXT, phone TEXT, stage TEXT);"
    for t in $(seq 1 "$transactions"); do
      batch_transaction_sql "$workspace" "$stamp" "$t" | only_parts "$parts"
    done
  } >"$sql"
  local start
  start=$(date +%s.%N)
  sqlite3 "$db" <"$sql" >/dev/null
  awk -v s="$start" -v e="$(date +%s.%N)" -v t="$transactions" \
    'BEGIN { printf "%.0f", t * 1000 / (e - s) }'
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
  rm -f "$sql"
}

# Standard input without the statements that parts $1 leaves out: with "lookups", the tag keys,
# the audit entry and the full-text document (each statement of batch_transaction_sql starts on
# a line of its own and ends with a semicolon at the end of a line).
only_parts() {
  if [ "$1" = all ]; then
    cat
    return
  fi
  awk '/^INSERT OR IGNORE INTO record_key SELECT .*'"'"'tag'"'"'/ || /^INSERT INTO (audit_log|search_index)/ { skip = 1 }
    !skip { print } skip && /;$/ { skip = 0 }'
}

# One transaction of batch_rows_by_sqlite: workspace $1, time $2 (ms), transaction number $3.
batch_transaction_sql() {
  local ws=$1 now=$2 t=$3
  cat <<SQL
BEGIN IMMEDIATE;
DELETE FROM temp.b;
WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 1000),
  r AS (SELECT n, lower(hex(randomblob(3))) AS h FROM i)
INSERT INTO temp.b SELECT n, printf('Z%012d%05d%08d', $now % 1000000000000, $t, n),
  substr('AnaBegCarDieEleFerGloHugIreJorLucMarNacOlgPabRosSerTer', (n % 18) * 3 + 1, 3),
  substr('GarMunLopOrtSanPerGomMarRuiDiaMorAlvRomNavTorDomVazRam', (abs(random()) % 18) * 3 + 1, 3)
    || ' ' || lower(hex(randomblob(3))),
  h || '$t' || n, h || '$t' || n || '@' || lower(hex(randomblob(4))) || '.es',
  '+346' || printf('%08d', abs(random()) % 100000000),
  CASE abs(random()) % 4 WHEN 0 THEN 'subscriber' WHEN 1 THEN 'lead' WHEN 2 THEN 'mql' ELSE 'sql' END
  FROM r;
INSERT INTO contact (id, workspace_id, first_name, last_name, title, company_id, owner_id, country,
  city, lifecycle_stage, lead_status, emails, phones, social_profiles, tags, custom, created_at,
  updated_at, deleted_at, version, created_by, sort_key)
SELECT id, '$ws', first, last, NULL, NULL, NULL, 'ES', NULL, stage, NULL,
  json_array(json_object('address', email, 'primary', json('true'))),
  json_array(json_object('number', phone, 'primary', json('true'))),
  json_array(json_object('network', 'linkedin', 'handle', handle)), '["bench"]', '{}',
  $now, $now, NULL, 1, NULL, lower(last || ' ' || first) FROM temp.b ORDER BY n;
INSERT OR IGNORE INTO record_key SELECT '$ws', 'email', email, id FROM temp.b ORDER BY n;
INSERT OR IGNORE INTO record_key
  SELECT '$ws', 'social', 'linkedin:' || handle, id FROM temp.b ORDER BY n;
INSERT OR IGNORE INTO record_key SELECT '$ws', 'tag', 'bench', id FROM temp.b ORDER BY n;
INSERT INTO audit_log (id, workspace_id, occurred_at, actor_type, actor_id, key_id, ip, request_id,
  action, record_type, record_id, changes)
SELECT 'Y' || substr(id, 2), '$ws', $now, 'api_key', NULL, 'key', '127.0.0.1', 'request', 'create',
  'contact', id, json_object('id', id, 'displayName', first || ' ' || last,
  'firstName', first, 'lastName', last,
  'emails', json_array(json_object('address', email, 'primary', json('true'), 'label', NULL)),
  'phones', json_array(json_object('number', phone, 'primary', json('true'), 'label', NULL)),
  'title', NULL, 'companyId', NULL, 'ownerId', NULL, 'country', 'ES', 'city', NULL,
  'lifecycleStage', stage, 'leadStatus', NULL,
  'socialProfiles', json_array(json_object('network', 'linkedin', 'handle', handle, 'url', NULL)),
  'tags', json_array('bench'), 'customFields', json_object(),
  'createdAt', '2026-12-02T10:00:15.599Z', 'updatedAt', '2026-12-02T10:00:15.599Z',
  'deletedAt', NULL, 'version', 1, 'createdBy', NULL)
  FROM temp.b ORDER BY n;
INSERT INTO search_index (rowid, title, body, kind, record_id, workspace_id)
SELECT c.seq * 8 + 1, first || ' ' || last, email || ' ' || phone || ' bench ' || handle,
  'contact', c.id, '$ws' FROM temp.b JOIN contact c ON c.id = temp.b.id ORDER BY n;
COMMIT;
SQL
}
