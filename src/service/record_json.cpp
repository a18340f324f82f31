#include "service/record_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

namespace tertulia::service {
namespace {

namespace json = boost::json;

json::value CustomToJson(const domain::CustomValues& values) {
  json::object out;
  for (const auto& [key, value] : values) std::visit([&](const auto& v) { out[key] = v; }, value);
  return out;
}

}  // namespace

void SetOptional(json::object& o, std::string_view key, const std::optional<std::string>& v) {
  if (v)
    o[key] = *v;
  else
    o[key] = nullptr;
}

void SetOptional(json::object& o, std::string_view key, const std::optional<int64_t>& v) {
  if (v)
    o[key] = *v;
  else
    o[key] = nullptr;
}

void SetOptional(json::object& o, std::string_view key, const std::optional<Timestamp>& v) {
  if (v)
    o[key] = FormatIso8601(*v);
  else
    o[key] = nullptr;
}

void SetMeta(json::object& o, const domain::RecordMeta& meta) {
  o["createdAt"] = FormatIso8601(meta.created_at);
  o["updatedAt"] = FormatIso8601(meta.updated_at);
  SetOptional(o, "deletedAt", meta.deleted_at);
  o["version"] = meta.version;
  SetOptional(o, "createdBy", meta.created_by);
}

json::object Diff(const json::object& before, const json::object& after) {
  json::object changes;
  for (const auto& [key, value] : after) {
    if (key == "updatedAt" || key == "version") continue;
    const auto* old = before.if_contains(key);
    if (old == nullptr || *old != value) {
      changes[key] = json::array{old != nullptr ? *old : json::value(nullptr), value};
    }
  }
  return changes;
}

json::object ToJson(const domain::Contact& c) {
  json::object o;
  o["id"] = c.meta.id;
  o["displayName"] = c.DisplayName();
  SetOptional(o, "firstName", c.first_name);
  SetOptional(o, "lastName", c.last_name);
  json::array emails;
  for (const auto& e : c.emails) {
    json::object item{{"address", e.address}, {"primary", e.primary}};
    SetOptional(item, "label", e.label);
    emails.push_back(std::move(item));
  }
  o["emails"] = std::move(emails);
  json::array phones;
  for (const auto& p : c.phones) {
    json::object item{{"number", p.number}, {"primary", p.primary}};
    SetOptional(item, "label", p.label);
    phones.push_back(std::move(item));
  }
  o["phones"] = std::move(phones);
  SetOptional(o, "title", c.title);
  SetOptional(o, "companyId", c.company_id);
  SetOptional(o, "ownerId", c.owner_id);
  SetOptional(o, "country", c.country);
  SetOptional(o, "city", c.city);
  o["lifecycleStage"] = domain::EnumName(c.lifecycle_stage);
  if (c.lead_status)
    o["leadStatus"] = domain::EnumName(*c.lead_status);
  else
    o["leadStatus"] = nullptr;
  json::array profiles;
  for (const auto& p : c.social_profiles) {
    json::object item{{"network", domain::EnumName(p.network)}, {"handle", p.handle}};
    SetOptional(item, "url", p.url);
    profiles.push_back(std::move(item));
  }
  o["socialProfiles"] = std::move(profiles);
  json::array tags(c.tags.begin(), c.tags.end());
  o["tags"] = std::move(tags);
  o["customFields"] = CustomToJson(c.custom);
  SetMeta(o, c.meta);
  return o;
}

json::object ToJson(const domain::Company& c) {
  json::object o;
  o["id"] = c.meta.id;
  o["name"] = c.name;
  SetOptional(o, "domain", c.domain);
  SetOptional(o, "industry", c.industry);
  if (c.size_band)
    o["sizeBand"] = domain::EnumName(*c.size_band);
  else
    o["sizeBand"] = nullptr;
  SetOptional(o, "segment", c.segment);
  SetOptional(o, "country", c.country);
  SetOptional(o, "city", c.city);
  o["tags"] = json::array(c.tags.begin(), c.tags.end());
  SetOptional(o, "ownerId", c.owner_id);
  o["customFields"] = CustomToJson(c.custom);
  SetMeta(o, c.meta);
  return o;
}

json::object ToJson(const domain::Relationship& r) {
  json::object o;
  o["id"] = r.meta.id;
  o["fromContactId"] = r.from_contact_id;
  o["toContactId"] = r.to_contact_id;
  o["kind"] = domain::EnumName(r.kind);
  o["directed"] = r.directed;
  o["strength"] = r.strength;
  if (r.since)
    o["since"] = FormatDate(*r.since);
  else
    o["since"] = nullptr;
  SetOptional(o, "source", r.source);
  SetOptional(o, "note", r.note);
  SetMeta(o, r.meta);
  return o;
}

json::object ToJson(const domain::Interaction& in) {
  json::object o;
  o["id"] = in.meta.id;
  o["channel"] = domain::EnumName(in.channel);
  o["direction"] = domain::EnumName(in.direction);
  o["occurredAt"] = FormatIso8601(in.occurred_at);
  SetOptional(o, "durationSec", in.duration_sec);
  SetOptional(o, "subject", in.subject);
  SetOptional(o, "body", in.body);
  SetOptional(o, "outcome", in.outcome);
  o["summary"] = in.Summary();
  json::array participants;
  for (const auto& p : in.participants) {
    json::object item{{"type", domain::EnumName(p.type)}, {"id", p.id}};
    SetOptional(item, "role", p.role);
    participants.push_back(std::move(item));
  }
  o["participants"] = std::move(participants);
  SetOptional(o, "companyId", in.company_id);
  SetOptional(o, "opportunityId", in.opportunity_id);
  SetMeta(o, in.meta);
  return o;
}

json::object ToJson(const domain::Task& t) {
  json::object o;
  o["id"] = t.meta.id;
  o["title"] = t.title;
  SetOptional(o, "description", t.description);
  SetOptional(o, "dueAt", t.due_at);
  SetOptional(o, "assigneeId", t.assignee_id);
  o["status"] = domain::EnumName(t.status);
  o["priority"] = domain::EnumName(t.priority);
  if (t.linked) {
    o["linkedRecord"] =
        json::object{{"type", domain::EnumName(t.linked->type)}, {"id", t.linked->id}};
  } else {
    o["linkedRecord"] = nullptr;
  }
  SetOptional(o, "completedAt", t.completed_at);
  SetMeta(o, t.meta);
  return o;
}

json::object ToJson(const domain::Note& n) {
  json::object o;
  o["id"] = n.meta.id;
  o["body"] = n.body;
  o["recordType"] = domain::EnumName(n.record.type);
  o["recordId"] = n.record.id;
  SetMeta(o, n.meta);
  return o;
}

json::object ToJson(const domain::CustomFieldDef& d) {
  json::object o;
  o["id"] = d.meta.id;
  o["object"] = domain::EnumName(d.object);
  o["key"] = d.key;
  o["label"] = d.label;
  o["type"] = domain::EnumName(d.type);
  o["options"] = json::array(d.options.begin(), d.options.end());
  o["position"] = d.position;
  SetMeta(o, d.meta);
  return o;
}

json::object ToJson(const domain::User& u) {
  json::object o;
  o["id"] = u.meta.id;
  o["email"] = u.email;
  o["name"] = u.name;
  o["role"] = domain::EnumName(u.role);
  SetMeta(o, u.meta);
  return o;
}

json::object ToJson(const domain::TimelineEntry& e) {
  json::object o;
  o["kind"] = domain::EnumName(e.kind);
  o["recordId"] = e.record_id;
  o["occurredAt"] = FormatIso8601(e.occurred_at);
  SetOptional(o, "channel", e.channel);
  SetOptional(o, "direction", e.direction);
  if (e.actor_type && e.actor_id) {
    o["actor"] = json::object{{"type", *e.actor_type}, {"id", *e.actor_id}};
  } else {
    o["actor"] = nullptr;
  }
  o["summary"] = e.summary;
  o["detail"] = nullptr;
  if (e.detail) {
    std::error_code ec;
    json::value detail = json::parse(*e.detail, ec);
    if (!ec && detail.is_object()) o["detail"] = std::move(detail);
  }
  return o;
}

json::object ToJson(const domain::Team& team) {
  json::object o{{"id", team.meta.id}, {"name", team.name}};
  SetOptional(o, "managerId", team.manager_id);
  json::array members;
  for (const auto& id : team.member_ids) members.push_back(json::value(id));
  o["memberIds"] = std::move(members);
  SetMeta(o, team.meta);
  return o;
}

json::object ToJson(const domain::Consent& consent) {
  json::object o{{"contactId", consent.contact_id},
                 {"purpose", domain::EnumName(consent.purpose)},
                 {"status", domain::EnumName(consent.status)}};
  SetOptional(o, "source", consent.source);
  if (consent.legal_basis)
    o["legalBasis"] = domain::EnumName(*consent.legal_basis);
  else
    o["legalBasis"] = nullptr;
  if (consent.status == domain::ConsentStatus::kUnknown && !consent.recorded_by &&
      consent.recorded_at == Timestamp{}) {
    o["recordedAt"] = nullptr;
  } else {
    o["recordedAt"] = FormatIso8601(consent.recorded_at);
  }
  SetOptional(o, "recordedBy", consent.recorded_by);
  return o;
}

json::object ToJson(const domain::ApiKey& key) {
  json::object o{{"id", key.id},
                 {"kind", domain::EnumName(key.kind)},
                 {"name", key.name},
                 {"prefix", key.prefix},
                 {"createdAt", FormatIso8601(key.created_at)}};
  if (key.scope)
    o["scope"] = domain::EnumName(*key.scope);
  else
    o["scope"] = nullptr;
  SetOptional(o, "userId", key.user_id);
  SetOptional(o, "source", key.source);
  SetOptional(o, "createdBy", key.created_by);
  SetOptional(o, "lastUsedAt", key.last_used_at);
  SetOptional(o, "revokedAt", key.revoked_at);
  return o;
}

json::object ToJson(const domain::AuditEntry& entry) {
  json::object o{{"id", entry.id},
                 {"occurredAt", FormatIso8601(entry.occurred_at)},
                 {"actorType", entry.actor_type},
                 {"action", entry.action}};
  SetOptional(o, "actorId", entry.actor_id);
  SetOptional(o, "keyId", entry.key_id);
  SetOptional(o, "ip", entry.ip);
  SetOptional(o, "requestId", entry.request_id);
  SetOptional(o, "recordType", entry.record_type);
  SetOptional(o, "recordId", entry.record_id);
  if (entry.changes) {
    boost::system::error_code ec;
    json::value changes = json::parse(*entry.changes, ec);
    o["changes"] = ec ? json::value(*entry.changes) : changes;
  } else {
    o["changes"] = nullptr;
  }
  return o;
}

json::object ToJson(const Money& money) {
  return json::object{{"value", money.minor}, {"currency", money.currency.code()}};
}

json::object ToJson(const domain::Stage& stage) {
  json::object o{{"id", stage.id},
                 {"name", stage.name},
                 {"probability", stage.probability},
                 {"kind", domain::EnumName(stage.kind)}};
  if (stage.rot_days)
    o["rotDays"] = *stage.rot_days;
  else
    o["rotDays"] = nullptr;
  return o;
}

json::object ToJson(const domain::Pipeline& p) {
  json::object o{{"id", p.meta.id}, {"name", p.name}};
  SetOptional(o, "description", p.description);
  json::array stages;
  for (const auto& stage : p.stages) stages.push_back(ToJson(stage));
  o["stages"] = std::move(stages);
  SetOptional(o, "segment", p.segment);
  if (p.size_band)
    o["sizeBand"] = domain::EnumName(*p.size_band);
  else
    o["sizeBand"] = nullptr;
  SetOptional(o, "campaignId", p.campaign_id);
  SetMeta(o, p.meta);
  return o;
}

json::object ToJson(const domain::Opportunity& op) {
  json::object o{{"id", op.meta.id},
                 {"name", op.name},
                 {"pipelineId", op.pipeline_id},
                 {"stageId", op.stage_id},
                 {"amount", ToJson(op.amount)}};
  if (op.expected_close)
    o["expectedCloseDate"] = FormatDate(*op.expected_close);
  else
    o["expectedCloseDate"] = nullptr;
  SetOptional(o, "companyId", op.company_id);
  json::array contacts;
  for (const auto& c : op.contacts) {
    json::object item{{"contactId", c.contact_id}};
    if (c.role)
      item["role"] = domain::EnumName(*c.role);
    else
      item["role"] = nullptr;
    contacts.push_back(std::move(item));
  }
  o["contacts"] = std::move(contacts);
  SetOptional(o, "ownerId", op.owner_id);
  SetOptional(o, "source", op.source);
  SetOptional(o, "campaignId", op.campaign_id);
  SetOptional(o, "segment", op.segment);
  o["status"] = domain::EnumName(op.status);
  SetOptional(o, "lostReason", op.lost_reason);
  o["stageEnteredAt"] = FormatIso8601(op.stage_entered_at);
  SetOptional(o, "closedAt", op.closed_at);
  o["customFields"] = CustomToJson(op.custom);
  SetMeta(o, op.meta);
  return o;
}

json::object ToJson(const domain::StageChange& c) {
  json::object o{{"id", c.id}, {"opportunityId", c.opportunity_id}, {"pipelineId", c.pipeline_id}};
  SetOptional(o, "fromStageId", c.from_stage);
  o["toStageId"] = c.to_stage;
  o["at"] = FormatIso8601(c.at);
  SetOptional(o, "by", c.by);
  o["amount"] = ToJson(c.amount);
  return o;
}

json::object ToJson(const domain::Document& d) {
  json::object o{{"id", d.meta.id},
                 {"recordType", domain::EnumName(d.record.type)},
                 {"recordId", d.record.id},
                 {"fileName", d.file_name},
                 {"contentType", d.content_type},
                 {"size", d.size},
                 {"sha256", d.sha256}};
  SetMeta(o, d.meta);
  return o;
}

}  // namespace tertulia::service
