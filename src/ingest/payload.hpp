#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/event.hpp"

namespace tertulia::ingest {

// The Segment HTTP API's limits.
struct Limits {
  size_t max_message_bytes = 32 * 1024;  // one message
  size_t max_batch_bytes = 500 * 1024;   // a /v1/batch body
  size_t max_batch_messages = 2500;      // messages in one batch
};

// A message of a batch that was refused on its own; the rest of the batch is kept.
struct Refusal {
  size_t index = 0;
  std::string reason;   // a short code for /metrics: missing_id, wrong_type, too_large, ...
  std::string field;    // the field at fault, when there is one
  std::string message;  // for people
};

struct Payload {
  std::vector<domain::Event> events;  // valid messages, in order, workspace_id not yet set
  std::vector<Refusal> refused;
  std::optional<std::string> write_key;  // "writeKey" in the body, if any
  // Set when the whole request is refused although it is JSON (a batch without its array, or
  // with too many messages): answered once the write key is checked.
  std::optional<Error> refused_whole;
};

// Parses and validates a tracking call without throwing. `received_at` stamps every message and
// corrects its clock skew as Segment does: timestamp = receivedAt - (sentAt - originalTimestamp).
// A message without messageId gets one from `ids`.
//
// ParseMessage reads the body of /v1/{identify,track,page,screen,group,alias}: one message of
// `type`. A body that is not a JSON object or is over the limit is an error; a message at fault
// comes back refused (so that its write key can be checked first).
// ParseBatch reads /v1/batch: {"batch": [...], "sentAt"?, "writeKey"?}. Not JSON, over a limit
// or without a batch array refuses the request; a bad message is refused alone.
Result<Payload> ParseMessage(std::string_view body, domain::EventType type, Timestamp received_at,
                             IdGenerator& ids, const Limits& limits = {});
Result<Payload> ParseBatch(std::string_view body, Timestamp received_at, IdGenerator& ids,
                           const Limits& limits = {});

}  // namespace tertulia::ingest
