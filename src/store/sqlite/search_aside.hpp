#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/result.hpp"
#include "store/db.hpp"

namespace tertulia::store::sqlite {

class Connection;

// Stops a full-text index merging its segments as it grows: a bulk load merges once, at the end.
inline constexpr std::string_view kStopSearchMerges =
    "INSERT INTO search_index (search_index, rank) VALUES ('automerge', 0)";

// The full-text index of a bulk load, built in a file of its own by a thread of its own, so that
// tokenising and merging run on another core than the writer's rows; SqliteDb copies it in when
// the load ends.
//
// The writer queues each transaction's full-text statements here and, before committing its
// rows, Commit()s them here (synchronously on disk): the file always holds the documents of
// every committed load transaction, plus those of a transaction whose own commit then failed.
class SearchAsideIndex final : public SearchAside {
 public:
  // Creates `path` afresh with an empty copy of the full-text table, `create_sql`.
  static Result<std::unique_ptr<SearchAsideIndex>> Create(const std::string& path,
                                                          std::string_view create_sql);
  ~SearchAsideIndex() override;  // stops the thread and closes the file (it stays on disk)
  SearchAsideIndex(const SearchAsideIndex&) = delete;
  SearchAsideIndex& operator=(const SearchAsideIndex&) = delete;

  // Queued in the current transaction; waits while the thread is far behind.
  void Exec(std::string_view sql, std::string param) override;
  // Commits the current transaction's statements; the first error of any statement so far.
  Status Commit();
  // Drops the current transaction's statements.
  void Rollback();
  // The writer's commit failed after this index had committed: it now holds documents of
  // records that do not exist, and must be copied in record by record.
  void MarkAhead() { ahead_ = true; }
  bool ahead() const { return ahead_; }
  // Merges the index into one segment on the thread; Merged() waits for it and closes the file.
  void StartMerge();
  Status Merged();

  const std::string& path() const { return path_; }
  // Deletes the file at `path` and its journal.
  static void RemoveFiles(const std::string& path);

 private:
  enum class Step { kExec, kCommit, kRollback, kMerge };
  struct Work {
    Step step;
    std::string sql;
    std::string param;
  };

  SearchAsideIndex(std::string path, std::unique_ptr<Connection> connection);
  // Queues `work` and returns its ticket (the count of work queued so far).
  uint64_t Submit(Work work);
  // Waits until the work of `ticket` is done; the first error so far.
  Status WaitFor(uint64_t ticket);
  void Run();
  Status Do(const Work& work);

  std::string path_;
  std::unique_ptr<Connection> connection_;  // the thread's only
  bool in_transaction_ = false;             // the thread's only
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Work> queue_;
  uint64_t submitted_ = 0;
  uint64_t merge_ticket_ = 0;  // the writer's only
  bool ahead_ = false;         // the writer's only
  uint64_t done_ = 0;
  std::optional<Error> error_;  // the first failure: later work is skipped
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tertulia::store::sqlite
