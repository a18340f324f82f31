#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "domain/event.hpp"
#include "store/db.hpp"
#include "store/page.hpp"

namespace tertulia::store {

struct EventFilter {
  std::optional<std::string> contact_id{};
  std::optional<domain::EventType> type{};
  std::optional<Timestamp> from{};  // inclusive
  std::optional<Timestamp> to{};    // exclusive
  // Only events a tracking source sent (not those Tertulia records itself, like merges).
  bool from_sources_only = false;
};

// One person's events: a contact's, or those of a userId or anonymousId no contact has claimed.
struct PersonKey {
  enum class Kind { kContact, kUser, kAnonymous };
  Kind kind = Kind::kContact;
  std::string value;
};

// A statement over one person's events ($1 the workspace, $2 the person) has two parts: the
// events the person index holds, and the tail of events after the last one the range of the
// person's key is complete through.
struct PersonParts {
  std::string indexed;
  std::string tail;
};
// Each part as "<tables> WHERE <conditions>" for a FROM clause, the event as `e` (and the index
// entry as `p`, which has occurred_at and seq too); more conditions may follow with " AND ".
PersonParts EventsOfPerson(PersonKey::Kind kind);
// Each part as a condition on the event `e`, for an UPDATE or DELETE of `event AS e`.
PersonParts EventsOfPersonWhere(PersonKey::Kind kind);
// Runs `sql`, an UPDATE or DELETE of `event AS e` with "{events}" where the person's condition
// goes, once per part. Returns the rows it changed.
Result<int64_t> ExecForPerson(Tx& tx, PersonKey::Kind kind, std::string_view sql,
                              std::span<const Param> params);

struct EventDayCount {
  std::string day;  // YYYY-MM-DD (UTC)
  domain::EventType type = domain::EventType::kTrack;
  int64_t count = 0;
};

// The person index's key of (workspace, kind, person): a 64-bit FNV-1a hash of the three, each
// ended by 0xff, which UTF-8 never holds. Kinds: "c" (contact_id), "u" (user_id of an event
// without contact), "a" (anonymous_id of an event without contact). Queries check the event row
// itself, so a collision only costs a row read. SQL has it as tt_person_key.
int64_t PersonIndexKey(std::string_view workspace_id, std::string_view kind,
                       std::string_view person);
// The index is kept in ranges of its keys (their top four bits), each brought up to date on its
// own: a slice touches a sixteenth of the index.
constexpr int kPersonIndexRanges = 16;
inline int PersonIndexRange(int64_t key) {
  return static_cast<int>(static_cast<uint64_t>(key) >> 60);
}

// What a tracking writer appended and has not indexed by person yet (the tail): each range's
// index entries, and the seqs of each anonymous visitor's events, so that claiming them does not
// scan the tail. It may hold more than the tail (events of a rolled-back transaction, events
// changed since: their entries are checked against the row when read), never less: the writer
// fills it from its own appends and empties a range only once a slice indexing it has committed.
// Not thread-safe: one writer's.
class UnindexedTail {
 public:
  struct Entry {
    int64_t key = 0;
    int64_t occurred_at = 0;
    int64_t seq = 0;
  };
  void Add(const domain::Event& event, int64_t seq);
  // Index entries held, over all ranges.
  size_t size() const { return size_; }
  std::vector<Entry>& Entries(int range) { return entries_[static_cast<size_t>(range)]; }
  // The first range after `after` (round the ranges) that has entries, or -1 when none has.
  int NextRange(int after) const;
  // A range's entries taken from the tail to index (in one or more transactions), sorted for a
  // run of neighbouring pages. Once all are indexed the range is complete through `through`, the
  // newest event among them: every earlier event's entries of the range were taken with them,
  // or indexed by their appender.
  struct Slice {
    int range = -1;
    std::vector<Entry> entries;
    int64_t through = 0;
  };
  Slice Take(int range);
  // Every range is complete through `indexed_through`: forgets the visitors' seqs up to it.
  void Complete(int64_t indexed_through);
  // The seqs appended for the visitor (empty when none), and perhaps a few of another visitor
  // whose person key is the same (callers' SQL names the visitor).
  std::span<const int64_t> VisitorSeqs(std::string_view workspace_id,
                                       std::string_view anonymous_id) const;

 private:
  std::array<std::vector<Entry>, kPersonIndexRanges> entries_;
  std::unordered_map<int64_t, std::vector<int64_t>> visitors_;  // by the visitor's person key
  int64_t visitors_through_ = 0;                                // visitors_ holds no seq up to this
  size_t size_ = 0;
};

// Tracked events: append-only, one row per message id and workspace (the tracking writer
// recognises repeats before it appends).
//
// The tracking writer's appends (with an UnindexedTail) update no per-person index: a slice
// (IndexEntries, MarkIndexed) brings one range of it up to date in sorted runs, and until then each
// range's newest events (its tail) are found by scanning them. Other appends index their event at
// once. Every query here combines the two parts, so callers see no difference.
class EventRepo {
 public:
  explicit EventRepo(Tx& tx) : tx_(tx) {}
  // `tail`: the tracking writer's, filled by Append and used by Claim and the slices.
  EventRepo(Tx& tx, UnindexedTail& tail) : tx_(tx), tail_(&tail) {}
  Status Append(const domain::Event& event);
  // A slice (UnindexedTail::Take) in parts: index some of its entries, and once all are, mark
  // its range complete through the slice's `through`.
  Status IndexEntries(std::span<const UnindexedTail::Entry> sorted);
  Status MarkIndexed(int range, int64_t through);
  // Indexes, from the rows (a scan), every event some range is not complete through, and marks
  // every range complete: for a start, when no tail is known.
  Status IndexPending();
  // The last event every range is complete through.
  Result<int64_t> IndexedThrough();
  // The (workspace, message id, received at) of every event received since `since`, oldest
  // first: what the tracking writer remembers to recognise repeats.
  Status RecentMessageIds(
      Timestamp since,
      const std::function<void(std::string_view, std::string_view, Timestamp)>& on_id);
  // Gives the anonymous visitor's unclaimed events to the contact.
  Status Claim(std::string_view workspace_id, std::string_view anonymous_id,
               std::string_view contact_id);
  // Newest first; the page's next key is the time, its id the message id.
  Result<Page<domain::Event>> List(std::string_view workspace_id, const EventFilter& filter,
                                   const PageRequest& page);
  // The person's events in time order, at most `limit`.
  Result<std::vector<domain::Event>> OfPerson(std::string_view workspace_id, const PersonKey& who,
                                              std::optional<Timestamp> from,
                                              std::optional<Timestamp> to, size_t limit);
  Result<std::vector<EventDayCount>> CountByDay(std::string_view workspace_id,
                                                const EventFilter& filter);
  // GDPR erasure: the contact's events and the ids tied to the contact.
  // Returns how many events were deleted.
  Result<int64_t> EraseContact(std::string_view workspace_id, std::string_view contact_id);

 private:
  Tx& tx_;
  UnindexedTail* tail_ = nullptr;
};

// Who an id of a tracking source is: userId, anonymousId or groupId -> contact (or company).
class IdentityRepo {
 public:
  explicit IdentityRepo(Tx& tx) : tx_(tx) {}
  Result<std::optional<std::string>> Find(std::string_view workspace_id, std::string_view kind,
                                          std::string_view value);
  // Points the id at `record_id` (replacing what it pointed at).
  Status Link(std::string_view workspace_id, std::string_view kind, std::string_view value,
              std::string_view record_id);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
