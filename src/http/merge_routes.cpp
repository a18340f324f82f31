// Contact merges: POST /api/v1/merges, GET /api/v1/merges/{id}, POST /api/v1/merges/{id}/undo and
// GET /api/v1/contacts/{id}/merges.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "http/api_routes.hpp"
#include "http/api_support.hpp"
#include "http/fields.hpp"
#include "http/json.hpp"
#include "service/record_json.hpp"

namespace tertulia::http {
namespace {

namespace json = boost::json;

json::object ToJson(const domain::ContactMerge& merge) {
  json::object o{{"id", merge.id},
                 {"survivorId", merge.survivor_id},
                 {"mergedId", merge.merged_id},
                 {"source", domain::EnumName(merge.source)},
                 {"status", merge.undone() ? "undone" : "merged"},
                 {"mergedAt", FormatIso8601(merge.merged_at)}};
  service::SetOptional(o, "reason", merge.reason);
  service::SetOptional(o, "mergedBy", merge.merged_by);
  service::SetOptional(o, "undoneAt", merge.undone_at);
  service::SetOptional(o, "undoneBy", merge.undone_by);
  std::error_code ec;
  json::value moves = json::parse(merge.moves, ec);
  json::object moved;
  if (!ec && moves.is_object()) {
    for (const auto& [key, value] : moves.get_object()) {
      if (value.is_array()) moved[key] = value.get_array().size();
      if (value.is_int64()) moved[key] = value;
    }
    moved.erase("consents");
    moved.erase("removedRelationships");
    if (const auto* added = moves.get_object().if_contains("added")) moved["added"] = *added;
  }
  o["moved"] = std::move(moved);
  return o;
}

struct MergeRequest {
  std::string survivor_id;
  std::string merged_id;
  std::optional<std::string> reason;
};

Result<MergeRequest> ReadMerge(const Request& request) {
  TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
  FieldReader in(body);
  MergeRequest out;
  auto survivor = in.String("survivorId", 64);
  auto merged = in.String("mergedId", 64);
  if (!survivor && !in.Has("survivorId"))
    in.Fail("survivorId", "is required: the contact that stays");
  if (!merged && !in.Has("mergedId"))
    in.Fail("mergedId", "is required: the contact folded into it");
  out.reason = in.String("reason", service::MergeService::kMaxReason);
  in.RejectUnknown({"survivorId", "mergedId", "reason"});
  TT_RETURN_IF_ERROR(in.Finish("invalid merge"));
  out.survivor_id = *survivor;
  out.merged_id = *merged;
  return out;
}

Response MergeList(const std::vector<domain::ContactMerge>& merges) {
  json::array items;
  for (const auto& merge : merges) items.push_back(ToJson(merge));
  return ListResponse(std::move(items), std::nullopt, std::nullopt);
}

}  // namespace

void RegisterMergeRoutes(Router& router, ApiContext& api) {
  router.Add(Method::kPost, "/api/v1/merges", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_RETURN_IF_ERROR(service::Require(ctx, domain::Permission::kWrite, "merge contacts"));
      TT_ASSIGN_OR_RETURN(auto wanted, ReadMerge(request));
      TT_ASSIGN_OR_RETURN(auto merge,
                          api.app().merges().Merge(ctx, wanted.survivor_id, wanted.merged_id,
                                                   std::move(wanted.reason)));
      Response response = JsonResponse(201, ToJson(merge));
      response.SetHeader("Location", "/api/v1/merges/" + merge.id);
      return response;
    });
  });
  router.Add(Method::kGet, "/api/v1/merges/{id}", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto merge, api.app().merges().Get(ctx, request.PathParam("id")));
      return JsonResponse(200, ToJson(merge));
    });
  });
  router.Add(Method::kPost, "/api/v1/merges/{id}/undo", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto merge, api.app().merges().Undo(ctx, request.PathParam("id")));
      return JsonResponse(200, ToJson(merge));
    });
  });
  router.Add(Method::kGet, "/api/v1/contacts/{id}/merges", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto merges, api.app().merges().ForContact(ctx, request.PathParam("id")));
      return MergeList(merges);
    });
  });
}

}  // namespace tertulia::http
