// /api/v1/pipelines, /api/v1/opportunities (with stage moves and history), the board, exchange
// rates and the reports.
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cmath>

#include "http/api_routes.hpp"
#include "http/api_support.hpp"
#include "http/crm_json.hpp"
#include "http/crud_routes.hpp"
#include "http/fields.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"

namespace tertulia::http {
namespace {

namespace json = boost::json;

json::object ViewJson(const service::OpportunityView& view) {
  json::object o = ToJson(view.record);
  o["rotting"] = view.rotting;
  return o;
}

// ---- pipelines ----

// PATCH /api/v1/pipelines/{id}: the fields sent, plus "moveOpportunities" {removed stage: target}.
Response PatchPipeline(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_RETURN_IF_ERROR(service::Require(ctx, domain::Permission::kAdmin, "change pipelines"));
    TT_ASSIGN_OR_RETURN(auto expected, IfMatchVersion(request));
    TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
    std::map<std::string, std::string> moves;
    if (const auto* m = body.if_contains("moveOpportunities")) {
      if (!m->is_object()) {
        return Error::InvalidField("moveOpportunities", "must map removed stage ids to stage ids");
      }
      for (const auto& [from, to] : m->get_object()) {
        if (!to.is_string()) {
          return Error::InvalidField("moveOpportunities." + std::string(from),
                                     "must be a stage id");
        }
        moves[std::string(from)] = std::string(to.get_string());
      }
      body.erase("moveOpportunities");
    }
    auto updated = api.app().pipelines().Update(
        ctx, request.PathParam("id"), expected,
        [&](domain::Pipeline& p) -> Status {
          FieldReader in(body);
          ApplyPipeline(body, p, in);
          in.RejectUnknown(kPipelineFields, kReadOnlyKeys);
          return in.Finish("invalid request");
        },
        moves);
    if (!updated.ok()) return updated.error();
    return RecordResponse(200, ToJson(*updated), updated->meta.version);
  });
}

void RegisterPipelines(Router& router, ApiContext& api) {
  CrudResource<domain::Pipeline, service::PipelineService> resource{
      "/api/v1/pipelines",
      [](service::App& app) -> service::PipelineService& { return app.pipelines(); },
      [](const domain::Pipeline& p) { return ToJson(p); }, ApplyPipeline, kPipelineFields};
  resource.register_update = false;
  RegisterCrud(router, api, std::move(resource));
  router.Add(Method::kPatch, "/api/v1/pipelines/{id}",
             [&api](Request& r) { return PatchPipeline(api, r); });
  router.Add(Method::kGet, "/api/v1/pipelines", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(bool deleted, QueryFlag(request, "deleted"));
      TT_ASSIGN_OR_RETURN(auto pipelines, api.app().pipelines().List(ctx, deleted));
      json::array items;
      for (const auto& p : pipelines) items.push_back(ToJson(p));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
  router.Add(Method::kGet, "/api/v1/pipelines/{id}/board", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      size_t limit = 50;
      if (auto text = request.QueryValue("limit")) {
        int value = std::atoi(std::string(*text).c_str());
        if (value < 1 || value > 200) return Error::InvalidField("limit", "must be 1 to 200");
        limit = static_cast<size_t>(value);
      }
      TT_ASSIGN_OR_RETURN(auto board,
                          api.app().opportunities().BoardOf(ctx, request.PathParam("id"), limit));
      json::array columns;
      for (const auto& column : board.columns) {
        json::array items;
        for (const auto& view : column.items) items.push_back(ViewJson(view));
        columns.push_back(json::object{{"stage", ToJson(column.stage)},
                                       {"count", column.count},
                                       {"total", column.total_minor},
                                       {"weighted", column.weighted_minor},
                                       {"items", std::move(items)}});
      }
      return JsonResponse(200, json::object{{"pipeline", ToJson(board.pipeline)},
                                            {"currency", board.currency},
                                            {"columns", std::move(columns)}});
    });
  });
}

// ---- opportunities ----

Result<store::OpportunityFilter> ReadOpportunityFilter(const Request& request) {
  store::OpportunityFilter f;
  f.pipeline_id = QueryString(request, "pipelineId");
  f.stage_id = QueryString(request, "stageId");
  f.status = QueryString(request, "status");
  if (f.status && !domain::ParseEnum<domain::OpportunityStatus>(*f.status)) {
    return Error::InvalidField("status", domain::EnumChoices<domain::OpportunityStatus>());
  }
  f.owner_id = QueryString(request, "ownerId");
  f.company_id = QueryString(request, "companyId");
  f.contact_id = QueryString(request, "contactId");
  f.segment = QueryString(request, "segment");
  f.campaign_id = QueryString(request, "campaignId");
  TT_ASSIGN_OR_RETURN(f.deleted, QueryFlag(request, "deleted"));
  return f;
}

Response MoveStage(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_RETURN_IF_ERROR(service::Require(ctx, domain::Permission::kWrite, "move opportunities"));
    TT_ASSIGN_OR_RETURN(auto expected, IfMatchVersion(request));
    TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
    FieldReader in(body);
    auto stage = in.String("stageId", 40);
    if (!stage) in.Fail("stageId", "is required");
    auto pipeline = in.String("pipelineId", 64);
    auto reason = in.String("lostReason", 500);
    in.RejectUnknown({"stageId", "pipelineId", "lostReason"});
    TT_RETURN_IF_ERROR(in.Finish("invalid stage move"));
    TT_ASSIGN_OR_RETURN(auto view,
                        api.app().opportunities().MoveStage(ctx, request.PathParam("id"), expected,
                                                            *stage, pipeline, reason));
    return RecordResponse(200, ViewJson(view), view.record.meta.version);
  });
}

void RegisterOpportunities(Router& router, ApiContext& api) {
  CrudResource<domain::Opportunity, service::OpportunityService> resource{
      "/api/v1/opportunities",
      [](service::App& app) -> service::OpportunityService& { return app.opportunities(); },
      [](const domain::Opportunity& o) { return ToJson(o); }, ApplyOpportunity, kOpportunityFields};
  resource.register_read = false;
  RegisterCrud(router, api, std::move(resource));
  router.Add(Method::kGet, "/api/v1/opportunities/{id}", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(bool deleted, QueryFlag(request, "includeDeleted"));
      TT_ASSIGN_OR_RETURN(auto view,
                          api.app().opportunities().View(ctx, request.PathParam("id"), deleted));
      return RecordResponse(200, ViewJson(view), view.record.meta.version);
    });
  });
  router.Add(Method::kGet, "/api/v1/opportunities", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto filter, ReadOpportunityFilter(request));
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-createdAt"));
      TT_ASSIGN_OR_RETURN(auto found, api.app().opportunities().List(ctx, filter, page));
      json::array items;
      for (const auto& view : found.items) items.push_back(ViewJson(view));
      return ListResponse(std::move(items), found.next_key, found.next_id);
    });
  });
  router.Add(Method::kPost, "/api/v1/opportunities/{id}/stage",
             [&api](Request& r) { return MoveStage(api, r); });
  router.Add(Method::kGet, "/api/v1/opportunities/{id}/history", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto changes,
                          api.app().opportunities().History(ctx, request.PathParam("id")));
      json::array items;
      for (const auto& change : changes) items.push_back(ToJson(change));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
}

// ---- exchange rates ----

json::object RateJson(const store::ExchangeRate& rate) {
  return json::object{{"currency", rate.currency},
                      {"rate", static_cast<double>(rate.rate_micros) / 1e6},
                      {"updatedAt", FormatIso8601(rate.updated_at)}};
}

void RegisterExchangeRates(Router& router, ApiContext& api) {
  router.Add(Method::kGet, "/api/v1/exchange-rates", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto rates, api.app().exchange_rates().List(ctx));
      json::array items;
      for (const auto& rate : rates) items.push_back(RateJson(rate));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
  router.Add(Method::kPut, "/api/v1/exchange-rates/{currency}", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_RETURN_IF_ERROR(
          service::Require(ctx, domain::Permission::kAdmin, "change exchange rates"));
      TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
      FieldReader in(body);
      auto rate = in.Number("rate", 1e-6, 1e9);
      if (!rate) in.Fail("rate", "is required: units of the workspace currency per unit");
      in.RejectUnknown({"rate"});
      TT_RETURN_IF_ERROR(in.Finish("invalid exchange rate"));
      auto micros = static_cast<int64_t>(std::llround(*rate * 1e6));
      TT_ASSIGN_OR_RETURN(
          auto stored, api.app().exchange_rates().Put(ctx, request.PathParam("currency"), micros));
      return JsonResponse(200, RateJson(stored));
    });
  });
  router.Add(Method::kDelete, "/api/v1/exchange-rates/{currency}", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_RETURN_IF_ERROR(api.app().exchange_rates().Remove(ctx, request.PathParam("currency")));
      Response response;
      response.status = 204;
      return response;
    });
  });
}

// ---- reports ----

Result<service::ReportQuery> ReadReportQuery(const Request& request) {
  service::ReportQuery q;
  q.pipeline_id = QueryString(request, "pipelineId").value_or("");
  q.owner_id = QueryString(request, "ownerId");
  q.team_id = QueryString(request, "teamId");
  q.segment = QueryString(request, "segment");
  q.campaign_id = QueryString(request, "campaignId");
  TT_ASSIGN_OR_RETURN(q.from, QueryTime(request, "from"));
  TT_ASSIGN_OR_RETURN(q.to, QueryTime(request, "to"));
  q.group_by = QueryString(request, "groupBy").value_or("");
  return q;
}

json::value Optional(const std::optional<double>& v) { return v ? json::value(*v) : nullptr; }

json::object PipelineReportJson(const service::PipelineReport& r) {
  json::array rows;
  for (const auto& row : r.rows) {
    json::object o{{"stageId", row.stage.id},
                   {"stageName", row.stage.name},
                   {"kind", domain::EnumName(row.stage.kind)},
                   {"probability", row.stage.probability},
                   {"count", row.count},
                   {"amount", row.amount_minor},
                   {"weighted", row.weighted_minor}};
    if (!row.group.empty() || !r.rows.empty()) o["group"] = row.group;
    rows.push_back(std::move(o));
  }
  return json::object{{"pipelineId", r.pipeline.meta.id},
                      {"currency", r.currency},
                      {"rows", std::move(rows)},
                      {"totals", json::object{{"count", r.count},
                                              {"amount", r.amount_minor},
                                              {"weighted", r.weighted_minor}}}};
}

json::object ConversionJson(const service::ConversionReport& r) {
  json::array stages;
  for (const auto& s : r.stages) {
    stages.push_back(json::object{{"stageId", s.stage.id},
                                  {"stageName", s.stage.name},
                                  {"kind", domain::EnumName(s.stage.kind)},
                                  {"reached", s.reached},
                                  {"conversion", Optional(s.conversion)},
                                  {"avgDaysInStage", Optional(s.avg_days)}});
  }
  json::object out{{"currency", r.currency},
                   {"stages", std::move(stages)},
                   {"won", r.won},
                   {"lost", r.lost},
                   {"winRate", Optional(r.win_rate)},
                   {"avgCycleDays", Optional(r.avg_cycle_days)}};
  out["avgDealSize"] = r.avg_deal_minor ? json::value(*r.avg_deal_minor) : nullptr;
  return out;
}

json::object ForecastJson(const service::ForecastReport& r) {
  json::array months;
  for (const auto& m : r.months) {
    months.push_back(json::object{{"month", m.month},
                                  {"weighted", m.weighted_minor},
                                  {"committed", m.committed_minor},
                                  {"won", m.won_minor},
                                  {"openCount", m.open_count},
                                  {"wonCount", m.won_count}});
  }
  return json::object{{"currency", r.currency}, {"months", std::move(months)}};
}

template <typename Run, typename Render>
void RegisterReport(Router& router, ApiContext& api, std::string path, Run run, Render render) {
  router.Add(Method::kGet, std::move(path), [&api, run, render](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto query, ReadReportQuery(request));
      TT_ASSIGN_OR_RETURN(auto report, run(api.app().reports(), ctx, query));
      return JsonResponse(200, render(report));
    });
  });
}

void RegisterReports(Router& router, ApiContext& api) {
  RegisterReport(
      router, api, "/api/v1/reports/pipeline",
      [](service::ReportService& s, const service::RequestContext& c,
         const service::ReportQuery& q) { return s.Pipeline(c, q); },
      PipelineReportJson);
  RegisterReport(
      router, api, "/api/v1/reports/conversion",
      [](service::ReportService& s, const service::RequestContext& c,
         const service::ReportQuery& q) { return s.Conversion(c, q); },
      ConversionJson);
  RegisterReport(
      router, api, "/api/v1/reports/forecast",
      [](service::ReportService& s, const service::RequestContext& c,
         const service::ReportQuery& q) { return s.Forecast(c, q); },
      ForecastJson);
}

}  // namespace

void RegisterSalesRoutes(Router& router, ApiContext& api) {
  RegisterPipelines(router, api);
  RegisterOpportunities(router, api);
  RegisterExchangeRates(router, api);
  RegisterReports(router, api);
}

}  // namespace tertulia::http
