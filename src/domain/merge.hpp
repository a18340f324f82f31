#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "domain/enums.hpp"

namespace tertulia::domain {

// Who decided that two contacts are one person: someone through the API, or the tracking API
// (an identify whose e-mail belongs to another contact, an alias between two known users).
enum class MergeSource { kApi, kIdentify, kAlias };
template <>
inline constexpr auto kEnumNames<MergeSource> = std::to_array<std::string_view>({"api", "identify",
                                                                                 "alias"});

// Two contacts made one: `merged_id` was folded into `survivor_id` (and soft-deleted). `moves`
// (JSON) records everything that changed hands, so that an undo reverses it exactly.
struct ContactMerge {
  std::string id;
  std::string workspace_id;
  std::string survivor_id;
  std::string merged_id;
  MergeSource source = MergeSource::kApi;
  std::optional<std::string> reason;  // <= 500
  std::string moves;                  // JSON object
  Timestamp merged_at{};
  std::optional<std::string> merged_by;  // a user id; none for the tracking API
  std::optional<Timestamp> undone_at;
  std::optional<std::string> undone_by;

  bool undone() const { return undone_at.has_value(); }
};

}  // namespace tertulia::domain
