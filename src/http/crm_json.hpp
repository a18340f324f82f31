#pragma once

#include <boost/json/object.hpp>

#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/custom_field.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/task.hpp"
#include "domain/timeline.hpp"
#include "domain/user.hpp"
#include "http/fields.hpp"
#include "service/record_json.hpp"

// The JSON form of the CRM records (camelCase, as in the OpenAPI document). Each ToJson renders
// a record; each Apply reads the fields present in a request body into a record, reporting bad
// values through the FieldReader (null clears an optional field).
namespace tertulia::http {

using service::ToJson;

void ApplyContact(const boost::json::object& body, domain::Contact& contact, FieldReader& in);
extern const std::vector<std::string_view> kContactFields;

void ApplyCompany(const boost::json::object& body, domain::Company& company, FieldReader& in);
extern const std::vector<std::string_view> kCompanyFields;

void ApplyRelationship(const boost::json::object& body, domain::Relationship& relationship,
                       FieldReader& in);
extern const std::vector<std::string_view> kRelationshipFields;

void ApplyInteraction(const boost::json::object& body, domain::Interaction& interaction,
                      FieldReader& in);
extern const std::vector<std::string_view> kInteractionFields;

void ApplyTask(const boost::json::object& body, domain::Task& task, FieldReader& in);
extern const std::vector<std::string_view> kTaskFields;

void ApplyNote(const boost::json::object& body, domain::Note& note, FieldReader& in);
extern const std::vector<std::string_view> kNoteFields;

void ApplyCustomField(const boost::json::object& body, domain::CustomFieldDef& def,
                      FieldReader& in);
extern const std::vector<std::string_view> kCustomFieldFields;

void ApplyUser(const boost::json::object& body, domain::User& user, FieldReader& in);
extern const std::vector<std::string_view> kUserFields;

void ApplyPipeline(const boost::json::object& body, domain::Pipeline& pipeline, FieldReader& in);
extern const std::vector<std::string_view> kPipelineFields;

void ApplyOpportunity(const boost::json::object& body, domain::Opportunity& opportunity,
                      FieldReader& in);
extern const std::vector<std::string_view> kOpportunityFields;

// {"value": <integer minor units>, "currency": "EUR"}; kInvalidArgument naming `key`.
std::optional<Money> ReadMoney(const boost::json::object& body, FieldReader& in,
                               std::string_view key);

}  // namespace tertulia::http
