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
#include "ingest/durable_acks.hpp"
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
  // `tx`, a transaction of the writer that writes nothing Resolve reads (an index slice), is
  // about to commit: what Resolve keeps from one transaction to the next stays current.
  virtual void Unaffected(const store::Tx& /*tx*/) {}
};

struct WriterOptions {
  size_t max_queued_events = 100'000;     // more waiting than this: Submit refuses (429)
  size_t max_events_per_commit = 20'000;  // one transaction takes at most this many
  // Whether the writer leaves indexing by person to slices. Without, each append indexes its
  // event at once (what the slices save), and reads go through the queries' scanning part.
  bool index_events = true;
  // Slices run once nothing has waited to be written for idle_before_slice, and after each
  // commit once the writer holds max_unindexed_entries unindexed entries (under sustained load):
  // about as many events, which queries scan. A slice costs about the pages of its range, however
  // few its entries: under load, waiting for a pause makes them fewer and larger.
  std::chrono::milliseconds idle_before_slice{20};
  size_t max_unindexed_entries = 100'000;
  // A slice of a range is written in parts of at most this many entries, each a transaction of
  // its own, so that submissions wait for one part (a few milliseconds) rather than a whole range.
  // The parts touch disjoint runs of pages: splitting costs little more than the commits.
  size_t entries_per_slice_part = 2'000;
};

// The group-commit writer of the tracking API: submissions from many requests are written in
// one transaction on one thread, and each submitter learns the outcome once it is durable: the
// transaction committed without waiting for the disk, and DurableAcks synced it while this
// thread went on to the next one. Repeated message ids are recognised in memory (MessageIds, filled
// from the database's last days when the writer starts), so the commit path appends rows without a
// unique index to maintain. Nor does it update the per-person index as it appends: it keeps the
// entries in memory (store::UnindexedTail), and whenever nothing waits to be written (or the tail
// grows too long) it indexes one range of them: a sorted run into a sixteenth of the index, in
// parts of a few thousand entries, each in a transaction of its own that need not wait for the
// disk; between parts it goes back to what waits to be written.
// Thread-safe.
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
  // Takes the next commit's worth of submissions; empty when none came for idle_before_slice
  // (or since the last empty take) and index ranges are behind, or when stopping. Waits for
  // submissions when no range is behind.
  std::vector<Pending> TakeBatch();
  bool stopping() const;
  bool RangesBehind() const;
  size_t Unindexed() const;
  void IndexEverything();
  // One part of an index slice (of the range being indexed, else of the next range with
  // entries); returns the entries indexed. On failure the events stay unindexed (found, only
  // slower) and the next commit tries again.
  size_t IndexNextPart();
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
  // The writer thread's: what it appended and has not indexed, the last range it indexed, and
  // whether the last slice failed (no more slices until the next commit).
  store::UnindexedTail tail_;
  std::optional<store::UnindexedTail::Slice> slice_;  // the range being indexed
  size_t slice_done_ = 0;                             // its entries indexed and committed
  bool idle_ = false;                                 // nothing came to write for idle_before_slice
  int last_range_ = -1;
  bool index_failed_ = false;
  std::optional<Error> load_error_;  // set before the first write, then only read
  DurableAcks acks_;  // before thread_: the writer's last outcomes are answered after it stops
  std::thread thread_;
};

}  // namespace tertulia::ingest
