#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"
#include "domain/user.hpp"

// Who may do what: principals, permissions and visibility. Pure rules; the service layer applies
// them to every use case.
namespace tertulia::domain {

// What an operation needs.
enum class Permission { kRead, kWrite, kAdmin };

// The scope of an API key: read, read and write, or everything.
enum class Scope { kRead, kWrite, kAdmin };
template <>
inline constexpr auto kEnumNames<Scope> = std::to_array<std::string_view>({"read", "write",
                                                                           "admin"});

// Who sees which records: everyone everything, or reps their own and their teams' records.
enum class Visibility { kAll, kTeam };
template <>
inline constexpr auto kEnumNames<Visibility> = std::to_array<std::string_view>({"all", "team"});

// The one asking: a signed-in user, an API key (acting as its user when personal), or the
// system itself (CLI, demo, migrations).
struct Principal {
  enum class Kind { kUser, kApiKey, kSystem };
  Kind kind = Kind::kSystem;
  std::optional<std::string> user_id;
  std::optional<std::string> key_id;
  Role role = Role::kAdmin;
  std::optional<Scope> scope;  // API keys only: caps what the role allows
  // Owners whose records the principal sees; nullopt when it sees every record.
  std::optional<std::set<std::string>> visible_owners;

  static Principal System() { return {}; }
};

// Whether the principal's role (and key scope) allows `permission`:
// viewers read; reps and managers read and write; admins do everything.
bool Allows(const Principal& principal, Permission permission);

// Whether a record owned by `owner_id` is visible. Records nobody owns are visible to all.
bool CanSee(const Principal& principal, const std::optional<std::string>& owner_id);

// The owners a user sees in team mode: themselves, the members of their teams and, for
// managers, of the teams they lead. nullopt (everything) for admins and in "all" mode.
struct TeamView {
  std::string user_id;
  Role role = Role::kRep;
  std::vector<std::string> teammates;    // members of the teams the user belongs to
  std::vector<std::string> led_members;  // members of the teams the user leads
};
std::optional<std::set<std::string>> VisibleOwners(Visibility mode, const TeamView& view);

struct Team {
  RecordMeta meta;
  std::string name;                       // 1..100
  std::optional<std::string> manager_id;  // a user who leads the team
  std::vector<std::string> member_ids;
};
Status NormalizeAndValidate(Team& team);

enum class KeyKind { kApi, kWrite };
template <>
inline constexpr auto kEnumNames<KeyKind> = std::to_array<std::string_view>({"api", "write"});

// An API key (Authorization: Bearer) or a write key (the tracking API's Basic auth). The secret
// is shown once; only its hash is kept.
struct ApiKey {
  std::string id;
  std::string workspace_id;
  KeyKind kind = KeyKind::kApi;
  std::string name;                    // 1..100
  std::string prefix;                  // the first characters of the secret, to recognise it
  std::optional<Scope> scope;          // api keys
  std::optional<std::string> user_id;  // personal api keys act as this user
  std::optional<std::string> source;   // write keys: the tracking source ("website")
  Timestamp created_at{};
  std::optional<std::string> created_by;
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> revoked_at;
};
Status Validate(const ApiKey& key);

// At least 10 characters, not all digits, and not the e-mail address.
Status CheckPasswordStrength(std::string_view password, std::string_view email);

// Consent per purpose, with where it came from and on what legal basis.
enum class ConsentPurpose { kEmailMarketing, kPhone, kTracking, kProfiling };
template <>
inline constexpr auto kEnumNames<ConsentPurpose> =
    std::to_array<std::string_view>({"email_marketing", "phone", "tracking", "profiling"});
enum class ConsentStatus { kGranted, kDenied, kUnknown };
template <>
inline constexpr auto kEnumNames<ConsentStatus> =
    std::to_array<std::string_view>({"granted", "denied", "unknown"});
// GDPR article 6 bases.
enum class LegalBasis {
  kConsent,
  kContract,
  kLegalObligation,
  kVitalInterests,
  kPublicTask,
  kLegitimateInterests
};
template <>
inline constexpr auto kEnumNames<LegalBasis> =
    std::to_array<std::string_view>({"consent", "contract", "legal_obligation", "vital_interests",
                                     "public_task", "legitimate_interests"});

struct Consent {
  std::string contact_id;
  ConsentPurpose purpose = ConsentPurpose::kEmailMarketing;
  ConsentStatus status = ConsentStatus::kUnknown;
  std::optional<std::string> source;  // "signup form", "call with Ana" ... <= 200
  std::optional<LegalBasis> legal_basis;
  Timestamp recorded_at{};
  std::optional<std::string> recorded_by;
};
Status Validate(const Consent& consent);

// One line of the audit log: who did what to which record, when and from where. `changes` holds
// a JSON object: {"field": [before, after], ...} for updates, the record for creates; or
// {"redacted": true} once a GDPR erasure has blanked it.
struct AuditEntry {
  std::string id;
  std::string workspace_id;
  Timestamp occurred_at{};
  std::string actor_type;  // user, api_key, system
  std::optional<std::string> actor_id;
  std::optional<std::string> key_id;
  std::optional<std::string> ip;
  std::optional<std::string> request_id;
  std::string action;  // create, update, delete, restore, merge, login, login_failed, logout,
                       // key_create, key_revoke, export, erase, consent, password
  std::optional<std::string> record_type;
  std::optional<std::string> record_id;
  std::optional<std::string> changes;
};

}  // namespace tertulia::domain
