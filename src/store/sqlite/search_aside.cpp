#include "store/sqlite/search_aside.hpp"

#include <array>
#include <filesystem>

#include "store/sqlite/connection.hpp"

namespace tertulia::store::sqlite {
namespace {

// Full-text statements queued beyond this make the writer wait: each holds a batch of documents.
constexpr size_t kMaxQueued = 4;

// A rollback journal, synced at each commit: appending segments journals little, and a commit
// here is durable before the writer commits the rows it indexes.
constexpr std::string_view kConfigure =
    "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;"
    " PRAGMA temp_store = MEMORY";
constexpr std::string_view kMerge =
    "BEGIN; INSERT INTO search_index (search_index) VALUES ('optimize'); COMMIT";

}  // namespace

Result<std::unique_ptr<SearchAsideIndex>> SearchAsideIndex::Create(const std::string& path,
                                                                   std::string_view create_sql) {
  RemoveFiles(path);
  TT_ASSIGN_OR_RETURN(auto connection, Connection::Open(path, true, 5000));
  TT_RETURN_IF_ERROR(connection->ExecScript(kConfigure));
  TT_RETURN_IF_ERROR(connection->ExecScript(create_sql));
  TT_RETURN_IF_ERROR(connection->ExecScript(kStopSearchMerges));
  return std::unique_ptr<SearchAsideIndex>(new SearchAsideIndex(path, std::move(connection)));
}

void SearchAsideIndex::RemoveFiles(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal"}) std::filesystem::remove(path + suffix, ignored);
}

SearchAsideIndex::SearchAsideIndex(std::string path, std::unique_ptr<Connection> connection)
    : path_(std::move(path)), connection_(std::move(connection)), thread_([this] { Run(); }) {}

SearchAsideIndex::~SearchAsideIndex() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SearchAsideIndex::Exec(std::string_view sql, std::string param) {
  Submit({Step::kExec, std::string(sql), std::move(param)});
}

Status SearchAsideIndex::Commit() { return WaitFor(Submit({Step::kCommit, {}, {}})); }

void SearchAsideIndex::Rollback() { Submit({Step::kRollback, {}, {}}); }

void SearchAsideIndex::StartMerge() { merge_ticket_ = Submit({Step::kMerge, {}, {}}); }

Status SearchAsideIndex::Merged() {
  Status merged = WaitFor(merge_ticket_);
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  connection_.reset();
  return merged;
}

uint64_t SearchAsideIndex::Submit(Work work) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return queue_.size() < kMaxQueued || stopping_; });
  queue_.push_back(std::move(work));
  cv_.notify_all();
  return ++submitted_;
}

Status SearchAsideIndex::WaitFor(uint64_t ticket) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return done_ >= ticket; });
  if (error_) return *error_;
  return OkStatus();
}

void SearchAsideIndex::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) break;
    Work work = std::move(queue_.front());
    queue_.pop_front();
    bool failed = error_.has_value();
    cv_.notify_all();  // room in the queue
    lock.unlock();
    Status done = failed ? OkStatus() : Do(work);
    lock.lock();
    if (!done.ok() && !error_) error_ = std::move(done).error();
    ++done_;
    cv_.notify_all();
  }
  if (in_transaction_) (void)connection_->ExecScript("ROLLBACK");
}

Status SearchAsideIndex::Do(const Work& work) {
  switch (work.step) {
    case Step::kExec: {
      if (!in_transaction_) TT_RETURN_IF_ERROR(connection_->ExecScript("BEGIN"));
      in_transaction_ = true;
      std::array<Param, 1> params = {Param(work.param)};
      auto changed = connection_->Exec(work.sql, params);
      if (!changed.ok()) return std::move(changed).error();
      return OkStatus();
    }
    case Step::kCommit: {
      if (!in_transaction_) return OkStatus();
      in_transaction_ = false;
      Status committed = connection_->ExecScript("COMMIT");
      if (!committed.ok()) (void)connection_->ExecScript("ROLLBACK");
      return committed;
    }
    case Step::kRollback:
      if (!in_transaction_) return OkStatus();
      in_transaction_ = false;
      return connection_->ExecScript("ROLLBACK");
    case Step::kMerge:
      return connection_->ExecScript(kMerge);
  }
  return OkStatus();
}

}  // namespace tertulia::store::sqlite
