#include "http/api_support.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/json/value.hpp>
#include <charconv>

#include "http/json.hpp"

namespace tertulia::http {
namespace {

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Url[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += kBase64Url[(buffer << (6 - bits)) & 63];
  return out;
}

}  // namespace

std::optional<std::string> Base64Decode(std::string_view in) {
  while (in.ends_with('=')) in.remove_suffix(1);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    size_t pos = c == '+' ? 62 : c == '/' ? 63 : kBase64Url.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

namespace {

// FNV-1a 64: a fingerprint of the request to tell a retry from a different request.
std::string Fingerprint(const Request& request) {
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&](std::string_view text) {
    for (unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
    hash ^= 0xff;
    hash *= 1099511628211ull;
  };
  mix(MethodName(request.method));
  mix(request.path);
  mix(request.body);
  return fmt::format("{:016x}", hash);
}

}  // namespace

Result<std::string> ApiContext::WorkspaceId() {
  std::lock_guard lock(mu_);
  if (workspace_id_.empty()) {
    auto workspace = app_.workspaces().Current();
    if (!workspace.ok()) {
      return Error::Unavailable("no workspace: run `tertulia migrate`",
                                workspace.error().ToString());
    }
    workspace_id_ = workspace->id;
  }
  return workspace_id_;
}

Result<service::RequestContext> ApiContext::ForAnonymous(const Request& request) {
  service::RequestContext ctx;
  TT_ASSIGN_OR_RETURN(ctx.workspace_id, WorkspaceId());
  ctx.request_id = request.request_id;
  ctx.remote_address = request.remote_address;
  return ctx;
}

std::optional<std::string> ApiContext::SessionToken(const Request& request) {
  for (const auto& header : request.headers) {
    if (!EqualsIgnoreCase(header.name, "Cookie")) continue;
    std::string_view rest = header.value;
    while (!rest.empty()) {
      size_t end = rest.find(';');
      std::string_view pair = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == kSessionCookie) {
        return std::string(pair.substr(eq + 1));
      }
    }
  }
  return std::nullopt;
}

std::string ApiContext::SessionCookie(std::string_view token, std::chrono::seconds max_age) const {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}", kSessionCookie, token,
                     max_age.count(), secure_cookies_ ? "; Secure" : "");
}

std::string ApiContext::ExpiredSessionCookie() const {
  return SessionCookie("", std::chrono::seconds(0));
}

namespace {

bool IsUnsafe(Method method) {
  return method != Method::kGet && method != Method::kHead && method != Method::kOptions;
}

// Compares secrets in time independent of where they differ.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// What a user with a one-time password may still do: see who they are, change it, sign out.
bool AllowedBeforePasswordChange(const Request& request) {
  return request.route == "/api/v1/session" || request.route == "/api/v1/session/password";
}

}  // namespace

Result<service::Caller> ApiContext::CallerOf(const Request& request) {
  TT_ASSIGN_OR_RETURN(std::string workspace_id, WorkspaceId());
  if (auto authorization = request.HeaderValue("Authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization->size() <= kBearer.size() ||
        !EqualsIgnoreCase(authorization->substr(0, kBearer.size()), kBearer)) {
      return Error::Unauthenticated("send an API key as Authorization: Bearer <key>");
    }
    return app_.auth().FromApiKey(workspace_id, authorization->substr(kBearer.size()));
  }
  auto token = SessionToken(request);
  if (!token || token->empty()) {
    return Error::Unauthenticated(
        "sign in (POST /api/v1/session) or send an API key as Authorization: Bearer <key>");
  }
  TT_ASSIGN_OR_RETURN(auto caller, app_.auth().FromSession(workspace_id, *token));
  if (IsUnsafe(request.method)) {
    auto csrf = request.HeaderValue("X-CSRF-Token");
    if (!csrf || !caller.csrf_token || !SameSecret(*csrf, *caller.csrf_token)) {
      return Error::PermissionDenied(
          "missing or wrong X-CSRF-Token: send the csrfToken of GET /api/v1/session");
    }
  }
  return caller;
}

Result<service::RequestContext> ApiContext::For(const Request& request) {
  TT_ASSIGN_OR_RETURN(auto ctx, ForAnonymous(request));
  TT_ASSIGN_OR_RETURN(auto caller, CallerOf(request));
  if (caller.must_change_password && !AllowedBeforePasswordChange(request)) {
    return Error::PermissionDenied(
        "change your one-time password first (PUT /api/v1/session/password)");
  }
  ctx.principal = std::move(caller.principal);
  ctx.user_id = ctx.principal.user_id;
  return ctx;
}

Result<service::RequestContext> ApiContext::ForCreate(const Request& request) {
  TT_ASSIGN_OR_RETURN(auto ctx, For(request));
  if (auto key = request.HeaderValue("Idempotency-Key")) {
    if (key->empty() || key->size() > 255) {
      return Error::InvalidField("Idempotency-Key", "must be 1 to 255 characters");
    }
    ctx.idempotency = service::IdempotencyRequest{std::string(*key), Fingerprint(request)};
  }
  return ctx;
}

Result<store::PageRequest> ReadPage(const Request& request, std::string_view default_sort) {
  store::PageRequest page;
  page.sort = std::string(request.QueryValue("sort").value_or(default_sort));
  domain::FieldErrors errors;
  if (auto limit = request.QueryValue("limit")) {
    int value = 0;
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (ec != std::errc{} || end != limit->data() + limit->size() || value < 1 || value > 500) {
      errors.Add("limit", "must be an integer from 1 to 500");
    } else {
      page.limit = static_cast<size_t>(value);
    }
  }
  if (auto cursor = request.QueryValue("cursor"); cursor && !cursor->empty()) {
    auto decoded = DecodeCursor(*cursor);
    if (decoded.ok()) {
      page.after_key = decoded->first;
      page.after_id = decoded->second;
    } else {
      errors.Add("cursor", "is not a cursor this server returned");
    }
  }
  TT_RETURN_IF_ERROR(errors.ToStatus("invalid page request"));
  return page;
}

std::string EncodeCursor(std::string_view key, std::string_view id) {
  return Base64UrlEncode(std::string(key) + '\n' + std::string(id));
}

Result<std::pair<std::string, std::string>> DecodeCursor(std::string_view cursor) {
  auto text = Base64Decode(cursor);
  auto newline = text ? text->find('\n') : std::string::npos;
  if (newline == std::string::npos) {
    return Error::InvalidField("cursor", "is not a cursor this server returned");
  }
  return std::make_pair(text->substr(0, newline), text->substr(newline + 1));
}

Response ListResponse(boost::json::array items, const std::optional<std::string>& next_key,
                      const std::optional<std::string>& next_id) {
  boost::json::object body;
  body["items"] = std::move(items);
  if (next_key && next_id)
    body["nextCursor"] = EncodeCursor(*next_key, *next_id);
  else
    body["nextCursor"] = nullptr;
  return JsonResponse(200, body);
}

Response RecordResponse(int status, boost::json::object json, int64_t version) {
  Response response = JsonResponse(status, json);
  response.SetHeader("ETag", VersionETag(version));
  return response;
}

Response ReplayResponse(const store::StoredResponse& stored) {
  Response response = Response::Text(stored.status, stored.body, "application/json");
  response.SetHeader("Idempotent-Replayed", "true");
  return response;
}

std::optional<std::string> QueryString(const Request& request, std::string_view name) {
  auto value = request.QueryValue(name);
  return value ? std::optional<std::string>(*value) : std::nullopt;
}

Result<bool> QueryFlag(const Request& request, std::string_view name) {
  auto value = request.QueryValue(name);
  if (!value || *value == "false" || *value == "0") return false;
  if (*value == "true" || *value == "1" || value->empty()) return true;
  return Error::InvalidField(std::string(name), "must be true or false");
}

Result<std::optional<Timestamp>> QueryTime(const Request& request, std::string_view name) {
  auto value = request.QueryValue(name);
  if (!value) return std::optional<Timestamp>();
  auto parsed = ParseIso8601(*value);
  if (!parsed.ok()) return Error::InvalidField(std::string(name), parsed.error().message());
  return std::optional<Timestamp>(*parsed);
}

std::optional<std::vector<std::string>> ReadStringList(FieldReader& in,
                                                       const boost::json::object& body,
                                                       std::string_view key, size_t max_length) {
  const auto* value = body.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::vector<std::string>();
  if (!value->is_array()) {
    in.Fail(key, "must be a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  const auto& array = value->get_array();
  for (size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string() || array[i].get_string().size() > max_length * 4) {
      in.Fail(fmt::format("{}[{}]", key, i), "must be a string");
      continue;
    }
    out.emplace_back(array[i].get_string());
  }
  return out;
}

std::optional<Timestamp> ReadTime(FieldReader& in, const boost::json::object& body,
                                  std::string_view key) {
  (void)body;
  auto text = in.String(key, 64);
  if (!text) return std::nullopt;
  auto parsed = ParseIso8601(*text);
  if (!parsed.ok()) {
    in.Fail(key, "must be an ISO 8601 date-time with a zone, such as 2026-11-23T10:00:00Z");
    return std::nullopt;
  }
  return *parsed;
}

}  // namespace tertulia::http
