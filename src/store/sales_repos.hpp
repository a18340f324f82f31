#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/sales.hpp"
#include "store/db.hpp"
#include "store/page.hpp"

// Pipelines, opportunities, stage history, exchange rates and the sums the reports read, inside
// the caller's transaction.
namespace tertulia::store {

class PipelineRepo {
 public:
  explicit PipelineRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Pipeline& pipeline);
  Status Update(const domain::Pipeline& before, const domain::Pipeline& after);
  Result<domain::Pipeline> Get(std::string_view workspace_id, std::string_view id);
  // Live pipelines by name (or the deleted ones).
  Result<std::vector<domain::Pipeline>> List(std::string_view workspace_id, bool deleted = false);

 private:
  Tx& tx_;
};

struct OpportunityFilter {
  std::optional<std::string> pipeline_id{};
  std::optional<std::string> stage_id{};
  std::optional<std::string> status{};
  std::optional<std::string> owner_id{};
  std::optional<std::string> company_id{};
  std::optional<std::string> contact_id{};
  std::optional<std::string> segment{};
  std::optional<std::string> campaign_id{};
  std::optional<std::vector<std::string>> visible_owners{};  // see ContactFilter
  bool deleted = false;
};

class OpportunityRepo {
 public:
  explicit OpportunityRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Opportunity& opportunity);
  Status Update(const domain::Opportunity& before, const domain::Opportunity& after);
  Result<domain::Opportunity> Get(std::string_view workspace_id, std::string_view id);
  Result<Page<domain::Opportunity>> List(std::string_view workspace_id,
                                         const OpportunityFilter& filter, const PageRequest& page);
  // The board: the first `limit` live opportunities of one stage, longest in it first.
  Result<std::vector<domain::Opportunity>> InStage(
      std::string_view workspace_id, std::string_view pipeline_id, std::string_view stage_id,
      size_t limit, const std::optional<std::vector<std::string>>& visible_owners);
  // How many live opportunities sit in a stage.
  Result<int64_t> CountInStage(std::string_view workspace_id, std::string_view pipeline_id,
                               std::string_view stage_id);
  // Moves every live opportunity of `from` to `to` (a stage being deleted); returns their ids.
  Result<std::vector<std::string>> IdsInStage(std::string_view workspace_id,
                                              std::string_view pipeline_id,
                                              std::string_view stage_id);

 private:
  Tx& tx_;
};

class StageChangeRepo {
 public:
  explicit StageChangeRepo(Tx& tx) : tx_(tx) {}
  Status Insert(const domain::StageChange& change);
  // Oldest first.
  Result<std::vector<domain::StageChange>> ForOpportunity(std::string_view workspace_id,
                                                          std::string_view opportunity_id);

 private:
  Tx& tx_;
};

struct ExchangeRate {
  std::string currency;
  int64_t rate_micros = 0;  // workspace-currency units per unit of `currency`, times 1e6
  Timestamp updated_at{};
};

class ExchangeRateRepo {
 public:
  explicit ExchangeRateRepo(Tx& tx) : tx_(tx) {}
  Result<std::vector<ExchangeRate>> List(std::string_view workspace_id);
  Status Put(std::string_view workspace_id, const ExchangeRate& rate);
  Status Remove(std::string_view workspace_id, std::string_view currency);

 private:
  Tx& tx_;
};

// What the reports aggregate, read from the opportunity table with the caller's filters.
struct ReportFilter {
  std::string pipeline_id;
  std::optional<std::string> owner_id{};
  std::optional<std::vector<std::string>> owners{};  // a team's members
  std::optional<std::string> segment{};
  std::optional<std::string> campaign_id{};
  std::optional<std::vector<std::string>> visible_owners{};
  std::optional<Timestamp> created_from{};  // the period: opportunities created in it
  std::optional<Timestamp> created_to{};
};

// One group of opportunities: a stage, a currency and (when grouped) a key.
struct StageSum {
  std::string stage_id;
  std::string currency;
  std::string group;  // "" when not grouped
  int64_t count = 0;
  int64_t amount_minor = 0;
};

// Rows for the conversion and forecast reports.
struct OpportunityFacts {
  std::string id;
  std::string stage_id;
  std::string status;
  std::string currency;
  int64_t amount_minor = 0;
  std::optional<std::string> expected_close;  // YYYY-MM-DD
  Timestamp created_at{};
  std::optional<Timestamp> closed_at;
};

class ReportRepo {
 public:
  explicit ReportRepo(Tx& tx) : tx_(tx) {}
  // Count and amount per stage and currency; `group_by` is a column of opportunity (owner_id,
  // segment, campaign_id) or "size_band" (of the company), or empty.
  Result<std::vector<StageSum>> StageSums(std::string_view workspace_id, const ReportFilter& filter,
                                          std::string_view group_by);
  Result<std::vector<OpportunityFacts>> Facts(std::string_view workspace_id,
                                              const ReportFilter& filter);
  // Every stage change of the pipeline's opportunities in the filter, oldest first per
  // opportunity.
  Result<std::vector<domain::StageChange>> Changes(std::string_view workspace_id,
                                                   const ReportFilter& filter);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
