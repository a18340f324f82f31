#include "service/derived_rows.hpp"

#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "domain/text.hpp"

namespace tertulia::service {
namespace {

// Who did it: the first contact for inbound conversations; else the first user taking part, or
// the user who logged it.
std::pair<std::optional<std::string>, std::optional<std::string>> Actor(
    const domain::Interaction& in) {
  auto first = [&](domain::ParticipantType type) -> const domain::Participant* {
    for (const auto& p : in.participants) {
      if (p.type == type) return &p;
    }
    return nullptr;
  };
  if (in.direction == domain::Direction::kInbound) {
    if (const auto* contact = first(domain::ParticipantType::kContact)) {
      return {"contact", contact->id};
    }
  }
  if (const auto* user = first(domain::ParticipantType::kUser)) return {"user", user->id};
  if (in.meta.created_by) return {"user", *in.meta.created_by};
  return {std::nullopt, std::nullopt};
}

bool ShowsOnTimeline(const domain::RecordLink& link) {
  return link.type == domain::RecordType::kContact || link.type == domain::RecordType::kCompany;
}

std::optional<std::string> UserIf(const std::optional<std::string>& user) {
  return user ? std::optional<std::string>("user") : std::nullopt;
}

void Append(std::string& body, std::string_view text) {
  if (text.empty()) return;
  if (!body.empty()) body += ' ';
  body += text;
}

}  // namespace

std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Interaction& in) {
  std::vector<domain::TimelineEntry> entries;
  auto [actor_type, actor_id] = Actor(in);
  std::string summary = in.Summary();
  auto add = [&](const std::string& subject) {
    entries.push_back({subject, in.occurred_at, in.meta.id, domain::TimelineKind::kInteraction,
                       std::string(domain::EnumName(in.channel)),
                       std::string(domain::EnumName(in.direction)), actor_type, actor_id, summary,
                       std::nullopt});
  };
  for (const auto& p : in.participants) {
    if (p.type == domain::ParticipantType::kContact) add(p.id);
  }
  if (in.company_id) add(*in.company_id);
  return entries;
}

std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Task& task) {
  if (!task.linked || !ShowsOnTimeline(*task.linked)) return {};
  std::string title = domain::Excerpt(task.title, 120);
  std::string summary = title;
  if (task.status != domain::TaskStatus::kOpen) {
    summary += fmt::format(" ({})", domain::EnumName(task.status));
  } else if (task.due_at) {
    summary += " (due " + FormatIso8601(*task.due_at).substr(0, 10) + ")";
  }
  boost::json::object detail{{"title", title}, {"status", domain::EnumName(task.status)}};
  detail["dueAt"] = task.due_at ? boost::json::value(FormatIso8601(*task.due_at)) : nullptr;
  const auto& actor = task.assignee_id ? task.assignee_id : task.meta.created_by;
  return {{task.linked->id, task.meta.created_at, task.meta.id, domain::TimelineKind::kTask,
           std::nullopt, std::nullopt, UserIf(actor), actor, summary,
           boost::json::serialize(detail)}};
}

EntryText StageMoveText(std::string_view opportunity_id, std::string_view name,
                        const std::optional<std::string>& from, std::string_view to) {
  boost::json::object detail{{"opportunityId", opportunity_id}, {"opportunity", name}};
  detail["from"] = from ? boost::json::value(*from) : nullptr;
  detail["to"] = to;
  return {from ? fmt::format("{}: {} → {}", name, *from, to)
               : fmt::format("{}: opened in {}", name, to),
          boost::json::serialize(detail)};
}

std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Note& note) {
  if (!ShowsOnTimeline(note.record)) return {};
  const auto& author = note.meta.created_by;
  return {{note.record.id, note.meta.created_at, note.meta.id, domain::TimelineKind::kNote,
           std::nullopt, std::nullopt, UserIf(author), author, domain::Excerpt(note.body, 140),
           std::nullopt}};
}

std::pair<std::string, std::string> SearchTextOf(const domain::Contact& c) {
  std::string body;
  for (const auto& email : c.emails) Append(body, email.address);
  for (const auto& phone : c.phones) Append(body, phone.number);
  if (c.title) Append(body, *c.title);
  if (c.city) Append(body, *c.city);
  for (const auto& tag : c.tags) Append(body, tag);
  for (const auto& profile : c.social_profiles) Append(body, profile.handle);
  return {c.DisplayName(), body};
}

std::pair<std::string, std::string> SearchTextOf(const domain::Company& c) {
  std::string body;
  for (const auto* part : {&c.domain, &c.industry, &c.segment, &c.city}) {
    if (*part) Append(body, **part);
  }
  for (const auto& tag : c.tags) Append(body, tag);
  return {c.name, body};
}

std::pair<std::string, std::string> SearchTextOf(const domain::Interaction& in) {
  std::string body = in.body.value_or("");
  if (in.outcome) Append(body, *in.outcome);
  return {in.Summary(), body};
}

}  // namespace tertulia::service
