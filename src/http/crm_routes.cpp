// /api/v1 routes of the CRM core: contacts, companies, relationships, interactions, tasks,
// notes, custom fields, users, timelines and search.
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <charconv>

#include "domain/contact_points.hpp"
#include "http/api_routes.hpp"
#include "http/crm_json.hpp"
#include "http/crud_routes.hpp"
#include "service/contact_service.hpp"
#include "store/json_codec.hpp"

namespace tertulia::http {
namespace {

namespace json = boost::json;

template <typename T>
Response PageResponse(const store::Page<T>& page) {
  json::array items;
  for (const auto& item : page.items) items.push_back(ToJson(item));
  return ListResponse(std::move(items), page.next_key, page.next_id);
}

// customFields filters: ?custom.region=Norte
std::vector<std::pair<std::string, std::string>> CustomFilters(const Request& request) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : request.query) {
    if (key.starts_with("custom.") && key.size() > 7) out.emplace_back(key.substr(7), value);
  }
  return out;
}

Result<store::ContactFilter> ContactFilterFrom(const Request& request) {
  store::ContactFilter filter;
  if (auto email = request.QueryValue("email")) {
    auto normalized = domain::NormalizeEmail(*email);
    if (!normalized.ok()) return Error::InvalidField("email", normalized.error().message());
    filter.email = *normalized;
  }
  if (auto social = request.QueryValue("social")) {
    auto colon = social->find(':');
    if (colon == std::string_view::npos ||
        !domain::ParseEnum<domain::SocialNetwork>(social->substr(0, colon))) {
      return Error::InvalidField("social", "must be network:handle, such as linkedin:josemunoz");
    }
    filter.social = fmt::format("{}:{}", social->substr(0, colon),
                                domain::NormalizeHandle(social->substr(colon + 1)));
  }
  filter.tag = QueryString(request, "tag");
  filter.owner_id = QueryString(request, "ownerId");
  filter.company_id = QueryString(request, "companyId");
  filter.lifecycle_stage = QueryString(request, "lifecycleStage");
  if (filter.lifecycle_stage &&
      !domain::ParseEnum<domain::LifecycleStage>(*filter.lifecycle_stage)) {
    return Error::InvalidField("lifecycleStage", domain::EnumChoices<domain::LifecycleStage>());
  }
  filter.custom_equals = CustomFilters(request);
  TT_ASSIGN_OR_RETURN(filter.updated_from, QueryTime(request, "updatedFrom"));
  TT_ASSIGN_OR_RETURN(filter.updated_to, QueryTime(request, "updatedTo"));
  TT_ASSIGN_OR_RETURN(filter.deleted, QueryFlag(request, "deleted"));
  return filter;
}

Result<store::CompanyFilter> CompanyFilterFrom(const Request& request) {
  store::CompanyFilter filter;
  filter.domain = QueryString(request, "domain");
  filter.tag = QueryString(request, "tag");
  filter.owner_id = QueryString(request, "ownerId");
  filter.segment = QueryString(request, "segment");
  filter.size_band = QueryString(request, "sizeBand");
  filter.custom_equals = CustomFilters(request);
  TT_ASSIGN_OR_RETURN(filter.updated_from, QueryTime(request, "updatedFrom"));
  TT_ASSIGN_OR_RETURN(filter.updated_to, QueryTime(request, "updatedTo"));
  TT_ASSIGN_OR_RETURN(filter.deleted, QueryFlag(request, "deleted"));
  return filter;
}

json::object BatchItemJson(size_t index, const service::BatchItem& item) {
  json::object o{{"index", index}};
  if (item.contact) {
    // The id and version are what a client needs to go on; GET gives the whole contact.
    o["status"] = 201;
    o["id"] = item.contact->meta.id;
    o["version"] = item.contact->meta.version;
  } else {
    o["status"] = 400;
    o["detail"] = item.error->message();
    json::array errors;
    for (const auto& f : item.error->fields()) {
      errors.push_back(json::object{{"field", f.field}, {"message", f.message}});
    }
    o["errors"] = std::move(errors);
  }
  return o;
}

std::string BatchBody(const std::vector<service::BatchItem>& items) {
  json::array results;
  size_t created = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    results.push_back(BatchItemJson(i, items[i]));
    if (items[i].contact) ++created;
  }
  return json::serialize(
      json::object{{"created", created}, {"failed", items.size() - created}, {"results", results}});
}

// POST /api/v1/contacts/batch {"contacts": [...]}: up to 1,000, one result each.
Response CreateContactBatch(ApiContext& api, Request& request) {
  auto ctx = api.ForCreate(request);
  if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
  // Rights before validation: a caller who may not write learns nothing about the body.
  Status allowed = service::Require(*ctx, domain::Permission::kWrite, "create contacts");
  if (!allowed.ok()) return ErrorResponse(allowed.error(), request);
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  const auto* list = body->if_contains("contacts");
  if (list == nullptr || !list->is_array() || list->get_array().empty() ||
      list->get_array().size() > service::ContactService::kMaxBatch) {
    return ErrorResponse(Error::InvalidField("contacts", "must be a list of 1 to 1000 contacts"),
                         request);
  }
  const auto& items = list->get_array();
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].is_object()) {
      return ErrorResponse(Error::InvalidField(fmt::format("contacts[{}]", i), "must be an object"),
                           request);
    }
  }
  std::vector<service::Mutation<domain::Contact>> fills;
  for (const auto& item : items) {
    fills.push_back([&item](domain::Contact& draft) -> Status {
      FieldReader in(item.get_object());
      ApplyContact(item.get_object(), draft, in);
      in.RejectUnknown(kContactFields, kReadOnlyKeys);
      return in.Finish("invalid contact");
    });
  }
  auto created = api.app().contacts().CreateBatch(*ctx, fills, BatchBody);
  if (!created.ok()) return ErrorResponse(created.error(), request);
  if (created->replay) return ReplayResponse(*created->replay);
  return Response::Text(200, BatchBody(*created->record), "application/json");
}

Response Timeline(ApiContext& api, Request& request, service::TimelineService::Subject subject) {
  return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
    TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-occurredAt"));
    std::optional<std::pair<int64_t, std::string>> after;
    if (page.after_key && page.after_id) {
      int64_t millis = 0;
      const auto& key = *page.after_key;
      if (std::from_chars(key.data(), key.data() + key.size(), millis).ec != std::errc{}) {
        return Error::InvalidField("cursor", "is not a timeline cursor");
      }
      after = std::make_pair(millis, *page.after_id);
    }
    TT_ASSIGN_OR_RETURN(auto result, api.app().timelines().List(
                                         ctx, subject, request.PathParam("id"), page.limit, after));
    json::array items;
    for (const auto& entry : result.items) items.push_back(ToJson(entry));
    std::optional<std::string> next_key;
    std::optional<std::string> next_id;
    if (result.next) {
      next_key = std::to_string(result.next->first);
      next_id = result.next->second;
    }
    return ListResponse(std::move(items), next_key, next_id);
  });
}

// Search results: the snippet as plain text plus its parts, so clients highlight matches
// without rendering HTML.
json::object SearchResultJson(const service::SearchResult& r) {
  json::array parts;
  std::string plain;
  std::string current;
  bool in_match = false;
  auto flush = [&] {
    if (!current.empty()) parts.push_back(json::object{{"text", current}, {"match", in_match}});
    current.clear();
  };
  for (char c : r.snippet) {
    if (c == '\x02' || c == '\x03') {
      flush();
      in_match = c == '\x02';
      continue;
    }
    current += c;
    plain += c;
  }
  flush();
  return json::object{{"kind", r.kind},   {"id", r.id},          {"title", r.title},
                      {"snippet", plain}, {"highlights", parts}, {"score", r.score}};
}

void RegisterContacts(Router& router, ApiContext& api) {
  RegisterCrud<domain::Contact, service::ContactService>(
      router, api,
      {"/api/v1/contacts",
       [](service::App& app) -> service::ContactService& { return app.contacts(); },
       [](const domain::Contact& c) { return ToJson(c); }, ApplyContact, kContactFields});
  router.Add(Method::kGet, "/api/v1/contacts", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto filter, ContactFilterFrom(request));
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-createdAt"));
      TT_ASSIGN_OR_RETURN(auto result, api.app().contacts().List(ctx, filter, page));
      return PageResponse(result);
    });
  });
  // A batch of 1,000 contacts is about 1 MB of JSON.
  router.Add(
      Method::kPost, "/api/v1/contacts/batch",
      [&api](Request& request) { return CreateContactBatch(api, request); },
      RouteOptions{.max_body_bytes = 8 * 1024 * 1024});
  router.Add(Method::kGet, "/api/v1/contacts/{id}/timeline", [&api](Request& request) {
    return Timeline(api, request, service::TimelineService::Subject::kContact);
  });
  router.Add(Method::kGet, "/api/v1/contacts/{id}/relationships", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_RETURN_IF_ERROR(api.app().contacts().Get(ctx, request.PathParam("id")));
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "createdAt"));
      store::RelationshipFilter filter;
      filter.contact_id = std::string(request.PathParam("id"));
      filter.kind = QueryString(request, "kind");
      TT_ASSIGN_OR_RETURN(auto result, api.app().relationships().List(ctx, filter, page));
      return PageResponse(result);
    });
  });
}

void RegisterCompanies(Router& router, ApiContext& api) {
  RegisterCrud<domain::Company, service::CompanyService>(
      router, api,
      {"/api/v1/companies",
       [](service::App& app) -> service::CompanyService& { return app.companies(); },
       [](const domain::Company& c) { return ToJson(c); }, ApplyCompany, kCompanyFields});
  router.Add(Method::kGet, "/api/v1/companies", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto filter, CompanyFilterFrom(request));
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "name"));
      TT_ASSIGN_OR_RETURN(auto result, api.app().companies().List(ctx, filter, page));
      return PageResponse(result);
    });
  });
  router.Add(Method::kGet, "/api/v1/companies/{id}/timeline", [&api](Request& request) {
    return Timeline(api, request, service::TimelineService::Subject::kCompany);
  });
}

void RegisterRelationships(Router& router, ApiContext& api) {
  RegisterCrud<domain::Relationship, service::RelationshipService>(
      router, api,
      {"/api/v1/relationships",
       [](service::App& app) -> service::RelationshipService& { return app.relationships(); },
       [](const domain::Relationship& r) { return ToJson(r); }, ApplyRelationship,
       kRelationshipFields});
  router.Add(Method::kGet, "/api/v1/relationships", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-createdAt"));
      store::RelationshipFilter filter;
      filter.contact_id = QueryString(request, "contactId");
      filter.kind = QueryString(request, "kind");
      TT_ASSIGN_OR_RETURN(filter.deleted, QueryFlag(request, "deleted"));
      TT_ASSIGN_OR_RETURN(auto result, api.app().relationships().List(ctx, filter, page));
      return PageResponse(result);
    });
  });
}

void RegisterInteractions(Router& router, ApiContext& api) {
  RegisterCrud<domain::Interaction, service::InteractionService>(
      router, api,
      {"/api/v1/interactions",
       [](service::App& app) -> service::InteractionService& { return app.interactions(); },
       [](const domain::Interaction& in) { return ToJson(in); }, ApplyInteraction,
       kInteractionFields});
  router.Add(Method::kGet, "/api/v1/interactions", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-createdAt"));
      store::InteractionFilter filter;
      filter.contact_id = QueryString(request, "contactId");
      filter.company_id = QueryString(request, "companyId");
      filter.opportunity_id = QueryString(request, "opportunityId");
      filter.channel = QueryString(request, "channel");
      TT_ASSIGN_OR_RETURN(filter.occurred_from, QueryTime(request, "occurredFrom"));
      TT_ASSIGN_OR_RETURN(filter.occurred_to, QueryTime(request, "occurredTo"));
      TT_ASSIGN_OR_RETURN(filter.deleted, QueryFlag(request, "deleted"));
      TT_ASSIGN_OR_RETURN(auto result, api.app().interactions().List(ctx, filter, page));
      return PageResponse(result);
    });
  });
}

void RegisterTasksAndNotes(Router& router, ApiContext& api) {
  RegisterCrud<domain::Task, service::TaskService>(
      router, api,
      {"/api/v1/tasks", [](service::App& app) -> service::TaskService& { return app.tasks(); },
       [](const domain::Task& t) { return ToJson(t); }, ApplyTask, kTaskFields});
  router.Add(Method::kGet, "/api/v1/tasks", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-createdAt"));
      store::TaskFilter filter;
      filter.assignee_id = QueryString(request, "assigneeId");
      filter.status = QueryString(request, "status");
      filter.linked_id = QueryString(request, "linkedId");
      TT_ASSIGN_OR_RETURN(filter.due_before, QueryTime(request, "dueBefore"));
      TT_ASSIGN_OR_RETURN(filter.deleted, QueryFlag(request, "deleted"));
      TT_ASSIGN_OR_RETURN(auto result, api.app().tasks().List(ctx, filter, page));
      return PageResponse(result);
    });
  });
  RegisterCrud<domain::Note, service::NoteService>(
      router, api,
      {"/api/v1/notes", [](service::App& app) -> service::NoteService& { return app.notes(); },
       [](const domain::Note& n) { return ToJson(n); }, ApplyNote, kNoteFields});
  router.Add(Method::kGet, "/api/v1/notes", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "-createdAt"));
      store::NoteFilter filter;
      filter.record_id = QueryString(request, "recordId");
      TT_ASSIGN_OR_RETURN(filter.deleted, QueryFlag(request, "deleted"));
      TT_ASSIGN_OR_RETURN(auto result, api.app().notes().List(ctx, filter, page));
      return PageResponse(result);
    });
  });
}

void RegisterFieldsAndUsers(Router& router, ApiContext& api) {
  RegisterCrud<domain::CustomFieldDef, service::CustomFieldService>(
      router, api,
      {"/api/v1/custom-fields",
       [](service::App& app) -> service::CustomFieldService& { return app.custom_fields(); },
       [](const domain::CustomFieldDef& d) { return ToJson(d); }, ApplyCustomField,
       kCustomFieldFields});
  router.Add(Method::kGet, "/api/v1/custom-fields", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      std::optional<domain::CustomFieldObject> object;
      if (auto name = request.QueryValue("object")) {
        object = domain::ParseEnum<domain::CustomFieldObject>(*name);
        if (!object) {
          return Error::InvalidField("object", domain::EnumChoices<domain::CustomFieldObject>());
        }
      }
      TT_ASSIGN_OR_RETURN(auto defs, api.app().custom_fields().List(ctx, object));
      json::array items;
      for (const auto& def : defs) items.push_back(ToJson(def));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
  RegisterCrud<domain::User, service::UserService>(
      router, api,
      {"/api/v1/users", [](service::App& app) -> service::UserService& { return app.users(); },
       [](const domain::User& u) { return ToJson(u); }, ApplyUser, kUserFields,
       /*register_create=*/false});
  router.Add(Method::kGet, "/api/v1/users", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      TT_ASSIGN_OR_RETURN(auto users, api.app().users().List(ctx));
      json::array items;
      for (const auto& user : users) items.push_back(ToJson(user));
      return ListResponse(std::move(items), std::nullopt, std::nullopt);
    });
  });
}

void RegisterSearch(Router& router, ApiContext& api) {
  router.Add(Method::kGet, "/api/v1/search", [&api](Request& request) {
    return WithContext(api, request, [&](const service::RequestContext& ctx) -> Result<Response> {
      auto q = request.QueryValue("q");
      if (!q || q->empty()) return Error::InvalidField("q", "is required");
      if (q->size() > 200) return Error::InvalidField("q", "must be at most 200 characters");
      TT_ASSIGN_OR_RETURN(auto page, ReadPage(request, "relevance"));
      auto kind = QueryString(request, "kind");
      if (kind && *kind != "contact" && *kind != "company" && *kind != "interaction") {
        return Error::InvalidField("kind", "must be contact, company or interaction");
      }
      TT_ASSIGN_OR_RETURN(
          auto results,
          api.app().search().Search(ctx, *q, std::min<size_t>(page.limit, 50),
                                    kind ? std::optional<std::string_view>(*kind) : std::nullopt));
      json::array items;
      for (const auto& result : results) items.push_back(SearchResultJson(result));
      return JsonResponse(200, json::object{{"items", items}});
    });
  });
}

}  // namespace

void RegisterCrmRoutes(Router& router, ApiContext& api) {
  RegisterContacts(router, api);
  RegisterCompanies(router, api);
  RegisterRelationships(router, api);
  RegisterInteractions(router, api);
  RegisterTasksAndNotes(router, api);
  RegisterFieldsAndUsers(router, api);
  RegisterSearch(router, api);
}

}  // namespace tertulia::http
