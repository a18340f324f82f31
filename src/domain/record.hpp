#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "domain/enums.hpp"

namespace tertulia::domain {

// What every stored record carries.
struct RecordMeta {
  std::string id;            // ULID
  std::string workspace_id;  // the tenant
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> deleted_at;    // soft delete; restore clears it
  int64_t version = 1;                    // bumped by every change (ETag / If-Match)
  std::optional<std::string> created_by;  // user id, when a user made it
  int64_t seq = 0;  // storage's own key, set when the record is first stored; never on the wire

  bool deleted() const { return deleted_at.has_value(); }
  // False for a record being created: storage sets seq when it first writes it.
  bool stored() const { return seq != 0; }
};

// The kinds of record the CRM knows, as they appear in links ("linked record", notes).
enum class RecordType { kContact, kCompany, kOpportunity, kInteraction, kTask, kNote };
template <>
inline constexpr auto kEnumNames<RecordType> = std::to_array<std::string_view>(
    {"contact", "company", "opportunity", "interaction", "task", "note"});

}  // namespace tertulia::domain
