#include "service/sales_services.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "service/audit.hpp"
#include "service/derived_rows.hpp"
#include "service/records.hpp"
#include "service/visibility.hpp"
#include "store/derived_repos.hpp"
#include "store/security_repos.hpp"
#include "store/workspace_repo.hpp"

namespace tertulia::service {
namespace {

using domain::Opportunity;
using domain::Pipeline;

// ---- pipelines ----

Status PreparePipeline(store::Tx&, const RequestContext&, Pipeline& pipeline) {
  return domain::NormalizeAndValidate(pipeline);
}
Status NoPipelineRows(store::Tx&, const Pipeline*, const Pipeline&) { return OkStatus(); }
Status NothingToRemove(store::Tx&, const Pipeline&) { return OkStatus(); }

// ---- opportunities: defaults, checks, stage timing and history ----

// The pipeline a new opportunity without one goes to: the one scoped to its segment, campaign or
// company size band, else the only pipeline there is.
Result<std::optional<std::string>> DefaultPipeline(store::Tx& tx, const RequestContext& ctx,
                                                   const Opportunity& o) {
  TT_ASSIGN_OR_RETURN(auto pipelines, store::PipelineRepo(tx).List(ctx.workspace_id));
  std::optional<domain::SizeBand> size;
  if (o.company_id) {
    TT_ASSIGN_OR_RETURN(auto company, FindLiveCompany(tx, ctx, *o.company_id));
    if (company) size = company->size_band;
  }
  for (const auto& p : pipelines) {
    bool scoped = p.segment || p.campaign_id || p.size_band;
    bool matches = (!p.segment || p.segment == o.segment) &&
                   (!p.campaign_id || p.campaign_id == o.campaign_id) &&
                   (!p.size_band || p.size_band == size);
    if (scoped && matches) return std::optional<std::string>(p.meta.id);
  }
  if (pipelines.size() == 1) return std::optional<std::string>(pipelines.front().meta.id);
  return std::optional<std::string>();
}

Result<std::optional<Pipeline>> LivePipeline(store::Tx& tx, const RequestContext& ctx,
                                             const std::string& id) {
  auto pipeline = store::PipelineRepo(tx).Get(ctx.workspace_id, id);
  if (!pipeline.ok()) {
    if (pipeline.error().code() == ErrorCode::kNotFound) return std::optional<Pipeline>();
    return pipeline.error();
  }
  if (pipeline->meta.deleted()) return std::optional<Pipeline>();
  return std::optional<Pipeline>(std::move(*pipeline));
}

Status CheckReferences(store::Tx& tx, const RequestContext& ctx, const Opportunity& o,
                       domain::FieldErrors& errors) {
  if (o.company_id) {
    TT_RETURN_IF_ERROR(CheckCompanyExists(tx, ctx, *o.company_id, "companyId", errors));
  }
  for (size_t i = 0; i < o.contacts.size(); ++i) {
    TT_RETURN_IF_ERROR(CheckContactExists(tx, ctx, o.contacts[i].contact_id,
                                          fmt::format("contactIds[{}]", i), errors));
  }
  if (o.owner_id) TT_RETURN_IF_ERROR(CheckUserExists(tx, ctx, *o.owner_id, "ownerId", errors));
  CheckOwnerAssignable(ctx, o.owner_id, errors);
  return OkStatus();
}

// Sets when the opportunity entered its stage and when it closed. Returns the stage it left, or
// nullopt when it did not move (a new opportunity "moves" from nowhere: the empty string).
Result<std::optional<std::string>> StageTiming(store::Tx& tx, Opportunity& o) {
  std::optional<std::string> left;
  if (!o.meta.stored()) {
    if (o.stage_entered_at == Timestamp{}) o.stage_entered_at = o.meta.created_at;
    left = std::string();
  } else {
    TT_ASSIGN_OR_RETURN(auto stored,
                        store::OpportunityRepo(tx).Get(o.meta.workspace_id, o.meta.id));
    if (stored.stage_id != o.stage_id || stored.pipeline_id != o.pipeline_id) {
      o.stage_entered_at = o.meta.updated_at;
      left = stored.stage_id;
    }
  }
  if (o.status == domain::OpportunityStatus::kOpen) {
    o.closed_at.reset();
  } else if (!o.closed_at || (left && o.meta.stored())) {
    // Closed when it entered its closing stage; a new record may bring its own time (imports).
    o.closed_at = o.stage_entered_at;
  }
  return left;
}

std::string StageName(const Pipeline& pipeline, const std::string& id) {
  const auto* stage = pipeline.FindStage(id);
  return stage ? stage->name : id;
}

// The timeline entries of a stage move: on the company's and each contact's timeline.
std::vector<domain::TimelineEntry> EntriesOf(const Opportunity& o, const Pipeline& pipeline,
                                             const domain::StageChange& change) {
  std::optional<std::string> from;
  if (change.from_stage) from = StageName(pipeline, *change.from_stage);
  auto text = StageMoveText(o.meta.id, o.name, from, StageName(pipeline, change.to_stage));
  std::vector<domain::TimelineEntry> entries;
  auto add = [&](const std::string& subject) {
    domain::TimelineEntry e;
    e.subject_id = subject;
    e.occurred_at = change.at;
    e.record_id = change.id;
    e.kind = domain::TimelineKind::kStageChange;
    if (change.by) {
      e.actor_type = "user";
      e.actor_id = change.by;
    }
    e.summary = text.summary;
    e.detail = text.detail;
    entries.push_back(std::move(e));
  };
  if (o.company_id) add(*o.company_id);
  for (const auto& c : o.contacts) add(c.contact_id);
  return entries;
}

Result<std::vector<domain::TimelineEntry>> HistoryEntries(store::Tx& tx, const Opportunity& o) {
  TT_ASSIGN_OR_RETURN(auto changes,
                      store::StageChangeRepo(tx).ForOpportunity(o.meta.workspace_id, o.meta.id));
  TT_ASSIGN_OR_RETURN(auto pipeline,
                      store::PipelineRepo(tx).Get(o.meta.workspace_id, o.pipeline_id));
  std::vector<domain::TimelineEntry> entries;
  for (const auto& change : changes) {
    auto more = EntriesOf(o, pipeline, change);
    entries.insert(entries.end(), more.begin(), more.end());
  }
  return entries;
}

Status RecordMove(store::Tx& tx, const RequestContext& ctx, IdGenerator& ids, const Opportunity& o,
                  const std::string& left) {
  domain::StageChange change;
  change.id = ids.Next();
  change.workspace_id = o.meta.workspace_id;
  change.opportunity_id = o.meta.id;
  change.pipeline_id = o.pipeline_id;
  if (!left.empty()) change.from_stage = left;
  change.to_stage = o.stage_id;
  change.at = o.stage_entered_at;
  change.by = ctx.principal.user_id;
  change.amount = o.amount;
  return store::StageChangeRepo(tx).Insert(change);
}

Status IndexOpportunity(store::Tx& tx, const Opportunity* before, const Opportunity& after);

// Moves a stored opportunity to `stage` at `at` inside `tx`, outside the record lifecycle (a
// pipeline's removed stage, an import replaying history): writes it, its history and timelines.
Status MoveInTx(store::Tx& tx, const RequestContext& ctx, IdGenerator& ids, const Opportunity& o,
                const domain::Stage& stage, Timestamp at, std::optional<std::string> lost_reason) {
  Opportunity moved = o;
  moved.stage_id = stage.id;
  moved.stage_entered_at = at;
  moved.status = stage.kind == domain::StageKind::kWon    ? domain::OpportunityStatus::kWon
                 : stage.kind == domain::StageKind::kLost ? domain::OpportunityStatus::kLost
                                                          : domain::OpportunityStatus::kOpen;
  moved.closed_at =
      moved.status == domain::OpportunityStatus::kOpen ? std::nullopt : std::optional(at);
  if (lost_reason) moved.lost_reason = lost_reason;
  moved.meta.updated_at = std::max(o.meta.updated_at, at);
  moved.meta.version += 1;
  TT_RETURN_IF_ERROR(store::OpportunityRepo(tx).Update(o, moved));
  TT_RETURN_IF_ERROR(RecordMove(tx, ctx, ids, moved, o.stage_id));
  return IndexOpportunity(tx, &o, moved);
}

// Whether the timeline entries of `a`'s history would read the same for `b` (same subjects and
// summaries).
bool SameTimelineIdentity(const Opportunity& a, const Opportunity& b) {
  return a.name == b.name && a.company_id == b.company_id && a.contacts == b.contacts &&
         a.pipeline_id == b.pipeline_id;
}

// Keeps the timeline entries of the stage history in step. The common case, a stage move that
// changes nothing else, only adds the entries of the move (the newest change); a change of name,
// company or contacts rewrites them all.
Status IndexOpportunity(store::Tx& tx, const Opportunity* before, const Opportunity& after) {
  if (before != nullptr && SameTimelineIdentity(*before, after)) {
    if (before->stage_id == after.stage_id) return OkStatus();
    TT_ASSIGN_OR_RETURN(auto changes, store::StageChangeRepo(tx).ForOpportunity(
                                          after.meta.workspace_id, after.meta.id));
    if (changes.empty()) return OkStatus();
    TT_ASSIGN_OR_RETURN(auto pipeline,
                        store::PipelineRepo(tx).Get(after.meta.workspace_id, after.pipeline_id));
    return store::TimelineRepo(tx).Add(after.meta.workspace_id,
                                       EntriesOf(after, pipeline, changes.back()));
  }
  std::vector<domain::TimelineEntry> old_entries;
  if (before != nullptr) {
    TT_ASSIGN_OR_RETURN(old_entries, HistoryEntries(tx, *before));
  }
  TT_ASSIGN_OR_RETURN(auto new_entries, HistoryEntries(tx, after));
  return store::TimelineRepo(tx).Replace(after.meta.workspace_id, old_entries, new_entries);
}

Status UnindexOpportunity(store::Tx& tx, const Opportunity& o) {
  TT_ASSIGN_OR_RETURN(auto entries, HistoryEntries(tx, o));
  return store::TimelineRepo(tx).Remove(o.meta.workspace_id, entries);
}

Result<OpportunityView> ViewOf(const Opportunity& o, const Pipeline& pipeline, Timestamp now) {
  return OpportunityView{o, domain::IsRotting(o, pipeline, now)};
}

}  // namespace

// ---- PipelineService ----

PipelineService::PipelineService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(db, clock, ids,
                    {"pipeline", PreparePipeline, NoPipelineRows, NothingToRemove,
                     domain::Permission::kAdmin}),
      clock_(clock),
      ids_(ids) {}

Result<std::vector<Pipeline>> PipelineService::List(const RequestContext& ctx, bool deleted) {
  return Read<std::vector<Pipeline>>(
      [&](store::Tx& tx) { return store::PipelineRepo(tx).List(ctx.workspace_id, deleted); });
}

Result<Pipeline> PipelineService::Update(const RequestContext& ctx, std::string_view id,
                                         std::optional<int64_t> expected,
                                         const Mutation<Pipeline>& mutate,
                                         const std::map<std::string, std::string>& moves) {
  auto move_opportunities = [&](store::Tx& tx, const Pipeline& before,
                                const Pipeline& after) -> Status {
    store::OpportunityRepo opportunities(tx);
    for (const auto& removed : domain::RemovedStages(before, after)) {
      TT_ASSIGN_OR_RETURN(auto ids,
                          opportunities.IdsInStage(ctx.workspace_id, after.meta.id, removed));
      if (ids.empty()) continue;
      auto target = moves.find(removed);
      if (target == moves.end()) {
        return Error::InvalidField(
            "moveOpportunities", fmt::format("stage {} holds {} opportunities: say where they go "
                                             "(\"moveOpportunities\": {{\"{}\": \"<stage id>\"}})",
                                             removed, ids.size(), removed));
      }
      const auto* to = after.FindStage(target->second);
      if (to == nullptr || to->kind != before.FindStage(removed)->kind) {
        return Error::InvalidField(
            "moveOpportunities." + removed,
            "must be a stage of the pipeline of the same kind (open, won or lost)");
      }
      for (const auto& opportunity_id : ids) {
        TT_ASSIGN_OR_RETURN(auto o, opportunities.Get(ctx.workspace_id, opportunity_id));
        TT_RETURN_IF_ERROR(MoveInTx(tx, ctx, ids_, o, *to, clock_.Now(), std::nullopt));
      }
    }
    return OkStatus();
  };
  return lifecycle_.Update(ctx, id, expected, mutate, move_opportunities);
}

// ---- OpportunityService ----

OpportunityService::OpportunityService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(db, clock, ids,
                    {"opportunity",
                     [&ids](store::Tx& tx, const RequestContext& ctx, Opportunity& o) -> Status {
                       domain::FieldErrors errors;
                       if (o.pipeline_id.empty()) {
                         TT_ASSIGN_OR_RETURN(auto chosen, DefaultPipeline(tx, ctx, o));
                         if (!chosen) {
                           errors.Add("pipelineId", "is required (there are several pipelines)");
                           return errors.ToStatus("invalid opportunity");
                         }
                         o.pipeline_id = *chosen;
                       }
                       TT_ASSIGN_OR_RETURN(auto pipeline, LivePipeline(tx, ctx, o.pipeline_id));
                       if (!pipeline) {
                         errors.Add("pipelineId", "is not a pipeline of this workspace");
                         return errors.ToStatus("invalid opportunity");
                       }
                       if (o.stage_id.empty()) {
                         for (const auto& s : pipeline->stages) {
                           if (s.kind == domain::StageKind::kOpen) {
                             o.stage_id = s.id;
                             break;
                           }
                         }
                       }
                       TT_RETURN_IF_ERROR(CheckReferences(tx, ctx, o, errors));
                       TT_ASSIGN_OR_RETURN(
                           auto defs,
                           LoadCustomFields(tx, ctx, domain::CustomFieldObject::kOpportunity));
                       errors.Merge(domain::NormalizeAndValidate(o, *pipeline, defs), "");
                       TT_RETURN_IF_ERROR(errors.ToStatus("invalid opportunity"));
                       TT_ASSIGN_OR_RETURN(auto left, StageTiming(tx, o));
                       if (left) TT_RETURN_IF_ERROR(RecordMove(tx, ctx, ids, o, *left));
                       return OkStatus();
                     },
                     IndexOpportunity, UnindexOpportunity}),
      clock_(clock),
      ids_(ids) {}

Status OpportunityService::ImportInTx(store::Tx& tx, const RequestContext& ctx,
                                      const Opportunity& o, const std::vector<Move>& moves) {
  Opportunity created;
  TT_RETURN_IF_ERROR(lifecycle_.InsertNew(tx, ctx, created, [&](Opportunity& draft) {
    domain::RecordMeta meta = draft.meta;
    draft = o;
    draft.meta = meta;
    draft.meta.created_at = o.meta.created_at == Timestamp{} ? meta.created_at : o.meta.created_at;
    draft.meta.updated_at = std::max(draft.meta.created_at, o.stage_entered_at);
    return OkStatus();
  }));
  TT_ASSIGN_OR_RETURN(auto pipeline,
                      store::PipelineRepo(tx).Get(ctx.workspace_id, created.pipeline_id));
  for (const auto& move : moves) {
    const auto* stage = pipeline.FindStage(move.stage_id);
    if (stage == nullptr) return Error::InvalidField("stageId", "is not a stage of the pipeline");
    TT_RETURN_IF_ERROR(MoveInTx(tx, ctx, ids_, created, *stage, move.at, move.lost_reason));
    TT_ASSIGN_OR_RETURN(created, store::OpportunityRepo(tx).Get(ctx.workspace_id, created.meta.id));
  }
  return OkStatus();
}

Result<OpportunityView> OpportunityService::View(const RequestContext& ctx, std::string_view id,
                                                 bool include_deleted) {
  TT_ASSIGN_OR_RETURN(auto o, Get(ctx, id, include_deleted));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto pipeline, store::PipelineRepo(*tx).Get(ctx.workspace_id, o.pipeline_id));
  return ViewOf(o, pipeline, clock_.Now());
}

Result<store::Page<OpportunityView>> OpportunityService::List(
    const RequestContext& ctx, const store::OpportunityFilter& filter,
    const store::PageRequest& page) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto found, store::OpportunityRepo(*tx).List(
                                      ctx.workspace_id, WithVisibility(ctx, filter), page));
  std::map<std::string, Pipeline> pipelines;
  store::Page<OpportunityView> out{{}, found.next_key, found.next_id};
  for (auto& o : found.items) {
    auto it = pipelines.find(o.pipeline_id);
    if (it == pipelines.end()) {
      TT_ASSIGN_OR_RETURN(auto p, store::PipelineRepo(*tx).Get(ctx.workspace_id, o.pipeline_id));
      it = pipelines.emplace(o.pipeline_id, std::move(p)).first;
    }
    TT_ASSIGN_OR_RETURN(auto view, ViewOf(o, it->second, clock_.Now()));
    out.items.push_back(std::move(view));
  }
  return out;
}

Result<OpportunityView> OpportunityService::MoveStage(const RequestContext& ctx,
                                                      std::string_view id,
                                                      std::optional<int64_t> expected,
                                                      std::string stage_id,
                                                      std::optional<std::string> pipeline_id,
                                                      std::optional<std::string> lost_reason) {
  std::optional<Pipeline> pipeline;
  auto read_pipeline = [&](store::Tx& tx, const Opportunity&, const Opportunity& after) -> Status {
    TT_ASSIGN_OR_RETURN(pipeline, store::PipelineRepo(tx).Get(ctx.workspace_id, after.pipeline_id));
    return OkStatus();
  };
  TT_ASSIGN_OR_RETURN(auto moved, lifecycle_.Update(
                                      ctx, id, expected,
                                      [&](Opportunity& o) -> Status {
                                        o.stage_id = stage_id;
                                        if (pipeline_id) o.pipeline_id = *pipeline_id;
                                        if (lost_reason) o.lost_reason = lost_reason;
                                        return OkStatus();
                                      },
                                      read_pipeline));
  return ViewOf(moved, *pipeline, clock_.Now());
}

Result<std::vector<domain::StageChange>> OpportunityService::History(const RequestContext& ctx,
                                                                     std::string_view id) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto o, lifecycle_.Load(*tx, ctx, id));
  return store::StageChangeRepo(*tx).ForOpportunity(ctx.workspace_id, o.meta.id);
}

Result<OpportunityService::Board> OpportunityService::BoardOf(const RequestContext& ctx,
                                                              std::string_view pipeline_id,
                                                              size_t limit) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto pipeline, LivePipeline(*tx, ctx, std::string(pipeline_id)));
  if (!pipeline) return Error::NotFound(fmt::format("pipeline {} does not exist", pipeline_id));
  TT_ASSIGN_OR_RETURN(auto converter, LoadConverter(*tx, ctx));
  store::ReportFilter filter;
  filter.pipeline_id = pipeline->meta.id;
  filter.visible_owners = VisibleOwnerList(ctx);
  TT_ASSIGN_OR_RETURN(auto sums, store::ReportRepo(*tx).StageSums(ctx.workspace_id, filter, ""));
  Board board{*pipeline, std::string(converter.target().code()), {}};
  const Timestamp now = clock_.Now();
  for (const auto& stage : pipeline->stages) {
    Column column{stage, 0, 0, 0, {}};
    for (const auto& sum : sums) {
      if (sum.stage_id != stage.id) continue;
      TT_ASSIGN_OR_RETURN(int64_t amount, converter.ToTarget(sum.currency, sum.amount_minor));
      column.count += sum.count;
      column.total_minor += amount;
    }
    column.weighted_minor = ScaleRounded(column.total_minor, stage.probability, 100);
    TT_ASSIGN_OR_RETURN(
        auto items, store::OpportunityRepo(*tx).InStage(ctx.workspace_id, pipeline->meta.id,
                                                        stage.id, limit, filter.visible_owners));
    for (auto& o : items) {
      TT_ASSIGN_OR_RETURN(auto view, ViewOf(o, *pipeline, now));
      column.items.push_back(std::move(view));
    }
    board.columns.push_back(std::move(column));
  }
  return board;
}

// ---- exchange rates ----

Converter::Converter(Currency target, const std::vector<store::ExchangeRate>& rates)
    : target_(target) {
  for (const auto& rate : rates) rates_[rate.currency] = rate.rate_micros;
}

Result<int64_t> Converter::ToTarget(std::string_view code, int64_t minor) const {
  if (code == target_.code()) return minor;
  auto rate = rates_.find(code);
  auto currency = Currency::FromCode(code);
  if (rate == rates_.end() || !currency.ok()) {
    return Error::Aborted(
        fmt::format("no exchange rate from {} to {}: set one with PUT /api/v1/exchange-rates/{}",
                    code, target_.code(), code));
  }
  // minor / 10^from * rate / 1e6 * 10^to
  return ScaleRounded(minor, rate->second * target_.minor_per_major(),
                      currency->minor_per_major() * 1'000'000);
}

Result<Converter> LoadConverter(store::Tx& tx, const RequestContext& ctx) {
  TT_ASSIGN_OR_RETURN(auto workspace, store::WorkspaceRepo(tx).Get(ctx.workspace_id));
  TT_ASSIGN_OR_RETURN(auto currency, Currency::FromCode(workspace.currency));
  TT_ASSIGN_OR_RETURN(auto rates, store::ExchangeRateRepo(tx).List(ctx.workspace_id));
  return Converter(currency, rates);
}

Result<std::vector<store::ExchangeRate>> ExchangeRateService::List(const RequestContext& ctx) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  return store::ExchangeRateRepo(*tx).List(ctx.workspace_id);
}

Result<store::ExchangeRate> ExchangeRateService::Put(const RequestContext& ctx,
                                                     std::string_view currency,
                                                     int64_t rate_micros) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kAdmin, "change exchange rates"));
  if (!Currency::FromCode(currency).ok()) {
    return Error::InvalidField("currency", "must be an ISO 4217 code such as USD");
  }
  if (rate_micros <= 0) return Error::InvalidField("rate", "must be a positive number");
  store::ExchangeRate rate{std::string(currency), rate_micros, clock_.Now()};
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_RETURN_IF_ERROR(store::ExchangeRateRepo(*tx).Put(ctx.workspace_id, rate));
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "update", "exchange_rate", currency,
                           boost::json::object{{"rateMicros", rate_micros}}));
  TT_RETURN_IF_ERROR(tx->Commit());
  return rate;
}

Status ExchangeRateService::Remove(const RequestContext& ctx, std::string_view currency) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kAdmin, "change exchange rates"));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_RETURN_IF_ERROR(store::ExchangeRateRepo(*tx).Remove(ctx.workspace_id, currency));
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "delete", "exchange_rate", currency));
  return tx->Commit();
}

}  // namespace tertulia::service
