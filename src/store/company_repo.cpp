#include "store/company_repo.hpp"

#include "domain/text.hpp"
#include "store/derived_repos.hpp"
#include "store/json_codec.hpp"
#include "store/list_query.hpp"
#include "store/record_sql.hpp"

namespace tertulia::store {
namespace {

constexpr std::string_view kColumns =
    "id, workspace_id, name, domain, industry, size_band, segment, country, city, tags,"
    " owner_id, custom, created_at, updated_at, deleted_at, version, created_by, seq";
constexpr std::string_view kInsert =
    "INSERT INTO company (id, workspace_id, name, domain, industry, size_band, segment, country,"
    " city, tags, owner_id, custom, created_at, updated_at, deleted_at, version, created_by,"
    " sort_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
    " $17, $18)";
constexpr std::string_view kUpdate =
    "UPDATE company SET name = $3, domain = $4, industry = $5, size_band = $6, segment = $7,"
    " country = $8, city = $9, tags = $10, owner_id = $11, custom = $12, updated_at = $14,"
    " deleted_at = $15, version = $16, sort_key = $18"
    " WHERE id = $1 AND workspace_id = $2 AND version = $16 - 1";
constexpr std::string_view kSelectOne =
    "SELECT id, workspace_id, name, domain, industry, size_band, segment, country, city, tags,"
    " owner_id, custom, created_at, updated_at, deleted_at, version, created_by, seq"
    " FROM company WHERE workspace_id = $1 AND id = $2";

domain::Company FromRow(const Row& row) {
  domain::Company c;
  c.meta.id = row.String(0);
  c.meta.workspace_id = row.String(1);
  c.name = row.String(2);
  c.domain = row.OptionalString(3);
  c.industry = row.OptionalString(4);
  if (!row.IsNull(5)) c.size_band = domain::ParseEnum<domain::SizeBand>(row.Text(5));
  c.segment = row.OptionalString(6);
  c.country = row.OptionalString(7);
  c.city = row.OptionalString(8);
  c.tags = DecodeStrings(row.Text(9));
  c.owner_id = row.OptionalString(10);
  c.custom = DecodeCustom(row.Text(11));
  ReadMeta(row, 12, c.meta);
  return c;
}

std::vector<std::pair<std::string, std::string>> KeysOf(const domain::Company& c) {
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& tag : c.tags) keys.emplace_back("tag", tag);
  for (const auto& [key, value] : c.custom)
    keys.emplace_back("custom." + key, CustomKeyText(value));
  return keys;
}

Result<int64_t> Write(Tx& tx, std::string_view sql, const domain::Company& c) {
  std::string tags = EncodeStrings(c.tags);
  std::string custom = EncodeCustom(c.custom);
  std::string sort_key = domain::FoldForMatching(c.name);
  std::optional<std::string_view> size;
  if (c.size_band) size = domain::EnumName(*c.size_band);
  std::initializer_list<Param> params = {c.meta.id,
                                         c.meta.workspace_id,
                                         c.name,
                                         c.domain,
                                         c.industry,
                                         size,
                                         c.segment,
                                         c.country,
                                         c.city,
                                         tags,
                                         c.owner_id,
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

Status CompanyRepo::Insert(domain::Company& c) {
  TT_ASSIGN_OR_RETURN(c.meta.seq, Write(tx_, kInsert, c));
  return RecordKeyRepo(tx_).Add(c.meta.workspace_id, c.meta.id, KeysOf(c));
}

Status CompanyRepo::Update(const domain::Company& before, const domain::Company& c) {
  TT_RETURN_IF_ERROR(CheckUpdated(Write(tx_, kUpdate, c), "company", c.meta));
  return RecordKeyRepo(tx_).Replace(c.meta.workspace_id, c.meta.id, KeysOf(before), KeysOf(c));
}

Result<domain::Company> CompanyRepo::Get(std::string_view workspace_id, std::string_view id) {
  return GetOne<domain::Company>(tx_, kSelectOne, "company", workspace_id, id, FromRow);
}

Result<Page<domain::Company>> CompanyRepo::List(std::string_view workspace_id,
                                                const CompanyFilter& filter,
                                                const PageRequest& page) {
  ListQuery query("company", kColumns, workspace_id, filter.deleted);
  if (filter.tag) query.WithKey("tag", *filter.tag);
  for (const auto& [key, value] : filter.custom_equals) query.WithKey("custom." + key, value);
  if (filter.domain) query.Where("domain = ?", *filter.domain);
  if (filter.owner_id) query.Where("owner_id = ?", *filter.owner_id);
  if (filter.visible_owners) {
    query.Where("(owner_id IS NULL OR owner_id IN (SELECT value FROM json_each(?)))",
                EncodeStrings(*filter.visible_owners));
  }
  if (filter.segment) query.Where("segment = ?", *filter.segment);
  if (filter.size_band) query.Where("size_band = ?", *filter.size_band);
  if (filter.updated_from) query.Where("updated_at >= ?", ToUnixMillis(*filter.updated_from));
  if (filter.updated_to) query.Where("updated_at < ?", ToUnixMillis(*filter.updated_to));
  return query.Run<domain::Company>(
      tx_, page, FromRow, [](const domain::Company& c, SortColumn sort) {
        return SortValue(sort, c.meta, domain::FoldForMatching(c.name));
      });
}

}  // namespace tertulia::store
