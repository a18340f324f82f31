#include "store/sqlite/sqlite_db.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <semaphore>
#include <vector>

#include "store/migrate.hpp"
#include "store/sqlite/connection.hpp"

namespace tertulia::store::sqlite {

std::span<const Migration> Migrations();  // migrations.cpp

namespace {

// A transaction on a connection it borrows. `release` gives the connection back (to the pool, or
// unlocks the writer) after the transaction has ended.
class SqliteTx final : public Tx {
 public:
  SqliteTx(Connection& connection, std::function<void()> release)
      : connection_(connection), release_(std::move(release)) {}

  ~SqliteTx() override {
    if (!ended_) (void)connection_.ExecScript("ROLLBACK");
    release_();
  }
  SqliteTx(const SqliteTx&) = delete;
  SqliteTx& operator=(const SqliteTx&) = delete;

  Result<int64_t> Exec(std::string_view sql, std::span<const Param> params) override {
    return connection_.Exec(sql, params);
  }
  Status Query(std::string_view sql, std::span<const Param> params,
               const RowCallback& on_row) override {
    return connection_.Query(sql, params, on_row);
  }
  Status ExecScript(std::string_view sql) override { return connection_.ExecScript(sql); }
  Status Commit() override {
    Status committed = connection_.ExecScript("COMMIT");
    if (!committed.ok()) {
      (void)connection_.ExecScript("ROLLBACK");
    }
    ended_ = true;
    return committed;
  }
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  Connection& connection_;
  std::function<void()> release_;
  bool ended_ = false;
};

class SqliteDb final : public Db {
 public:
  SqliteDb(std::string path, std::unique_ptr<Connection> writer,
           std::vector<std::unique_ptr<Connection>> readers)
      : path_(std::move(path)), writer_(std::move(writer)), readers_(std::move(readers)) {
    for (auto& reader : readers_) idle_readers_.push_back(reader.get());
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
    writer_slot_.acquire();
    // IMMEDIATE takes the write lock now, so a busy database fails here and not mid-transaction.
    Status begun = writer_->ExecScript("BEGIN IMMEDIATE");
    if (!begun.ok()) {
      writer_slot_.release();
      return std::move(begun).error();
    }
    return std::unique_ptr<Tx>(new SqliteTx(*writer_, [this] { writer_slot_.release(); }));
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::span<const Migration> migrations() const override { return Migrations(); }
  std::string Describe() const override { return "sqlite:" + path_; }

 private:
  std::string path_;
  std::unique_ptr<Connection> writer_;
  // A semaphore rather than a mutex: the transaction may end on another thread than it began.
  std::binary_semaphore writer_slot_{1};
  std::vector<std::unique_ptr<Connection>> readers_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<Connection*> idle_readers_;
};

Status Configure(Connection& connection, const Options& options, bool writer) {
  // WAL: readers never block the writer and see a consistent snapshot.
  if (writer) TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA journal_mode = WAL"));
  TT_RETURN_IF_ERROR(
      connection.ExecScript(fmt::format("PRAGMA synchronous = {}", options.synchronous)));
  TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA foreign_keys = ON"));
  TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA temp_store = MEMORY"));
  TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA cache_size = -32768"));  // 32 MiB
  if (!writer) TT_RETURN_IF_ERROR(connection.ExecScript("PRAGMA query_only = ON"));
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<Db>> Open(const Options& options) {
  int busy_ms = static_cast<int>(options.busy_timeout.count());
  TT_ASSIGN_OR_RETURN(auto writer, Connection::Open(options.path, true, busy_ms));
  Status configured = Configure(*writer, options, true);
  if (!configured.ok()) {
    return Error::Unavailable(fmt::format("cannot use {} as an SQLite database", options.path),
                              configured.error().ToString());
  }
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    TT_ASSIGN_OR_RETURN(auto reader, Connection::Open(options.path, false, busy_ms));
    TT_RETURN_IF_ERROR(Configure(*reader, options, false));
    readers.push_back(std::move(reader));
  }
  return std::unique_ptr<Db>(new SqliteDb(options.path, std::move(writer), std::move(readers)));
}

}  // namespace tertulia::store::sqlite
