#include "domain/interaction.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

std::string Excerpt(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool continuation = (static_cast<unsigned char>(c) & 0xc0) == 0x80;
    if (!continuation && chars == max_chars) {
      out += "…";
      return out;
    }
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      ++chars;
      space = false;
    }
    out += c;
    if (!continuation) ++chars;
  }
  return out;
}

std::string Interaction::Summary() const {
  if (subject && !subject->empty()) return Excerpt(*subject, 140);
  if (body && !body->empty()) return Excerpt(*body, 140);
  if (outcome && !outcome->empty()) return Excerpt(*outcome, 140);
  return std::string(EnumName(channel));
}

Status NormalizeAndValidate(Interaction& in) {
  FieldErrors errors;
  if (in.duration_sec) {
    errors.Check(*in.duration_sec >= 0 && *in.duration_sec <= 7 * 86400, "durationSec",
                 "must be from 0 to 604800 seconds");
  }
  auto check = [&](std::optional<std::string>& value, std::string_view field, size_t max) {
    if (!value) return;
    value = std::string(Trim(*value));
    errors.Check(Utf8Length(*value) <= max, field,
                 fmt::format("must be at most {} characters", max));
  };
  check(in.subject, "subject", 300);
  check(in.outcome, "outcome", 300);
  if (in.body) {
    errors.Check(Utf8Length(*in.body) <= 100'000, "body", "must be at most 100000 characters");
  }
  errors.Check(!in.participants.empty() && in.participants.size() <= 100, "participants",
               "must list 1 to 100 participants");
  bool has_contact = std::any_of(in.participants.begin(), in.participants.end(),
                                 [](const auto& p) { return p.type == ParticipantType::kContact; });
  errors.Check(has_contact || in.participants.empty(), "participants",
               "must include at least one contact");
  for (size_t i = 0; i < in.participants.size(); ++i) {
    auto& p = in.participants[i];
    for (size_t j = 0; j < i; ++j) {
      if (in.participants[j].type == p.type && in.participants[j].id == p.id) {
        errors.Add(fmt::format("participants[{}]", i), "is listed twice");
      }
    }
    check(p.role, fmt::format("participants[{}].role", i), 50);
  }
  return errors.ToStatus("invalid interaction");
}

}  // namespace tertulia::domain
