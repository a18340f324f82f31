#include "domain/security.hpp"

#include <algorithm>

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

bool Allows(const Principal& p, Permission permission) {
  bool by_role = false;
  switch (permission) {
    case Permission::kRead:
      by_role = true;
      break;
    case Permission::kWrite:
      by_role = p.role != Role::kViewer;
      break;
    case Permission::kAdmin:
      by_role = p.role == Role::kAdmin;
      break;
  }
  if (!p.scope) return by_role;
  bool by_scope = static_cast<int>(*p.scope) >= static_cast<int>(permission);
  return by_role && by_scope;
}

bool CanSee(const Principal& p, const std::optional<std::string>& owner_id) {
  if (!p.visible_owners || !owner_id) return true;
  return p.visible_owners->contains(*owner_id);
}

std::optional<std::set<std::string>> VisibleOwners(Visibility mode, const TeamView& view) {
  if (mode == Visibility::kAll || view.role == Role::kAdmin) return std::nullopt;
  std::set<std::string> owners{view.user_id};
  owners.insert(view.teammates.begin(), view.teammates.end());
  if (view.role == Role::kManager) owners.insert(view.led_members.begin(), view.led_members.end());
  return owners;
}

Status NormalizeAndValidate(Team& team) {
  FieldErrors errors;
  team.name = std::string(Trim(team.name));
  errors.Check(!team.name.empty() && Utf8Length(team.name) <= 100, "name",
               "must be 1 to 100 characters");
  std::sort(team.member_ids.begin(), team.member_ids.end());
  team.member_ids.erase(std::unique(team.member_ids.begin(), team.member_ids.end()),
                        team.member_ids.end());
  errors.Check(team.member_ids.size() <= 1000, "memberIds", "at most 1000 members");
  return errors.ToStatus("invalid team");
}

Status Validate(const ApiKey& key) {
  FieldErrors errors;
  errors.Check(!key.name.empty() && Utf8Length(key.name) <= 100, "name",
               "must be 1 to 100 characters");
  if (key.kind == KeyKind::kApi) {
    errors.Check(key.scope.has_value(), "scope", "an api key needs a scope: read, write or admin");
    errors.Check(!key.source.has_value(), "source", "only write keys have a source");
  } else {
    errors.Check(key.source.has_value() && !key.source->empty() && Utf8Length(*key.source) <= 100,
                 "source", "a write key needs the tracking source it is for, 1 to 100 characters");
    errors.Check(!key.scope.has_value(), "scope", "write keys can only send events");
    errors.Check(!key.user_id.has_value(), "personal", "write keys belong to the workspace");
  }
  return errors.ToStatus("invalid key");
}

Status CheckPasswordStrength(std::string_view password, std::string_view email) {
  FieldErrors errors;
  bool all_digits =
      std::all_of(password.begin(), password.end(), [](char c) { return c >= '0' && c <= '9'; });
  errors.Check(Utf8Length(password) >= 10 && password.size() <= 200, "password",
               "must be 10 to 200 characters");
  errors.Check(!all_digits, "password", "must not be only digits");
  errors.Check(FoldForMatching(password) != FoldForMatching(email), "password",
               "must not be the e-mail address");
  return errors.ToStatus("weak password");
}

Status Validate(const Consent& consent) {
  FieldErrors errors;
  if (consent.source) {
    errors.Check(!consent.source->empty() && Utf8Length(*consent.source) <= 200, "source",
                 "must be 1 to 200 characters");
  }
  errors.Check(consent.status == ConsentStatus::kUnknown || consent.legal_basis.has_value(),
               "legalBasis", "granted or denied consent needs a legal basis");
  return errors.ToStatus("invalid consent");
}

}  // namespace tertulia::domain
