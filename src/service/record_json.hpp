#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"
#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/custom_field.hpp"
#include "domain/document.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/sales.hpp"
#include "domain/security.hpp"
#include "domain/task.hpp"
#include "domain/timeline.hpp"
#include "domain/user.hpp"

// The JSON form of each record (camelCase, as in the OpenAPI document): what the API returns,
// what the audit log compares and what a GDPR export contains.
namespace tertulia::service {

boost::json::object ToJson(const domain::Contact& contact);
boost::json::object ToJson(const domain::Company& company);
boost::json::object ToJson(const domain::Relationship& relationship);
boost::json::object ToJson(const domain::Interaction& interaction);
boost::json::object ToJson(const domain::Task& task);
boost::json::object ToJson(const domain::Note& note);
boost::json::object ToJson(const domain::CustomFieldDef& def);
boost::json::object ToJson(const domain::User& user);
boost::json::object ToJson(const domain::TimelineEntry& entry);
boost::json::object ToJson(const domain::Team& team);
boost::json::object ToJson(const domain::Consent& consent);
boost::json::object ToJson(const domain::ApiKey& key);  // never the secret (only its prefix)
boost::json::object ToJson(const domain::AuditEntry& entry);
boost::json::object ToJson(const domain::Pipeline& pipeline);
boost::json::object ToJson(const domain::Stage& stage);
boost::json::object ToJson(const domain::Opportunity& opportunity);
boost::json::object ToJson(const domain::StageChange& change);
boost::json::object ToJson(const domain::Document& document);
boost::json::object ToJson(const Money& money);  // {"value": minor units, "currency": "EUR"}

// Helpers for optional values: absent is null.
void SetOptional(boost::json::object& o, std::string_view key, const std::optional<std::string>& v);
void SetOptional(boost::json::object& o, std::string_view key, const std::optional<int64_t>& v);
void SetOptional(boost::json::object& o, std::string_view key, const std::optional<Timestamp>& v);
// id and the RecordMeta fields (createdAt, updatedAt, deletedAt, version, createdBy).
void SetMeta(boost::json::object& o, const domain::RecordMeta& meta);

// {"field": [before, after]} for each top-level field that differs; empty when none does.
boost::json::object Diff(const boost::json::object& before, const boost::json::object& after);

}  // namespace tertulia::service
