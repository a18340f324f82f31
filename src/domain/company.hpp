#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/custom_field.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"

namespace tertulia::domain {

enum class SizeBand { k1To10, k11To50, k51To200, k201To1000, kOver1000 };
template <>
inline constexpr auto kEnumNames<SizeBand> =
    std::to_array<std::string_view>({"1-10", "11-50", "51-200", "201-1000", "1000+"});

struct Company {
  RecordMeta meta;
  std::string name;                     // 1..200
  std::optional<std::string> domain;    // "acme.es", lower case, no scheme
  std::optional<std::string> industry;  // free text, <= 100
  std::optional<SizeBand> size_band;
  std::optional<std::string> segment;   // "SMB", "Enterprise", ... <= 100
  std::optional<std::string> country;   // ISO 3166-1 alpha-2
  std::optional<std::string> city;      // <= 100
  std::vector<std::string> tags;        // each 1..50, at most 50, unique
  std::optional<std::string> owner_id;  // a user
  CustomValues custom;
};

// "https://www.Acme.es/about" -> "acme.es": how domains are stored and looked up.
std::string NormalizeDomain(std::string_view text);

// Normalises (domain lower case without scheme or path, tags trimmed and de-duplicated) and
// validates, naming each bad field.
Status NormalizeAndValidate(Company& company, std::span<const CustomFieldDef> custom_defs);

// Shared by records with tags: trims, drops duplicates, checks sizes; errors under "tags".
void NormalizeTags(std::vector<std::string>& tags, FieldErrors& errors);

}  // namespace tertulia::domain
