#pragma once

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
// events the person index holds, and the tail of events appended since the last index pass.
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

// The anonymous visitors of the events a writer appended and not yet indexed by person (the
// tail): what lets it give a visitor's earlier events to a contact without scanning the tail.
// It may hold more than the tail (events of a rolled-back transaction, events since claimed), never
// less: the writer fills it from its own appends and clears it only once an index pass covering
// them has committed. Not thread-safe: one writer's.
class TailVisitors {
 public:
  void Add(std::string_view workspace_id, std::string_view anonymous_id, int64_t seq);
  // The seqs appended for the visitor (empty when none).
  std::span<const int64_t> Of(std::string_view workspace_id, std::string_view anonymous_id) const;
  void Clear() { seqs_.clear(); }

 private:
  static std::string Key(std::string_view workspace_id, std::string_view anonymous_id);
  std::unordered_map<std::string, std::vector<int64_t>> seqs_;
};

// Tracked events: append-only, one row per message id and workspace (the tracking writer
// recognises repeats before it appends).
//
// Appends update no per-person index: `IndexPending` brings it up to date in one sorted run, and
// until then the newest events (the tail) are found by scanning them. Every query here combines
// the two, so callers see no difference.
class EventRepo {
 public:
  explicit EventRepo(Tx& tx) : tx_(tx) {}
  // `tail`: the appending writer's visitors, kept up to date by Append and used by Claim.
  EventRepo(Tx& tx, TailVisitors& tail) : tx_(tx), tail_(&tail) {}
  Status Append(const domain::Event& event);
  // Indexes by person every event not indexed yet. Returns how many there were.
  Result<int64_t> IndexPending();
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
  TailVisitors* tail_ = nullptr;
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
