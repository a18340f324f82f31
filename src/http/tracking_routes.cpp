// The Segment-compatible tracking API (/v1/identify, track, page, screen, group, alias, batch)
// with write-key authentication and CORS, and the events API (/api/v1/events, /events/stats).
#include <fmt/format.h>

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "domain/text.hpp"
#include "http/api_routes.hpp"
#include "http/api_support.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"

namespace tertulia::http {
namespace {

namespace json = boost::json;
using domain::EventType;

// Above the tracking API's own limits (which answer 400 with the reason): only a body this big
// is refused unread, with 413.
constexpr size_t kTrackingBodyLimit = 1024 * 1024;

constexpr auto kCalls =
    std::to_array<EventType>({EventType::kIdentify, EventType::kTrack, EventType::kPage,
                              EventType::kScreen, EventType::kGroup, EventType::kAlias});

// Browsers post from any site; the write key, not a cookie, authenticates.
void AllowCors(Response& response) {
  response.SetHeader("Access-Control-Allow-Origin", "*");
  response.SetHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
  response.SetHeader("Access-Control-Allow-Headers", "Content-Type, Authorization");
  response.SetHeader("Access-Control-Expose-Headers", "Retry-After");
  response.SetHeader("Access-Control-Max-Age", "86400");
}

// The write key: HTTP Basic with the key as the user and an empty password, else "writeKey" in
// the body.
std::optional<std::string> WriteKeyOf(const Request& request, const ingest::Payload& payload) {
  if (auto header = request.HeaderValue("Authorization"); header && header->starts_with("Basic ")) {
    auto decoded = Base64Decode(domain::Trim(header->substr(6)));
    if (decoded) {
      auto colon = decoded->find(':');
      std::string user = decoded->substr(0, colon);
      if (!user.empty()) return user;
    }
  }
  return payload.write_key;
}

class TrackingApi {
 public:
  TrackingApi(ApiContext& api, MetricsRegistry& metrics) : api_(api), metrics_(metrics) {}

  Response Handle(Request& request, std::optional<EventType> call) {
    Response response = Ingest(request, call);
    AllowCors(response);
    return response;
  }

 private:
  Response Ingest(Request& request, std::optional<EventType> call) {
    auto& app = api_.app();
    Timestamp received = app.clock().Now();
    auto payload = call ? ingest::ParseMessage(request.body, *call, received, app.ids())
                        : ingest::ParseBatch(request.body, received, app.ids());
    if (!payload.ok()) {
      CountRefused("invalid_payload", 1);
      return ErrorResponse(payload.error(), request);
    }
    auto secret = WriteKeyOf(request, *payload);
    if (!secret) {
      return ErrorResponse(Error::Unauthenticated("a write key is required (HTTP Basic user, or "
                                                  "writeKey in the body)"),
                           request);
    }
    auto key = app.auth().FromWriteKey(*secret);
    if (!key.ok()) return ErrorResponse(key.error(), request);
    for (const auto& refusal : payload->refused) CountRefused(refusal.reason, 1);
    if (payload->refused_whole) return ErrorResponse(*payload->refused_whole, request);
    if (call && !payload->refused.empty()) {
      const auto& refusal = payload->refused.front();
      return ErrorResponse(Error::InvalidField(refusal.field, refusal.message), request);
    }
    auto written = app.tracking().Ingest(*key, std::move(payload->events));
    if (!written.ok()) {
      Response response = ErrorResponse(written.error(), request);
      if (written.error().code() == ErrorCode::kResourceExhausted) {
        response.SetHeader("Retry-After", "1");
      }
      return response;
    }
    metrics_.GetCounter("tertulia_tracking_events_total", "Tracked events stored", {})
        .Increment(written->stored);
    metrics_
        .GetCounter("tertulia_tracking_duplicates_total",
                    "Tracked messages acknowledged again (a repeated messageId)", {})
        .Increment(written->duplicates);
    return JsonResponse(200, json::object{{"success", true}});
  }

  void CountRefused(const std::string& reason, uint64_t count) {
    metrics_
        .GetCounter("tertulia_tracking_rejected_total", "Tracking messages refused, by reason",
                    {{"reason", reason}})
        .Increment(count);
  }

  ApiContext& api_;
  MetricsRegistry& metrics_;
};

json::value OptionalJson(const std::optional<std::string>& text) {
  return text ? json::value(*text) : json::value(nullptr);
}

json::object EventJson(const domain::Event& event) {
  std::error_code ec;
  json::value body = json::parse(event.body, ec);
  auto text = service::TrackingService::TextOf(event);
  json::object out{{"messageId", event.message_id},
                   {"type", domain::EnumName(event.type)},
                   {"occurredAt", FormatIso8601(event.occurred_at)},
                   {"receivedAt", FormatIso8601(event.received_at)},
                   {"summary", std::move(text.summary)},
                   {"detail", std::move(text.facts)}};
  out["name"] = OptionalJson(event.name);
  out["userId"] = OptionalJson(event.user_id);
  out["anonymousId"] = OptionalJson(event.anonymous_id);
  out["contactId"] = OptionalJson(event.contact_id);
  for (std::string_view key : {"properties", "traits", "context"}) {
    const json::value* value = body.is_object() ? body.get_object().if_contains(key) : nullptr;
    out[key] = value != nullptr && value->is_object() ? *value : json::value(json::object{});
  }
  return out;
}

json::object SessionJson(const analytics::Session& session) {
  json::array pages;
  for (const auto& page : session.pages) {
    json::object visit{{"url", page.url}, {"title", page.title}, {"at", FormatIso8601(page.at)}};
    visit["dwellMs"] = page.dwell ? json::value(page.dwell->count()) : json::value(nullptr);
    pages.push_back(std::move(visit));
  }
  json::object out{{"start", FormatIso8601(session.start)},
                   {"end", FormatIso8601(session.end)},
                   {"durationMs", session.duration().count()},
                   {"pages", std::move(pages)},
                   {"entryPage", OptionalJson(session.entry_page)},
                   {"exitPage", OptionalJson(session.exit_page)},
                   {"referrer", OptionalJson(session.referrer)},
                   {"touches", session.touches},
                   {"cartAdds", session.cart_adds},
                   {"cartRemoves", session.cart_removes},
                   {"orders", session.orders},
                   {"converted", session.converted}};
  out["campaign"] = session.campaign || session.source || session.medium
                        ? json::value(json::object{{"name", OptionalJson(session.campaign)},
                                                   {"source", OptionalJson(session.source)},
                                                   {"medium", OptionalJson(session.medium)}})
                        : json::value(nullptr);
  return out;
}

Result<store::EventFilter> EventFilterFrom(const Request& request) {
  store::EventFilter filter;
  filter.contact_id = QueryString(request, "contactId");
  if (auto type = QueryString(request, "type")) {
    filter.type = domain::ParseEnum<EventType>(*type);
    if (!filter.type) {
      return Error::InvalidField("type", "must be identify, track, page, screen, group or alias");
    }
  }
  TT_ASSIGN_OR_RETURN(filter.from, QueryTime(request, "from"));
  TT_ASSIGN_OR_RETURN(filter.to, QueryTime(request, "to"));
  return filter;
}

void RegisterEventRoutes(Router& router, ApiContext& api) {
  router.Add(Method::kGet, "/api/v1/events", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-occurredAt"));
      TT_ASSIGN_OR_RETURN(auto filter, EventFilterFrom(request));
      TT_ASSIGN_OR_RETURN(auto found, api.app().tracking().List(ctx, filter, page));
      json::array items;
      for (const auto& event : found.items) items.push_back(EventJson(event));
      return ListResponse(std::move(items), found.next_key, found.next_id);
    });
  });
  router.Add(Method::kGet, "/api/v1/sessions", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      service::SessionQuery query;
      query.contact_id = QueryString(request, "contactId");
      query.user_id = QueryString(request, "userId");
      query.anonymous_id = QueryString(request, "anonymousId");
      TT_ASSIGN_OR_RETURN(query.from, QueryTime(request, "from"));
      TT_ASSIGN_OR_RETURN(query.to, QueryTime(request, "to"));
      TT_ASSIGN_OR_RETURN(auto sessions, api.app().tracking().Sessions(ctx, query));
      json::array items;
      for (const auto& session : sessions) items.push_back(SessionJson(session));
      return JsonResponse(200, json::object{{"items", std::move(items)}});
    });
  });
  router.Add(Method::kGet, "/api/v1/events/stats", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto filter, EventFilterFrom(request));
      TT_ASSIGN_OR_RETURN(auto counts, api.app().tracking().CountByDay(ctx, filter));
      json::array items;
      for (const auto& c : counts) {
        items.push_back(
            json::object{{"day", c.day}, {"type", domain::EnumName(c.type)}, {"count", c.count}});
      }
      return JsonResponse(200, json::object{{"items", std::move(items)}});
    });
  });
}

}  // namespace

void RegisterTrackingRoutes(Router& router, ApiContext& api, MetricsRegistry& metrics) {
  auto& tracking = router.Own(std::make_shared<TrackingApi>(api, metrics));
  RouteOptions options{.max_body_bytes = kTrackingBodyLimit, .waits = true};
  auto preflight = [](Request&) {
    Response response = Response::Text(204, "", "text/plain");
    AllowCors(response);
    return response;
  };
  for (EventType call : kCalls) {
    std::string path = fmt::format("/v1/{}", domain::EnumName(call));
    router.Add(
        Method::kPost, path,
        [&tracking, call](Request& request) { return tracking.Handle(request, call); }, options);
    router.Add(Method::kOptions, path, preflight);
  }
  router.Add(
      Method::kPost, "/v1/batch",
      [&tracking](Request& request) { return tracking.Handle(request, std::nullopt); }, options);
  router.Add(Method::kOptions, "/v1/batch", preflight);
  RegisterEventRoutes(router, api);
}

}  // namespace tertulia::http
