#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace tertulia::domain {

// The tenant: every record belongs to one workspace.
struct Workspace {
  std::string id;                // ULID
  std::string slug;              // unique, url-safe: [a-z0-9-], 1..63 characters
  std::string name;              // shown to people, 1..200 characters
  std::string currency = "EUR";  // ISO 4217: reports convert amounts into it
  Timestamp created_at{};
  Timestamp updated_at{};
  int64_t version = 1;  // optimistic concurrency
  // "all": every user sees every record; "team": reps see their own and their teams' records,
  // managers also those of the teams they lead (domain::Visibility).
  std::string visibility = "all";
};

// The workspace created on the first run.
inline constexpr std::string_view kDefaultWorkspaceSlug = "default";

// kInvalidArgument naming each bad field.
Status Validate(const Workspace& workspace);

}  // namespace tertulia::domain

namespace tertulia::domain {

// A partial update: only the fields present change.
struct WorkspacePatch {
  std::optional<std::string> name;
  std::optional<std::string> currency;
  std::optional<std::string> visibility;
};

}  // namespace tertulia::domain
