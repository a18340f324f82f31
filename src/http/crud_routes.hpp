#pragma once

#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <functional>
#include <string>
#include <vector>

#include "http/api_support.hpp"
#include "http/fields.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

namespace tertulia::http {

// How one kind of record maps to JSON and which service keeps it.
template <typename T, typename Service>
struct CrudResource {
  std::string collection;  // "/api/v1/contacts"
  std::function<Service&(service::App&)> service;
  std::function<boost::json::object(const T&)> to_json;
  // Reads the fields present in `body` into `record` (a new one on create, the stored one on a
  // PATCH); bad values are reported through `in`.
  std::function<void(const boost::json::object& body, T& record, FieldReader& in)> apply;
  std::vector<std::string_view> writable;  // the keys `apply` reads
  bool register_create = true;             // false when the collection has its own POST (users)
  bool register_read = true;               // ... its own GET of one record
  bool register_update = true;             // ... its own PATCH
};

// Registers the record lifecycle routes of `resource`:
//   POST   {collection}               create (201, Location, ETag; Idempotency-Key)
//   GET    {collection}/{id}          read (?includeDeleted=true shows a deleted one)
//   PATCH  {collection}/{id}          change the fields sent (If-Match)
//   DELETE {collection}/{id}          soft delete (204; If-Match)
//   POST   {collection}/{id}/restore  undo a soft delete
template <typename T, typename Service>
void RegisterCrud(Router& router, ApiContext& api, CrudResource<T, Service> resource) {
  auto shared = std::make_shared<CrudResource<T, Service>>(std::move(resource));
  const std::string item = shared->collection + "/{id}";

  // Reads a request body into `record`; kInvalidArgument listing every bad field.
  auto read_body = [shared](const Request& request, T& record) -> Status {
    TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
    FieldReader in(body);
    shared->apply(body, record, in);
    in.RejectUnknown(shared->writable, kReadOnlyKeys);
    return in.Finish("invalid request");
  };

  if (shared->register_create)
    router.Add(Method::kPost, shared->collection, [shared, read_body, &api](Request& request) {
      auto ctx = api.ForCreate(request);
      if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
      auto render = [&](const T& record) {
        return boost::json::serialize(shared->to_json(record));
      };
      auto created = shared->service(api.app()).Create(
          *ctx, [&](T& draft) { return read_body(request, draft); }, render);
      if (!created.ok()) return ErrorResponse(created.error(), request);
      if (created->replay) return ReplayResponse(*created->replay);
      const T& record = *created->record;
      Response response = RecordResponse(201, shared->to_json(record), record.meta.version);
      response.SetHeader("Location", shared->collection + "/" + record.meta.id);
      return response;
    });

  if (shared->register_read)
    router.Add(Method::kGet, item, [shared, &api](Request& request) {
      auto ctx = api.For(request);
      auto include_deleted = QueryFlag(request, "includeDeleted");
      if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
      if (!include_deleted.ok()) return ErrorResponse(include_deleted.error(), request);
      auto record = shared->service(api.app()).Get(*ctx, request.PathParam("id"), *include_deleted);
      if (!record.ok()) return ErrorResponse(record.error(), request);
      return RecordResponse(200, shared->to_json(*record), record->meta.version);
    });

  if (shared->register_update)
    router.Add(Method::kPatch, item, [shared, read_body, &api](Request& request) {
      auto ctx = api.For(request);
      if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
      auto expected = IfMatchVersion(request);
      if (!expected.ok()) return ErrorResponse(expected.error(), request);
      auto updated =
          shared->service(api.app()).Update(*ctx, request.PathParam("id"), *expected,
                                            [&](T& record) { return read_body(request, record); });
      if (!updated.ok()) return ErrorResponse(updated.error(), request);
      return RecordResponse(200, shared->to_json(*updated), updated->meta.version);
    });

  router.Add(Method::kDelete, item, [shared, &api](Request& request) {
    auto ctx = api.For(request);
    if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
    auto expected = IfMatchVersion(request);
    if (!expected.ok()) return ErrorResponse(expected.error(), request);
    auto deleted = shared->service(api.app()).Delete(*ctx, request.PathParam("id"), *expected);
    if (!deleted.ok()) return ErrorResponse(deleted.error(), request);
    Response response;
    response.status = 204;
    response.SetHeader("ETag", VersionETag(deleted->meta.version));
    return response;
  });

  router.Add(Method::kPost, item + "/restore", [shared, &api](Request& request) {
    auto ctx = api.For(request);
    if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
    auto expected = IfMatchVersion(request);
    if (!expected.ok()) return ErrorResponse(expected.error(), request);
    auto restored = shared->service(api.app()).Restore(*ctx, request.PathParam("id"), *expected);
    if (!restored.ok()) return ErrorResponse(restored.error(), request);
    return RecordResponse(200, shared->to_json(*restored), restored->meta.version);
  });
}

}  // namespace tertulia::http
