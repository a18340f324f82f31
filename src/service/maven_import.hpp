#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "service/app.hpp"
#include "service/context.hpp"

namespace tertulia::service {

struct MavenImportReport {
  std::string pipeline_id;
  size_t users = 0;
  size_t teams = 0;
  size_t companies = 0;
  size_t opportunities = 0;
  // Rows imported with a caveat, named by file and line ("sales_pipeline.csv:3: ...").
  std::vector<std::string> warnings;
};

// Imports the Maven Analytics sample CRM (sales_teams.csv, accounts.csv, products.csv,
// sales_pipeline.csv in `dir`): agents and managers become users in one team per manager,
// accounts companies, and each deal an opportunity in a "Maven sales" pipeline (Prospecting,
// Engaging, Won, Lost) with its history: opened at the engage date, closed at the close date.
// Amounts are the close value, or for open deals the product's list price, in USD. A product
// the price list does not know ("GTXPro" for "GTX Pro") is reported, not fatal.
Result<MavenImportReport> ImportMaven(
    App& app, const RequestContext& ctx, const std::filesystem::path& dir,
    const std::function<void(std::string_view stage, size_t done, size_t total)>& progress);

}  // namespace tertulia::service
