#include "domain/company.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/contact_points.hpp"
#include "domain/text.hpp"

namespace tertulia::domain {
namespace {

bool IsDomainName(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.find('.') == std::string_view::npos ||
      host.front() == '.' || host.back() == '.' || host.front() == '-') {
    return false;
  }
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

}  // namespace

// "https://www.Acme.es/about" -> "acme.es"
std::string NormalizeDomain(std::string_view text) {
  std::string_view host = Trim(text);
  for (std::string_view scheme : {"https://", "http://"}) {
    if (host.starts_with(scheme)) host.remove_prefix(scheme.size());
  }
  host = host.substr(0, host.find_first_of("/?#:"));
  std::string out = FoldForMatching(host);
  if (out.starts_with("www.")) out.erase(0, 4);
  return out;
}

void NormalizeTags(std::vector<std::string>& tags, FieldErrors& errors) {
  std::vector<std::string> clean;
  for (size_t i = 0; i < tags.size(); ++i) {
    std::string tag(Trim(tags[i]));
    if (tag.empty() || Utf8Length(tag) > 50) {
      errors.Add(fmt::format("tags[{}]", i), "must be 1 to 50 characters");
      continue;
    }
    if (std::find(clean.begin(), clean.end(), tag) == clean.end()) clean.push_back(std::move(tag));
  }
  errors.Check(clean.size() <= 50, "tags", "at most 50 tags");
  tags = std::move(clean);
}

Status NormalizeAndValidate(Company& company, std::span<const CustomFieldDef> custom_defs) {
  FieldErrors errors;
  company.name = std::string(Trim(company.name));
  errors.Check(!company.name.empty() && Utf8Length(company.name) <= 200, "name",
               "must be 1 to 200 characters");
  if (company.domain) {
    company.domain = NormalizeDomain(*company.domain);
    errors.Check(IsDomainName(*company.domain), "domain", "must be a domain name such as acme.es");
  }
  CheckLength(company.industry, "industry", 100, errors);
  CheckLength(company.segment, "segment", 100, errors);
  CheckLength(company.city, "city", 100, errors);
  if (company.country) {
    errors.Check(IsCountryCode(*company.country), "country",
                 "must be an ISO 3166-1 alpha-2 code such as ES");
  }
  NormalizeTags(company.tags, errors);
  ValidateCustomValues(company.custom, custom_defs, errors);
  return errors.ToStatus("invalid company");
}

}  // namespace tertulia::domain
