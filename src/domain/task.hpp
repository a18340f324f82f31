#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"

namespace tertulia::domain {

enum class TaskStatus { kOpen, kDone, kCancelled };
template <>
inline constexpr auto kEnumNames<TaskStatus> = std::to_array<std::string_view>({"open", "done",
                                                                                "cancelled"});

enum class TaskPriority { kLow, kNormal, kHigh, kUrgent };
template <>
inline constexpr auto kEnumNames<TaskPriority> =
    std::to_array<std::string_view>({"low", "normal", "high", "urgent"});

// A link from a task or note to the record it is about.
struct RecordLink {
  RecordType type = RecordType::kContact;
  std::string id;

  friend bool operator==(const RecordLink&, const RecordLink&) = default;
};

struct Task {
  RecordMeta meta;
  std::string title;                       // 1..300
  std::optional<std::string> description;  // <= 10,000
  std::optional<Timestamp> due_at;
  std::optional<std::string> assignee_id;  // a user
  TaskStatus status = TaskStatus::kOpen;
  TaskPriority priority = TaskPriority::kNormal;
  std::optional<RecordLink> linked;       // contact, company or opportunity
  std::optional<Timestamp> completed_at;  // set when the status becomes done
};

Status NormalizeAndValidate(Task& task);

}  // namespace tertulia::domain
