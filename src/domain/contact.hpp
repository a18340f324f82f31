#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/custom_field.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"

namespace tertulia::domain {

enum class LifecycleStage {
  kSubscriber,
  kLead,
  kMql,
  kSql,
  kOpportunity,
  kCustomer,
  kEvangelist,
  kOther
};
template <>
inline constexpr auto kEnumNames<LifecycleStage> = std::to_array<std::string_view>(
    {"subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist", "other"});

// Where a lead stands with the sales team. Leads are nurtured, not discarded: "nurturing" and
// "bad_timing" keep a lead in play; "unqualified" is the only dead end.
enum class LeadStatus {
  kNew,
  kAttempted,
  kConnected,
  kOpenDeal,
  kNurturing,
  kBadTiming,
  kUnqualified
};
template <>
inline constexpr auto kEnumNames<LeadStatus> = std::to_array<std::string_view>(
    {"new", "attempted", "connected", "open_deal", "nurturing", "bad_timing", "unqualified"});

enum class SocialNetwork {
  kLinkedin,
  kTwitter,
  kFacebook,
  kInstagram,
  kMastodon,
  kYoutube,
  kTiktok,
  kGithub,
  kWebsite,
  kOther
};
template <>
inline constexpr auto kEnumNames<SocialNetwork> =
    std::to_array<std::string_view>({"linkedin", "twitter", "facebook", "instagram", "mastodon",
                                     "youtube", "tiktok", "github", "website", "other"});

struct ContactEmail {
  std::string address;               // normalised: trimmed, lower case
  bool primary = false;              // exactly one email is primary when there are any
  std::optional<std::string> label;  // "work", "home", ... <= 30
};

struct ContactPhone {
  std::string number;  // E.164 when the country is known
  bool primary = false;
  std::optional<std::string> label;
};

struct SocialProfile {
  SocialNetwork network = SocialNetwork::kOther;
  std::string handle;              // without '@', <= 100
  std::optional<std::string> url;  // http(s)
};

struct Contact {
  RecordMeta meta;
  std::optional<std::string> first_name;  // at least one name or an email is required
  std::optional<std::string> last_name;
  std::vector<ContactEmail> emails;
  std::vector<ContactPhone> phones;
  std::optional<std::string> title;
  std::optional<std::string> company_id;
  std::optional<std::string> owner_id;
  std::optional<std::string> country;  // ISO 3166-1 alpha-2; normalises national phone numbers
  std::optional<std::string> city;
  LifecycleStage lifecycle_stage = LifecycleStage::kLead;
  std::optional<LeadStatus> lead_status;
  std::vector<SocialProfile> social_profiles;
  std::vector<std::string> tags;
  CustomValues custom;

  // "José Muñoz", else the primary e-mail, else "(no name)".
  std::string DisplayName() const;
  const ContactEmail* PrimaryEmail() const;
};

// Normalises (emails lower case, phones E.164 using `country` or else `fallback_country`,
// handles without '@', one primary email and phone) and validates, naming each bad field.
Status NormalizeAndValidate(Contact& contact, std::span<const CustomFieldDef> custom_defs,
                            std::optional<std::string_view> fallback_country = std::nullopt);

// "linkedin:josemunoz" lookups: the handle as stored (lower case, no '@', no spaces).
std::string NormalizeHandle(std::string_view handle);

}  // namespace tertulia::domain
