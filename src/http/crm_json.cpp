#include "http/crm_json.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>

#include "http/api_support.hpp"
#include "service/record_json.hpp"

namespace tertulia::http {
namespace {

namespace json = boost::json;
using service::SetOptional;

// Reads an optional string field when present: null clears it.
void ReadOptional(FieldReader& in, std::string_view key, size_t max,
                  std::optional<std::string>& target) {
  if (!in.Has(key)) return;
  target = in.String(key, max);
}

void ReadRequired(FieldReader& in, std::string_view key, size_t max, std::string& target) {
  if (!in.Has(key)) return;
  if (in.IsNull(key)) {
    in.Fail(key, "cannot be null");
    return;
  }
  if (auto value = in.String(key, max)) target = std::move(*value);
}

// An id field (a ULID): when present, null clears it.
void ReadId(FieldReader& in, std::string_view key, std::optional<std::string>& target) {
  ReadOptional(in, key, 64, target);
}

void ReadTags(const json::object& body, FieldReader& in, std::vector<std::string>& tags) {
  if (auto list = ReadStringList(in, body, "tags", 50)) tags = std::move(*list);
}

// customFields merges: a key set to null is removed, others are set.
void ReadCustom(const json::object& body, FieldReader& in, domain::CustomValues& custom) {
  const auto* value = body.if_contains("customFields");
  if (value == nullptr) return;
  if (value->is_null()) {
    custom.clear();
    return;
  }
  if (!value->is_object()) {
    in.Fail("customFields", "must be an object of field keys to values");
    return;
  }
  for (const auto& [key, item] : value->get_object()) {
    std::string name(key);
    if (item.is_null())
      custom.erase(name);
    else if (item.is_string())
      custom[name] = std::string(item.get_string());
    else if (item.is_bool())
      custom[name] = item.get_bool();
    else if (item.is_number())
      custom[name] = item.to_number<double>();
    else
      in.Fail("customFields." + name, "must be a string, number, boolean or null");
  }
}

// A list of objects (or, for convenience, of plain strings as `plain_key`).
template <typename T>
std::optional<std::vector<T>> ReadObjects(
    const json::object& body, FieldReader& in, std::string_view key, std::string_view plain_key,
    const std::function<std::optional<T>(FieldReader& item, const json::object& object)>& read) {
  const auto* value = body.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_null()) return std::vector<T>();
  if (!value->is_array()) {
    in.Fail(key, "must be a list");
    return std::nullopt;
  }
  std::vector<T> out;
  const auto& array = value->get_array();
  for (size_t i = 0; i < array.size(); ++i) {
    std::string prefix = fmt::format("{}[{}].", key, i);
    json::object object;
    if (array[i].is_string() && !plain_key.empty()) {
      object[plain_key] = array[i];
    } else if (array[i].is_object()) {
      object = array[i].get_object();
    } else {
      in.Fail(fmt::format("{}[{}]", key, i), "must be an object");
      continue;
    }
    FieldReader item(object, prefix);
    auto made = read(item, object);
    in.errors().Merge(item.Finish(""), "");
    // A bad item keeps its place, so that later errors name the right index.
    out.push_back(made ? std::move(*made) : T{});
  }
  return out;
}

}  // namespace

// ---- contacts ----

const std::vector<std::string_view> kContactFields = {
    "firstName",  "lastName",       "emails",  "phones",       "title",
    "companyId",  "ownerId",        "country", "city",         "lifecycleStage",
    "leadStatus", "socialProfiles", "tags",    "customFields", "displayName"};

void ApplyContact(const json::object& body, domain::Contact& c, FieldReader& in) {
  ReadOptional(in, "firstName", 100, c.first_name);
  ReadOptional(in, "lastName", 100, c.last_name);
  ReadOptional(in, "title", 200, c.title);
  ReadId(in, "companyId", c.company_id);
  ReadId(in, "ownerId", c.owner_id);
  ReadOptional(in, "country", 2, c.country);
  ReadOptional(in, "city", 100, c.city);
  if (auto stage = ReadEnum<domain::LifecycleStage>(in, "lifecycleStage"))
    c.lifecycle_stage = *stage;
  if (in.Has("leadStatus")) c.lead_status = ReadEnum<domain::LeadStatus>(in, "leadStatus");
  auto emails = ReadObjects<domain::ContactEmail>(
      body, in, "emails", "address", [](FieldReader& item, const json::object&) {
        auto address = item.String("address", 254);
        if (!address) {
          if (!item.Has("address")) item.Fail("address", "is required");
          return std::optional<domain::ContactEmail>();
        }
        item.RejectUnknown({"address", "primary", "label"});
        return std::optional<domain::ContactEmail>(
            {*address, item.Bool("primary").value_or(false), item.String("label", 30)});
      });
  if (emails) c.emails = std::move(*emails);
  auto phones = ReadObjects<domain::ContactPhone>(
      body, in, "phones", "number", [](FieldReader& item, const json::object&) {
        auto number = item.String("number", 40);
        if (!number) {
          if (!item.Has("number")) item.Fail("number", "is required");
          return std::optional<domain::ContactPhone>();
        }
        item.RejectUnknown({"number", "primary", "label"});
        return std::optional<domain::ContactPhone>(
            {*number, item.Bool("primary").value_or(false), item.String("label", 30)});
      });
  if (phones) c.phones = std::move(*phones);
  auto profiles = ReadObjects<domain::SocialProfile>(
      body, in, "socialProfiles", "", [](FieldReader& item, const json::object&) {
        auto network = ReadEnum<domain::SocialNetwork>(item, "network");
        auto handle = item.String("handle", 100);
        if (!item.Has("network")) item.Fail("network", "is required");
        if (!item.Has("handle")) item.Fail("handle", "is required");
        item.RejectUnknown({"network", "handle", "url"});
        auto url = item.String("url", 2000);
        if (!handle) return std::optional<domain::SocialProfile>();
        // A bad network is reported above; the profile keeps its place for the other checks.
        return std::optional<domain::SocialProfile>(
            {network.value_or(domain::SocialNetwork::kOther), *handle, url});
      });
  if (profiles) c.social_profiles = std::move(*profiles);
  ReadTags(body, in, c.tags);
  ReadCustom(body, in, c.custom);
}

// ---- companies ----

const std::vector<std::string_view> kCompanyFields = {
    "name",    "domain", "industry", "sizeBand", "segment",
    "country", "city",   "tags",     "ownerId",  "customFields"};

void ApplyCompany(const json::object& body, domain::Company& c, FieldReader& in) {
  ReadRequired(in, "name", 200, c.name);
  ReadOptional(in, "domain", 253, c.domain);
  ReadOptional(in, "industry", 100, c.industry);
  if (in.Has("sizeBand")) c.size_band = ReadEnum<domain::SizeBand>(in, "sizeBand");
  ReadOptional(in, "segment", 100, c.segment);
  ReadOptional(in, "country", 2, c.country);
  ReadOptional(in, "city", 100, c.city);
  ReadTags(body, in, c.tags);
  ReadId(in, "ownerId", c.owner_id);
  ReadCustom(body, in, c.custom);
}

// ---- relationships ----

const std::vector<std::string_view> kRelationshipFields = {
    "fromContactId", "toContactId", "kind", "directed", "strength", "since", "source", "note"};

void ApplyRelationship(const json::object&, domain::Relationship& r, FieldReader& in) {
  bool creating = !r.meta.stored();
  ReadRequired(in, "fromContactId", 64, r.from_contact_id);
  ReadRequired(in, "toContactId", 64, r.to_contact_id);
  if (creating && !in.Has("fromContactId")) in.Fail("fromContactId", "is required");
  if (creating && !in.Has("toContactId")) in.Fail("toContactId", "is required");
  if (auto kind = ReadEnum<domain::RelationshipKind>(in, "kind")) r.kind = *kind;
  if (auto directed = in.Bool("directed"))
    r.directed = *directed;
  else if (creating)
    r.directed = domain::IsDirectedKind(r.kind);
  if (auto strength = in.Number("strength", 0, 1)) r.strength = *strength;
  if (in.Has("since")) {
    auto since = in.String("since", 10);
    r.since.reset();
    if (since) {
      auto date = ParseDate(*since);
      if (date.ok())
        r.since = *date;
      else
        in.Fail("since", "must be a date such as 2024-03-01");
    }
  }
  ReadOptional(in, "source", 100, r.source);
  ReadOptional(in, "note", 2000, r.note);
}

// ---- interactions ----

const std::vector<std::string_view> kInteractionFields = {
    "channel", "direction",    "occurredAt", "durationSec",   "subject", "body",
    "outcome", "participants", "companyId",  "opportunityId", "summary"};

void ApplyInteraction(const json::object& body, domain::Interaction& in, FieldReader& reader) {
  bool creating = !in.meta.stored();
  if (auto channel = ReadEnum<domain::Channel>(reader, "channel"))
    in.channel = *channel;
  else if (creating && !reader.Has("channel"))
    reader.Fail("channel", "is required");
  if (auto direction = ReadEnum<domain::Direction>(reader, "direction")) in.direction = *direction;
  if (auto occurred = ReadTime(reader, body, "occurredAt")) in.occurred_at = *occurred;
  if (reader.Has("durationSec")) in.duration_sec = reader.Integer("durationSec", 0, 7 * 86400);
  ReadOptional(reader, "subject", 300, in.subject);
  ReadOptional(reader, "body", 100'000, in.body);
  ReadOptional(reader, "outcome", 300, in.outcome);
  ReadId(reader, "companyId", in.company_id);
  ReadId(reader, "opportunityId", in.opportunity_id);
  auto participants = ReadObjects<domain::Participant>(
      body, reader, "participants", "", [](FieldReader& item, const json::object&) {
        auto type = ReadEnum<domain::ParticipantType>(item, "type");
        auto id = item.String("id", 64);
        if (!item.Has("id")) item.Fail("id", "is required");
        item.RejectUnknown({"type", "id", "role"});
        auto role = item.String("role", 50);
        if (!id) return std::optional<domain::Participant>();
        return std::optional<domain::Participant>(
            {type.value_or(domain::ParticipantType::kContact), *id, role});
      });
  if (participants) in.participants = std::move(*participants);
}

// ---- tasks ----

const std::vector<std::string_view> kTaskFields = {"title",        "description", "dueAt",
                                                   "assigneeId",   "status",      "priority",
                                                   "linkedRecord", "completedAt"};

void ApplyTask(const json::object& body, domain::Task& t, FieldReader& in) {
  ReadRequired(in, "title", 300, t.title);
  ReadOptional(in, "description", 10'000, t.description);
  if (in.Has("dueAt")) t.due_at = ReadTime(in, body, "dueAt");
  ReadId(in, "assigneeId", t.assignee_id);
  if (auto status = ReadEnum<domain::TaskStatus>(in, "status")) t.status = *status;
  if (auto priority = ReadEnum<domain::TaskPriority>(in, "priority")) t.priority = *priority;
  if (in.Has("linkedRecord")) {
    t.linked.reset();
    const auto& value = body.at("linkedRecord");
    if (value.is_object()) {
      FieldReader link(value.get_object(), "linkedRecord.");
      auto type = ReadEnum<domain::RecordType>(link, "type");
      auto id = link.String("id", 64);
      if (!type || !id) link.Fail("type", "and id are required");
      link.RejectUnknown({"type", "id"});
      in.errors().Merge(link.Finish(""), "");
      if (type && id) t.linked = domain::RecordLink{*type, *id};
    } else if (!value.is_null()) {
      in.Fail("linkedRecord", "must be {\"type\": ..., \"id\": ...} or null");
    }
  }
}

// ---- notes ----

const std::vector<std::string_view> kNoteFields = {"body", "recordType", "recordId"};

void ApplyNote(const json::object&, domain::Note& n, FieldReader& in) {
  bool creating = !n.meta.stored();
  ReadRequired(in, "body", 50'000, n.body);
  auto type = ReadEnum<domain::RecordType>(in, "recordType");
  auto id = in.String("recordId", 64);
  if (creating) {
    if (!in.Has("recordType")) in.Fail("recordType", "is required");
    if (!in.Has("recordId")) in.Fail("recordId", "is required");
    if (type) n.record.type = *type;
    if (id) n.record.id = *id;
  } else if ((type && *type != n.record.type) || (id && *id != n.record.id)) {
    in.Fail("recordId", "a note stays on the record it was written on");
  }
}

// ---- custom fields ----

const std::vector<std::string_view> kCustomFieldFields = {"object", "key",     "label",
                                                          "type",   "options", "position"};

void ApplyCustomField(const json::object& body, domain::CustomFieldDef& d, FieldReader& in) {
  bool creating = !d.meta.stored();
  auto object = ReadEnum<domain::CustomFieldObject>(in, "object");
  auto type = ReadEnum<domain::CustomFieldType>(in, "type");
  auto key = in.String("key", 40);
  if (creating) {
    if (!in.Has("object")) in.Fail("object", "is required");
    if (!in.Has("key")) in.Fail("key", "is required");
    if (!in.Has("type")) in.Fail("type", "is required");
    if (object) d.object = *object;
    if (type) d.type = *type;
    if (key) d.key = *key;
  } else {
    if (object && *object != d.object) in.Fail("object", "cannot change; create another field");
    if (type && *type != d.type) in.Fail("type", "cannot change; create another field");
    if (key && *key != d.key) in.Fail("key", "cannot change; create another field");
  }
  ReadRequired(in, "label", 100, d.label);
  if (creating && !in.Has("label")) d.label = d.key;
  if (auto options = ReadStringList(in, body, "options", 100)) d.options = std::move(*options);
  if (auto position = in.Integer("position", 0, 10'000)) d.position = static_cast<int>(*position);
}

// ---- users ----

const std::vector<std::string_view> kUserFields = {"email", "name", "role"};

void ApplyUser(const json::object&, domain::User& u, FieldReader& in) {
  ReadRequired(in, "email", 254, u.email);
  ReadRequired(in, "name", 200, u.name);
  if (auto role = ReadEnum<domain::Role>(in, "role")) u.role = *role;
}

// ---- timeline ----

// ---- sales ----

const std::vector<std::string_view> kPipelineFields = {"name",    "description", "stages",
                                                       "segment", "sizeBand",    "campaignId"};

void ApplyPipeline(const json::object& body, domain::Pipeline& p, FieldReader& in) {
  ReadRequired(in, "name", 200, p.name);
  ReadOptional(in, "description", 2000, p.description);
  ReadOptional(in, "segment", 100, p.segment);
  ReadOptional(in, "campaignId", 100, p.campaign_id);
  if (in.Has("sizeBand")) p.size_band = ReadEnum<domain::SizeBand>(in, "sizeBand");
  auto stages = ReadObjects<domain::Stage>(
      body, in, "stages", "name", [](FieldReader& item, const json::object&) {
        domain::Stage stage;
        stage.id = item.String("id", 40).value_or("");
        stage.name = item.String("name", 100).value_or("");
        stage.probability = static_cast<int>(item.Integer("probability", 0, 100).value_or(0));
        if (item.Has("rotDays") && !item.IsNull("rotDays")) {
          stage.rot_days = static_cast<int>(item.Integer("rotDays", 1, 3650).value_or(1));
        }
        stage.kind = ReadEnum<domain::StageKind>(item, "kind").value_or(domain::StageKind::kOpen);
        item.RejectUnknown({"id", "name", "probability", "rotDays", "kind"});
        return std::optional<domain::Stage>(stage);
      });
  if (stages) p.stages = std::move(*stages);
  if (!p.meta.stored() && !in.Has("stages")) in.Fail("stages", "is required");
}

std::optional<Money> ReadMoney(const json::object& body, FieldReader& in, std::string_view key) {
  const auto* value = body.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_object()) {
    in.Fail(key, "must be {\"value\": <integer minor units>, \"currency\": \"EUR\"}");
    return std::nullopt;
  }
  FieldReader money(value->get_object(), std::string(key) + ".");
  auto minor = money.Integer("value", 0, 9'000'000'000'000'000);
  auto code = money.String("currency", 3);
  if (!money.Has("value")) money.Fail("value", "is required (integer minor units)");
  if (!money.Has("currency")) money.Fail("currency", "is required");
  money.RejectUnknown({"value", "currency"});
  std::optional<Money> out;
  if (code) {
    auto currency = Currency::FromCode(*code);
    if (!currency.ok())
      money.Fail("currency", "must be an ISO 4217 code such as EUR");
    else if (minor)
      out = Money{*minor, *currency};
  }
  in.errors().Merge(money.Finish(""), "");
  return out;
}

const std::vector<std::string_view> kOpportunityFields = {
    "name",      "pipelineId", "stageId",     "amount", "expectedCloseDate",
    "companyId", "contacts",   "ownerId",     "source", "campaignId",
    "segment",   "lostReason", "customFields"};

void ApplyOpportunity(const json::object& body, domain::Opportunity& o, FieldReader& in) {
  ReadRequired(in, "name", 300, o.name);
  if (!o.meta.stored() && !in.Has("name")) in.Fail("name", "is required");
  if (auto pipeline = in.String("pipelineId", 64)) o.pipeline_id = *pipeline;
  if (auto stage = in.String("stageId", 40)) o.stage_id = *stage;
  if (auto amount = ReadMoney(body, in, "amount")) o.amount = *amount;
  if (in.Has("expectedCloseDate")) {
    o.expected_close.reset();
    if (auto text = in.String("expectedCloseDate", 10)) {
      auto date = ParseDate(*text);
      if (date.ok())
        o.expected_close = *date;
      else
        in.Fail("expectedCloseDate", "must be a date YYYY-MM-DD");
    }
  }
  ReadId(in, "companyId", o.company_id);
  auto contacts = ReadObjects<domain::OpportunityContact>(
      body, in, "contacts", "contactId", [](FieldReader& item, const json::object&) {
        domain::OpportunityContact c;
        c.contact_id = item.String("contactId", 64).value_or("");
        if (c.contact_id.empty()) item.Fail("contactId", "is required");
        if (item.Has("role") && !item.IsNull("role"))
          c.role = ReadEnum<domain::ContactRole>(item, "role");
        item.RejectUnknown({"contactId", "role"});
        return std::optional<domain::OpportunityContact>(c);
      });
  if (contacts) o.contacts = std::move(*contacts);
  ReadId(in, "ownerId", o.owner_id);
  ReadOptional(in, "source", 100, o.source);
  ReadOptional(in, "campaignId", 100, o.campaign_id);
  ReadOptional(in, "segment", 100, o.segment);
  ReadOptional(in, "lostReason", 500, o.lost_reason);
  ReadCustom(body, in, o.custom);
}

}  // namespace tertulia::http
