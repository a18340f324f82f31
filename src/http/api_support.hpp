#pragma once

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/fields.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "service/app.hpp"
#include "service/context.hpp"
#include "store/page.hpp"

// What every /api/v1 handler needs: the request context, paging, and responses for records.
namespace tertulia::http {

// Decodes base64 in the standard or the URL-safe alphabet, padding optional; nullopt when it is
// not base64.
std::optional<std::string> Base64Decode(std::string_view in);

// The browser session cookie.
inline constexpr std::string_view kSessionCookie = "tertulia_session";

// Builds the service::RequestContext of a request: who calls (a session cookie, or an API key
// as Authorization: Bearer), from where, in which workspace. The workspace is the default one
// until multi-tenancy is exposed; it is looked up once. Thread-safe.
class ApiContext {
 public:
  // `secure_cookies`: the server speaks HTTPS, so cookies are marked Secure.
  ApiContext(service::App& app, bool secure_cookies) : app_(app), secure_cookies_(secure_cookies) {}
  service::App& app() { return app_; }
  bool secure_cookies() const { return secure_cookies_; }

  // The context of an authenticated caller. kUnauthenticated (401) without valid credentials;
  // kPermissionDenied (403) for a cookie request with an unsafe method and no matching
  // X-CSRF-Token, and for a user who must first change a one-time password. kUnavailable when
  // there is no workspace (the database was not migrated).
  Result<service::RequestContext> For(const Request& request);
  // Adds the Idempotency-Key (max 255 characters) and the request's fingerprint.
  Result<service::RequestContext> ForCreate(const Request& request);
  // Public routes (sign-in): the workspace and the client's address, acting as nobody.
  Result<service::RequestContext> ForAnonymous(const Request& request);
  // The caller of an authenticated request, with its user and CSRF token.
  Result<service::Caller> CallerOf(const Request& request);
  // The session token of the request's cookie, if any.
  static std::optional<std::string> SessionToken(const Request& request);
  // Set-Cookie values that open and end a session.
  std::string SessionCookie(std::string_view token, std::chrono::seconds max_age) const;
  std::string ExpiredSessionCookie() const;

 private:
  Result<std::string> WorkspaceId();

  service::App& app_;
  bool secure_cookies_ = false;
  std::mutex mu_;
  std::string workspace_id_;
};

// Runs `body` with the request context, turning every error into a problem response.
template <typename F>
Response WithContext(ApiContext& api, Request& request, F&& body) {
  auto ctx = api.For(request);
  if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
  auto response = body(*ctx);
  if (!response.ok()) return ErrorResponse(response.error(), request);
  return std::move(*response);
}

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

// A query parameter as a string, nullopt when absent.
std::optional<std::string> QueryString(const Request& request, std::string_view name);

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
