#pragma once

#include <span>
#include <string_view>

// Word lists of the demo workspace: names, companies, places and conversation snippets in
// Spanish and English.
namespace tertulia::service::demo {

enum class Locale { kSpanish, kEnglish };

struct CountryInfo {
  std::string_view code;  // ISO 3166-1 alpha-2
  Locale locale;
  std::string_view tld;    // ".es", ".com.mx", ...
  std::string_view legal;  // "S.L.", "Ltd", ...
  int weight;              // share of demo companies
  std::span<const std::string_view> cities;
  std::string_view phone_prefix;  // national format start: "9", "55", ...
  int phone_digits;               // national digits after the prefix
};

std::span<const CountryInfo> Countries();

std::span<const std::string_view> FirstNames(Locale locale);
std::span<const std::string_view> LastNames(Locale locale);
std::span<const std::string_view> CompanyRoots(Locale locale);
std::span<const std::string_view> Industries();
// The sector word of an industry in a company name ("Logística", "Logistics").
std::string_view SectorWord(size_t industry, Locale locale);
std::span<const std::string_view> Titles(Locale locale);
std::span<const std::string_view> Products(Locale locale);
std::span<const std::string_view> Tags();
std::span<const std::string_view> PersonalMailDomains();

// Subjects ({p} is a product) and bodies of conversations per channel name.
std::span<const std::string_view> Subjects(std::string_view channel, Locale locale);
std::span<const std::string_view> Bodies(Locale locale);
std::span<const std::string_view> Outcomes(Locale locale);
std::span<const std::string_view> TaskTitles(Locale locale);  // {n} is a first name
std::span<const std::string_view> NoteBodies(Locale locale);

struct DemoUser {
  std::string_view name;
  std::string_view email;
  std::string_view role;
};
std::span<const DemoUser> Users();

}  // namespace tertulia::service::demo
