#pragma once

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

namespace tertulia::ingest {

// Resolves who the events are about inside the writer's transaction. Implemented by the service
// layer, which knows contacts, consent and timelines.
class Resolver {
 public:
  virtual ~Resolver() = default;
  // Before a new (not repeated) `event` is stored: may set its contact_id (or clear its ids), and
  // write what an identify, alias or group implies.
  virtual Status Resolve(store::Tx& tx, domain::Event& event) = 0;
};

struct WriterOptions {
  size_t max_queued_events = 100'000;     // more waiting than this: Submit refuses (429)
  size_t max_events_per_commit = 20'000;  // one transaction takes at most this many
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
// unique index to maintain. Thread-safe.
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
  MessageIds seen_;                  // the writer thread's
  std::optional<Error> load_error_;  // set before the first write, then only read
  std::thread thread_;
};

}  // namespace tertulia::ingest
