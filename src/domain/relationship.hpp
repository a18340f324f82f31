#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"

namespace tertulia::domain {

enum class RelationshipKind {
  kKnows,
  kColleague,
  kReportsTo,
  kReferred,
  kInfluences,
  kFamily,
  kFriend,
  kFollows,
  kOther
};
template <>
inline constexpr auto kEnumNames<RelationshipKind> =
    std::to_array<std::string_view>({"knows", "colleague", "reports_to", "referred", "influences",
                                     "family", "friend", "follows", "other"});

// A tie between two contacts. Directed ties read "from <kind> to" (Ana reports_to Luis, Ana
// referred Marta); undirected ones hold both ways.
struct Relationship {
  RecordMeta meta;
  std::string from_contact_id;
  std::string to_contact_id;
  RelationshipKind kind = RelationshipKind::kKnows;
  bool directed = false;
  double strength = 0.5;  // 0..1
  std::optional<Date> since;
  std::optional<std::string> source;  // where we learnt it: "linkedin", "referral form" ... <= 100
  std::optional<std::string> note;    // <= 2000
};

// Whether `kind` is directed by nature (reports_to, referred, influences, follows).
bool IsDirectedKind(RelationshipKind kind);

Status NormalizeAndValidate(Relationship& relationship);

}  // namespace tertulia::domain
