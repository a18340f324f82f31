#include "ingest/payload.hpp"

#include <fmt/format.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>

namespace tertulia::ingest {
namespace {

namespace json = boost::json;
using domain::EventType;

constexpr size_t kMaxIdBytes = 200;    // messageId, userId, anonymousId, groupId, previousId
constexpr size_t kMaxNameBytes = 200;  // event and page names
constexpr unsigned kMaxDepth = 32;     // deeper JSON is refused, not recursed into

// Why one message cannot be kept.
struct Fault {
  std::string reason;  // metrics code
  std::string field;
  std::string message;
};

// The size a value takes as JSON, near enough to enforce the 32 KB per-message limit of a batch
// without serialising every message twice.
size_t ApproxSize(const json::value& value) {
  switch (value.kind()) {
    case json::kind::string:
      return value.get_string().size() + 2;
    case json::kind::array: {
      size_t size = 2;
      for (const auto& item : value.get_array()) size += ApproxSize(item) + 1;
      return size;
    }
    case json::kind::object: {
      size_t size = 2;
      for (const auto& [key, item] : value.get_object()) size += key.size() + 4 + ApproxSize(item);
      return size;
    }
    default:
      return 8;
  }
}

// True when a number in `value` overflowed a double: Boost.JSON reads 1e400 as infinity, which it
// then writes back as `Infinity`, not JSON, so the stored body could no longer be read.
bool HasNonFiniteNumber(const json::value& value) {
  switch (value.kind()) {
    case json::kind::double_:
      return !std::isfinite(value.get_double());
    case json::kind::array:
      for (const auto& item : value.get_array()) {
        if (HasNonFiniteNumber(item)) return true;
      }
      return false;
    case json::kind::object:
      for (const auto& [key, item] : value.get_object()) {
        if (HasNonFiniteNumber(item)) return true;
      }
      return false;
    default:
      return false;
  }
}

Result<json::value> ParseJson(std::string_view body, json::storage_ptr storage) {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  std::error_code ec;
  json::value value = json::parse(body, ec, std::move(storage), options);
  if (ec) {
    std::string reason = ec == json::error::too_deep
                             ? fmt::format("nested deeper than {} levels", kMaxDepth)
                             : ec.message();
    return Error::InvalidArgument(fmt::format("the body is not valid JSON: {}", reason));
  }
  return value;
}

// Reads the fields of one message, remembering the first fault.
class MessageReader {
 public:
  explicit MessageReader(const json::object& message) : message_(message) {}

  std::optional<std::string> Id(std::string_view key) { return Text(key, kMaxIdBytes); }
  std::optional<std::string> Name(std::string_view key) { return Text(key, kMaxNameBytes); }

  std::optional<Timestamp> Time(std::string_view key) {
    const json::value* value = message_.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_string())
      return Fail("wrong_type", key, "must be an ISO 8601 time"), std::nullopt;
    auto parsed = ParseIso8601(value->get_string());
    if (!parsed.ok()) return Fail("bad_timestamp", key, "is not an ISO 8601 time"), std::nullopt;
    return *parsed;
  }

  void RequireObject(std::string_view key) {
    const json::value* value = message_.if_contains(key);
    if (value != nullptr && !value->is_null() && !value->is_object()) {
      Fail("wrong_type", key, "must be an object");
    }
  }

  void RequireFiniteNumbers() {
    for (const auto& [key, value] : message_) {
      if (HasNonFiniteNumber(value)) return Fail("bad_number", key, "holds a number out of range");
    }
  }

  void Require(std::string_view key, const std::optional<std::string>& value) {
    if (!value) Fail("missing_field", key, "is required");
  }

  void Fail(std::string reason, std::string_view field, std::string message) {
    if (!fault_) fault_ = Fault{std::move(reason), std::string(field), std::move(message)};
  }
  const std::optional<Fault>& fault() const { return fault_; }

 private:
  std::optional<std::string> Text(std::string_view key, size_t max_bytes) {
    const json::value* value = message_.if_contains(key);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_string()) return Fail("wrong_type", key, "must be a string"), std::nullopt;
    std::string_view text = value->get_string();
    if (text.size() > max_bytes) {
      Fail("too_large", key, fmt::format("is over {} bytes", max_bytes));
      return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    return std::string(text);
  }

  const json::object& message_;
  std::optional<Fault> fault_;
};

// The call-specific name: the event of a track, the name of a page or screen, the groupId of a
// group, the previousId of an alias.
std::optional<std::string> CallName(MessageReader& in, EventType type) {
  switch (type) {
    case EventType::kTrack: {
      auto event = in.Name("event");
      in.Require("event", event);
      return event;
    }
    case EventType::kPage:
    case EventType::kScreen:
      return in.Name("name");
    case EventType::kGroup: {
      auto group = in.Id("groupId");
      in.Require("groupId", group);
      return group;
    }
    case EventType::kAlias: {
      auto previous = in.Id("previousId");
      in.Require("previousId", previous);
      return previous;
    }
    case EventType::kIdentify:
      return std::nullopt;
  }
  return std::nullopt;
}

// When it happened by the server's clock: the client's time moved by the client clock's skew,
// measured between when it sent the message and when the server received it.
// A time the timeline can show: from 1970 to a day after receipt (clients' clocks drift, but not
// by centuries).
bool Plausible(Timestamp t, Timestamp received) {
  return t >= Timestamp{} && t <= received + std::chrono::hours(24);
}

Timestamp CorrectedTime(std::optional<Timestamp> original, std::optional<Timestamp> sent,
                        Timestamp received) {
  if (!original) return received;
  if (sent) {
    Timestamp corrected = received - (*sent - *original);
    if (Plausible(corrected, received)) return corrected;
  }
  return Plausible(*original, received) ? *original : received;
}

struct Context {
  Timestamp received_at;
  std::optional<Timestamp> batch_sent_at;
  IdGenerator& ids;
};

Result<domain::Event> ToEvent(const json::object& message, EventType type, const Context& context,
                              Fault& fault) {
  MessageReader in(message);
  domain::Event event;
  event.type = type;
  event.message_id = in.Id("messageId").value_or("");
  event.user_id = in.Id("userId");
  event.anonymous_id = in.Id("anonymousId");
  event.name = CallName(in, type);
  if (type == EventType::kAlias) in.Require("userId", event.user_id);
  for (std::string_view key : {"properties", "traits", "context", "integrations"}) {
    in.RequireObject(key);
  }
  in.RequireFiniteNumbers();
  auto original = in.Time("originalTimestamp");
  auto timestamp = in.Time("timestamp");
  auto sent = in.Time("sentAt");
  if (!in.fault() && !event.user_id && !event.anonymous_id) {
    in.Fail("missing_id", "userId", "userId or anonymousId is required");
  }
  if (in.fault()) {
    fault = *in.fault();
    return Error::InvalidField(fault.field, fault.message);
  }
  if (event.message_id.empty()) event.message_id = "tt-" + context.ids.Next();
  event.received_at = context.received_at;
  event.occurred_at = CorrectedTime(original ? original : timestamp,
                                    sent ? sent : context.batch_sent_at, context.received_at);
  event.body = json::serialize(message);
  return event;
}

}  // namespace

Result<Payload> ParseMessage(std::string_view body, domain::EventType type, Timestamp received_at,
                             IdGenerator& ids, const Limits& limits) {
  if (body.size() > limits.max_message_bytes) {
    return Error::InvalidArgument(
        fmt::format("a message may be at most {} bytes", limits.max_message_bytes));
  }
  json::monotonic_resource arena;
  TT_ASSIGN_OR_RETURN(json::value value, ParseJson(body, &arena));
  if (!value.is_object()) return Error::InvalidArgument("the body must be a JSON object");
  const json::object& message = value.get_object();
  Payload payload;
  if (const auto* key = message.if_contains("writeKey"); key != nullptr && key->is_string()) {
    payload.write_key = std::string(key->get_string());
  }
  Fault fault;
  auto event = ToEvent(message, type, {received_at, std::nullopt, ids}, fault);
  if (event.ok()) {
    payload.events.push_back(std::move(*event));
  } else {
    payload.refused.push_back({0, fault.reason, fault.field, fault.message});
  }
  return payload;
}

Result<Payload> ParseBatch(std::string_view body, Timestamp received_at, IdGenerator& ids,
                           const Limits& limits) {
  if (body.size() > limits.max_batch_bytes) {
    return Error::InvalidArgument(
        fmt::format("a batch may be at most {} bytes", limits.max_batch_bytes));
  }
  json::monotonic_resource arena;
  TT_ASSIGN_OR_RETURN(json::value value, ParseJson(body, &arena));
  const json::object* root = value.if_object();
  if (root == nullptr) return Error::InvalidArgument("the body must be a JSON object");
  Payload payload;
  if (const auto* key = root->if_contains("writeKey"); key != nullptr && key->is_string()) {
    payload.write_key = std::string(key->get_string());
  }
  const json::value* batch = root->if_contains("batch");
  if (batch == nullptr || !batch->is_array()) {
    payload.refused_whole = Error::InvalidField("batch", "must be an array of messages");
    return payload;
  }
  if (batch->get_array().size() > limits.max_batch_messages) {
    payload.refused_whole = Error::InvalidField(
        "batch", fmt::format("may hold at most {} messages", limits.max_batch_messages));
    return payload;
  }
  MessageReader top(*root);
  Context context{received_at, top.Time("sentAt"), ids};
  if (top.fault()) return Error::InvalidField("sentAt", top.fault()->message);
  const auto& messages = batch->get_array();
  payload.events.reserve(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    const json::object* message = messages[i].if_object();
    if (message == nullptr) {
      payload.refused.push_back({i, "wrong_type", "", "a message must be an object"});
      continue;
    }
    if (ApproxSize(messages[i]) > limits.max_message_bytes) {
      payload.refused.push_back(
          {i, "too_large", "", fmt::format("over {} bytes", limits.max_message_bytes)});
      continue;
    }
    const json::value* type_value = message->if_contains("type");
    std::optional<EventType> type;
    if (type_value != nullptr && type_value->is_string()) {
      type = domain::ParseEnum<EventType>(type_value->get_string());
    }
    if (!type) {
      payload.refused.push_back(
          {i, "wrong_type", "type", "must be identify, track, page, screen, group or alias"});
      continue;
    }
    Fault fault;
    auto event = ToEvent(*message, *type, context, fault);
    if (!event.ok()) {
      payload.refused.push_back({i, fault.reason, fault.field, fault.message});
      continue;
    }
    payload.events.push_back(std::move(*event));
  }
  return payload;
}

}  // namespace tertulia::ingest
