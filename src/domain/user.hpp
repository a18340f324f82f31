#pragma once

#include <string>

#include "core/result.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"

namespace tertulia::domain {

enum class Role { kAdmin, kManager, kRep, kViewer };
template <>
inline constexpr auto kEnumNames<Role> = std::to_array<std::string_view>({"admin", "manager", "rep",
                                                                          "viewer"});

// A person who works in Tertulia: owns records, is assigned tasks, takes part in interactions.
struct User {
  RecordMeta meta;
  std::string email;  // unique per workspace, lower case
  std::string name;   // 1..200
  Role role = Role::kRep;
};

Status NormalizeAndValidate(User& user);

}  // namespace tertulia::domain
