#include "domain/contact.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/company.hpp"
#include "domain/contact_points.hpp"
#include "domain/text.hpp"

namespace tertulia::domain {
namespace {

void TrimOptional(std::optional<std::string>& value) {
  if (value) value = std::string(Trim(*value));
}

// Makes exactly one entry primary: the first marked one, else the first.
template <typename T>
void SettlePrimary(std::vector<T>& entries) {
  bool seen = false;
  for (auto& entry : entries) {
    if (entry.primary && !seen)
      seen = true;
    else
      entry.primary = false;
  }
  if (!seen && !entries.empty()) entries.front().primary = true;
}

void NormalizeEmails(Contact& contact, FieldErrors& errors) {
  errors.Check(contact.emails.size() <= 20, "emails", "at most 20 e-mail addresses");
  for (size_t i = 0; i < contact.emails.size(); ++i) {
    auto& email = contact.emails[i];
    auto normalized = NormalizeEmail(email.address);
    if (normalized.ok())
      email.address = *normalized;
    else
      errors.Add(fmt::format("emails[{}].address", i), normalized.error().message());
    TrimOptional(email.label);
    CheckLength(email.label, fmt::format("emails[{}].label", i), 30, errors);
  }
  for (size_t i = 1; i < contact.emails.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (contact.emails[i].address == contact.emails[j].address) {
        errors.Add(fmt::format("emails[{}].address", i), "is listed twice");
      }
    }
  }
  SettlePrimary(contact.emails);
}

void NormalizePhones(Contact& contact, std::optional<std::string_view> country,
                     FieldErrors& errors) {
  errors.Check(contact.phones.size() <= 20, "phones", "at most 20 phone numbers");
  for (size_t i = 0; i < contact.phones.size(); ++i) {
    auto& phone = contact.phones[i];
    auto normalized = NormalizePhone(phone.number, country);
    if (normalized.ok())
      phone.number = normalized->number;
    else
      errors.Add(fmt::format("phones[{}].number", i), normalized.error().message());
    TrimOptional(phone.label);
    CheckLength(phone.label, fmt::format("phones[{}].label", i), 30, errors);
  }
  SettlePrimary(contact.phones);
}

void NormalizeProfiles(Contact& contact, FieldErrors& errors) {
  errors.Check(contact.social_profiles.size() <= 30, "socialProfiles", "at most 30 profiles");
  for (size_t i = 0; i < contact.social_profiles.size(); ++i) {
    auto& profile = contact.social_profiles[i];
    profile.handle = NormalizeHandle(profile.handle);
    errors.Check(!profile.handle.empty() && Utf8Length(profile.handle) <= 100,
                 fmt::format("socialProfiles[{}].handle", i), "must be 1 to 100 characters");
    if (profile.url) {
      profile.url = std::string(Trim(*profile.url));
      errors.Check(IsHttpUrl(*profile.url), fmt::format("socialProfiles[{}].url", i),
                   "must be an http(s) URL");
    }
  }
}

}  // namespace

std::string NormalizeHandle(std::string_view handle) {
  std::string_view trimmed = Trim(handle);
  while (!trimmed.empty() && trimmed.front() == '@') trimmed.remove_prefix(1);
  std::string out;
  for (char c : trimmed) {
    if (c == ' ') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string Contact::DisplayName() const {
  std::string name = first_name.value_or("");
  if (last_name) name += (name.empty() ? "" : " ") + *last_name;
  if (!name.empty()) return name;
  if (const auto* email = PrimaryEmail()) return email->address;
  return "(no name)";
}

const ContactEmail* Contact::PrimaryEmail() const {
  for (const auto& email : emails) {
    if (email.primary) return &email;
  }
  return emails.empty() ? nullptr : &emails.front();
}

Status NormalizeAndValidate(Contact& contact, std::span<const CustomFieldDef> custom_defs,
                            std::optional<std::string_view> fallback_country) {
  FieldErrors errors;
  TrimOptional(contact.first_name);
  TrimOptional(contact.last_name);
  TrimOptional(contact.title);
  TrimOptional(contact.city);
  CheckLength(contact.first_name, "firstName", 100, errors);
  CheckLength(contact.last_name, "lastName", 100, errors);
  CheckLength(contact.title, "title", 200, errors);
  CheckLength(contact.city, "city", 100, errors);
  if (contact.country) {
    errors.Check(IsCountryCode(*contact.country), "country",
                 "must be an ISO 3166-1 alpha-2 code such as ES");
  }
  NormalizeEmails(contact, errors);
  std::optional<std::string_view> country =
      contact.country ? std::optional<std::string_view>(*contact.country) : fallback_country;
  NormalizePhones(contact, country, errors);
  NormalizeProfiles(contact, errors);
  NormalizeTags(contact.tags, errors);
  ValidateCustomValues(contact.custom, custom_defs, errors);
  bool named = contact.first_name || contact.last_name || !contact.emails.empty();
  errors.Check(named, "firstName", "a contact needs a first name, a last name or an e-mail");
  return errors.ToStatus("invalid contact");
}

}  // namespace tertulia::domain
