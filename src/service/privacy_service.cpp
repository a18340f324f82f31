#include "service/privacy_service.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <limits>

#include "service/audit.hpp"
#include "service/record_json.hpp"
#include "store/erasure_repo.hpp"
#include "store/event_repo.hpp"
#include "store/security_repos.hpp"

namespace tertulia::service {
namespace {

namespace json = boost::json;
using Table = store::ErasureRepo::Table;

constexpr auto kPurposes = domain::kEnumNames<domain::ConsentPurpose>;

// Every audit entry about `record_id`, newest first.
Status AppendAudit(store::Tx& tx, std::string_view workspace_id, const std::string& record_id,
                   json::array& out) {
  store::AuditFilter filter;
  filter.record_id = record_id;
  store::PageRequest page;
  page.limit = 500;
  for (;;) {
    TT_ASSIGN_OR_RETURN(auto entries, store::AuditRepo(tx).List(workspace_id, filter, page));
    for (const auto& entry : entries.items) out.push_back(ToJson(entry));
    if (!entries.next_id) return OkStatus();
    page.after_id = entries.next_id;
  }
}

// Loads each record of `ids` through `service` (so that visibility applies) into `out`, and
// their audit entries into `audit`.
template <typename Service>
Status AppendRecords(store::Tx& tx, const RequestContext& ctx, Service& service,
                     const std::vector<std::string>& ids, json::array& out, json::array& audit) {
  for (const auto& id : ids) {
    auto record = service.Load(tx, ctx, id);
    if (!record.ok()) {
      if (record.error().code() == ErrorCode::kNotFound) continue;
      return record.error();
    }
    out.push_back(ToJson(*record));
    TT_RETURN_IF_ERROR(AppendAudit(tx, ctx.workspace_id, id, audit));
  }
  return OkStatus();
}

template <typename Service>
Status EraseAll(store::Tx& tx, const RequestContext& ctx, Service& service,
                const std::vector<std::string>& ids, Table table) {
  for (const auto& id : ids) TT_RETURN_IF_ERROR(service.Erase(tx, ctx, id, table));
  return OkStatus();
}

}  // namespace

Result<std::vector<domain::Consent>> PrivacyService::Consents(const RequestContext& ctx,
                                                              std::string_view contact_id) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto contact, records_.contacts.Load(*tx, ctx, contact_id));
  TT_ASSIGN_OR_RETURN(auto stored, store::ConsentRepo(*tx).ForContact(contact.meta.id));
  std::vector<domain::Consent> all;
  for (std::string_view name : kPurposes) {
    auto purpose = *domain::ParseEnum<domain::ConsentPurpose>(name);
    domain::Consent consent;
    consent.contact_id = contact.meta.id;
    consent.purpose = purpose;
    for (const auto& s : stored) {
      if (s.purpose == purpose) consent = s;
    }
    all.push_back(std::move(consent));
  }
  return all;
}

Result<domain::Consent> PrivacyService::SetConsent(const RequestContext& ctx,
                                                   domain::Consent consent) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kWrite, "record consent"));
  TT_RETURN_IF_ERROR(domain::Validate(consent));
  consent.recorded_at = clock_.Now();
  consent.recorded_by = ctx.principal.user_id;
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_ASSIGN_OR_RETURN(auto contact, records_.contacts.Load(*tx, ctx, consent.contact_id));
  if (contact.meta.deleted()) {
    return Error::NotFound(fmt::format("contact {} is deleted", contact.meta.id));
  }
  std::optional<domain::Consent> before;
  TT_ASSIGN_OR_RETURN(auto stored, store::ConsentRepo(*tx).ForContact(contact.meta.id));
  for (const auto& s : stored) {
    if (s.purpose == consent.purpose) before = s;
  }
  TT_RETURN_IF_ERROR(store::ConsentRepo(*tx).Upsert(ctx.workspace_id, consent));
  json::object changes{{"purpose", domain::EnumName(consent.purpose)}};
  changes["status"] =
      json::array{json::value(before ? domain::EnumName(before->status) : "unknown"),
                  json::value(domain::EnumName(consent.status))};
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "consent", "contact", contact.meta.id, changes));
  TT_RETURN_IF_ERROR(tx->Commit());
  return consent;
}

namespace {

// Every tracked event of the contact, as received, oldest first.
Result<json::value> ExportEvents(store::Tx& tx, std::string_view workspace_id,
                                 std::string_view contact_id) {
  TT_ASSIGN_OR_RETURN(auto events,
                      store::EventRepo(tx).OfPerson(
                          workspace_id, {store::PersonKey::Kind::kContact, std::string(contact_id)},
                          std::nullopt, std::nullopt, std::numeric_limits<int64_t>::max()));
  json::array out;
  for (const auto& event : events) {
    std::error_code ec;
    json::value message = json::parse(event.body, ec);
    out.push_back(json::object{{"messageId", event.message_id},
                               {"type", domain::EnumName(event.type)},
                               {"occurredAt", FormatIso8601(event.occurred_at)},
                               {"receivedAt", FormatIso8601(event.received_at)},
                               {"message", ec ? json::value(event.body) : std::move(message)}});
  }
  return json::value(std::move(out));
}

}  // namespace

Result<json::object> PrivacyService::Export(const RequestContext& ctx,
                                            std::string_view contact_id) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_ASSIGN_OR_RETURN(auto contact, records_.contacts.Load(*tx, ctx, contact_id));
  TT_ASSIGN_OR_RETURN(auto about, store::ErasureRepo(*tx).Find(ctx.workspace_id, contact.meta.id));
  json::object out{{"exportedAt", FormatIso8601(clock_.Now())}, {"contact", ToJson(contact)}};
  json::array consent, audit, interactions, notes, tasks, relationships;
  TT_ASSIGN_OR_RETURN(auto stored, store::ConsentRepo(*tx).ForContact(contact.meta.id));
  for (const auto& c : stored) consent.push_back(ToJson(c));
  TT_RETURN_IF_ERROR(AppendAudit(*tx, ctx.workspace_id, contact.meta.id, audit));
  TT_RETURN_IF_ERROR(
      AppendRecords(*tx, ctx, records_.interactions, about.interactions, interactions, audit));
  TT_RETURN_IF_ERROR(AppendRecords(*tx, ctx, records_.notes, about.notes, notes, audit));
  TT_RETURN_IF_ERROR(AppendRecords(*tx, ctx, records_.tasks, about.tasks, tasks, audit));
  TT_RETURN_IF_ERROR(
      AppendRecords(*tx, ctx, records_.relationships, about.relationships, relationships, audit));
  out["consent"] = std::move(consent);
  out["relationships"] = std::move(relationships);
  out["interactions"] = std::move(interactions);
  out["notes"] = std::move(notes);
  out["tasks"] = std::move(tasks);
  TT_ASSIGN_OR_RETURN(
      auto documents,
      records_.documents.List(ctx, {domain::RecordType::kContact, contact.meta.id}, false));
  json::array document_list;
  for (const auto& d : documents) document_list.push_back(ToJson(d));
  out["documents"] = std::move(document_list);
  TT_ASSIGN_OR_RETURN(out["events"], ExportEvents(*tx, ctx.workspace_id, contact.meta.id));
  // Filled by the capabilities that hold them (listening, scoring).
  for (std::string_view empty : {"mentions", "scores"}) {
    out[empty] = json::array();
  }
  out["audit"] = std::move(audit);
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "export", "contact", contact.meta.id));
  TT_RETURN_IF_ERROR(tx->Commit());
  return out;
}

Result<ErasureReport> PrivacyService::Erase(const RequestContext& ctx,
                                            std::string_view contact_id) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kAdmin, "erase a person's data"));
  ErasureReport report;
  {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    TT_ASSIGN_OR_RETURN(auto contact, records_.contacts.Load(*tx, ctx, contact_id));
    TT_ASSIGN_OR_RETURN(auto about,
                        store::ErasureRepo(*tx).Find(ctx.workspace_id, contact.meta.id));
    TT_RETURN_IF_ERROR(
        EraseAll(*tx, ctx, records_.interactions, about.interactions, Table::kInteraction));
    TT_RETURN_IF_ERROR(EraseAll(*tx, ctx, records_.notes, about.notes, Table::kNote));
    TT_RETURN_IF_ERROR(EraseAll(*tx, ctx, records_.tasks, about.tasks, Table::kTask));
    TT_RETURN_IF_ERROR(
        EraseAll(*tx, ctx, records_.relationships, about.relationships, Table::kRelationship));
    TT_ASSIGN_OR_RETURN(
        report.documents,
        records_.documents.EraseFor(*tx, ctx, {domain::RecordType::kContact, contact.meta.id}));
    TT_ASSIGN_OR_RETURN(int64_t events,
                        store::EventRepo(*tx).EraseContact(ctx.workspace_id, contact.meta.id));
    report.events = static_cast<size_t>(events);
    TT_RETURN_IF_ERROR(store::ErasureRepo(*tx).DeleteConsent(contact.meta.id));
    TT_RETURN_IF_ERROR(records_.contacts.Erase(*tx, ctx, contact));
    report.interactions = about.interactions.size();
    report.notes = about.notes.size();
    report.tasks = about.tasks.size();
    report.relationships = about.relationships.size();
    json::object counts{{"interactions", report.interactions},
                        {"notes", report.notes},
                        {"tasks", report.tasks},
                        {"relationships", report.relationships},
                        {"documents", report.documents},
                        {"events", report.events}};
    TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "erase", "contact", contact.meta.id, counts));
    TT_RETURN_IF_ERROR(tx->Commit());
  }
  TT_RETURN_IF_ERROR(db_.Scrub());
  return report;
}

}  // namespace tertulia::service
