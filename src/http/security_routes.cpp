// Sign-in and sessions, passwords, users with one-time passwords, API and write keys, teams, the
// audit log, consent, and the GDPR export and erasure of a contact.
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

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
using std::chrono::duration_cast;
using std::chrono::seconds;

json::object SessionJson(const domain::User& user, const std::string& csrf,
                         bool must_change_password) {
  return json::object{
      {"user", ToJson(user)}, {"csrfToken", csrf}, {"mustChangePassword", must_change_password}};
}

// ---- sign-in ----

// 201 with the session's CSRF token, and its cookie.
Response SessionOpened(ApiContext& api, const service::Session& session) {
  auto max_age = duration_cast<seconds>(session.expires_at - api.app().clock().Now());
  json::object out = SessionJson(session.user, session.csrf_token, session.must_change_password);
  out["expiresAt"] = FormatIso8601(session.expires_at);
  Response response = JsonResponse(201, out);
  response.SetHeader("Set-Cookie", api.SessionCookie(session.token, max_age));
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response Login(ApiContext& api, Request& request) {
  auto ctx = api.ForAnonymous(request);
  if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  FieldReader in(*body);
  auto email = in.String("email", 254);
  auto password = in.String("password", 1024);
  if (!email) in.Fail("email", "is required");
  if (!password) in.Fail("password", "is required");
  in.RejectUnknown({"email", "password"});
  if (Status read = in.Finish("invalid sign-in"); !read.ok()) {
    return ErrorResponse(read.error(), request);
  }
  auto& auth = api.app().auth();
  auto session =
      auth.Login(*ctx, *email, *password, request.HeaderValue("User-Agent").value_or(""));
  if (!session.ok()) {
    Response response = ErrorResponse(session.error(), request);
    if (session.error().code() == ErrorCode::kResourceExhausted) {
      response.SetHeader("Retry-After",
                         std::to_string(auth.RetryAfter(*email, request.remote_address).count()));
    }
    return response;
  }
  return SessionOpened(api, *session);
}

// ---- first-run setup ----

Response SetupStatus(ApiContext& api, Request& request) {
  auto ctx = api.ForAnonymous(request);
  if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
  auto needed = api.app().auth().SetupNeeded(*ctx);
  if (!needed.ok()) return ErrorResponse(needed.error(), request);
  Response response = JsonResponse(200, json::object{{"needed", *needed}});
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response SetUp(ApiContext& api, Request& request) {
  auto ctx = api.ForAnonymous(request);
  if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  FieldReader in(*body);
  domain::User draft;
  auto name = in.String("name", 200);
  auto email = in.String("email", 254);
  auto password = in.String("password", 1024);
  if (!name || name->empty()) in.Fail("name", "is required");
  if (!email) in.Fail("email", "is required");
  if (!password) in.Fail("password", "is required");
  in.RejectUnknown({"name", "email", "password"});
  if (Status read = in.Finish("invalid setup"); !read.ok())
    return ErrorResponse(read.error(), request);
  draft.name = *name;
  draft.email = *email;
  auto session = api.app().auth().SetUp(*ctx, std::move(draft), *password,
                                        request.HeaderValue("User-Agent").value_or(""));
  if (!session.ok()) return ErrorResponse(session.error(), request);
  return SessionOpened(api, *session);
}

Response CurrentSession(ApiContext& api, Request& request) {
  auto caller = api.CallerOf(request);
  if (!caller.ok()) return ErrorResponse(caller.error(), request);
  json::object out{{"role", domain::EnumName(caller->principal.role)},
                   {"mustChangePassword", caller->must_change_password}};
  out["user"] = caller->user ? json::value(ToJson(*caller->user)) : json::value(nullptr);
  out["csrfToken"] = caller->csrf_token ? json::value(*caller->csrf_token) : json::value(nullptr);
  if (caller->principal.scope) out["scope"] = domain::EnumName(*caller->principal.scope);
  Response response = JsonResponse(200, out);
  response.SetHeader("Cache-Control", "no-store");
  return response;
}

Response Logout(ApiContext& api, Request& request) {
  auto ctx = api.For(request);
  if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
  auto token = ApiContext::SessionToken(request);
  if (!token) {
    return ErrorResponse(Error::FailedPrecondition("only browser sessions sign out"), request);
  }
  if (Status out = api.app().auth().Logout(*ctx, *token); !out.ok()) {
    return ErrorResponse(out.error(), request);
  }
  Response response;
  response.status = 204;
  response.SetHeader("Set-Cookie", api.ExpiredSessionCookie());
  return response;
}

Response ChangePassword(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
    FieldReader in(body);
    auto current = in.String("currentPassword", 1024);
    auto next = in.String("newPassword", 1024);
    if (!current) in.Fail("currentPassword", "is required");
    if (!next) in.Fail("newPassword", "is required");
    in.RejectUnknown({"currentPassword", "newPassword"});
    TT_RETURN_IF_ERROR(in.Finish("invalid password change"));
    TT_RETURN_IF_ERROR(api.app().auth().ChangePassword(ctx, *current, *next));
    Response response;
    response.status = 204;
    return response;
  });
}

// ---- users ----

Response AddUser(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_RETURN_IF_ERROR(service::Require(ctx, domain::Permission::kAdmin, "add users"));
    TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
    FieldReader in(body);
    domain::User draft;
    ApplyUser(body, draft, in);
    in.RejectUnknown(kUserFields, kReadOnlyKeys);
    TT_RETURN_IF_ERROR(in.Finish("invalid user"));
    TT_ASSIGN_OR_RETURN(auto created, api.app().auth().AddUser(ctx, draft));
    json::object out = ToJson(created.user);
    out["oneTimePassword"] = created.one_time_password;
    Response response = RecordResponse(201, std::move(out), created.user.meta.version);
    response.SetHeader("Location", "/api/v1/users/" + created.user.meta.id);
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
}

Response ResetPassword(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_ASSIGN_OR_RETURN(auto password,
                        api.app().auth().ResetPassword(ctx, request.PathParam("id")));
    Response response = JsonResponse(200, json::object{{"oneTimePassword", password}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });
}

// ---- keys ----

Result<domain::ApiKey> ReadKey(const Request& request, const service::RequestContext& ctx) {
  TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
  FieldReader in(body);
  domain::ApiKey key;
  key.kind = ReadEnum<domain::KeyKind>(in, "kind").value_or(domain::KeyKind::kApi);
  key.name = in.String("name", 100).value_or("");
  key.scope = ReadEnum<domain::Scope>(in, "scope");
  key.source = in.String("source", 100);
  // Personal keys act as their user; workspace keys (personal: false) as the workspace.
  bool personal = in.Bool("personal").value_or(true);
  in.RejectUnknown({"kind", "name", "scope", "source", "personal"});
  TT_RETURN_IF_ERROR(in.Finish("invalid key"));
  if (key.kind == domain::KeyKind::kApi && personal) key.user_id = ctx.principal.user_id;
  if (key.kind == domain::KeyKind::kApi && personal && !key.user_id) {
    return Error::InvalidField("personal", "only a signed-in user has personal keys");
  }
  return key;
}

void RegisterKeys(Router& router, ApiContext& api) {
  router.Add(Method::kPost, "/api/v1/keys", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto draft, ReadKey(request, ctx));
      TT_ASSIGN_OR_RETURN(auto created, api.app().auth().CreateKey(ctx, std::move(draft)));
      json::object out = ToJson(created.key);
      out["secret"] = created.secret;
      Response response = JsonResponse(201, out);
      response.SetHeader("Location", "/api/v1/keys/" + created.key.id);
      response.SetHeader("Cache-Control", "no-store");
      return response;
    });
  });
  router.Add(Method::kGet, "/api/v1/keys", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto keys, api.app().auth().ListKeys(ctx));
      json::array items;
      for (const auto& key : keys) items.push_back(ToJson(key));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
  router.Add(Method::kDelete, "/api/v1/keys/{id}", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto key, api.app().auth().RevokeKey(ctx, request.PathParam("id")));
      return JsonResponse(200, ToJson(key));
    });
  });
}

// ---- teams ----

void ApplyTeam(const json::object& body, domain::Team& team, FieldReader& in) {
  if (auto name = in.String("name", 100)) team.name = *name;
  if (in.Has("managerId"))
    team.manager_id = in.IsNull("managerId") ? std::nullopt : in.String("managerId", 26);
  if (auto members = ReadStringList(in, body, "memberIds", 26)) team.member_ids = *members;
}
const std::vector<std::string_view> kTeamFields = {"name", "managerId", "memberIds"};

void RegisterTeams(Router& router, ApiContext& api) {
  RegisterCrud<domain::Team, service::TeamService>(
      router, api,
      {"/api/v1/teams", [](service::App& app) -> service::TeamService& { return app.teams(); },
       [](const domain::Team& t) { return ToJson(t); }, ApplyTeam, kTeamFields});
  router.Add(Method::kGet, "/api/v1/teams", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto teams, api.app().teams().List(ctx));
      json::array items;
      for (const auto& team : teams) items.push_back(ToJson(team));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
}

// ---- audit ----

Response ListAudit(ApiContext& api, Request& request) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    store::AuditFilter filter;
    if (auto v = request.QueryValue("recordId")) filter.record_id = std::string(*v);
    if (auto v = request.QueryValue("actorId")) filter.actor_id = std::string(*v);
    if (auto v = request.QueryValue("action")) filter.action = std::string(*v);
    TT_ASSIGN_OR_RETURN(filter.from, QueryTime(request, "from"));
    TT_ASSIGN_OR_RETURN(filter.to, QueryTime(request, "to"));
    TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-occurredAt"));
    if (page.sort != "-occurredAt") {
      return Error::InvalidField("sort", "the audit log is sorted by -occurredAt only");
    }
    TT_ASSIGN_OR_RETURN(auto entries, api.app().audit_log().List(ctx, filter, page));
    json::array items;
    for (const auto& entry : entries.items) items.push_back(ToJson(entry));
    return ListResponse(std::move(items), entries.next_key, entries.next_id);
  });
}

// ---- consent, export, erase ----

Response ConsentList(const std::vector<domain::Consent>& consents) {
  json::array items;
  for (const auto& consent : consents) items.push_back(ToJson(consent));
  return ListResponse(std::move(items), std::nullopt, std::nullopt);
}

Result<domain::Consent> ReadConsent(const Request& request) {
  domain::Consent consent;
  consent.contact_id = std::string(request.PathParam("id"));
  auto purpose = domain::ParseEnum<domain::ConsentPurpose>(request.PathParam("purpose"));
  if (!purpose) {
    return Error::InvalidField("purpose", domain::EnumChoices<domain::ConsentPurpose>());
  }
  consent.purpose = *purpose;
  TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
  FieldReader in(body);
  auto status = ReadEnum<domain::ConsentStatus>(in, "status");
  if (!status && !in.Has("status")) in.Fail("status", "is required");
  consent.status = status.value_or(domain::ConsentStatus::kUnknown);
  consent.source = in.String("source", 200);
  consent.legal_basis = ReadEnum<domain::LegalBasis>(in, "legalBasis");
  in.RejectUnknown({"status", "source", "legalBasis"});
  TT_RETURN_IF_ERROR(in.Finish("invalid consent"));
  return consent;
}

void RegisterPrivacy(Router& router, ApiContext& api) {
  router.Add(Method::kGet, "/api/v1/contacts/{id}/consent", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto consents,
                          api.app().privacy().Consents(ctx, request.PathParam("id")));
      return ConsentList(consents);
    });
  });
  router.Add(Method::kPut, "/api/v1/contacts/{id}/consent/{purpose}", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_RETURN_IF_ERROR(service::Require(ctx, domain::Permission::kWrite, "record consent"));
      TT_ASSIGN_OR_RETURN(auto consent, ReadConsent(request));
      TT_ASSIGN_OR_RETURN(auto stored, api.app().privacy().SetConsent(ctx, std::move(consent)));
      return JsonResponse(200, ToJson(stored));
    });
  });
  router.Add(Method::kGet, "/api/v1/contacts/{id}/export", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto data, api.app().privacy().Export(ctx, request.PathParam("id")));
      Response response = JsonResponse(200, data);
      response.SetHeader(
          "Content-Disposition",
          fmt::format("attachment; filename=\"contact-{}.json\"", request.PathParam("id")));
      response.SetHeader("Cache-Control", "no-store");
      return response;
    });
  });
  router.Add(Method::kPost, "/api/v1/contacts/{id}/erase", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto report, api.app().privacy().Erase(ctx, request.PathParam("id")));
      return JsonResponse(200, json::object{{"erased", true},
                                            {"interactions", report.interactions},
                                            {"notes", report.notes},
                                            {"tasks", report.tasks},
                                            {"relationships", report.relationships},
                                            {"documents", report.documents},
                                            {"events", report.events}});
    });
  });
}

}  // namespace

void RegisterSecurityRoutes(Router& router, ApiContext& api) {
  router.Add(Method::kGet, "/api/v1/setup", [&api](Request& r) { return SetupStatus(api, r); });
  router.Add(Method::kPost, "/api/v1/setup", [&api](Request& r) { return SetUp(api, r); });
  router.Add(Method::kPost, "/api/v1/session", [&api](Request& r) { return Login(api, r); });
  router.Add(Method::kGet, "/api/v1/session",
             [&api](Request& r) { return CurrentSession(api, r); });
  router.Add(Method::kDelete, "/api/v1/session", [&api](Request& r) { return Logout(api, r); });
  router.Add(Method::kPut, "/api/v1/session/password",
             [&api](Request& r) { return ChangePassword(api, r); });
  router.Add(Method::kPost, "/api/v1/users", [&api](Request& r) { return AddUser(api, r); });
  router.Add(Method::kPost, "/api/v1/users/{id}/password-reset",
             [&api](Request& r) { return ResetPassword(api, r); });
  router.Add(Method::kGet, "/api/v1/audit", [&api](Request& r) { return ListAudit(api, r); });
  RegisterKeys(router, api);
  RegisterTeams(router, api);
  RegisterPrivacy(router, api);
}

}  // namespace tertulia::http
