#include "ingest/durable_acks.hpp"

#include "core/logging.hpp"

namespace tertulia::ingest {

DurableAcks::DurableAcks(store::Db& db) : db_(db), thread_([this] { Run(); }) {}

DurableAcks::~DurableAcks() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void DurableAcks::Acknowledge(std::vector<Outcome> outcomes) {
  bool any = false;
  {
    std::lock_guard lock(mu_);
    for (auto& outcome : outcomes) {
      if (!outcome.result.ok()) {
        outcome.done.set_value(std::move(outcome.result));
        continue;
      }
      committed_.push_back(std::move(outcome));
      any = true;
    }
  }
  if (any) wake_.notify_one();
}

void DurableAcks::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !committed_.empty(); });
    if (committed_.empty()) return;  // stopping, and nothing left to answer
    std::vector<Outcome> synced = std::move(committed_);
    committed_.clear();
    lock.unlock();
    // Began after their commits returned: when it succeeds, they are durable.
    Status sync = failed_ ? Status(*failed_) : db_.SyncCommitted();
    for (auto& outcome : synced) {
      outcome.done.set_value(sync.ok() ? std::move(outcome.result)
                                       : Result<WriteSummary>(sync.error()));
    }
    lock.lock();
    // After a failed sync the kernel may have dropped the unsynced pages and report the next
    // sync as a success: nothing committed later can be called durable (nor can retries, which
    // the writer acknowledges as repeats).
    if (!sync.ok() && !failed_) {
      log::Error("tracking: syncing the database failed; no more events are acknowledged: {}",
                 sync.error().ToString());
      failed_ = sync.error();
    }
  }
}

}  // namespace tertulia::ingest
