#include "store/sqlite/connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <charconv>

#include "store/sqlite/wal_write_buffer.hpp"

namespace tertulia::store::sqlite {
namespace {

// Beyond this many distinct statements the cache is dropped and refilled: SQL text is mostly
// constant, so this only bounds memory against dynamically built queries.
constexpr size_t kMaxCachedStatements = 512;

class StatementRow final : public Row {
 public:
  explicit StatementRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int columns() const override { return sqlite3_column_count(stmt_); }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double Real(int column) const override { return sqlite3_column_double(stmt_, column); }
  std::string_view Text(int column) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    int size = sqlite3_column_bytes(stmt_, column);
    return text == nullptr ? std::string_view() : std::string_view(text, static_cast<size_t>(size));
  }

 private:
  sqlite3_stmt* stmt_;
};

// Marks a statement as running; when the call ends, resets it so that it releases its read
// snapshot and locks.
class RunningStatement {
 public:
  RunningStatement(sqlite3_stmt* stmt, int& running) : stmt_(stmt), running_(running) {
    ++running_;
  }
  ~RunningStatement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    --running_;
  }
  RunningStatement(const RunningStatement&) = delete;
  RunningStatement& operator=(const RunningStatement&) = delete;

 private:
  sqlite3_stmt* stmt_;
  int& running_;
};

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return ErrorCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                 ? ErrorCode::kAlreadyExists
                 : ErrorCode::kFailedPrecondition;
    default:
      return ErrorCode::kInternal;
  }
}

std::string_view ClientMessage(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnavailable:
      return "the database is busy or unavailable; try again";
    case ErrorCode::kAlreadyExists:
      return "a record with the same unique key exists";
    case ErrorCode::kFailedPrecondition:
      return "the change violates a database constraint";
    default:
      return "internal error";
  }
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool writer,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, WalWriteBufferVfs());
  std::unique_ptr<Connection> connection(new Connection(db));
  if (rc != SQLITE_OK) {
    return Error::Unavailable(fmt::format("cannot open the database {}", path),
                              db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, prepared] : cache_) sqlite3_finalize(prepared.stmt);
  sqlite3_close_v2(db_);
}

Error Connection::LastError(int rc, std::string_view sql) const {
  ErrorCode code = CodeFor(rc);
  std::string detail =
      fmt::format("sqlite: {} (code {}) in: {}", sqlite3_errmsg(db_), rc, sql.substr(0, 200));
  return Error(code, std::string(ClientMessage(code)), {}, std::move(detail));
}

Status Connection::ExecScript(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    ErrorCode code = CodeFor(rc);
    return Error(code, std::string(ClientMessage(code)), {},
                 fmt::format("sqlite: {} in: {}", detail, sql.substr(0, 200)));
  }
  return OkStatus();
}

Result<Prepared*> Connection::Prepare(std::string_view sql) {
  if (last_ != nullptr && sql == last_text_) return last_;
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    last_ = &it->second;
    last_text_ = it->first;
    return last_;
  }
  if (cache_.size() >= kMaxCachedStatements && running_ == 0) {
    for (auto& [text, prepared] : cache_) sqlite3_finalize(prepared.stmt);
    cache_.clear();
    last_ = nullptr;
  }
  Prepared prepared;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &prepared.stmt, nullptr);
  if (rc != SQLITE_OK) return LastError(rc, sql);
  int slots = sqlite3_bind_parameter_count(prepared.stmt);
  for (int slot = 1; slot <= slots; ++slot) {
    const char* name = sqlite3_bind_parameter_name(prepared.stmt, slot);
    int number = 0;
    if (name == nullptr || name[0] != '$' ||
        std::from_chars(name + 1, name + std::char_traits<char>::length(name), number).ec !=
            std::errc{} ||
        number < 1) {
      sqlite3_finalize(prepared.stmt);
      return Error::Internal(fmt::format("parameters must be $1, $2, ... in: {}", sql));
    }
    prepared.param_of_slot.push_back(number - 1);
  }
  return &cache_.emplace(std::string(sql), std::move(prepared)).first->second;
}

Status Connection::Bind(const Prepared& prepared, std::span<const Param> params) {
  for (size_t i = 0; i < prepared.param_of_slot.size(); ++i) {
    auto index = static_cast<size_t>(prepared.param_of_slot[i]);
    if (index >= params.size()) {
      return Error::Internal(fmt::format("missing parameter ${}", index + 1));
    }
    int slot = static_cast<int>(i) + 1;
    const auto& value = params[index].value();
    int rc = SQLITE_OK;
    if (const auto* n = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(prepared.stmt, slot, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(prepared.stmt, slot, *d);
    } else if (const auto* s = std::get_if<std::string_view>(&value)) {
      // SQLITE_STATIC: the caller's strings outlive the statement's use (see Param).
      rc = sqlite3_bind_text64(prepared.stmt, slot, s->data(), s->size(), SQLITE_STATIC,
                               SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(prepared.stmt, slot);
    }
    if (rc != SQLITE_OK) return LastError(rc, sqlite3_sql(prepared.stmt));
  }
  return OkStatus();
}

Result<int64_t> Connection::Exec(std::string_view sql, std::span<const Param> params) {
  TT_ASSIGN_OR_RETURN(Prepared * prepared, Prepare(sql));
  RunningStatement running(prepared->stmt, running_);
  TT_RETURN_IF_ERROR(Bind(*prepared, params));
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) rc = sqlite3_step(prepared->stmt);
  if (rc != SQLITE_DONE) return LastError(rc, sql);
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Result<int64_t> Connection::Insert(std::string_view sql, std::span<const Param> params) {
  TT_RETURN_IF_ERROR(Exec(sql, params));
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Status Connection::Query(std::string_view sql, std::span<const Param> params,
                         const RowCallback& on_row) {
  TT_ASSIGN_OR_RETURN(Prepared * prepared, Prepare(sql));
  RunningStatement running(prepared->stmt, running_);
  TT_RETURN_IF_ERROR(Bind(*prepared, params));
  StatementRow row(prepared->stmt);
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(prepared->stmt)) == SQLITE_ROW) on_row(row);
  if (rc != SQLITE_DONE) return LastError(rc, sql);
  return OkStatus();
}

}  // namespace tertulia::store::sqlite
