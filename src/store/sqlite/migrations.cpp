// The SQLite schema, one numbered migration at a time. A released migration never changes: a
// change to the schema is a new migration at the end.
#include <array>
#include <span>

#include "store/migrate.hpp"

namespace tertulia::store::sqlite {
namespace {

constexpr std::string_view kInitial = R"sql(
CREATE TABLE workspace (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  currency    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
) STRICT;
)sql";

// The CRM core: users, companies, contacts, relationships, interactions, tasks, notes, custom
// fields, and the derived tables kept in step with them (lookup keys, timelines, search).
// workspace_id leads every key but carries no foreign key: it is checked once per request, and a
// foreign key would cost an index lookup per inserted row.
constexpr std::string_view kCrmCore = R"sql(
CREATE TABLE app_user (
  seq INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  email        TEXT NOT NULL,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT
) STRICT;
CREATE UNIQUE INDEX app_user_email ON app_user (workspace_id, email);

CREATE TABLE custom_field (
  seq INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  object       TEXT NOT NULL,
  key          TEXT NOT NULL,
  label        TEXT NOT NULL,
  type         TEXT NOT NULL,
  options      TEXT NOT NULL,
  position     INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT
) STRICT;
CREATE UNIQUE INDEX custom_field_key ON custom_field (workspace_id, object, key)
  WHERE deleted_at IS NULL;

CREATE TABLE company (
  seq INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  name         TEXT NOT NULL,
  sort_key     TEXT NOT NULL,
  domain       TEXT,
  industry     TEXT,
  size_band    TEXT,
  segment      TEXT,
  country      TEXT,
  city         TEXT,
  tags         TEXT NOT NULL,
  owner_id     TEXT REFERENCES app_user(id),
  custom       TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT
) STRICT;
CREATE INDEX company_by_name ON company (workspace_id, sort_key, id);
CREATE INDEX company_by_updated ON company (workspace_id, updated_at, id);
CREATE INDEX company_by_owner ON company (workspace_id, owner_id, id);
CREATE INDEX company_by_domain ON company (workspace_id, domain);

CREATE TABLE contact (
  seq INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  workspace_id    TEXT NOT NULL,
  first_name      TEXT,
  last_name       TEXT,
  sort_key        TEXT NOT NULL,
  title           TEXT,
  company_id      TEXT REFERENCES company(id),
  owner_id        TEXT REFERENCES app_user(id),
  country         TEXT,
  city            TEXT,
  lifecycle_stage TEXT NOT NULL,
  lead_status     TEXT,
  emails          TEXT NOT NULL,
  phones          TEXT NOT NULL,
  social_profiles TEXT NOT NULL,
  tags            TEXT NOT NULL,
  custom          TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  deleted_at      INTEGER,
  version         INTEGER NOT NULL,
  created_by      TEXT
) STRICT;
CREATE INDEX contact_by_name ON contact (workspace_id, sort_key, id);
CREATE INDEX contact_by_updated ON contact (workspace_id, updated_at, id);
CREATE INDEX contact_by_company ON contact (workspace_id, company_id, id);
CREATE INDEX contact_by_owner ON contact (workspace_id, owner_id, id);
CREATE INDEX contact_by_lifecycle ON contact (workspace_id, lifecycle_stage, id);

-- Exact-match keys derived from records: e-mails, social handles, tags and custom values.
-- kind is 'email', 'social' (value 'network:handle'), 'tag' or 'custom.<key>'. Like timeline
-- entries, they are removed by keys recomputed from the record.
CREATE TABLE record_key (
  workspace_id TEXT NOT NULL,
  kind         TEXT NOT NULL,
  value        TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  PRIMARY KEY (workspace_id, kind, value, record_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE relationship (
  seq INTEGER PRIMARY KEY,
  id              TEXT NOT NULL UNIQUE,
  workspace_id    TEXT NOT NULL,
  from_contact_id TEXT NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
  to_contact_id   TEXT NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
  kind            TEXT NOT NULL,
  directed        INTEGER NOT NULL,
  strength        REAL NOT NULL,
  since           TEXT,
  source          TEXT,
  note            TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  deleted_at      INTEGER,
  version         INTEGER NOT NULL,
  created_by      TEXT
) STRICT;
CREATE INDEX relationship_by_from ON relationship (workspace_id, from_contact_id);
CREATE INDEX relationship_by_to ON relationship (workspace_id, to_contact_id);

CREATE TABLE interaction (
  seq INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  workspace_id   TEXT NOT NULL,
  channel        TEXT NOT NULL,
  direction      TEXT NOT NULL,
  occurred_at    INTEGER NOT NULL,
  duration_sec   INTEGER,
  subject        TEXT,
  body           TEXT,
  outcome        TEXT,
  participants   TEXT NOT NULL,
  company_id     TEXT REFERENCES company(id),
  opportunity_id TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  deleted_at     INTEGER,
  version        INTEGER NOT NULL,
  created_by     TEXT
) STRICT;
CREATE INDEX interaction_by_time ON interaction (workspace_id, occurred_at, id);

CREATE TABLE task (
  seq INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  title        TEXT NOT NULL,
  description  TEXT,
  due_at       INTEGER,
  assignee_id  TEXT REFERENCES app_user(id),
  status       TEXT NOT NULL,
  priority     TEXT NOT NULL,
  linked_type  TEXT,
  linked_id    TEXT,
  completed_at INTEGER,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT
) STRICT;
CREATE INDEX task_by_assignee ON task (workspace_id, assignee_id, status, due_at);
CREATE INDEX task_by_due ON task (workspace_id, status, due_at);
CREATE INDEX task_by_linked ON task (workspace_id, linked_id);

CREATE TABLE note (
  seq INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  body         TEXT NOT NULL,
  record_type  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT
) STRICT;
CREATE INDEX note_by_record ON note (workspace_id, record_id, created_at);

-- One row per item per timeline (contact or company) it appears on: a timeline is one range read.
-- Entries are derived from their record and removed by keys recomputed from it, so there is no
-- index by record.
CREATE TABLE timeline_entry (
  workspace_id TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  occurred_at  INTEGER NOT NULL,
  record_id    TEXT NOT NULL,
  kind         TEXT NOT NULL,
  channel      TEXT,
  direction    TEXT,
  actor_type   TEXT,
  actor_id     TEXT,
  summary      TEXT NOT NULL,
  PRIMARY KEY (workspace_id, subject_id, occurred_at, record_id)
) STRICT, WITHOUT ROWID;

-- Full-text search over contacts, companies and interactions, accent- and case-insensitive. The
-- rowid of a document is its record's seq * 8 + a code for the kind of record.
CREATE VIRTUAL TABLE search_index USING fts5(
  title, body, kind UNINDEXED, record_id UNINDEXED, workspace_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5');

-- Secondary indexes dropped for a bulk load, rebuilt when it ends (or by the next migrate).
CREATE TABLE deferred_index (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
) STRICT;

CREATE TABLE idempotency_key (
  workspace_id TEXT NOT NULL,
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_key_by_age ON idempotency_key (created_at);
)sql";

// Security: sign-in, sessions, API and write keys, teams, the audit log, consent, and who sees
// what (workspace visibility).
constexpr std::string_view kSecurity = R"sql(
ALTER TABLE app_user ADD COLUMN password_hash TEXT;
ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workspace ADD COLUMN visibility TEXT NOT NULL DEFAULT 'all';

CREATE TABLE team (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  name         TEXT NOT NULL,
  manager_id   TEXT REFERENCES app_user(id),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT
) STRICT;

CREATE TABLE team_member (
  team_id TEXT NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_member_by_user ON team_member (user_id);

-- Sessions are found by the hash of their token: a copy of the database opens no session.
CREATE TABLE session (
  token_hash   TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  user_id      TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ip           TEXT,
  user_agent   TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX session_by_user ON session (user_id);

-- API keys (Bearer) and write keys (tracking), shown once and stored as hashes.
CREATE TABLE api_key (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  kind         TEXT NOT NULL,
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  secret_hash  TEXT NOT NULL UNIQUE,
  scope        TEXT,
  user_id      TEXT REFERENCES app_user(id),
  source       TEXT,
  created_at   INTEGER NOT NULL,
  created_by   TEXT,
  last_used_at INTEGER,
  revoked_at   INTEGER
) STRICT;

-- Append-only: rows are never deleted, and the only change allowed is a GDPR erasure blanking
-- the personal data an entry holds.
CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  occurred_at  INTEGER NOT NULL,
  actor_type   TEXT NOT NULL,
  actor_id     TEXT,
  key_id       TEXT,
  ip           TEXT,
  request_id   TEXT,
  action       TEXT NOT NULL,
  record_type  TEXT,
  record_id    TEXT,
  changes      TEXT
) STRICT;
CREATE INDEX audit_by_record ON audit_log (workspace_id, record_id, seq);
CREATE INDEX audit_by_time ON audit_log (workspace_id, occurred_at);
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_only_redactions BEFORE UPDATE ON audit_log
WHEN NEW.id IS NOT OLD.id OR NEW.workspace_id IS NOT OLD.workspace_id
  OR NEW.occurred_at IS NOT OLD.occurred_at OR NEW.actor_type IS NOT OLD.actor_type
  OR NEW.actor_id IS NOT OLD.actor_id OR NEW.action IS NOT OLD.action
  OR NEW.record_id IS NOT OLD.record_id OR NEW.changes IS NOT '{"redacted":true}'
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE consent (
  workspace_id TEXT NOT NULL,
  contact_id   TEXT NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
  purpose      TEXT NOT NULL,
  status       TEXT NOT NULL,
  source       TEXT,
  legal_basis  TEXT,
  recorded_at  INTEGER NOT NULL,
  recorded_by  TEXT,
  PRIMARY KEY (contact_id, purpose)
) STRICT, WITHOUT ROWID;
)sql";

// The sales process: pipelines of stages, opportunities, every stage move, and exchange rates
// for reports in the workspace currency.
constexpr std::string_view kSales = R"sql(
CREATE TABLE pipeline (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  name         TEXT NOT NULL,
  description  TEXT,
  stages       TEXT NOT NULL,
  segment      TEXT,
  size_band    TEXT,
  campaign_id  TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT,
  sort_key     TEXT NOT NULL
) STRICT;
CREATE INDEX pipeline_by_workspace ON pipeline (workspace_id, sort_key, id);

CREATE TABLE opportunity (
  seq              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  workspace_id     TEXT NOT NULL,
  name             TEXT NOT NULL,
  pipeline_id      TEXT NOT NULL REFERENCES pipeline(id),
  stage_id         TEXT NOT NULL,
  amount_minor     INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  expected_close   TEXT,
  company_id       TEXT REFERENCES company(id),
  contacts         TEXT NOT NULL,
  owner_id         TEXT,
  source           TEXT,
  campaign_id      TEXT,
  segment          TEXT,
  status           TEXT NOT NULL,
  lost_reason      TEXT,
  stage_entered_at INTEGER NOT NULL,
  closed_at        INTEGER,
  custom           TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  deleted_at       INTEGER,
  version          INTEGER NOT NULL,
  created_by       TEXT,
  sort_key         TEXT NOT NULL
) STRICT;
-- The board: one pipeline's stages, oldest in the stage first.
CREATE INDEX opportunity_by_stage ON opportunity
  (workspace_id, pipeline_id, stage_id, deleted_at, stage_entered_at, id);
CREATE INDEX opportunity_by_name ON opportunity (workspace_id, sort_key, id);
CREATE INDEX opportunity_by_updated ON opportunity (workspace_id, updated_at, id);
CREATE INDEX opportunity_by_company ON opportunity (workspace_id, company_id);
CREATE INDEX opportunity_by_close ON opportunity (workspace_id, expected_close);

CREATE TABLE stage_change (
  seq            INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,
  workspace_id   TEXT NOT NULL,
  opportunity_id TEXT NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE
                 DEFERRABLE INITIALLY DEFERRED,
  pipeline_id    TEXT NOT NULL,
  from_stage     TEXT,
  to_stage       TEXT NOT NULL,
  at             INTEGER NOT NULL,
  by             TEXT,
  amount_minor   INTEGER NOT NULL,
  currency       TEXT NOT NULL
) STRICT;
CREATE INDEX stage_change_by_opportunity ON stage_change (workspace_id, opportunity_id, at);
CREATE INDEX stage_change_by_time ON stage_change (workspace_id, pipeline_id, at);

-- How many units of the workspace currency one unit of `currency` is worth, times 1,000,000.
CREATE TABLE exchange_rate (
  workspace_id TEXT NOT NULL,
  currency     TEXT NOT NULL,
  rate_micros  INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, currency)
) STRICT, WITHOUT ROWID;
)sql";

// Files attached to contacts, companies and opportunities; the bytes live in the file store.
constexpr std::string_view kDocuments = R"sql(
CREATE TABLE document (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  record_type  TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  deleted_at   INTEGER,
  version      INTEGER NOT NULL,
  created_by   TEXT
) STRICT;
CREATE INDEX document_by_record ON document (workspace_id, record_id, created_at);
CREATE INDEX document_by_sha256 ON document (sha256);
)sql";

// Running totals per pipeline stage, currency, owner, segment and campaign, kept in step with
// every opportunity write: the pipeline report and the board read a few hundred rows instead of
// summing every opportunity.
constexpr std::string_view kOpportunityTotals = R"sql(
CREATE TABLE opportunity_totals (
  workspace_id TEXT NOT NULL,
  pipeline_id  TEXT NOT NULL,
  stage_id     TEXT NOT NULL,
  currency     TEXT NOT NULL,
  owner_id     TEXT NOT NULL,
  segment      TEXT NOT NULL,
  campaign_id  TEXT NOT NULL,
  count        INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, pipeline_id, stage_id, currency, owner_id, segment, campaign_id)
) STRICT, WITHOUT ROWID;
INSERT INTO opportunity_totals
  SELECT workspace_id, pipeline_id, stage_id, currency, coalesce(owner_id, ''),
         coalesce(segment, ''), coalesce(campaign_id, ''), count(*), sum(amount_minor)
  FROM opportunity WHERE deleted_at IS NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
)sql";

// The conversation log of an opportunity: its interactions, found without scanning.
constexpr std::string_view kInteractionByOpportunity = R"sql(
CREATE INDEX interaction_by_opportunity ON interaction (workspace_id, opportunity_id, occurred_at)
  WHERE opportunity_id IS NOT NULL;
)sql";

// Tracked events (append-only; a message id is stored once per workspace, which is the tracking
// API's deduplication) and the identities of tracking sources: userId, anonymousId and groupId.
constexpr std::string_view kEvents = R"sql(
CREATE TABLE event (
  seq           INTEGER PRIMARY KEY,
  workspace_id  TEXT NOT NULL,
  message_id    TEXT NOT NULL,
  type          TEXT NOT NULL,
  anonymous_id  TEXT,
  user_id       TEXT,
  contact_id    TEXT,
  name          TEXT,
  occurred_at   INTEGER NOT NULL,
  received_at   INTEGER NOT NULL,
  body          TEXT NOT NULL,
  source_key_id TEXT
) STRICT;
CREATE UNIQUE INDEX event_by_message ON event (workspace_id, message_id);
CREATE INDEX event_by_contact ON event (workspace_id, contact_id, occurred_at)
  WHERE contact_id IS NOT NULL;
CREATE INDEX event_by_anonymous ON event (workspace_id, anonymous_id)
  WHERE contact_id IS NULL AND anonymous_id IS NOT NULL;
CREATE INDEX event_by_user ON event (workspace_id, user_id, occurred_at)
  WHERE contact_id IS NULL AND user_id IS NOT NULL;
CREATE INDEX event_by_time ON event (workspace_id, occurred_at);

CREATE TABLE identity (
  workspace_id TEXT NOT NULL,
  kind         TEXT NOT NULL,
  value        TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  PRIMARY KEY (workspace_id, kind, value)
) STRICT, WITHOUT ROWID;
)sql";

// Merges of two contacts into one: what moved, so that an undo puts it back exactly.
constexpr std::string_view kMerges = R"sql(
CREATE TABLE contact_merge (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL,
  survivor_id  TEXT NOT NULL,
  merged_id    TEXT NOT NULL,
  source       TEXT NOT NULL,
  reason       TEXT,
  moves        TEXT NOT NULL,
  merged_at    INTEGER NOT NULL,
  merged_by    TEXT,
  undone_at    INTEGER,
  undone_by    TEXT
) STRICT;
CREATE INDEX contact_merge_by_survivor ON contact_merge (workspace_id, survivor_id, seq);
CREATE INDEX contact_merge_by_merged ON contact_merge (workspace_id, merged_id, seq);

-- The events a merge gave the survivor (they can be many).
CREATE TABLE contact_merge_event (
  merge_id   TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (merge_id, message_id)
) STRICT, WITHOUT ROWID;
)sql";

// Tracked events: repeats are recognised in memory by the writer (the unique message-id index was
// the costliest write of ingestion); the arrival index (appended to in time order) lets it recall
// the last days' message ids at start. Events reach timelines straight from the event table.
constexpr std::string_view kLeanEvents = R"sql(
DROP INDEX event_by_message;
CREATE INDEX event_by_arrival ON event (received_at, workspace_id, message_id);
DELETE FROM timeline_entry WHERE kind = 'event';
)sql";

// Tracked events by person, indexed in slices: the tracking writer appends rows with no
// random-key index to update (the person indexes were most of what a commit wrote), and fills
// `event_person` one slice at a time. Its key is compact: tt_person_key (registered on every
// connection) hashes (workspace, kind, person), where kind is c (contact_id), u (user_id of an
// event without contact) or a (anonymous_id of an event without contact). The key's top four bits
// pick one of 16 ranges; `event_indexed.upto` is the last event each range has complete, and a
// slice brings one range up to date (a sixteenth of the index). Queries read a range's entries up
// to `upto` and scan the events after it (the tail); entries past `upto` may exist and are not
// read. The triggers keep entries right when an event changes hands or goes; the delete trigger
// also lowers `upto` when the newest events go, because SQLite reuses their rowids.
constexpr std::string_view kEventsByPerson = R"sql(
DROP INDEX event_by_contact;
DROP INDEX event_by_anonymous;
DROP INDEX event_by_user;
CREATE TABLE event_person (
  k           INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  PRIMARY KEY (k, occurred_at, seq)
) STRICT, WITHOUT ROWID;
CREATE TABLE event_indexed (
  range INTEGER PRIMARY KEY CHECK (range BETWEEN 0 AND 15),
  upto  INTEGER NOT NULL
) STRICT;
WITH RECURSIVE ranges(range) AS (SELECT 0 UNION ALL SELECT range + 1 FROM ranges WHERE range < 15)
INSERT INTO event_indexed (range, upto)
  SELECT range, (SELECT coalesce(max(seq), 0) FROM event) FROM ranges;
INSERT INTO event_person (k, occurred_at, seq)
  SELECT tt_person_key(workspace_id, 'c', contact_id), occurred_at, seq FROM event
    WHERE contact_id IS NOT NULL
  UNION ALL
  SELECT tt_person_key(workspace_id, 'u', user_id), occurred_at, seq FROM event
    WHERE contact_id IS NULL AND user_id IS NOT NULL
  UNION ALL
  SELECT tt_person_key(workspace_id, 'a', anonymous_id), occurred_at, seq FROM event
    WHERE contact_id IS NULL AND anonymous_id IS NOT NULL
  ORDER BY 1, 2, 3;
CREATE TRIGGER event_person_on_update AFTER UPDATE OF contact_id, user_id, anonymous_id ON event
BEGIN
  DELETE FROM event_person WHERE k IN (tt_person_key(old.workspace_id, 'c', old.contact_id),
      tt_person_key(old.workspace_id, 'u', old.user_id),
      tt_person_key(old.workspace_id, 'a', old.anonymous_id))
    AND occurred_at = old.occurred_at AND seq = old.seq;
  INSERT OR IGNORE INTO event_person (k, occurred_at, seq)
    SELECT tt_person_key(new.workspace_id, 'c', new.contact_id), new.occurred_at, new.seq
      WHERE new.contact_id IS NOT NULL
    UNION ALL
    SELECT tt_person_key(new.workspace_id, 'u', new.user_id), new.occurred_at, new.seq
      WHERE new.contact_id IS NULL AND new.user_id IS NOT NULL
    UNION ALL
    SELECT tt_person_key(new.workspace_id, 'a', new.anonymous_id), new.occurred_at, new.seq
      WHERE new.contact_id IS NULL AND new.anonymous_id IS NOT NULL;
END;
CREATE TRIGGER event_person_on_delete AFTER DELETE ON event
BEGIN
  DELETE FROM event_person WHERE k IN (tt_person_key(old.workspace_id, 'c', old.contact_id),
      tt_person_key(old.workspace_id, 'u', old.user_id),
      tt_person_key(old.workspace_id, 'a', old.anonymous_id))
    AND occurred_at = old.occurred_at AND seq = old.seq;
  UPDATE event_indexed SET upto = (SELECT coalesce(max(seq), 0) FROM event)
    WHERE upto > (SELECT coalesce(max(seq), 0) FROM event);
END;
)sql";

// Timeline entries carry what their summary says as data (`detail`, a JSON object), so that
// clients word it in their own language; `summary` stays, in English. Entries written before get
// the detail of their task, stage move or merge from those records (a merge's counts from the
// event it recorded: an undo's count of events brought back is nowhere else).
constexpr std::string_view kTimelineDetail = R"sql(
ALTER TABLE timeline_entry ADD COLUMN detail TEXT;
UPDATE timeline_entry SET detail = (
  SELECT json_object('title', t.title, 'status', t.status, 'dueAt',
    CASE WHEN t.due_at IS NULL THEN NULL
      ELSE strftime('%Y-%m-%dT%H:%M:%fZ', t.due_at / 1000.0, 'unixepoch') END)
  FROM task t WHERE t.id = timeline_entry.record_id)
WHERE kind = 'task';
UPDATE timeline_entry SET detail = (
  SELECT json_object('opportunityId', o.id, 'opportunity', o.name,
    'from', CASE WHEN sc.from_stage IS NULL THEN NULL ELSE coalesce(
      (SELECT s.value ->> 'name' FROM json_each(p.stages) s WHERE s.value ->> 'id' = sc.from_stage),
      sc.from_stage) END,
    'to', coalesce(
      (SELECT s.value ->> 'name' FROM json_each(p.stages) s WHERE s.value ->> 'id' = sc.to_stage),
      sc.to_stage))
  FROM stage_change sc JOIN opportunity o ON o.id = sc.opportunity_id
    LEFT JOIN pipeline p ON p.id = sc.pipeline_id
  WHERE sc.id = timeline_entry.record_id)
WHERE kind = 'stage_change';
-- Merges and their undos (record id "<merge>:undo"): the other contact as it is named now, and
-- what moved as the merge's own event told it (found by the time it arrived, through its index).
UPDATE timeline_entry SET detail = (
  SELECT json_object(
    'action', CASE WHEN cm.id = timeline_entry.record_id THEN 'merged' ELSE 'undone' END,
    'contactId', c.id,
    'contact', coalesce(
      nullif(trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')), ''),
      (SELECT e.value ->> 'address' FROM json_each(c.emails) e
        ORDER BY coalesce(e.value ->> 'primary', 0) DESC, e.key LIMIT 1),
      '(no name)'),
    'moved', json(ev.body -> '$.properties.moved'))
  FROM contact_merge cm JOIN contact c ON c.id = cm.merged_id
    LEFT JOIN event ev
      ON ev.received_at = CASE WHEN cm.id = timeline_entry.record_id
                            THEN cm.merged_at ELSE cm.undone_at END
      AND ev.workspace_id = timeline_entry.workspace_id
      AND ev.message_id = 'merge:' || timeline_entry.record_id
  WHERE cm.id = CASE WHEN timeline_entry.record_id LIKE '%:undo'
    THEN substr(timeline_entry.record_id, 1, length(timeline_entry.record_id) - 5)
    ELSE timeline_entry.record_id END)
WHERE kind = 'merge';
)sql";

constexpr auto kMigrations = std::to_array<Migration>({
    {1, "workspace", kInitial},
    {2, "crm core", kCrmCore},
    {3, "security", kSecurity},
    {4, "sales", kSales},
    {5, "documents", kDocuments},
    {6, "opportunity totals", kOpportunityTotals},
    {7, "interactions by opportunity", kInteractionByOpportunity},
    {8, "events", kEvents},
    {9, "contact merges", kMerges},
    {10, "events without a unique index", kLeanEvents},
    {11, "events by person, indexed in batches", kEventsByPerson},
    {12, "timeline entries with their detail", kTimelineDetail},
});

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace tertulia::store::sqlite
