#include "store/contact_repo.hpp"

#include <fmt/format.h>

#include <boost/json/serialize.hpp>

#include "domain/text.hpp"
#include "store/derived_repos.hpp"
#include "store/erasure_repo.hpp"
#include "store/json_codec.hpp"
#include "store/list_query.hpp"
#include "store/record_sql.hpp"

namespace tertulia::store {
namespace {

constexpr std::string_view kColumns =
    "id, workspace_id, first_name, last_name, title, company_id, owner_id, country, city,"
    " lifecycle_stage, lead_status, emails, phones, social_profiles, tags, custom,"
    " created_at, updated_at, deleted_at, version, created_by, seq, sort_key";
constexpr std::string_view kInsert =
    "INSERT INTO contact (id, workspace_id, first_name, last_name, title, company_id, owner_id,"
    " country, city, lifecycle_stage, lead_status, emails, phones, social_profiles, tags, custom,"
    " created_at, updated_at, deleted_at, version, created_by, sort_key)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
    " $19, $20, $21, $22)";
constexpr std::string_view kUpdate =
    "UPDATE contact SET first_name = $3, last_name = $4, title = $5, company_id = $6,"
    " owner_id = $7, country = $8, city = $9, lifecycle_stage = $10, lead_status = $11,"
    " emails = $12, phones = $13, social_profiles = $14, tags = $15, custom = $16,"
    " updated_at = $18, deleted_at = $19, version = $20, sort_key = $22"
    " WHERE id = $1 AND workspace_id = $2 AND version = $20 - 1";
constexpr std::string_view kSelectOne =
    "SELECT id, workspace_id, first_name, last_name, title, company_id, owner_id, country, city,"
    " lifecycle_stage, lead_status, emails, phones, social_profiles, tags, custom,"
    " created_at, updated_at, deleted_at, version, created_by, seq"
    " FROM contact WHERE workspace_id = $1 AND id = $2";

std::string EncodeEmails(const std::vector<domain::ContactEmail>& emails) {
  boost::json::array array;
  for (const auto& e : emails) {
    boost::json::object o{{"address", e.address}, {"primary", e.primary}};
    if (e.label) o["label"] = *e.label;
    array.push_back(std::move(o));
  }
  return boost::json::serialize(array);
}

std::string EncodePhones(const std::vector<domain::ContactPhone>& phones) {
  boost::json::array array;
  for (const auto& p : phones) {
    boost::json::object o{{"number", p.number}, {"primary", p.primary}};
    if (p.label) o["label"] = *p.label;
    array.push_back(std::move(o));
  }
  return boost::json::serialize(array);
}

std::string EncodeProfiles(const std::vector<domain::SocialProfile>& profiles) {
  boost::json::array array;
  for (const auto& p : profiles) {
    boost::json::object o{{"network", domain::EnumName(p.network)}, {"handle", p.handle}};
    if (p.url) o["url"] = *p.url;
    array.push_back(std::move(o));
  }
  return boost::json::serialize(array);
}

domain::Contact FromRow(const Row& row) {
  domain::Contact c;
  c.meta.id = row.String(0);
  c.meta.workspace_id = row.String(1);
  c.first_name = row.OptionalString(2);
  c.last_name = row.OptionalString(3);
  c.title = row.OptionalString(4);
  c.company_id = row.OptionalString(5);
  c.owner_id = row.OptionalString(6);
  c.country = row.OptionalString(7);
  c.city = row.OptionalString(8);
  c.lifecycle_stage = domain::ParseEnum<domain::LifecycleStage>(row.Text(9))
                          .value_or(domain::LifecycleStage::kOther);
  if (!row.IsNull(10)) c.lead_status = domain::ParseEnum<domain::LeadStatus>(row.Text(10));
  c.emails = DecodeList<domain::ContactEmail>(row.Text(11), [](const boost::json::object& o) {
    return domain::ContactEmail{OptionalText(o, "address").value_or(""), Flag(o, "primary"),
                                OptionalText(o, "label")};
  });
  c.phones = DecodeList<domain::ContactPhone>(row.Text(12), [](const boost::json::object& o) {
    return domain::ContactPhone{OptionalText(o, "number").value_or(""), Flag(o, "primary"),
                                OptionalText(o, "label")};
  });
  c.social_profiles =
      DecodeList<domain::SocialProfile>(row.Text(13), [](const boost::json::object& o) {
        auto network =
            domain::ParseEnum<domain::SocialNetwork>(OptionalText(o, "network").value_or("other"));
        return domain::SocialProfile{network.value_or(domain::SocialNetwork::kOther),
                                     OptionalText(o, "handle").value_or(""),
                                     OptionalText(o, "url")};
      });
  c.tags = DecodeStrings(row.Text(14));
  c.custom = DecodeCustom(row.Text(15));
  ReadMeta(row, 16, c.meta);
  return c;
}

std::vector<std::pair<std::string, std::string>> KeysOf(const domain::Contact& c) {
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& email : c.emails) keys.emplace_back("email", email.address);
  for (const auto& p : c.social_profiles) {
    keys.emplace_back("social", fmt::format("{}:{}", domain::EnumName(p.network), p.handle));
  }
  for (const auto& tag : c.tags) keys.emplace_back("tag", tag);
  for (const auto& [key, value] : c.custom)
    keys.emplace_back("custom." + key, CustomKeyText(value));
  return keys;
}

std::optional<std::string_view> LeadStatusName(const domain::Contact& c) {
  if (!c.lead_status) return std::nullopt;
  return domain::EnumName(*c.lead_status);
}

// Runs the INSERT (returning seq) or UPDATE (returning the rows changed) of a contact.
Result<int64_t> Write(Tx& tx, std::string_view sql, const domain::Contact& c) {
  std::string emails = EncodeEmails(c.emails);
  std::string phones = EncodePhones(c.phones);
  std::string profiles = EncodeProfiles(c.social_profiles);
  std::string tags = EncodeStrings(c.tags);
  std::string custom = EncodeCustom(c.custom);
  std::string sort_key = ContactRepo::SortKey(c);
  std::initializer_list<Param> params = {c.meta.id,
                                         c.meta.workspace_id,
                                         c.first_name,
                                         c.last_name,
                                         c.title,
                                         c.company_id,
                                         c.owner_id,
                                         c.country,
                                         c.city,
                                         domain::EnumName(c.lifecycle_stage),
                                         LeadStatusName(c),
                                         emails,
                                         phones,
                                         profiles,
                                         tags,
                                         custom,
                                         ToUnixMillis(c.meta.created_at),
                                         ToUnixMillis(c.meta.updated_at),
                                         OptionalMillis(c.meta.deleted_at),
                                         c.meta.version,
                                         c.meta.created_by,
                                         sort_key};
  return RunWrite(tx, sql, params);
}

}  // namespace

std::string ContactRepo::SortKey(const domain::Contact& c) {
  std::string key =
      domain::FoldForMatching(c.last_name.value_or("") + " " + c.first_name.value_or(""));
  if (key.empty() && c.PrimaryEmail() != nullptr) key = c.PrimaryEmail()->address;
  return key;
}

Status ContactRepo::Insert(domain::Contact& c) {
  TT_ASSIGN_OR_RETURN(c.meta.seq, Write(tx_, kInsert, c));
  return RecordKeyRepo(tx_).Add(c.meta.workspace_id, c.meta.id, KeysOf(c));
}

Status ContactRepo::Update(const domain::Contact& before, const domain::Contact& c) {
  TT_RETURN_IF_ERROR(CheckUpdated(Write(tx_, kUpdate, c), "contact", c.meta));
  return RecordKeyRepo(tx_).Replace(c.meta.workspace_id, c.meta.id, KeysOf(before), KeysOf(c));
}

Status ContactRepo::Erase(const domain::Contact& c) {
  TT_RETURN_IF_ERROR(RecordKeyRepo(tx_).Remove(c.meta.workspace_id, c.meta.id, KeysOf(c)));
  return ErasureRepo(tx_).DeleteRow(ErasureRepo::Table::kContact, c.meta.workspace_id, c.meta.id);
}

Result<domain::Contact> ContactRepo::Get(std::string_view workspace_id, std::string_view id) {
  return GetOne<domain::Contact>(tx_, kSelectOne, "contact", workspace_id, id, FromRow);
}

Result<std::vector<domain::Contact>> ContactRepo::GetMany(std::string_view workspace_id,
                                                          const std::vector<std::string>& ids) {
  std::vector<domain::Contact> out;
  for (const auto& id : ids) {
    TT_RETURN_IF_ERROR(tx_.Query(kSelectOne, {workspace_id, id},
                                 [&](const Row& row) { out.push_back(FromRow(row)); }));
  }
  return out;
}

Result<Page<domain::Contact>> ContactRepo::List(std::string_view workspace_id,
                                                const ContactFilter& filter,
                                                const PageRequest& page) {
  ListQuery query("contact", kColumns, workspace_id, filter.deleted);
  if (filter.email) query.WithRareKey("email", *filter.email);
  if (filter.social) query.WithRareKey("social", *filter.social);
  if (filter.tag) query.WithKey("tag", *filter.tag);
  for (const auto& [key, value] : filter.custom_equals) query.WithKey("custom." + key, value);
  if (filter.owner_id) query.Where("owner_id = ?", *filter.owner_id);
  if (filter.visible_owners) {
    query.Where("(owner_id IS NULL OR owner_id IN (SELECT value FROM json_each(?)))",
                EncodeStrings(*filter.visible_owners));
  }
  if (filter.company_id) query.Where("company_id = ?", *filter.company_id);
  if (filter.lifecycle_stage) query.Where("lifecycle_stage = ?", *filter.lifecycle_stage);
  if (filter.updated_from) query.Where("updated_at >= ?", ToUnixMillis(*filter.updated_from));
  if (filter.updated_to) query.Where("updated_at < ?", ToUnixMillis(*filter.updated_to));
  return query.Run<domain::Contact>(tx_, page, FromRow,
                                    [](const domain::Contact& c, SortColumn sort) {
                                      return SortValue(sort, c.meta, SortKey(c));
                                    });
}

}  // namespace tertulia::store
