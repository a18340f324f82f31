#pragma once

#include <optional>
#include <string>

#include "domain/enums.hpp"
#include "domain/record.hpp"

namespace tertulia::domain {

// What a timeline item is. Later capabilities add kinds (tracked events, stage changes,
// mentions, merges) without changing how timelines are read.
enum class TimelineKind { kInteraction, kNote, kTask, kEvent, kStageChange, kMention, kMerge };
template <>
inline constexpr auto kEnumNames<TimelineKind> = std::to_array<std::string_view>(
    {"interaction", "note", "task", "event", "stage_change", "mention", "merge"});

// One item on the timeline of a contact or company. Written when its source record is written
// (one entry per subject), so a timeline is one indexed range read whatever the kinds.
struct TimelineEntry {
  std::string subject_id;  // the contact or company whose timeline shows it
  Timestamp occurred_at{};
  std::string record_id;  // the source record (interaction, note, task, ...)
  TimelineKind kind = TimelineKind::kInteraction;
  std::optional<std::string> channel;     // "call", "email", ... for interactions
  std::optional<std::string> direction;   // inbound / outbound / internal
  std::optional<std::string> actor_type;  // "user" or "contact"
  std::optional<std::string> actor_id;
  std::string summary;  // one line, in English
  // What the summary says, as a JSON object for clients to word in their own language: a task's
  // title, status and due time, a stage move's opportunity and stages, a merge's other contact and
  // counts, a tracked event's page or properties. Absent for interactions and notes, whose
  // summary is the people's own text.
  std::optional<std::string> detail;
};

}  // namespace tertulia::domain
