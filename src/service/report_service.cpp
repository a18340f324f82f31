// The pipeline, conversion and forecast reports.
#include <fmt/format.h>

#include <map>

#include "service/sales_services.hpp"
#include "service/visibility.hpp"
#include "store/security_repos.hpp"

namespace tertulia::service {
namespace {

using domain::Pipeline;

constexpr int kCommitProbability = 75;

Result<std::string_view> GroupColumn(std::string_view group_by) {
  if (group_by.empty()) return std::string_view();
  if (group_by == "owner") return std::string_view("owner_id");
  if (group_by == "segment") return std::string_view("segment");
  if (group_by == "campaign") return std::string_view("campaign_id");
  if (group_by == "size") return std::string_view("size_band");
  return Error::InvalidField("groupBy", "must be owner, segment, size or campaign");
}

// The store filter of a report: its query plus the caller's visibility.
Result<store::ReportFilter> FilterFor(store::Tx& tx, const RequestContext& ctx,
                                      const ReportQuery& query) {
  store::ReportFilter filter;
  filter.pipeline_id = query.pipeline_id;
  filter.owner_id = query.owner_id;
  filter.segment = query.segment;
  filter.campaign_id = query.campaign_id;
  filter.created_from = query.from;
  filter.created_to = query.to;
  if (query.team_id) {
    auto team = store::TeamRepo(tx).Get(ctx.workspace_id, *query.team_id);
    if (!team.ok()) return Error::InvalidField("teamId", "is not a team of this workspace");
    filter.owners = team->member_ids;
    if (team->manager_id) filter.owners->push_back(*team->manager_id);
  }
  filter.visible_owners = VisibleOwnerList(ctx);
  return filter;
}

Result<Pipeline> ReportPipeline(store::Tx& tx, const RequestContext& ctx, const ReportQuery& q) {
  if (q.pipeline_id.empty()) return Error::InvalidField("pipelineId", "is required");
  auto pipeline = store::PipelineRepo(tx).Get(ctx.workspace_id, q.pipeline_id);
  if (!pipeline.ok() || pipeline->meta.deleted()) {
    return Error::InvalidField("pipelineId", "is not a pipeline of this workspace");
  }
  return pipeline;
}

double Days(Timestamp from, Timestamp to) {
  return std::chrono::duration<double>(to - from).count() / 86400.0;
}

// The position of each open stage in the pipeline's order of open stages.
std::map<std::string, size_t> OpenStageIndex(const Pipeline& pipeline) {
  std::map<std::string, size_t> index;
  for (const auto& stage : pipeline.stages) {
    if (stage.kind == domain::StageKind::kOpen) index.emplace(stage.id, index.size());
  }
  return index;
}

}  // namespace

Result<PipelineReport> ReportService::Pipeline(const RequestContext& ctx, const ReportQuery& q) {
  TT_ASSIGN_OR_RETURN(std::string_view column, GroupColumn(q.group_by));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto pipeline, ReportPipeline(*tx, ctx, q));
  TT_ASSIGN_OR_RETURN(auto filter, FilterFor(*tx, ctx, q));
  TT_ASSIGN_OR_RETURN(auto converter, LoadConverter(*tx, ctx));
  TT_ASSIGN_OR_RETURN(auto sums,
                      store::ReportRepo(*tx).StageSums(ctx.workspace_id, filter, column));
  PipelineReport report{pipeline, std::string(converter.target().code()), {}, 0, 0, 0};
  for (const auto& stage : pipeline.stages) {
    std::map<std::string, StageFigures> groups;
    if (column.empty()) groups[""] = StageFigures{stage, "", 0, 0, 0};
    for (const auto& sum : sums) {
      if (sum.stage_id != stage.id) continue;
      TT_ASSIGN_OR_RETURN(int64_t amount, converter.ToTarget(sum.currency, sum.amount_minor));
      auto& row =
          groups.try_emplace(sum.group, StageFigures{stage, sum.group, 0, 0, 0}).first->second;
      row.count += sum.count;
      row.amount_minor += amount;
    }
    for (auto& [group, row] : groups) {
      row.weighted_minor = ScaleRounded(row.amount_minor, stage.probability, 100);
      report.count += row.count;
      report.amount_minor += row.amount_minor;
      report.weighted_minor += row.weighted_minor;
      report.rows.push_back(std::move(row));
    }
  }
  return report;
}

Result<ConversionReport> ReportService::Conversion(const RequestContext& ctx,
                                                   const ReportQuery& q) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto pipeline, ReportPipeline(*tx, ctx, q));
  TT_ASSIGN_OR_RETURN(auto filter, FilterFor(*tx, ctx, q));
  TT_ASSIGN_OR_RETURN(auto converter, LoadConverter(*tx, ctx));
  store::ReportRepo reports(*tx);
  TT_ASSIGN_OR_RETURN(auto facts, reports.Facts(ctx.workspace_id, filter));
  TT_ASSIGN_OR_RETURN(auto changes, reports.Changes(ctx.workspace_id, filter));
  const auto open_index = OpenStageIndex(pipeline);
  const size_t open_stages = open_index.size();

  // How far each opportunity got among the open stages, and how long it stayed in each.
  std::map<std::string, int64_t> furthest;  // opportunity -> open stage index reached
  std::map<std::string, std::pair<double, int64_t>> stay;  // stage -> (days, moves out)
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto& c = changes[i];
    if (auto it = open_index.find(c.to_stage); it != open_index.end()) {
      auto& reached = furthest.try_emplace(c.opportunity_id, -1).first->second;
      reached = std::max(reached, static_cast<int64_t>(it->second));
    }
    bool next_is_same = i + 1 < changes.size() && changes[i + 1].opportunity_id == c.opportunity_id;
    if (next_is_same) {
      auto& [days, moves] = stay[c.to_stage];
      days += Days(c.at, changes[i + 1].at);
      moves += 1;
    }
  }
  ConversionReport report;
  report.currency = std::string(converter.target().code());
  std::vector<int64_t> reached(open_stages, 0);
  int64_t won_amount = 0;
  double cycle_days = 0;
  for (const auto& f : facts) {
    int64_t far = furthest.contains(f.id) ? furthest[f.id] : -1;
    if (f.status == "won") {
      far = static_cast<int64_t>(open_stages) - 1;  // a won deal went all the way
      ++report.won;
      TT_ASSIGN_OR_RETURN(int64_t amount, converter.ToTarget(f.currency, f.amount_minor));
      won_amount += amount;
      if (f.closed_at) cycle_days += Days(f.created_at, *f.closed_at);
    } else if (f.status == "lost") {
      ++report.lost;
    }
    for (int64_t i = 0; i <= far; ++i) ++reached[static_cast<size_t>(i)];
  }
  for (const auto& stage : pipeline.stages) {
    ConversionReport::StageStep step{stage, 0, std::nullopt, std::nullopt};
    if (auto it = open_index.find(stage.id); it != open_index.end()) {
      step.reached = reached[it->second];
      int64_t next = it->second + 1 < open_stages ? reached[it->second + 1] : report.won;
      if (step.reached > 0) step.conversion = static_cast<double>(next) / step.reached;
    } else {
      step.reached = stage.kind == domain::StageKind::kWon ? report.won : report.lost;
    }
    if (auto it = stay.find(stage.id); it != stay.end() && it->second.second > 0) {
      step.avg_days = it->second.first / static_cast<double>(it->second.second);
    }
    report.stages.push_back(std::move(step));
  }
  if (report.won + report.lost > 0) {
    report.win_rate =
        static_cast<double>(report.won) / static_cast<double>(report.won + report.lost);
  }
  if (report.won > 0) {
    report.avg_deal_minor = ScaleRounded(won_amount, 1, report.won);
    report.avg_cycle_days = cycle_days / static_cast<double>(report.won);
  }
  return report;
}

Result<ForecastReport> ReportService::Forecast(const RequestContext& ctx, const ReportQuery& q) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto pipeline, ReportPipeline(*tx, ctx, q));
  TT_ASSIGN_OR_RETURN(auto filter, FilterFor(*tx, ctx, q));
  TT_ASSIGN_OR_RETURN(auto converter, LoadConverter(*tx, ctx));
  TT_ASSIGN_OR_RETURN(auto facts, store::ReportRepo(*tx).Facts(ctx.workspace_id, filter));
  std::map<std::string, ForecastReport::Month> months;
  auto month = [&](const std::string& key) -> ForecastReport::Month& {
    return months.try_emplace(key, ForecastReport::Month{key, 0, 0, 0, 0, 0}).first->second;
  };
  for (const auto& f : facts) {
    TT_ASSIGN_OR_RETURN(int64_t amount, converter.ToTarget(f.currency, f.amount_minor));
    if (f.status == "open" && f.expected_close && f.expected_close->size() >= 7) {
      const auto* stage = pipeline.FindStage(f.stage_id);
      int probability = stage ? stage->probability : 0;
      auto& m = month(f.expected_close->substr(0, 7));
      m.weighted_minor += ScaleRounded(amount, probability, 100);
      if (probability >= kCommitProbability) m.committed_minor += amount;
      ++m.open_count;
    } else if (f.status == "won" && f.closed_at) {
      auto& m = month(FormatIso8601(*f.closed_at).substr(0, 7));
      m.won_minor += amount;
      ++m.won_count;
    }
  }
  ForecastReport report;
  report.currency = std::string(converter.target().code());
  for (auto& [key, m] : months) report.months.push_back(std::move(m));
  return report;
}

}  // namespace tertulia::service
