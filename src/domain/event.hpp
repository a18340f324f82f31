#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "domain/enums.hpp"

namespace tertulia::domain {

// The calls of the Segment tracking API.
enum class EventType { kIdentify, kTrack, kPage, kScreen, kGroup, kAlias };
template <>
inline constexpr auto kEnumNames<EventType> =
    std::to_array<std::string_view>({"identify", "track", "page", "screen", "group", "alias"});

// One touchpoint, as received from a tracking source. Append-only: identity resolution only ever
// fills `contact_id` (or clears the ids of someone who refused tracking).
struct Event {
  std::string workspace_id;
  std::string message_id;  // the client's, unique per workspace: a repeat is the same message
  EventType type = EventType::kTrack;
  std::optional<std::string> anonymous_id;
  std::optional<std::string> user_id;
  std::optional<std::string> contact_id;  // the contact it was resolved to, if any
  // track: the event ("Order Completed"); page and screen: the name; group: the groupId;
  // alias: the previousId.
  std::optional<std::string> name;
  Timestamp occurred_at{};  // the client's time, corrected for its clock skew
  Timestamp received_at{};
  // The rest of the message as JSON: properties, traits, context, integrations, timestamps.
  std::string body;
  std::optional<std::string> source_key_id;  // the write key it came through
};

}  // namespace tertulia::domain
