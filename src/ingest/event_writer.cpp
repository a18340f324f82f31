#include "ingest/event_writer.hpp"

#include <algorithm>
#include <span>

#include "core/logging.hpp"
#include "store/event_repo.hpp"

namespace tertulia::ingest {

EventWriter::EventWriter(store::Db& db, Resolver& resolver, WriterOptions options)
    : db_(db), resolver_(resolver), options_(options), acks_(db), thread_([this] { Run(); }) {}

EventWriter::~EventWriter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

size_t EventWriter::queued_events() const {
  std::lock_guard lock(mu_);
  return queued_events_;
}

Result<std::future<Result<WriteSummary>>> EventWriter::Submit(std::vector<domain::Event> events) {
  Pending pending{std::move(events), {}};
  auto future = pending.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Error::Unavailable("the server is shutting down");
    if (queued_events_ > 0 && queued_events_ + pending.events.size() > options_.max_queued_events) {
      return Error::ResourceExhausted("too many events are waiting to be written; retry shortly");
    }
    queued_events_ += pending.events.size();
    queue_.push_back(std::move(pending));
  }
  wake_.notify_one();
  return future;
}

void EventWriter::LoadRecentIds() {
  // From midnight (UTC) kWindowDays days ago: whole days, as MessageIds keeps them.
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  Timestamp since = std::chrono::time_point_cast<Timestamp::duration>(
      today - std::chrono::days(MessageIds::kWindowDays));
  auto remember = [this](std::string_view workspace_id, std::string_view message_id,
                         Timestamp received_at) {
    seen_.Add(MessageIds::Hash(workspace_id, message_id), received_at);
  };
  auto tx = db_.BeginRead();
  Status loaded =
      tx.ok() ? store::EventRepo(**tx).RecentMessageIds(since, remember) : Status(tx.error());
  // Without them a retry of an old message would be stored twice: refuse to write at all.
  if (!loaded.ok()) load_error_ = loaded.error();
}

void EventWriter::Run() {
  LoadRecentIds();
  // What an earlier run left unindexed: tail_ knows only what this writer appends.
  if (options_.index_events) IndexEverything();
  while (true) {
    std::vector<Pending> batch = TakeBatch();
    if (batch.empty()) {
      if (!RangesBehind() || stopping()) return;  // stopping: the next start indexes the rest
      IndexNextPart();                            // nothing waiting
      continue;
    }
    size_t taken = 0;
    for (const auto& pending : batch) taken += pending.events.size();
    size_t before = tail_.size();
    WriteAll(batch);
    {
      std::lock_guard lock(mu_);
      queued_events_ -= taken;
    }
    index_failed_ = false;
    // Slices wait for a moment with nothing to write, unless the tail grows too long: then
    // about as many entries are indexed as the commit added (in whole parts), keeping it level.
    size_t added = tail_.size() > before ? tail_.size() - before : 0;
    size_t indexed = 0;
    while (indexed < added && Unindexed() >= options_.max_unindexed_entries && RangesBehind()) {
      indexed += IndexNextPart();
    }
  }
}

bool EventWriter::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

bool EventWriter::RangesBehind() const {
  return options_.index_events && !index_failed_ &&
         (slice_.has_value() || tail_.NextRange(last_range_) >= 0);
}

size_t EventWriter::Unindexed() const {
  return tail_.size() + (slice_ ? slice_->entries.size() - slice_done_ : 0);
}

std::vector<EventWriter::Pending> EventWriter::TakeBatch() {
  std::vector<Pending> batch;
  bool behind = RangesBehind();
  std::unique_lock lock(mu_);
  auto woken = [this] { return stopping_ || !queue_.empty(); };
  if (!behind) {
    wake_.wait(lock, woken);
  } else if (!idle_) {  // once idle, the parts of slices follow each other until work comes
    wake_.wait_for(lock, options_.idle_before_slice, woken);
  }
  size_t events = 0;
  while (!queue_.empty() && (batch.empty() || events + queue_.front().events.size() <=
                                                  options_.max_events_per_commit)) {
    events += queue_.front().events.size();
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  idle_ = batch.empty();
  return batch;
}

void EventWriter::IndexEverything() {
  Status done = [this]() -> Status {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginUnsyncedWrite());
    TT_RETURN_IF_ERROR(store::EventRepo(*tx).IndexPending());
    return tx->Commit();
  }();
  // Unindexed events tail_ does not know would escape claims: refuse to write instead.
  if (!done.ok() && !load_error_) load_error_ = done.error();
}

size_t EventWriter::IndexNextPart() {
  if (!slice_) {
    slice_ = tail_.Take(tail_.NextRange(last_range_));
    slice_done_ = 0;
  }
  const store::UnindexedTail::Slice& slice = *slice_;
  size_t part = std::min(options_.entries_per_slice_part, slice.entries.size() - slice_done_);
  bool last = slice_done_ + part == slice.entries.size();
  int64_t indexed_through = 0;
  Status written = [&]() -> Status {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginUnsyncedWrite());  // the index can be rebuilt
    store::EventRepo events(*tx, tail_);
    TT_RETURN_IF_ERROR(events.IndexEntries(
        std::span<const store::UnindexedTail::Entry>(slice.entries).subspan(slice_done_, part)));
    if (last) {
      TT_RETURN_IF_ERROR(events.MarkIndexed(slice.range, slice.through));
      TT_ASSIGN_OR_RETURN(indexed_through, events.IndexedThrough());
    }
    resolver_.Unaffected(*tx);
    return tx->Commit();
  }();
  if (!written.ok()) {
    // Queries still find the events (past the range's mark): only slower. The next commit
    // tries again.
    log::Warn("tracking: indexing events by person failed: {}", written.error().ToString());
    index_failed_ = true;
    return 0;
  }
  slice_done_ += part;
  if (last) {
    tail_.Complete(indexed_through);
    last_range_ = slice.range;
    slice_.reset();
  }
  return part;
}

void EventWriter::WriteAll(std::vector<Pending>& batch) {
  std::vector<DurableAcks::Outcome> outcomes;
  auto answer = [&](Pending& pending, Result<WriteSummary> result) {
    outcomes.push_back({std::move(pending.done), std::move(result)});
  };
  auto together =
      load_error_ ? Result<std::vector<WriteSummary>>(*load_error_) : WriteTogether(batch);
  if (together.ok()) {
    for (size_t i = 0; i < batch.size(); ++i) answer(batch[i], (*together)[i]);
  } else if (batch.size() == 1 || load_error_) {
    for (auto& pending : batch) answer(pending, together.error());
  } else {
    for (auto& pending : batch) {
      std::vector<Pending> alone;
      alone.push_back(std::move(pending));
      auto result = WriteTogether(alone);
      answer(alone[0], result.ok() ? Result<WriteSummary>((*result)[0])
                                   : Result<WriteSummary>(result.error()));
    }
  }
  acks_.Acknowledge(std::move(outcomes));
}

Result<std::vector<WriteSummary>> EventWriter::WriteTogether(std::vector<Pending>& batch) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginUnsyncedWrite());  // acks_ waits for the disk
  // Without index slices tail_ would only grow: appends index their event at once instead.
  auto events = options_.index_events ? store::EventRepo(*tx, tail_) : store::EventRepo(*tx);
  std::vector<WriteSummary> summaries(batch.size());
  std::vector<std::pair<uint64_t, Timestamp>> added;  // remembered once committed
  MessageIds in_this_commit;
  for (size_t i = 0; i < batch.size(); ++i) {
    for (auto& event : batch[i].events) {
      uint64_t hash = MessageIds::Hash(event.workspace_id, event.message_id);
      if (seen_.Contains(hash) || in_this_commit.Contains(hash)) {
        ++summaries[i].duplicates;
        continue;
      }
      TT_RETURN_IF_ERROR(resolver_.Resolve(*tx, events, event));
      TT_RETURN_IF_ERROR(events.Append(event));
      in_this_commit.Add(hash, event.received_at);
      added.emplace_back(hash, event.received_at);
      ++summaries[i].stored;
    }
  }
  TT_RETURN_IF_ERROR(tx->Commit());
  for (const auto& [hash, at] : added) seen_.Add(hash, at);
  return summaries;
}

}  // namespace tertulia::ingest
