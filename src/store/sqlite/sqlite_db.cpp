#include "store/sqlite/sqlite_db.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "store/event_repo.hpp"
#include "store/migrate.hpp"
#include "store/record_sql.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/search_aside.hpp"

namespace tertulia::store::sqlite {

std::span<const Migration> Migrations();  // migrations.cpp

namespace {
// A connection to options.path set up for the writer (`writer`) or for reading.
Result<std::unique_ptr<Connection>> OpenConnection(const Options& options, bool writer);
}  // namespace

namespace {

// Where a write transaction stands in the writer connection's sequence (Tx::number, follows).
struct WriteOrder {
  uint64_t number = 0;
  uint64_t follows = 0;
  uint64_t* last_committed = nullptr;  // set to `number` on commit
};

// A transaction on a connection it borrows. `release` gives the connection back (to the pool, or
// unlocks the writer) after the transaction has ended.
class SqliteTx final : public Tx {
 public:
  SqliteTx(Connection& connection, std::function<void()> release, WriteOrder order = {},
           SearchAsideIndex* aside = nullptr)
      : connection_(connection), release_(std::move(release)), order_(order), aside_(aside) {}

  ~SqliteTx() override {
    if (!ended_) Rollback();
    release_();
  }
  SqliteTx(const SqliteTx&) = delete;
  SqliteTx& operator=(const SqliteTx&) = delete;

  Result<int64_t> Exec(std::string_view sql, std::span<const Param> params) override {
    return connection_.Exec(sql, params);
  }
  Result<int64_t> Insert(std::string_view sql, std::span<const Param> params) override {
    return connection_.Insert(sql, params);
  }
  Status Query(std::string_view sql, std::span<const Param> params,
               const RowCallback& on_row) override {
    return connection_.Query(sql, params, on_row);
  }
  Status ExecScript(std::string_view sql) override { return connection_.ExecScript(sql); }
  Status Commit() override {
    Status deferred = RunDeferred();
    // The full-text writes made aside are durable there before the rows they index commit.
    if (deferred.ok() && aside_used_) deferred = aside_->Commit();
    if (!deferred.ok()) {
      Rollback();
      ended_ = true;
      return deferred;
    }
    Status committed = connection_.ExecScript("COMMIT");
    if (!committed.ok()) {
      (void)connection_.ExecScript("ROLLBACK");
      if (aside_used_) aside_->MarkAhead();
    } else if (order_.last_committed != nullptr) {
      *order_.last_committed = order_.number;
    }
    ended_ = true;
    return committed;
  }
  Dialect dialect() const override { return Dialect::kSqlite; }
  uint64_t number() const override { return order_.number; }
  uint64_t follows() const override { return order_.follows; }
  SearchAside* search_aside() override {
    aside_used_ = aside_ != nullptr;
    return aside_;
  }

 private:
  void Rollback() {
    (void)connection_.ExecScript("ROLLBACK");
    if (aside_used_) aside_->Rollback();
  }

  Connection& connection_;
  std::function<void()> release_;
  WriteOrder order_;
  SearchAsideIndex* aside_;  // the bulk load's full-text index, if built aside
  bool aside_used_ = false;
  bool ended_ = false;
};

// Secondary indexes dropped for a bulk load, to rebuild when it ends (or after a crash); the
// deferred_index table is created by migration 2.
constexpr std::string_view kSecondaryIndexes =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1"
    " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'";
constexpr std::string_view kRecordDeferredIndex =
    "INSERT OR REPLACE INTO deferred_index (name, sql) VALUES ($1, $2)";
// The deferred_index entry ($1 below) that holds the file of a bulk load's full-text index
// built aside, until it is copied in.
constexpr std::string_view kSearchAsideEntry = "~search_aside";
constexpr std::string_view kDeferredIndexes =
    "SELECT sql FROM deferred_index WHERE name <> $1 ORDER BY name";
constexpr std::string_view kForgetDeferredIndexes = "DELETE FROM deferred_index WHERE name <> $1";
constexpr std::string_view kSearchAsideFile = "SELECT sql FROM deferred_index WHERE name = $1";
constexpr std::string_view kForgetSearchAside = "DELETE FROM deferred_index WHERE name = $1";
constexpr std::string_view kAttachSearchAside = "ATTACH DATABASE $1 AS search_aside";
constexpr std::string_view kSearchIndexEmpty =
    "SELECT NOT EXISTS (SELECT 1 FROM main.search_index_docsize)";
constexpr std::string_view kSearchIndexSql =
    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'search_index'";
// Into an empty index, the index aside is copied as it is, shadow table by shadow table: it was
// made by the same CREATE statement, and merged.
constexpr std::string_view kCopySearchAside =
    "DELETE FROM main.search_index_data; DELETE FROM main.search_index_idx;"
    " DELETE FROM main.search_index_content; DELETE FROM main.search_index_docsize;"
    " INSERT INTO main.search_index_data SELECT * FROM search_aside.search_index_data;"
    " INSERT INTO main.search_index_idx SELECT * FROM search_aside.search_index_idx;"
    " INSERT INTO main.search_index_content SELECT * FROM search_aside.search_index_content;"
    " INSERT INTO main.search_index_docsize SELECT * FROM search_aside.search_index_docsize";
constexpr std::string_view kMergeSearchSegments =
    "INSERT INTO search_index (search_index) VALUES ('optimize');"
    " INSERT INTO search_index (search_index, rank) VALUES ('automerge', 4)";

// Copies committed pages from the WAL back into the database file on its own thread and
// connection, so that the writer never pays for checkpoints (on a 2-core machine this moves a
// tenth of the write cost to the other core). PASSIVE checkpoints never block anyone.
class Checkpointer {
 public:
  // Pages in the WAL after which a checkpoint is started (4 MiB), and after which the writer
  // checkpoints itself because this thread cannot keep up (256 MiB).
  static constexpr int kStartPages = 1024;
  static constexpr int kWriterPages = 65536;

  explicit Checkpointer(std::unique_ptr<Connection> connection)
      : connection_(std::move(connection)), thread_([this] { Run(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installed as the writer's WAL hook: runs after each commit.
  static int OnCommit(void* self, sqlite3* db, const char* schema, int pages) {
    if (pages >= kWriterPages) {
      sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (pages >= kStartPages) {
      static_cast<Checkpointer*>(self)->Wake();
    }
    return SQLITE_OK;
  }

 private:
  void Wake() {
    {
      std::lock_guard lock(mu_);
      pending_ = true;
    }
    cv_.notify_one();
  }

  void Run() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      cv_.wait(lock, [&] { return pending_ || stop_; });
      if (stop_) break;
      pending_ = false;
      lock.unlock();
      sqlite3_wal_checkpoint_v2(connection_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                nullptr);
      lock.lock();
    }
  }

  std::unique_ptr<Connection> connection_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool stop_ = false;
  std::thread thread_;
};

class SqliteDb final : public Db {
 public:
  SqliteDb(Options options, std::unique_ptr<Connection> writer,
           std::vector<std::unique_ptr<Connection>> readers,
           std::unique_ptr<Connection> checkpoint_connection)
      : options_(std::move(options)),
        writer_(std::move(writer)),
        readers_(std::move(readers)),
        checkpointer_(std::make_unique<Checkpointer>(std::move(checkpoint_connection))) {
    for (auto& reader : readers_) idle_readers_.push_back(reader.get());
    sqlite3_wal_hook(writer_->handle(), &Checkpointer::OnCommit, checkpointer_.get());
  }

  ~SqliteDb() override {
    sqlite3_wal_hook(writer_->handle(), nullptr, nullptr);
    checkpointer_.reset();
    if (wal_fd_ >= 0) close(wal_fd_);
  }

  Result<std::unique_ptr<Tx>> BeginRead() override {
    Connection* connection = nullptr;
    {
      std::unique_lock lock(pool_mu_);
      pool_cv_.wait(lock, [&] { return !idle_readers_.empty(); });
      connection = idle_readers_.back();
      idle_readers_.pop_back();
    }
    auto release = [this, connection] {
      {
        std::lock_guard lock(pool_mu_);
        idle_readers_.push_back(connection);
      }
      pool_cv_.notify_one();
    };
    Status begun = connection->ExecScript("BEGIN");
    if (!begun.ok()) {
      release();
      return std::move(begun).error();
    }
    return std::unique_ptr<Tx>(new SqliteTx(*connection, release));
  }

  Result<std::unique_ptr<Tx>> BeginWrite() override {
    // IMMEDIATE takes the write lock now, so a busy database fails here and not mid-transaction.
    return Begin(*writer_, "BEGIN IMMEDIATE");
  }

  // With synchronous = NORMAL a WAL commit is not synced; the next synced commit (or checkpoint)
  // syncs the log up to and including it, and recovery drops a commit whose frames are not all
  // there.
  Result<std::unique_ptr<Tx>> BeginUnsyncedWrite() override {
    if (!SyncsEachCommit()) return BeginWrite();
    return Begin(*writer_, "PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE",
                 fmt::format("PRAGMA synchronous = {}", options_.synchronous));
  }

  // Commits are in the write-ahead log, in order: syncing the log's file makes them all durable
  // (recovery replays the log). Syncing the file through a descriptor of our own is the same
  // as through SQLite's: the kernel syncs the file, whichever descriptor wrote it.
  Status SyncCommitted() override {
    if (!SyncsEachCommit()) return OkStatus();  // the configuration chose not to wait
    std::lock_guard lock(wal_mu_);
    if (wal_fd_ < 0) TT_RETURN_IF_ERROR(OpenWal());
    if (fdatasync(wal_fd_) != 0) {
      return Error::Unavailable("the write-ahead log could not be synced", std::strerror(errno));
    }
    return OkStatus();
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::span<const Migration> migrations() const override { return Migrations(); }

  Status BeginBulkLoad(std::span<const std::string_view> tables) override {
    TT_ASSIGN_OR_RETURN(auto tx, BeginWrite());
    std::vector<std::pair<std::string, std::string>> indexes;
    for (std::string_view table : tables) {
      TT_RETURN_IF_ERROR(tx->Query(kSecondaryIndexes, {table}, [&](const Row& row) {
        indexes.emplace_back(row.String(0), row.String(1));
      }));
    }
    for (const auto& [name, sql] : indexes) {
      TT_RETURN_IF_ERROR(tx->Exec(kRecordDeferredIndex, {name, sql}));
      TT_RETURN_IF_ERROR(tx->ExecScript("DROP INDEX \"" + name + "\""));
    }
    // The full-text index stops merging its segments while loading and merges them once at the
    // end: a quarter less work than merging as it goes.
    TT_RETURN_IF_ERROR(tx->ExecScript(kStopSearchMerges));
    TT_RETURN_IF_ERROR(tx->Exec(kRecordDeferredIndex, {"~search_index", kMergeSearchSegments}));
    TT_RETURN_IF_ERROR(StartSearchAside(*tx));
    Status committed = tx->Commit();
    if (!committed.ok()) search_aside_.reset();
    return committed;
  }

  // The full-text index aside is merged on its thread while this one rebuilds the indexes.
  Status FinishBulkLoad(const BulkLoadProgress& progress) override {
    auto report = [&progress](std::string_view step, size_t done, size_t total) {
      if (progress) progress(step, done, total);
    };
    Status rebuilt = RebuildDeferredIndexes(report);
    Status copied = CopySearchAside(report);
    TT_RETURN_IF_ERROR(rebuilt);
    return copied;
  }
  std::string Describe() const override { return "sqlite:" + options_.path; }

  Status Scrub() override {
    {
      TT_ASSIGN_OR_RETURN(auto tx, BeginWrite());
      TT_RETURN_IF_ERROR(
          tx->ExecScript("INSERT INTO search_index(search_index) VALUES('optimize')"));
      TT_RETURN_IF_ERROR(tx->Commit());
    }
    // TRUNCATE waits for readers (busy timeout) and fails if one still holds an old snapshot;
    // a few tries let in-flight reads end.
    writer_slot_.acquire();
    int rc = SQLITE_BUSY;
    for (int attempt = 0; attempt < 20 && rc != SQLITE_OK; ++attempt) {
      rc = sqlite3_wal_checkpoint_v2(writer_->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                     nullptr, nullptr);
      if (rc != SQLITE_OK) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    writer_slot_.release();
    if (rc != SQLITE_OK) {
      return Error::Unavailable("the write-ahead log could not be emptied; try again",
                                sqlite3_errstr(rc));
    }
    return OkStatus();
  }

 private:
  // A transaction on the writer connection (one at a time).
  // `after`: what to run once the transaction has ended (to undo settings `begin` made).
  Result<std::unique_ptr<Tx>> Begin(Connection& connection, std::string_view begin,
                                    std::string after = {}) {
    writer_slot_.acquire();
    auto release = [this, &connection, after = std::move(after)] {
      if (!after.empty()) (void)connection.ExecScript(after);
      writer_slot_.release();
    };
    Status begun = connection.ExecScript(begin);
    if (!begun.ok()) {
      release();
      return std::move(begun).error();
    }
    return std::unique_ptr<Tx>(
        new SqliteTx(connection, std::move(release), NextWrite(), search_aside_.get()));
  }

  // Into an empty full-text index, a bulk load builds its index aside, in a file next to the
  // database's, recorded in `tx` for a crash to find.
  Status StartSearchAside(Tx& tx) {
    const std::string& path = options_.path;
    bool plain_file = !path.empty() && path != ":memory:" && !path.starts_with("file:");
    if (search_aside_ || !plain_file) return OkStatus();
    TT_ASSIGN_OR_RETURN(int64_t empty, tx.QueryInt(kSearchIndexEmpty));
    if (empty == 0) return OkStatus();
    std::string create_sql;
    TT_RETURN_IF_ERROR(
        tx.Query(kSearchIndexSql, {}, [&](const Row& row) { create_sql = row.String(0); }));
    std::string file = std::filesystem::absolute(path).string() + "-search-aside";
    TT_RETURN_IF_ERROR(tx.Exec(kRecordDeferredIndex, {kSearchAsideEntry, file}));
    TT_ASSIGN_OR_RETURN(search_aside_, SearchAsideIndex::Create(file, create_sql));
    return OkStatus();
  }

  Status RebuildDeferredIndexes(const BulkLoadProgress& report) {
    TT_ASSIGN_OR_RETURN(auto tx, BeginWrite());
    if (search_aside_) search_aside_->StartMerge();
    std::vector<std::string> statements;
    TT_RETURN_IF_ERROR(tx->Query(kDeferredIndexes, {kSearchAsideEntry},
                                 [&](const Row& row) { statements.push_back(row.String(0)); }));
    for (size_t i = 0; i < statements.size(); ++i) {
      report("indexes", i, statements.size());
      TT_RETURN_IF_ERROR(tx->ExecScript(statements[i]));
    }
    TT_RETURN_IF_ERROR(tx->Exec(kForgetDeferredIndexes, {kSearchAsideEntry}));
    TT_RETURN_IF_ERROR(tx->Commit());  // seconds: the new indexes' pages go to the log
    report("indexes", statements.size(), statements.size());
    return OkStatus();
  }

  // Brings in the full-text index built aside: whole into an empty index when it holds exactly
  // what was committed; otherwise (after a crash, or a failed commit) the documents of the
  // records that exist, indexed again.
  Status CopySearchAside(const BulkLoadProgress& report) {
    std::string file;
    std::unique_ptr<SearchAsideIndex> aside;
    {
      TT_ASSIGN_OR_RETURN(auto tx, BeginWrite());  // search_aside_ is the writer's
      aside = std::move(search_aside_);
      TT_RETURN_IF_ERROR(tx->Query(kSearchAsideFile, {kSearchAsideEntry},
                                   [&](const Row& row) { file = row.String(0); }));
    }
    if (file.empty()) return OkStatus();
    report("search index", 0, 2);
    bool exact = false;
    if (aside) {
      Status merged = aside->Merged();
      exact = merged.ok() && !aside->ahead();
      aside.reset();
    }
    report("search index", 1, 2);
    Status copied =
        std::filesystem::exists(file) ? CopySearchFile(file, exact) : ForgetSearchAside();
    if (!copied.ok()) return copied;
    SearchAsideIndex::RemoveFiles(file);
    report("search index", 2, 2);
    return OkStatus();
  }

  Status CopySearchFile(const std::string& file, bool exact) {
    TT_ASSIGN_OR_RETURN(auto tx, BeginOnOwnConnection(file));
    TT_ASSIGN_OR_RETURN(int64_t empty, tx->QueryInt(kSearchIndexEmpty));
    if (exact && empty == 1) {
      TT_RETURN_IF_ERROR(tx->ExecScript(kCopySearchAside));
    } else {
      TT_RETURN_IF_ERROR(tx->ExecScript(IndexCommittedFromAside()));
      TT_RETURN_IF_ERROR(
          tx->ExecScript("INSERT INTO main.search_index (search_index) VALUES ('optimize')"));
    }
    TT_RETURN_IF_ERROR(tx->Exec(kForgetSearchAside, {kSearchAsideEntry}));
    return tx->Commit();
  }

  // A write transaction on a connection opened for it and closed after it. FTS5 keeps an
  // index's structure cached per connection and checks it against PRAGMA data_version, which
  // only another connection's commit changes: shadow tables written by the writer connection
  // itself would leave it working from a stale structure.
  // `attach`: a database file to attach as search_aside first.
  Result<std::unique_ptr<Tx>> BeginOnOwnConnection(const std::string& attach) {
    writer_slot_.acquire();
    auto opened = OpenConnection(options_, true);
    Status begun = [&]() -> Status {
      if (!opened.ok()) return opened.error();
      std::array<Param, 1> file = {Param(attach)};
      TT_RETURN_IF_ERROR((*opened)->Exec(kAttachSearchAside, file));
      return (*opened)->ExecScript("BEGIN IMMEDIATE");
    }();
    if (!begun.ok()) {
      writer_slot_.release();
      return std::move(begun).error();
    }
    std::shared_ptr<Connection> connection = std::move(opened).value();
    auto release = [this, connection] { writer_slot_.release(); };
    return std::unique_ptr<Tx>(new SqliteTx(*connection, std::move(release)));
  }

  Status ForgetSearchAside() {
    TT_ASSIGN_OR_RETURN(auto tx, BeginWrite());
    TT_RETURN_IF_ERROR(tx->Exec(kForgetSearchAside, {kSearchAsideEntry}));
    return tx->Commit();
  }

  // The documents aside whose record exists (the rowid is seq * 8 + the kind's code) and that
  // are not indexed yet.
  static std::string IndexCommittedFromAside() {
    auto exists = [](SearchKind kind, std::string_view table) {
      return fmt::format(
          "WHEN {} THEN EXISTS (SELECT 1 FROM main.{} AS r WHERE r.seq = a.rowid / 8 AND r.id = "
          "a.record_id)",
          static_cast<int>(kind), table);
    };
    return fmt::format(
        "INSERT INTO main.search_index (rowid, title, body, kind, record_id, workspace_id)"
        " SELECT a.rowid, a.title, a.body, a.kind, a.record_id, a.workspace_id"
        " FROM search_aside.search_index AS a"
        " WHERE NOT EXISTS (SELECT 1 FROM main.search_index_docsize AS d WHERE d.id = a.rowid)"
        " AND CASE a.rowid % 8 {} {} {} ELSE 0 END",
        exists(SearchKind::kContact, "contact"), exists(SearchKind::kCompany, "company"),
        exists(SearchKind::kInteraction, "interaction"));
  }

  // Under the writer slot, in the transaction just begun. PRAGMA data_version changes when
  // another connection (another process: this one writes through writer_ only) has committed.
  WriteOrder NextWrite() {
    int64_t version = -1;
    (void)writer_->Query("PRAGMA data_version", {}, [&](const Row& row) { version = row.Int(0); });
    if (version < 0 || version != data_version_) last_committed_ = 0;
    data_version_ = version;
    return {++last_number_, last_committed_, &last_committed_};
  }

  bool SyncsEachCommit() const {
    return options_.synchronous == "full" || options_.synchronous == "extra";
  }

  // The log's file exists once the writer has written to it; its directory entry is synced
  // once, as SQLite does when it creates the file and syncs it first.
  Status OpenWal() {
    const char* wal = sqlite3_filename_wal(sqlite3_db_filename(writer_->handle(), "main"));
    if (wal == nullptr || *wal == '\0') return Error::Internal("the database has no log file");
    int fd = open(wal, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return Error::Unavailable(fmt::format("cannot open the write-ahead log {}", wal),
                                std::strerror(errno));
    }
    std::string directory = std::filesystem::path(wal).parent_path().string();
    int dir_fd = open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_CLOEXEC);
    bool dir_synced = dir_fd >= 0 && fsync(dir_fd) == 0;
    if (dir_fd >= 0) close(dir_fd);
    if (!dir_synced) {
      close(fd);
      return Error::Unavailable("cannot sync the database's directory", std::strerror(errno));
    }
    wal_fd_ = fd;
    return OkStatus();
  }

  Options options_;
  std::mutex wal_mu_;
  int wal_fd_ = -1;  // the write-ahead log, for SyncCommitted()
  std::unique_ptr<Connection> writer_;
  // A semaphore rather than a mutex: the transaction may end on another thread than it began.
  std::binary_semaphore writer_slot_{1};
  // Under writer_slot_: the last write transaction's number, the last committed one's (0 when
  // unknown) and the data version the last one began on.
  uint64_t last_number_ = 0;
  uint64_t last_committed_ = 0;
  int64_t data_version_ = -1;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> idle_readers_;
  std::unique_ptr<Checkpointer> checkpointer_;
  // A bulk load's full-text index while it is built aside (under writer_slot_).
  std::unique_ptr<SearchAsideIndex> search_aside_;
};

// tt_person_key(workspace_id, kind, person): PersonIndexKey, NULL when the person is.
void PersonKey(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
  std::array<std::string_view, 3> parts;
  for (int i = 0; i < 3; ++i) {  // registered with three arguments
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
      sqlite3_result_null(context);
      return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[i]));
    parts[static_cast<size_t>(i)] =
        std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[i])));
  }
  sqlite3_result_int64(context, PersonIndexKey(parts[0], parts[1], parts[2]));
}

Status Configure(Connection& connection, const Options& options, bool writer) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  if (sqlite3_create_function(connection.handle(), "tt_person_key", 3, kFlags, nullptr, &PersonKey,
                              nullptr, nullptr) != SQLITE_OK) {
    return Error::Internal("cannot register tt_person_key");
  }
  // WAL: readers never block the writer and see a consistent snapshot.
  if (writer) TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA journal_mode = WAL"));
  // Deleted content is overwritten with zeros, so an erased person leaves no trace in free
  // space; the cost is a little more I/O on deletes.
  if (writer) TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA secure_delete = ON"));
  TT_RETURN_IF_ERROR(
      connection.ExecScript(fmt::format("PRAGMA synchronous = {}", options.synchronous)));
  TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA foreign_keys = ON"));
  TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA temp_store = MEMORY"));
  // Negative cache_size is in KiB.
  TT_RETURN_IF_ERROR(connection.ExecScript(
      fmt::format("PRAGMA cache_size = -{}", std::max<size_t>(1024, options.cache_bytes / 1024))));
  TT_RETURN_IF_ERROR(
      connection.ExecScript(fmt::format("PRAGMA mmap_size = {}", options.mmap_bytes)));
  if (!writer) TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA query_only = ON"));
  return OkStatus();
}

Result<std::unique_ptr<Connection>> OpenConnection(const Options& options, bool writer) {
  int busy_ms = static_cast<int>(options.busy_timeout.count());
  TT_ASSIGN_OR_RETURN(auto connection, Connection::Open(options.path, writer, busy_ms));
  TT_RETURN_IF_ERROR(Configure(*connection, options, writer));
  return connection;
}

}  // namespace

Result<std::unique_ptr<Db>> Open(const Options& options) {
  // Memory statistics cost a global mutex per allocation; Tertulia does not read them. This must
  // precede the library's initialisation, so it is done once, before the first connection.
  static const int memstatus_off = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }();
  (void)memstatus_off;
  int busy_ms = static_cast<int>(options.busy_timeout.count());
  TT_ASSIGN_OR_RETURN(auto writer, Connection::Open(options.path, true, busy_ms));
  Status configured = Configure(*writer, options, true);
  if (!configured.ok()) {
    return Error::Unavailable(fmt::format("cannot use {} as an SQLite database", options.path),
                              configured.error().ToString());
  }
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    TT_ASSIGN_OR_RETURN(auto reader, OpenConnection(options, false));
    readers.push_back(std::move(reader));
  }
  TT_ASSIGN_OR_RETURN(auto checkpoint_connection, Connection::Open(options.path, false, busy_ms));
  TT_RETURN_IF_ERROR(checkpoint_connection->ExecScript(
      fmt::format("PRAGMA synchronous = {}", options.synchronous)));
  return std::unique_ptr<Db>(new SqliteDb(options, std::move(writer), std::move(readers),
                                          std::move(checkpoint_connection)));
}

}  // namespace tertulia::store::sqlite
