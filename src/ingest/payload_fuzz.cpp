// libFuzzer target for the tracking payload parser: ParseBatch and ParseMessage must never crash,
// leak, hit undefined behaviour or break their contract, whatever bytes a client sends.
// Built and run by tests/fuzz/run_payload_fuzz.sh (clang++ -fsanitize=fuzzer,address,undefined).

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/id.hpp"
#include "core/time.hpp"
#include "ingest/payload.hpp"

namespace tertulia::ingest {
namespace {

using domain::EventType;

constexpr EventType kTypes[] = {EventType::kIdentify, EventType::kTrack, EventType::kPage,
                                EventType::kScreen,   EventType::kGroup, EventType::kAlias};

// Aborts with a message, so that libFuzzer records the input as a crash.
void Check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "payload invariant broken: %s\n", what);
  std::abort();
}

// Ids other than generated ones ("tt-" + ULID) come from the client and are capped at 200 bytes.
void CheckEvent(const domain::Event& event, Timestamp received_at) {
  Check(!event.message_id.empty(), "every kept event has a messageId");
  Check(event.message_id.size() <= 200 || event.message_id.starts_with("tt-"),
        "a client messageId is at most 200 bytes");
  Check(event.workspace_id.empty(), "the parser leaves workspace_id to the caller");
  Check(event.received_at == received_at, "received_at is the time of receipt");
  Check(event.user_id || event.anonymous_id, "a kept event has userId or anonymousId");
  Check(!event.user_id || !event.user_id->empty(), "userId is absent or non-empty");
  Check(!event.anonymous_id || !event.anonymous_id->empty(), "anonymousId is absent or non-empty");
  if (event.type == EventType::kTrack || event.type == EventType::kGroup ||
      event.type == EventType::kAlias) {
    Check(event.name && !event.name->empty(), "track, group and alias carry their name");
  }
  if (event.type == EventType::kAlias) Check(event.user_id.has_value(), "an alias has a userId");
  std::error_code ec;
  boost::json::value body = boost::json::parse(event.body, ec);
  Check(!ec && body.is_object(), "the stored body is a JSON object");
}

void CheckRefusals(const Payload& payload, size_t messages) {
  size_t previous = 0;
  for (size_t i = 0; i < payload.refused.size(); ++i) {
    const Refusal& refusal = payload.refused[i];
    Check(!refusal.reason.empty(), "a refusal has a reason");
    Check(!refusal.message.empty(), "a refusal says why");
    Check(refusal.index < messages, "a refusal points into the batch");
    Check(i == 0 || refusal.index > previous, "refusals are in batch order, each once");
    previous = refusal.index;
  }
}

// The number of messages in the body's "batch" array, if it is a JSON object that has one.
std::optional<size_t> BatchSize(std::string_view body) {
  std::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::value value = boost::json::parse(body, ec, {}, options);
  if (ec || !value.is_object()) return std::nullopt;
  const auto* batch = value.get_object().if_contains("batch");
  if (batch == nullptr || !batch->is_array()) return std::nullopt;
  return batch->get_array().size();
}

void FuzzBatch(std::string_view body, Timestamp received_at, IdGenerator& ids,
               const Limits& limits) {
  auto parsed = ParseBatch(body, received_at, ids, limits);
  if (!parsed.ok()) {
    Check(!parsed.error().message().empty(), "a refused request says why");
    return;
  }
  Check(body.size() <= limits.max_batch_bytes, "a batch over the byte limit is refused");
  const Payload& payload = *parsed;
  auto size = BatchSize(body);
  if (payload.refused_whole) {
    Check(payload.events.empty() && payload.refused.empty(), "a whole refusal keeps nothing");
    Check(!payload.refused_whole->message().empty(), "a whole refusal says why");
    return;
  }
  Check(size.has_value(), "a batch without a batch array is refused whole");
  Check(*size <= limits.max_batch_messages, "a batch over the message limit is refused whole");
  Check(payload.events.size() + payload.refused.size() == *size,
        "every message of a batch is kept or refused");
  CheckRefusals(payload, *size);
  for (const auto& event : payload.events) CheckEvent(event, received_at);
}

void FuzzMessage(std::string_view body, EventType type, Timestamp received_at, IdGenerator& ids,
                 const Limits& limits) {
  auto parsed = ParseMessage(body, type, received_at, ids, limits);
  if (!parsed.ok()) {
    Check(!parsed.error().message().empty(), "a refused request says why");
    return;
  }
  Check(body.size() <= limits.max_message_bytes, "a message over the byte limit is refused");
  const Payload& payload = *parsed;
  Check(!payload.refused_whole, "a single message is never refused whole");
  Check(payload.events.size() + payload.refused.size() == 1, "one message, kept or refused");
  CheckRefusals(payload, 1);
  for (const auto& event : payload.events) {
    Check(event.type == type, "a message has the type of its endpoint");
    CheckEvent(event, received_at);
  }
}

}  // namespace
}  // namespace tertulia::ingest

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tertulia;
  using namespace tertulia::ingest;
  static FakeClock clock{FromUnixMillis(1'796'040'000'000)};  // 2026-11-30T12:00:00Z
  static IdGenerator ids{clock};
  const Timestamp received_at = clock.Now();
  std::string_view body(reinterpret_cast<const char*>(data), size);

  // The production limits, then tight ones so that small inputs reach the limit paths too.
  Limits tight;
  tight.max_message_bytes = 256;
  tight.max_batch_bytes = 2048;
  tight.max_batch_messages = 4;
  for (const Limits& limits : {Limits{}, tight}) {
    FuzzBatch(body, received_at, ids, limits);
    for (domain::EventType type : kTypes) FuzzMessage(body, type, received_at, ids, limits);
  }
  return 0;
}
