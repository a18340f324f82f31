#pragma once

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/fields.hpp"
#include "http/message.hpp"
#include "service/app.hpp"
#include "service/context.hpp"
#include "store/page.hpp"

// What every /api/v1 handler needs: the request context, paging, and responses for records.
namespace tertulia::http {

// Builds the service::RequestContext of a request. The workspace is the default one until
// multi-tenancy is exposed; it is looked up once. Thread-safe.
class ApiContext {
 public:
  explicit ApiContext(service::App& app) : app_(app) {}
  service::App& app() { return app_; }

  // kUnavailable when there is no workspace (the database was not migrated).
  Result<service::RequestContext> For(const Request& request);
  // Adds the Idempotency-Key (max 255 characters) and the request's fingerprint.
  Result<service::RequestContext> ForCreate(const Request& request);

 private:
  service::App& app_;
  std::mutex mu_;
  std::string workspace_id_;
};

// ?limit= (1..500, default 50), ?cursor= and ?sort= (default `default_sort`).
Result<store::PageRequest> ReadPage(const Request& request, std::string_view default_sort);

// Opaque cursors: base64url of the key and id of the last item.
std::string EncodeCursor(std::string_view key, std::string_view id);
Result<std::pair<std::string, std::string>> DecodeCursor(std::string_view cursor);

// {"items": [...], "nextCursor": "..." | null}
Response ListResponse(boost::json::array items, const std::optional<std::string>& next_key,
                      const std::optional<std::string>& next_id);

// A record with its ETag ("<version>").
Response RecordResponse(int status, boost::json::object json, int64_t version);

// The stored response of an Idempotency-Key replay, marked Idempotent-Replayed: true.
Response ReplayResponse(const store::StoredResponse& stored);

// true/false query flags: "true", "1", "false", "0"; kInvalidArgument naming the flag otherwise.
Result<bool> QueryFlag(const Request& request, std::string_view name);

// An optional ISO 8601 query parameter.
Result<std::optional<Timestamp>> QueryTime(const Request& request, std::string_view name);

// Shared JSON readers for fields that several records have.
std::optional<std::vector<std::string>> ReadStringList(FieldReader& in,
                                                       const boost::json::object& body,
                                                       std::string_view key, size_t max_length);
std::optional<Timestamp> ReadTime(FieldReader& in, const boost::json::object& body,
                                  std::string_view key);
// An enum field: nullopt when absent; an error naming the choices when not one of them.
template <typename E>
std::optional<E> ReadEnum(FieldReader& in, std::string_view key);


// The keys of RecordMeta, accepted and ignored on writes (a client may send back what it read).
inline constexpr std::array<std::string_view, 6> kReadOnlyKeys = {
    "id", "createdAt", "updatedAt", "deletedAt", "version", "createdBy"};

}  // namespace tertulia::http

#include "http/api_support_inl.hpp"
