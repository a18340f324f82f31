#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "domain/sales.hpp"
#include "service/context.hpp"
#include "service/crm_services.hpp"
#include "store/sales_repos.hpp"

// The sales process: pipelines, opportunities with their stage history, the board, exchange
// rates and the reports. Thread-safe.
namespace tertulia::service {

class PipelineService : public RecordService<domain::Pipeline, store::PipelineRepo> {
 public:
  PipelineService(store::Db& db, const Clock& clock, IdGenerator& ids);
  using RecordService::Update;
  Result<std::vector<domain::Pipeline>> List(const RequestContext& ctx, bool deleted);
  // Stages can be reordered, renamed and added. A stage that still holds opportunities can only
  // be removed with a target in `moves` (removed stage id -> stage of the new list, of the same
  // kind); its opportunities move there, each move recorded in their history.
  Result<domain::Pipeline> Update(const RequestContext& ctx, std::string_view id,
                                  std::optional<int64_t> expected,
                                  const Mutation<domain::Pipeline>& mutate,
                                  const std::map<std::string, std::string>& moves);

 private:
  const Clock& clock_;
  IdGenerator& ids_;
};

// An opportunity as read: the record and whether it is rotting (open longer than its stage's
// rotDays).
struct OpportunityView {
  domain::Opportunity record;
  bool rotting = false;
};

class OpportunityService : public RecordService<domain::Opportunity, store::OpportunityRepo> {
 public:
  OpportunityService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<OpportunityView> View(const RequestContext& ctx, std::string_view id,
                               bool include_deleted = false);
  Result<store::Page<OpportunityView>> List(const RequestContext& ctx,
                                            const store::OpportunityFilter& filter,
                                            const store::PageRequest& page);
  // Moves the opportunity to `stage_id` (of its pipeline, or of `pipeline_id` when given).
  // Won and lost need a stage of that kind; lost needs a reason. Returns the moved opportunity as
  // shown (read in the move's transaction: no second read).
  Result<OpportunityView> MoveStage(const RequestContext& ctx, std::string_view id,
                                    std::optional<int64_t> expected, std::string stage_id,
                                    std::optional<std::string> pipeline_id,
                                    std::optional<std::string> lost_reason);
  Result<std::vector<domain::StageChange>> History(const RequestContext& ctx, std::string_view id);

  // The board of one pipeline: per stage, the first `limit` opportunities (longest in the stage
  // first), how many there are and their totals in the workspace currency.
  struct Column {
    domain::Stage stage;
    int64_t count = 0;
    int64_t total_minor = 0;
    int64_t weighted_minor = 0;
    std::vector<OpportunityView> items;
  };
  struct Board {
    domain::Pipeline pipeline;
    std::string currency;
    std::vector<Column> columns;
  };
  Result<Board> BoardOf(const RequestContext& ctx, std::string_view pipeline_id, size_t limit);

  // Creates `o` inside `tx` (validated and audited like any create, opened in its stage at
  // o.stage_entered_at), then replays `moves` (stage id, when): imports keep their history.
  struct Move {
    std::string stage_id;
    Timestamp at{};
    std::optional<std::string> lost_reason;
  };
  Status ImportInTx(store::Tx& tx, const RequestContext& ctx, const domain::Opportunity& o,
                    const std::vector<Move>& moves);

 private:
  const Clock& clock_;
  IdGenerator& ids_;
};

// Exchange rates into the workspace currency, kept in the workspace.
class ExchangeRateService {
 public:
  ExchangeRateService(store::Db& db, const Clock& clock, IdGenerator& ids)
      : db_(db), clock_(clock), ids_(ids) {}
  Result<std::vector<store::ExchangeRate>> List(const RequestContext& ctx);
  // Admins. `rate_micros`: workspace-currency units per unit of `currency`, times 1e6.
  Result<store::ExchangeRate> Put(const RequestContext& ctx, std::string_view currency,
                                  int64_t rate_micros);
  Status Remove(const RequestContext& ctx, std::string_view currency);

 private:
  store::Db& db_;
  const Clock& clock_;
  IdGenerator& ids_;
};

// Converts amounts into the workspace currency with the workspace's rates.
class Converter {
 public:
  Converter(Currency target, const std::vector<store::ExchangeRate>& rates);
  const Currency& target() const { return target_; }
  // kFailedPrecondition naming the currency when it has no rate.
  Result<int64_t> ToTarget(std::string_view currency, int64_t minor) const;

 private:
  Currency target_;
  std::map<std::string, int64_t, std::less<>> rates_;
};
Result<Converter> LoadConverter(store::Tx& tx, const RequestContext& ctx);

struct ReportQuery {
  std::string pipeline_id;
  std::optional<std::string> owner_id;
  std::optional<std::string> team_id;
  std::optional<std::string> segment;
  std::optional<std::string> campaign_id;
  std::optional<Timestamp> from;  // opportunities created in [from, to)
  std::optional<Timestamp> to;
  std::string group_by;  // "", owner, segment, size, campaign
};

struct StageFigures {
  domain::Stage stage;
  std::string group;
  int64_t count = 0;
  int64_t amount_minor = 0;    // workspace currency
  int64_t weighted_minor = 0;  // amount x probability
};

struct PipelineReport {
  domain::Pipeline pipeline;
  std::string currency;
  std::vector<StageFigures> rows;
  int64_t count = 0;
  int64_t amount_minor = 0;
  int64_t weighted_minor = 0;
};

struct ConversionReport {
  std::string currency;
  struct StageStep {
    domain::Stage stage;
    int64_t reached = 0;               // opportunities that got at least this far
    std::optional<double> conversion;  // share of those that went on to the next open stage
    std::optional<double> avg_days;    // average days spent in the stage (left it)
  };
  std::vector<StageStep> stages;
  int64_t won = 0;
  int64_t lost = 0;
  std::optional<double> win_rate;         // won / (won + lost)
  std::optional<int64_t> avg_deal_minor;  // average won amount
  std::optional<double> avg_cycle_days;   // created to won
};

struct ForecastReport {
  std::string currency;
  struct Month {
    std::string month;            // YYYY-MM
    int64_t weighted_minor = 0;   // open, by expected close
    int64_t committed_minor = 0;  // open in stages of probability >= 75
    int64_t won_minor = 0;        // won, by close date
    int64_t open_count = 0;
    int64_t won_count = 0;
  };
  std::vector<Month> months;
};

// The pipeline, conversion and forecast reports. They obey visibility: a rep's report counts only
// what the rep can open.
class ReportService {
 public:
  explicit ReportService(store::Db& db) : db_(db) {}
  Result<PipelineReport> Pipeline(const RequestContext& ctx, const ReportQuery& query);
  Result<ConversionReport> Conversion(const RequestContext& ctx, const ReportQuery& query);
  Result<ForecastReport> Forecast(const RequestContext& ctx, const ReportQuery& query);

 private:
  store::Db& db_;
};

}  // namespace tertulia::service
