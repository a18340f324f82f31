#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/result.hpp"
#include "domain/event.hpp"
#include "ingest/message_ids.hpp"
#include "store/db.hpp"
#include "store/event_repo.hpp"

namespace tertulia::ingest {

// Resolves who the events are about inside the writer's transaction. Implemented by the service
// layer, which knows contacts, consent and timelines.
class Resolver {
 public:
  virtual ~Resolver() = default;
  // Before a new (not repeated) `event` is stored: may set its contact_id (or clear its ids), and
  // write what an identify, alias or group implies. `events` is the writer's: claims of a
  // visitor's earlier events go through it.
  virtual Status Resolve(store::Tx& tx, store::EventRepo& events, domain::Event& event) = 0;
};

struct WriterOptions {
  size_t max_queued_events = 100'000;     // more waiting than this: Submit refuses (429)
  size_t max_events_per_commit = 20'000;  // one transaction takes at most this many
  // The person index is brought up to date whenever nothing has waited to be written for
  // `index_idle`, and under sustained load once this many events were stored since the last
  // pass. Until then queries scan the events (the tail).
  size_t index_batch_events = 20'000;
  std::chrono::milliseconds index_idle{0};
};

// What one submission came to once committed.
struct WriteSummary {
  size_t stored = 0;
  size_t duplicates = 0;  // message ids the workspace had already: acknowledged, not stored
};

// The group-commit writer of the tracking API: submissions from many requests are written in
// one transaction on one thread, and each submitter learns the outcome once it is durable (the
// transaction committed). Repeated message ids are recognised in memory (MessageIds, filled from
// the database's last days when the writer starts), so the commit path appends rows without a
// unique index to maintain. Nor does it update the per-person index as it appends: it runs an
// index pass (EventRepo::IndexPending, one sorted run in a transaction of its own that need not
// wait for the disk) whenever nothing waits to be written, and every `index_batch_events` events
// under sustained load. Thread-safe.
class EventWriter {
 public:
  EventWriter(store::Db& db, Resolver& resolver, WriterOptions options = {});
  // Writes what is queued, then stops.
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  // Queues `events` (of one workspace, with workspace_id set). kResourceExhausted when the
  // queue is full: nothing was queued and the caller should ask the client to retry later.
  Result<std::future<Result<WriteSummary>>> Submit(std::vector<domain::Event> events);

  size_t queued_events() const;

 private:
  struct Pending {
    std::vector<domain::Event> events;
    std::promise<Result<WriteSummary>> done;
  };

  void Run();
  void LoadRecentIds();
  // Takes the next commit's worth of submissions; empty when stopping with nothing left, or
  // when nothing came for `index_idle` while events wait to be indexed.
  std::vector<Pending> TakeBatch();
  bool stopping() const;
  // An index pass; on failure the events stay in the tail (found, only slower) and the next
  // batch tries again.
  void IndexPending();
  // Writes `batch` in one transaction; when that fails, each submission alone, so one bad
  // submission does not fail the others.
  void WriteAll(std::vector<Pending>& batch);
  Result<std::vector<WriteSummary>> WriteTogether(std::vector<Pending>& batch);

  store::Db& db_;
  Resolver& resolver_;
  WriterOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  size_t queued_events_ = 0;
  bool stopping_ = false;
  MessageIds seen_;  // the writer thread's
  // The writer thread's: the visitors of unindexed events, and how many events were stored since
  // the last index pass.
  store::TailVisitors tail_;
  size_t unindexed_ = 0;
  std::optional<Error> load_error_;  // set before the first write, then only read
  std::thread thread_;
};

}  // namespace tertulia::ingest
