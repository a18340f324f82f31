#pragma once

#include <condition_variable>
#include <cstddef>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

namespace tertulia::ingest {

// What one submission to the tracking writer came to once committed.
struct WriteSummary {
  size_t stored = 0;
  size_t duplicates = 0;  // message ids the workspace had already: acknowledged, not stored
};

// Answers the tracking writer's submitters once their commit is durable. The writer commits
// without waiting for the disk (Db::BeginUnsyncedWrite) and hands the outcomes here; this
// class's thread syncs the database (Db::SyncCommitted), once for every commit made meanwhile,
// and then fulfils them. So the writer writes its next transaction while the disk syncs the
// last ones, instead of after. Outcomes are fulfilled in the order handed over; failures at
// once, since nothing of them needs to be durable. After a failed sync, every outcome fails.
// Thread-safe.
class DurableAcks {
 public:
  using Promise = std::promise<Result<WriteSummary>>;
  struct Outcome {
    Promise done;
    Result<WriteSummary> result;
  };

  explicit DurableAcks(store::Db& db);
  // Syncs and fulfils what was handed over, then stops.
  ~DurableAcks();
  DurableAcks(const DurableAcks&) = delete;
  DurableAcks& operator=(const DurableAcks&) = delete;

  // REQUIRES: the commits of the outcomes' writes have returned.
  void Acknowledge(std::vector<Outcome> outcomes);

 private:
  void Run();

  store::Db& db_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<Outcome> committed_;  // waiting for the next sync
  bool stopping_ = false;
  std::optional<Error> failed_;  // the first failed sync: every later outcome fails with it
  std::thread thread_;
};

}  // namespace tertulia::ingest
