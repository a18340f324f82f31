#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

struct EventDayCount {
  std::string day;  // YYYY-MM-DD (UTC)
  domain::EventType type = domain::EventType::kTrack;
  int64_t count = 0;
};

// Tracked events: append-only, one row per message id and workspace (the tracking writer
// recognises repeats before it appends).
class EventRepo {
 public:
  explicit EventRepo(Tx& tx) : tx_(tx) {}
  Status Append(const domain::Event& event);
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
