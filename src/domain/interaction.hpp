#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"

namespace tertulia::domain {

enum class Channel {
  kMeeting,
  kCall,
  kEmail,
  kLinkedin,
  kTwitter,
  kFacebook,
  kInstagram,
  kWhatsapp,
  kSms,
  kChat,
  kReview,
  kForum,
  kEvent,
  kWeb,
  kNote,
  kOther
};
template <>
inline constexpr auto kEnumNames<Channel> = std::to_array<std::string_view>(
    {"meeting", "call", "email", "linkedin", "twitter", "facebook", "instagram", "whatsapp", "sms",
     "chat", "review", "forum", "event", "web", "note", "other"});

enum class Direction { kInbound, kOutbound, kInternal };
template <>
inline constexpr auto kEnumNames<Direction> =
    std::to_array<std::string_view>({"inbound", "outbound", "internal"});

enum class ParticipantType { kContact, kUser };
template <>
inline constexpr auto kEnumNames<ParticipantType> = std::to_array<std::string_view>({"contact",
                                                                                     "user"});

struct Participant {
  ParticipantType type = ParticipantType::kContact;
  std::string id;
  std::optional<std::string> role;  // "organizer", "attendee", "cc" ... <= 50
};

// One conversation in any channel, written (an e-mail, a review) or not (a call logged with its
// summary, a meeting).
struct Interaction {
  RecordMeta meta;
  Channel channel = Channel::kNote;
  Direction direction = Direction::kOutbound;
  Timestamp occurred_at{};
  std::optional<int64_t> duration_sec;    // 0 .. 7 days
  std::optional<std::string> subject;     // <= 300
  std::optional<std::string> body;        // <= 100,000 characters
  std::optional<std::string> outcome;     // <= 300: "demo booked", "left voicemail"
  std::vector<Participant> participants;  // 1..100, at least one contact
  std::optional<std::string> company_id;
  std::optional<std::string> opportunity_id;

  // One line for timelines: the subject, else the start of the body, else the channel.
  std::string Summary() const;
};

Status NormalizeAndValidate(Interaction& interaction);

// The first `max_chars` characters of `text` on one line, with "…" when cut.
std::string Excerpt(std::string_view text, size_t max_chars);

}  // namespace tertulia::domain
