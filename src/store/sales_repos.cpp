#include "store/sales_repos.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "domain/text.hpp"
#include "store/json_codec.hpp"
#include "store/list_query.hpp"
#include "store/record_sql.hpp"
#include "store/sql_builder.hpp"

namespace tertulia::store {
namespace {

namespace json = boost::json;

// ---- pipelines ----

constexpr std::string_view kPipelineColumns =
    "id, workspace_id, name, description, stages, segment, size_band, campaign_id, created_at,"
    " updated_at, deleted_at, version, created_by, seq";
constexpr std::string_view kPipelineInsert =
    "INSERT INTO pipeline (id, workspace_id, name, description, stages, segment, size_band,"
    " campaign_id, created_at, updated_at, deleted_at, version, created_by, sort_key)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
constexpr std::string_view kPipelineUpdate =
    "UPDATE pipeline SET name = $3, description = $4, stages = $5, segment = $6, size_band = $7,"
    " campaign_id = $8, updated_at = $10, deleted_at = $11, version = $12, sort_key = $14"
    " WHERE id = $1 AND workspace_id = $2 AND version = $12 - 1";

std::string EncodeStages(const std::vector<domain::Stage>& stages) {
  json::array out;
  for (const auto& s : stages) {
    json::object o{{"id", s.id},
                   {"name", s.name},
                   {"probability", s.probability},
                   {"kind", domain::EnumName(s.kind)}};
    if (s.rot_days) o["rotDays"] = *s.rot_days;
    out.push_back(std::move(o));
  }
  return json::serialize(out);
}

std::vector<domain::Stage> DecodeStages(std::string_view text) {
  return DecodeList<domain::Stage>(text, [](const json::object& o) {
    domain::Stage s;
    s.id = OptionalText(o, "id").value_or("");
    s.name = OptionalText(o, "name").value_or("");
    s.probability = static_cast<int>(OptionalInteger(o, "probability").value_or(0));
    if (auto days = OptionalInteger(o, "rotDays")) s.rot_days = static_cast<int>(*days);
    s.kind = domain::ParseEnum<domain::StageKind>(OptionalText(o, "kind").value_or(""))
                 .value_or(domain::StageKind::kOpen);
    return s;
  });
}

domain::Pipeline PipelineFromRow(const Row& row) {
  domain::Pipeline p;
  p.meta.id = row.String(0);
  p.meta.workspace_id = row.String(1);
  p.name = row.String(2);
  p.description = row.OptionalString(3);
  p.stages = DecodeStages(row.Text(4));
  p.segment = row.OptionalString(5);
  if (!row.IsNull(6)) p.size_band = domain::ParseEnum<domain::SizeBand>(row.Text(6));
  p.campaign_id = row.OptionalString(7);
  ReadMeta(row, 8, p.meta);
  return p;
}

Result<int64_t> WritePipeline(Tx& tx, std::string_view sql, const domain::Pipeline& p) {
  std::string stages = EncodeStages(p.stages);
  std::optional<std::string_view> size_band;
  if (p.size_band) size_band = domain::EnumName(*p.size_band);
  std::string sort_key = domain::FoldForMatching(p.name);
  return RunWrite(
      tx, sql,
      {p.meta.id, p.meta.workspace_id, p.name, p.description, stages, p.segment, size_band,
       p.campaign_id, ToUnixMillis(p.meta.created_at), ToUnixMillis(p.meta.updated_at),
       OptionalMillis(p.meta.deleted_at), p.meta.version, p.meta.created_by, sort_key});
}

// ---- opportunities ----

constexpr std::string_view kOpportunityColumns =
    "id, workspace_id, name, pipeline_id, stage_id, amount_minor, currency, expected_close,"
    " company_id, contacts, owner_id, source, campaign_id, segment, status, lost_reason,"
    " stage_entered_at, closed_at, custom, created_at, updated_at, deleted_at, version,"
    " created_by, seq";
constexpr std::string_view kOpportunityInsert =
    "INSERT INTO opportunity (id, workspace_id, name, pipeline_id, stage_id, amount_minor,"
    " currency, expected_close, company_id, contacts, owner_id, source, campaign_id, segment,"
    " status, lost_reason, stage_entered_at, closed_at, custom, created_at, updated_at,"
    " deleted_at, version, created_by, sort_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
    " $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)";
constexpr std::string_view kOpportunityUpdate =
    "UPDATE opportunity SET name = $3, pipeline_id = $4, stage_id = $5, amount_minor = $6,"
    " currency = $7, expected_close = $8, company_id = $9, contacts = $10, owner_id = $11,"
    " source = $12, campaign_id = $13, segment = $14, status = $15, lost_reason = $16,"
    " stage_entered_at = $17, closed_at = $18, custom = $19, updated_at = $21, deleted_at = $22,"
    " version = $23, sort_key = $25 WHERE id = $1 AND workspace_id = $2 AND version = $23 - 1";

std::string EncodeContacts(const std::vector<domain::OpportunityContact>& contacts) {
  json::array out;
  for (const auto& c : contacts) {
    json::object o{{"contactId", c.contact_id}};
    if (c.role) o["role"] = domain::EnumName(*c.role);
    out.push_back(std::move(o));
  }
  return json::serialize(out);
}

std::vector<domain::OpportunityContact> DecodeContacts(std::string_view text) {
  return DecodeList<domain::OpportunityContact>(text, [](const json::object& o) {
    domain::OpportunityContact c;
    c.contact_id = OptionalText(o, "contactId").value_or("");
    if (auto role = OptionalText(o, "role")) c.role = domain::ParseEnum<domain::ContactRole>(*role);
    return c;
  });
}

Currency CurrencyOr(std::string_view code) {
  auto currency = Currency::FromCode(code);
  return currency.ok() ? *currency : *Currency::FromCode("EUR");
}

domain::Opportunity OpportunityFromRow(const Row& row) {
  domain::Opportunity o;
  o.meta.id = row.String(0);
  o.meta.workspace_id = row.String(1);
  o.name = row.String(2);
  o.pipeline_id = row.String(3);
  o.stage_id = row.String(4);
  o.amount = Money{row.Int(5), CurrencyOr(row.Text(6))};
  if (!row.IsNull(7)) {
    auto date = ParseDate(row.Text(7));
    if (date.ok()) o.expected_close = *date;
  }
  o.company_id = row.OptionalString(8);
  o.contacts = DecodeContacts(row.Text(9));
  o.owner_id = row.OptionalString(10);
  o.source = row.OptionalString(11);
  o.campaign_id = row.OptionalString(12);
  o.segment = row.OptionalString(13);
  o.status = domain::ParseEnum<domain::OpportunityStatus>(row.Text(14))
                 .value_or(domain::OpportunityStatus::kOpen);
  o.lost_reason = row.OptionalString(15);
  o.stage_entered_at = FromUnixMillis(row.Int(16));
  o.closed_at = OptionalTimestamp(row, 17);
  o.custom = DecodeCustom(row.Text(18));
  ReadMeta(row, 19, o.meta);
  return o;
}

Result<int64_t> WriteOpportunity(Tx& tx, std::string_view sql, const domain::Opportunity& o) {
  std::optional<std::string> close;
  if (o.expected_close) close = FormatDate(*o.expected_close);
  std::string contacts = EncodeContacts(o.contacts);
  std::string custom = EncodeCustom(o.custom);
  std::string sort_key = domain::FoldForMatching(o.name);
  return RunWrite(tx, sql,
                  {o.meta.id,
                   o.meta.workspace_id,
                   o.name,
                   o.pipeline_id,
                   o.stage_id,
                   o.amount.minor,
                   o.amount.currency.code(),
                   close,
                   o.company_id,
                   contacts,
                   o.owner_id,
                   o.source,
                   o.campaign_id,
                   o.segment,
                   domain::EnumName(o.status),
                   o.lost_reason,
                   ToUnixMillis(o.stage_entered_at),
                   OptionalMillis(o.closed_at),
                   custom,
                   ToUnixMillis(o.meta.created_at),
                   ToUnixMillis(o.meta.updated_at),
                   OptionalMillis(o.meta.deleted_at),
                   o.meta.version,
                   o.meta.created_by,
                   sort_key});
}

// Adds `sign` times the opportunity to the running totals of its stage (live ones only).
Status AdjustTotals(Tx& tx, const domain::Opportunity& o, int64_t sign) {
  if (o.meta.deleted()) return OkStatus();
  TT_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO opportunity_totals (workspace_id, pipeline_id, stage_id, currency, owner_id,"
      " segment, campaign_id, count, amount_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
      " ON CONFLICT DO UPDATE SET count = count + excluded.count,"
      " amount_minor = amount_minor + excluded.amount_minor",
      {o.meta.workspace_id, o.pipeline_id, o.stage_id, o.amount.currency.code(),
       o.owner_id.value_or(""), o.segment.value_or(""), o.campaign_id.value_or(""), sign,
       sign * o.amount.minor}));
  return OkStatus();
}

std::string OpportunitySortValue(const domain::Opportunity& o, SortColumn sort) {
  return SortValue(sort, o.meta, domain::FoldForMatching(o.name));
}

// ---- stage changes ----

constexpr std::string_view kChangeColumns =
    "id, workspace_id, opportunity_id, pipeline_id, from_stage, to_stage, at, by, amount_minor,"
    " currency";

domain::StageChange ChangeFromRow(const Row& row) {
  domain::StageChange c;
  c.id = row.String(0);
  c.workspace_id = row.String(1);
  c.opportunity_id = row.String(2);
  c.pipeline_id = row.String(3);
  c.from_stage = row.OptionalString(4);
  c.to_stage = row.String(5);
  c.at = FromUnixMillis(row.Int(6));
  c.by = row.OptionalString(7);
  c.amount = Money{row.Int(8), CurrencyOr(row.Text(9))};
  return c;
}

// The WHERE clause of the reports, over opportunity `o`.
void ApplyReportFilter(SqlBuilder& sql, std::string_view workspace_id, const ReportFilter& f) {
  sql.Append(" WHERE o.workspace_id = ? AND o.pipeline_id = ? AND o.deleted_at IS NULL",
             {std::string(workspace_id), f.pipeline_id});
  if (f.owner_id) sql.Append(" AND o.owner_id = ?", {*f.owner_id});
  if (f.owners) {
    sql.Append(" AND o.owner_id IN (SELECT value FROM json_each(?))", {EncodeStrings(*f.owners)});
  }
  if (f.visible_owners) {
    sql.Append(" AND (o.owner_id IS NULL OR o.owner_id IN (SELECT value FROM json_each(?)))",
               {EncodeStrings(*f.visible_owners)});
  }
  if (f.segment) sql.Append(" AND o.segment = ?", {*f.segment});
  if (f.campaign_id) sql.Append(" AND o.campaign_id = ?", {*f.campaign_id});
  if (f.created_from) sql.Append(" AND o.created_at >= ?", {ToUnixMillis(*f.created_from)});
  if (f.created_to) sql.Append(" AND o.created_at < ?", {ToUnixMillis(*f.created_to)});
}

}  // namespace

// ---- PipelineRepo ----

Status PipelineRepo::Insert(domain::Pipeline& p) {
  TT_ASSIGN_OR_RETURN(p.meta.seq, WritePipeline(tx_, kPipelineInsert, p));
  return OkStatus();
}

Status PipelineRepo::Update(const domain::Pipeline&, const domain::Pipeline& p) {
  return CheckUpdated(WritePipeline(tx_, kPipelineUpdate, p), "pipeline", p.meta);
}

Result<domain::Pipeline> PipelineRepo::Get(std::string_view workspace_id, std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM pipeline WHERE workspace_id = $1 AND id = $2", kPipelineColumns);
  return GetOne<domain::Pipeline>(tx_, sql, "pipeline", workspace_id, id, PipelineFromRow);
}

Result<std::vector<domain::Pipeline>> PipelineRepo::List(std::string_view workspace_id,
                                                         bool deleted) {
  static const std::string live = fmt::format(
      "SELECT {} FROM pipeline WHERE workspace_id = $1 AND deleted_at IS NULL"
      " ORDER BY sort_key, id",
      kPipelineColumns);
  static const std::string gone = fmt::format(
      "SELECT {} FROM pipeline WHERE workspace_id = $1 AND deleted_at IS NOT NULL"
      " ORDER BY sort_key, id",
      kPipelineColumns);
  std::vector<domain::Pipeline> out;
  TT_RETURN_IF_ERROR(tx_.Query(deleted ? gone : live, {workspace_id},
                               [&](const Row& row) { out.push_back(PipelineFromRow(row)); }));
  return out;
}

// ---- OpportunityRepo ----

Status OpportunityRepo::Insert(domain::Opportunity& o) {
  TT_ASSIGN_OR_RETURN(o.meta.seq, WriteOpportunity(tx_, kOpportunityInsert, o));
  return AdjustTotals(tx_, o, 1);
}

Status OpportunityRepo::Update(const domain::Opportunity& before, const domain::Opportunity& o) {
  TT_RETURN_IF_ERROR(
      CheckUpdated(WriteOpportunity(tx_, kOpportunityUpdate, o), "opportunity", o.meta));
  TT_RETURN_IF_ERROR(AdjustTotals(tx_, before, -1));
  return AdjustTotals(tx_, o, 1);
}

Result<domain::Opportunity> OpportunityRepo::Get(std::string_view workspace_id,
                                                 std::string_view id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM opportunity WHERE workspace_id = $1 AND id = $2", kOpportunityColumns);
  return GetOne<domain::Opportunity>(tx_, sql, "opportunity", workspace_id, id, OpportunityFromRow);
}

Result<Page<domain::Opportunity>> OpportunityRepo::List(std::string_view workspace_id,
                                                        const OpportunityFilter& f,
                                                        const PageRequest& page) {
  ListQuery query("opportunity", kOpportunityColumns, workspace_id, f.deleted);
  if (f.pipeline_id) query.Where("pipeline_id = ?", *f.pipeline_id);
  if (f.stage_id) query.Where("stage_id = ?", *f.stage_id);
  if (f.status) query.Where("status = ?", *f.status);
  if (f.owner_id) query.Where("owner_id = ?", *f.owner_id);
  if (f.company_id) query.Where("company_id = ?", *f.company_id);
  if (f.segment) query.Where("segment = ?", *f.segment);
  if (f.campaign_id) query.Where("campaign_id = ?", *f.campaign_id);
  if (f.contact_id) {
    query.Where(
        "EXISTS (SELECT 1 FROM json_each(contacts) WHERE json_extract(value, '$.contactId') = ?)",
        *f.contact_id);
  }
  if (f.visible_owners) {
    query.Where("(owner_id IS NULL OR owner_id IN (SELECT value FROM json_each(?)))",
                EncodeStrings(*f.visible_owners));
  }
  return query.Run<domain::Opportunity>(tx_, page, OpportunityFromRow, OpportunitySortValue);
}

Result<std::vector<domain::Opportunity>> OpportunityRepo::InStage(
    std::string_view workspace_id, std::string_view pipeline_id, std::string_view stage_id,
    size_t limit, const std::optional<std::vector<std::string>>& visible_owners) {
  SqlBuilder sql(fmt::format("SELECT {} FROM opportunity INDEXED BY opportunity_by_stage"
                             " WHERE workspace_id = ? AND pipeline_id = ? AND stage_id = ?"
                             " AND deleted_at IS NULL",
                             kOpportunityColumns),
                 {std::string(workspace_id), std::string(pipeline_id), std::string(stage_id)});
  if (visible_owners) {
    sql.Append(" AND (owner_id IS NULL OR owner_id IN (SELECT value FROM json_each(?)))",
               {EncodeStrings(*visible_owners)});
  }
  sql.Append(" ORDER BY stage_entered_at, id LIMIT ?", {static_cast<int64_t>(limit)});
  std::vector<domain::Opportunity> out;
  TT_RETURN_IF_ERROR(tx_.Query(sql.sql(), sql.params(),
                               [&](const Row& row) { out.push_back(OpportunityFromRow(row)); }));
  return out;
}

Result<int64_t> OpportunityRepo::CountInStage(std::string_view workspace_id,
                                              std::string_view pipeline_id,
                                              std::string_view stage_id) {
  int64_t count = 0;
  TT_RETURN_IF_ERROR(tx_.Query(
      "SELECT count(*) FROM opportunity WHERE workspace_id = $1 AND pipeline_id = $2"
      " AND stage_id = $3 AND deleted_at IS NULL",
      {workspace_id, pipeline_id, stage_id}, [&](const Row& row) { count = row.Int(0); }));
  return count;
}

Result<std::vector<std::string>> OpportunityRepo::IdsInStage(std::string_view workspace_id,
                                                             std::string_view pipeline_id,
                                                             std::string_view stage_id) {
  std::vector<std::string> ids;
  TT_RETURN_IF_ERROR(
      tx_.Query("SELECT id FROM opportunity WHERE workspace_id = $1 AND pipeline_id = $2"
                " AND stage_id = $3 AND deleted_at IS NULL",
                {workspace_id, pipeline_id, stage_id},
                [&](const Row& row) { ids.push_back(row.String(0)); }));
  return ids;
}

// ---- StageChangeRepo ----

Status StageChangeRepo::Insert(const domain::StageChange& c) {
  static const std::string sql =
      fmt::format("INSERT INTO stage_change ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                  kChangeColumns);
  TT_RETURN_IF_ERROR(tx_.Exec(
      sql, {c.id, c.workspace_id, c.opportunity_id, c.pipeline_id, c.from_stage, c.to_stage,
            ToUnixMillis(c.at), c.by, c.amount.minor, c.amount.currency.code()}));
  return OkStatus();
}

Result<std::vector<domain::StageChange>> StageChangeRepo::ForOpportunity(
    std::string_view workspace_id, std::string_view opportunity_id) {
  static const std::string sql = fmt::format(
      "SELECT {} FROM stage_change WHERE workspace_id = $1 AND opportunity_id = $2"
      " ORDER BY at, seq",
      kChangeColumns);
  std::vector<domain::StageChange> out;
  TT_RETURN_IF_ERROR(tx_.Query(sql, {workspace_id, opportunity_id},
                               [&](const Row& row) { out.push_back(ChangeFromRow(row)); }));
  return out;
}

// ---- ExchangeRateRepo ----

Result<std::vector<ExchangeRate>> ExchangeRateRepo::List(std::string_view workspace_id) {
  std::vector<ExchangeRate> out;
  TT_RETURN_IF_ERROR(tx_.Query(
      "SELECT currency, rate_micros, updated_at FROM exchange_rate WHERE workspace_id = $1"
      " ORDER BY currency",
      {workspace_id}, [&](const Row& row) {
        out.push_back({row.String(0), row.Int(1), FromUnixMillis(row.Int(2))});
      }));
  return out;
}

Status ExchangeRateRepo::Put(std::string_view workspace_id, const ExchangeRate& rate) {
  TT_RETURN_IF_ERROR(
      tx_.Exec("INSERT INTO exchange_rate (workspace_id, currency, rate_micros, updated_at)"
               " VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, currency) DO UPDATE SET"
               " rate_micros = excluded.rate_micros, updated_at = excluded.updated_at",
               {workspace_id, rate.currency, rate.rate_micros, ToUnixMillis(rate.updated_at)}));
  return OkStatus();
}

Status ExchangeRateRepo::Remove(std::string_view workspace_id, std::string_view currency) {
  TT_RETURN_IF_ERROR(tx_.Exec("DELETE FROM exchange_rate WHERE workspace_id = $1 AND currency = $2",
                              {workspace_id, currency}));
  return OkStatus();
}

// ---- ReportRepo ----

namespace {

// The sums from the running totals: every filter but the period and the size band is one of
// their columns.
Result<std::vector<StageSum>> SumsFromTotals(Tx& tx, std::string_view workspace_id,
                                             const ReportFilter& f, std::string_view group_by) {
  std::string group = group_by.empty() ? "''" : std::string(group_by);
  SqlBuilder sql(fmt::format("SELECT stage_id, currency, {} AS g, sum(count), sum(amount_minor)"
                             " FROM opportunity_totals WHERE workspace_id = ? AND pipeline_id = ?",
                             group),
                 {std::string(workspace_id), f.pipeline_id});
  if (f.owner_id) sql.Append(" AND owner_id = ?", {*f.owner_id});
  if (f.owners)
    sql.Append(" AND owner_id IN (SELECT value FROM json_each(?))", {EncodeStrings(*f.owners)});
  if (f.visible_owners) {
    sql.Append(" AND (owner_id = '' OR owner_id IN (SELECT value FROM json_each(?)))",
               {EncodeStrings(*f.visible_owners)});
  }
  if (f.segment) sql.Append(" AND segment = ?", {*f.segment});
  if (f.campaign_id) sql.Append(" AND campaign_id = ?", {*f.campaign_id});
  sql.Append(" GROUP BY stage_id, currency, g HAVING sum(count) > 0", {});
  std::vector<StageSum> out;
  TT_RETURN_IF_ERROR(tx.Query(sql.sql(), sql.params(), [&](const Row& row) {
    out.push_back({row.String(0), row.String(1), row.String(2), row.Int(3), row.Int(4)});
  }));
  return out;
}

}  // namespace

Result<std::vector<StageSum>> ReportRepo::StageSums(std::string_view workspace_id,
                                                    const ReportFilter& filter,
                                                    std::string_view group_by) {
  if (!filter.created_from && !filter.created_to && group_by != "size_band") {
    return SumsFromTotals(tx_, workspace_id, filter, group_by);
  }
  std::string group = "''";
  std::string join;
  if (group_by == "owner_id" || group_by == "segment" || group_by == "campaign_id") {
    group = fmt::format("coalesce(o.{}, '')", group_by);
  } else if (group_by == "size_band") {
    group = "coalesce(c.size_band, '')";
    join = " LEFT JOIN company c ON c.id = o.company_id";
  }
  SqlBuilder sql(fmt::format("SELECT o.stage_id, o.currency, {} AS g, count(*),"
                             " sum(o.amount_minor) FROM opportunity o{}",
                             group, join),
                 {});
  ApplyReportFilter(sql, workspace_id, filter);
  sql.Append(" GROUP BY o.stage_id, o.currency, g", {});
  std::vector<StageSum> out;
  TT_RETURN_IF_ERROR(tx_.Query(sql.sql(), sql.params(), [&](const Row& row) {
    out.push_back({row.String(0), row.String(1), row.String(2), row.Int(3), row.Int(4)});
  }));
  return out;
}

Result<std::vector<OpportunityFacts>> ReportRepo::Facts(std::string_view workspace_id,
                                                        const ReportFilter& filter) {
  SqlBuilder sql(
      "SELECT o.id, o.stage_id, o.status, o.currency, o.amount_minor, o.expected_close,"
      " o.created_at, o.closed_at FROM opportunity o",
      {});
  ApplyReportFilter(sql, workspace_id, filter);
  std::vector<OpportunityFacts> out;
  TT_RETURN_IF_ERROR(tx_.Query(sql.sql(), sql.params(), [&](const Row& row) {
    out.push_back({row.String(0), row.String(1), row.String(2), row.String(3), row.Int(4),
                   row.OptionalString(5), FromUnixMillis(row.Int(6)), OptionalTimestamp(row, 7)});
  }));
  return out;
}

Result<std::vector<domain::StageChange>> ReportRepo::Changes(std::string_view workspace_id,
                                                             const ReportFilter& filter) {
  SqlBuilder sql(fmt::format("SELECT {} FROM stage_change s WHERE s.opportunity_id IN"
                             " (SELECT o.id FROM opportunity o",
                             kChangeColumns),
                 {});
  ApplyReportFilter(sql, workspace_id, filter);
  sql.Append(") ORDER BY s.opportunity_id, s.at, s.seq", {});
  std::vector<domain::StageChange> out;
  TT_RETURN_IF_ERROR(tx_.Query(sql.sql(), sql.params(),
                               [&](const Row& row) { out.push_back(ChangeFromRow(row)); }));
  return out;
}

}  // namespace tertulia::store
