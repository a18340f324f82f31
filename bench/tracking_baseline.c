// Raw SQLite baseline for bench/tracking.sh: appends tracked events straight into SQLite, with no
// HTTP, JSON or identity resolution, the way a minimal event store would.
//
//   tracking_baseline DB ROWS SAMPLES MODE [SYNCHRONOUS]
//
// DB is created afresh. SAMPLES is a file of sample messages from `tracking_load.mjs --dump N`
// (type, anonymousId, userId, name and the JSON body, tab-separated, one a line): the rows are
// those messages in turn, each with a new random (v4 UUID) message id and the current time, so
// they are the same rows the load generator posts to Tertulia. MODE:
//   plain    the event table with no secondary index (the ceiling of appending)
//   indexed  plus a unique (workspace_id, message_id) index and a (workspace_id, user_id,
//            occurred_at) index (the naive design)
// The table is Tertulia's `event` (src/store/sqlite/migrations.cpp, migration "events"); the
// connection uses Tertulia's writer pragmas (src/store/sqlite/sqlite_db.cpp): WAL,
// secure_delete, synchronous (SYNCHRONOUS, default full as in Tertulia), temp_store=MEMORY,
// cache_size 64 MiB, mmap_size 256 MiB, the default page size; and, like Tertulia, WAL
// checkpoints run on a second thread and connection (PASSIVE, from 1,024 pages in the WAL).
// Rows go in with one prepared INSERT OR IGNORE, 1,000 rows per transaction.
// Prints one line of key=value pairs on stdout.
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

enum { kRowsPerTx = 1000, kStartPages = 1024, kWriterPages = 65536 };

static void die(sqlite3 *db, const char *what) {
  fprintf(stderr, "tracking_baseline: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
  exit(1);
}

static void exec(sqlite3 *db, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "tracking_baseline: %s: %s\n", sql, err);
    exit(1);
  }
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int64_t now_ms(void) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

// xorshift64*: fast enough not to show in the figures.
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

static void uuid4(char out[37]) {
  static const char hex[] = "0123456789abcdef";
  uint64_t a = rng(), b = rng();
  unsigned char bytes[16];
  memcpy(bytes, &a, 8);
  memcpy(bytes + 8, &b, 8);
  bytes[6] = (bytes[6] & 0x0F) | 0x40;
  bytes[8] = (bytes[8] & 0x3F) | 0x80;
  int j = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[j++] = '-';
    out[j++] = hex[bytes[i] >> 4];
    out[j++] = hex[bytes[i] & 15];
  }
  out[j] = 0;
}

// --- Checkpoints on their own thread, as Tertulia's Checkpointer does. ---
static pthread_mutex_t ck_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ck_cv = PTHREAD_COND_INITIALIZER;
static int ck_wanted = 0, ck_stop = 0;
static sqlite3 *ck_db;

static int on_commit(void *unused, sqlite3 *db, const char *schema, int pages) {
  (void)unused;
  if (pages >= kWriterPages) {
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  } else if (pages >= kStartPages) {
    pthread_mutex_lock(&ck_mu);
    ck_wanted = 1;
    pthread_cond_signal(&ck_cv);
    pthread_mutex_unlock(&ck_mu);
  }
  return SQLITE_OK;
}

static void *checkpointer(void *unused) {
  (void)unused;
  for (;;) {
    pthread_mutex_lock(&ck_mu);
    while (!ck_wanted && !ck_stop) pthread_cond_wait(&ck_cv, &ck_mu);
    int stop = ck_stop;
    ck_wanted = 0;
    pthread_mutex_unlock(&ck_mu);
    if (stop) return NULL;
    sqlite3_wal_checkpoint_v2(ck_db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  }
}

// --- Sample messages. ---
typedef struct {
  char *type, *anonymous_id, *user_id, *name, *body, *contact_id;
} Sample;

static char *field(char **cursor) {
  char *start = *cursor;
  char *tab = start ? strchr(start, '\t') : NULL;
  if (tab) {
    *tab = 0;
    *cursor = tab + 1;
  } else {
    *cursor = NULL;
  }
  return start && *start ? start : NULL;  // empty: NULL
}

static Sample *read_samples(const char *path, size_t *count) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    exit(1);
  }
  size_t cap = 1024, n = 0;
  Sample *samples = malloc(cap * sizeof *samples);
  char *line = NULL;
  size_t line_cap = 0;
  ssize_t len;
  while ((len = getline(&line, &line_cap, f)) > 0) {
    if (line[len - 1] == '\n') line[--len] = 0;
    if (len == 0) continue;
    char *copy = strdup(line), *cursor = copy;
    Sample s = {0};
    s.type = field(&cursor);
    s.anonymous_id = field(&cursor);
    s.user_id = field(&cursor);
    s.name = field(&cursor);
    s.body = field(&cursor);
    if (!s.type || !s.body) {
      fprintf(stderr, "tracking_baseline: %s: a line without type or body\n", path);
      exit(1);
    }
    if (s.user_id) {  // a known user's events carry their contact's id (26 characters)
      uint64_t h = 1469598103934665603ull;
      for (const char *p = s.user_id; *p; ++p) h = (h ^ (unsigned char)*p) * 1099511628211ull;
      s.contact_id = malloc(27);
      snprintf(s.contact_id, 27, "01JC%022llu", (unsigned long long)(h % 10000000000000000000ull));
    }
    if (n == cap) samples = realloc(samples, (cap *= 2) * sizeof *samples);
    samples[n++] = s;
  }
  free(line);
  fclose(f);
  if (n == 0) {
    fprintf(stderr, "tracking_baseline: %s holds no samples\n", path);
    exit(1);
  }
  *count = n;
  return samples;
}

static void bind_text(sqlite3 *db, sqlite3_stmt *st, int i, const char *text) {
  int rc = text ? sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
  if (rc != SQLITE_OK) die(db, "bind");
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: tracking_baseline DB ROWS SAMPLES plain|indexed [SYNCHRONOUS]\n");
    return 2;
  }
  const char *path = argv[1];
  long long rows = atoll(argv[2]);
  const char *mode = argv[4];
  const char *synchronous = argc > 5 ? argv[5] : "full";
  int indexed = strcmp(mode, "indexed") == 0;
  if (!indexed && strcmp(mode, "plain") != 0) {
    fprintf(stderr, "tracking_baseline: MODE is plain or indexed\n");
    return 2;
  }
  size_t sample_count;
  Sample *samples = read_samples(argv[3], &sample_count);
  rng_state ^= (uint64_t)now_ms() * 0x9E3779B97F4A7C15ull;

  char name[4096];
  static const char *const suffixes[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; ++i) {  // a fresh database
    snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
    remove(name);
  }
  sqlite3 *db;
  if (sqlite3_open(path, &db) != SQLITE_OK) die(db, "open");
  sqlite3_busy_timeout(db, 5000);
  char pragmas[512];
  snprintf(pragmas, sizeof pragmas,
           "PRAGMA journal_mode = WAL; PRAGMA secure_delete = ON; PRAGMA synchronous = %s;"
           " PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;"
           " PRAGMA mmap_size = 268435456;",
           synchronous);
  exec(db, pragmas);
  exec(db,
       "CREATE TABLE event (\n"
       "  seq           INTEGER PRIMARY KEY,\n"
       "  workspace_id  TEXT NOT NULL,\n"
       "  message_id    TEXT NOT NULL,\n"
       "  type          TEXT NOT NULL,\n"
       "  anonymous_id  TEXT,\n"
       "  user_id       TEXT,\n"
       "  contact_id    TEXT,\n"
       "  name          TEXT,\n"
       "  occurred_at   INTEGER NOT NULL,\n"
       "  received_at   INTEGER NOT NULL,\n"
       "  body          TEXT NOT NULL,\n"
       "  source_key_id TEXT\n"
       ") STRICT");
  if (indexed) {
    exec(db, "CREATE UNIQUE INDEX event_by_message ON event (workspace_id, message_id)");
    exec(db, "CREATE INDEX event_by_user ON event (workspace_id, user_id, occurred_at)");
  }
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db,
                         "INSERT OR IGNORE INTO event (workspace_id, message_id, type, anonymous_id,"
                         " user_id, contact_id, name, occurred_at, received_at, body, source_key_id)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                         -1, &st, NULL) != SQLITE_OK) {
    die(db, "prepare");
  }
  sqlite3_stmt *begin, *commit;
  if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL) != SQLITE_OK) {
    die(db, "prepare");
  }
  if (sqlite3_open(path, &ck_db) != SQLITE_OK) die(ck_db, "open");
  snprintf(pragmas, sizeof pragmas, "PRAGMA synchronous = %s", synchronous);
  exec(ck_db, pragmas);
  sqlite3_wal_hook(db, on_commit, NULL);
  pthread_t thread;
  pthread_create(&thread, NULL, checkpointer, NULL);

  const char *workspace = "01M8Q687QZEFNC1ZQTWHCCY1ER";
  const char *source_key = "01M8Q6A1Y3T2D9W0KXG5B7N4RC";
  char message_id[37];
  double start = now_s();
  long long written = 0;
  size_t next = 0;
  while (written < rows) {
    if (sqlite3_step(begin) != SQLITE_DONE) die(db, "begin");
    sqlite3_reset(begin);
    int64_t t = now_ms();
    for (int i = 0; i < kRowsPerTx && written < rows; ++i, ++written) {
      const Sample *s = &samples[next];
      next = (next + 1) % sample_count;
      uuid4(message_id);
      bind_text(db, st, 1, workspace);
      bind_text(db, st, 2, message_id);
      bind_text(db, st, 3, s->type);
      bind_text(db, st, 4, s->anonymous_id);
      bind_text(db, st, 5, s->user_id);
      bind_text(db, st, 6, s->contact_id);
      bind_text(db, st, 7, s->name);
      sqlite3_bind_int64(st, 8, t - (int64_t)(rng() % 5000));
      sqlite3_bind_int64(st, 9, t);
      bind_text(db, st, 10, s->body);
      bind_text(db, st, 11, source_key);
      if (sqlite3_step(st) != SQLITE_DONE) die(db, "insert");
      sqlite3_reset(st);
    }
    if (sqlite3_step(commit) != SQLITE_DONE) die(db, "commit");
    sqlite3_reset(commit);
  }
  double seconds = now_s() - start;

  pthread_mutex_lock(&ck_mu);
  ck_stop = 1;
  pthread_cond_signal(&ck_cv);
  pthread_mutex_unlock(&ck_mu);
  pthread_join(thread, NULL);
  long long body_bytes = 0;
  for (size_t i = 0; i < sample_count; ++i) body_bytes += (long long)strlen(samples[i].body);
  sqlite3_stmt *q;
  int page_size = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &q, NULL) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW) {
    page_size = sqlite3_column_int(q, 0);
  }
  sqlite3_finalize(q);
  printf("mode=%s rows=%lld seconds=%.3f rows_per_s=%.0f body_bytes=%lld journal_mode=wal"
         " synchronous=%s page_size=%d cache_size=64MiB secure_delete=on sqlite=%s\n",
         mode, written, seconds, written / seconds, body_bytes / (long long)sample_count,
         synchronous, page_size, sqlite3_libversion());
  sqlite3_finalize(st);
  sqlite3_finalize(begin);
  sqlite3_finalize(commit);
  sqlite3_close(ck_db);
  sqlite3_close(db);
  return 0;
}
