#include "service/records.hpp"

#include <fmt/format.h>

#include <map>

#include "store/company_repo.hpp"
#include "store/contact_repo.hpp"
#include "store/crm_repos.hpp"

namespace tertulia::service {

Status Combine(Status first, Status second) {
  if (first.ok()) return second;
  if (second.ok()) return first;
  bool both_fields = first.error().code() == ErrorCode::kInvalidArgument &&
                     second.error().code() == ErrorCode::kInvalidArgument;
  if (!both_fields) {
    return first.error().code() == ErrorCode::kInvalidArgument ? second : first;
  }
  domain::FieldErrors errors;
  errors.Merge(first, "");
  errors.Merge(second, "");
  std::string summary = first.error().message();
  summary = summary.substr(0, summary.find(':'));
  return errors.ToStatus(summary);
}

void StampNew(domain::RecordMeta& meta, const RequestContext& ctx, const Clock& clock,
              IdGenerator& ids) {
  meta.id = ids.Next();
  meta.workspace_id = ctx.workspace_id;
  meta.created_at = clock.Now();
  meta.updated_at = meta.created_at;
  meta.deleted_at.reset();
  meta.version = 1;
  meta.created_by = ctx.user_id;
}

void StampChange(domain::RecordMeta& meta, const Clock& clock) {
  meta.updated_at = std::max(clock.Now(), meta.updated_at);
  meta.version += 1;
}

Status CheckVersion(const domain::RecordMeta& meta, std::optional<int64_t> expected,
                    std::string_view what) {
  if (!expected || *expected == meta.version) return OkStatus();
  return Error::FailedPrecondition(
      fmt::format("{} {} is at version {}, not {}: reload it and apply the change again", what,
                  meta.id, meta.version, *expected));
}

Result<std::optional<store::StoredResponse>> FindReplay(store::Tx& tx, const RequestContext& ctx) {
  if (!ctx.idempotency) return std::optional<store::StoredResponse>();
  TT_ASSIGN_OR_RETURN(auto stored,
                      store::IdempotencyRepo(tx).Find(ctx.workspace_id, ctx.idempotency->key));
  if (stored && stored->fingerprint != ctx.idempotency->fingerprint) {
    return Error::InvalidField("Idempotency-Key",
                               "was already used for a different request; use a new key");
  }
  return stored;
}

Status RememberResponse(store::Tx& tx, const RequestContext& ctx, int status,
                        const std::function<std::string()>& render, const Clock& clock) {
  if (!ctx.idempotency) return OkStatus();
  std::string body = render();
  int64_t now = ToUnixMillis(clock.Now());
  store::IdempotencyRepo repo(tx);
  TT_RETURN_IF_ERROR(repo.Expire(now - 24 * 3600 * 1000));
  return repo.Remember(ctx.workspace_id, ctx.idempotency->key,
                       {ctx.idempotency->fingerprint, status, std::move(body)}, now);
}

namespace {

// What a transaction has looked up already: a batch of 1,000 contacts of a few companies and
// owners asks for the same records again and again. Valid for the transaction that made it.
struct LookupCache {
  std::map<std::string, std::vector<domain::CustomFieldDef>, std::less<>> fields;  // by object
  std::map<std::string, std::optional<domain::Company>, std::less<>> companies;    // live or not
  std::map<std::string, bool, std::less<>> users;
  std::map<std::string, std::optional<domain::Contact>, std::less<>> contacts;
};

// A live record of the workspace, nullopt when there is none; database errors pass on.
template <typename T>
Result<std::optional<T>> Live(Result<T> found) {
  if (found.ok()) return found->meta.deleted() ? std::optional<T>() : std::optional<T>(*found);
  if (found.error().code() == ErrorCode::kNotFound) return std::optional<T>();
  return std::move(found).error();
}

template <typename Lookup>
Status CheckCached(std::map<std::string, bool, std::less<>>& cache, const std::string& id,
                   Lookup lookup, std::string_view field, std::string_view message,
                   domain::FieldErrors& errors) {
  auto it = cache.find(id);
  if (it == cache.end()) {
    TT_ASSIGN_OR_RETURN(bool live, lookup());
    it = cache.emplace(id, live).first;
  }
  if (!it->second) errors.Add(field, message);
  return OkStatus();
}

}  // namespace

Status CheckUserExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                       std::string_view field, domain::FieldErrors& errors) {
  auto lookup = [&]() -> Result<bool> {
    TT_ASSIGN_OR_RETURN(auto user, Live(store::UserRepo(tx).Get(ctx.workspace_id, id)));
    return user.has_value();
  };
  return CheckCached(tx.State<LookupCache>().users, id, lookup, field,
                     "is not a user of this workspace", errors);
}

Result<std::optional<domain::Contact>> FindLiveContact(store::Tx& tx, const RequestContext& ctx,
                                                       const std::string& id) {
  auto& cache = tx.State<LookupCache>().contacts;
  auto it = cache.find(id);
  if (it == cache.end()) {
    TT_ASSIGN_OR_RETURN(auto contact, Live(store::ContactRepo(tx).Get(ctx.workspace_id, id)));
    it = cache.emplace(id, std::move(contact)).first;
  }
  return it->second;
}

Status CheckContactExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                          std::string_view field, domain::FieldErrors& errors) {
  TT_ASSIGN_OR_RETURN(auto contact, FindLiveContact(tx, ctx, id));
  if (!contact) errors.Add(field, "is not a contact of this workspace");
  return OkStatus();
}

Result<std::optional<domain::Company>> FindLiveCompany(store::Tx& tx, const RequestContext& ctx,
                                                       const std::string& id) {
  auto& cache = tx.State<LookupCache>().companies;
  auto it = cache.find(id);
  if (it == cache.end()) {
    TT_ASSIGN_OR_RETURN(auto company, Live(store::CompanyRepo(tx).Get(ctx.workspace_id, id)));
    it = cache.emplace(id, std::move(company)).first;
  }
  return it->second;
}

Status CheckCompanyExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                          std::string_view field, domain::FieldErrors& errors) {
  TT_ASSIGN_OR_RETURN(auto company, FindLiveCompany(tx, ctx, id));
  if (!company) errors.Add(field, "is not a company of this workspace");
  return OkStatus();
}

Result<std::vector<domain::CustomFieldDef>> LoadCustomFields(store::Tx& tx,
                                                             const RequestContext& ctx,
                                                             domain::CustomFieldObject object) {
  auto& cache = tx.State<LookupCache>().fields;
  std::string_view name = domain::EnumName(object);
  auto it = cache.find(name);
  if (it == cache.end()) {
    TT_ASSIGN_OR_RETURN(auto defs, store::CustomFieldRepo(tx).ListActive(ctx.workspace_id, name));
    it = cache.emplace(std::string(name), std::move(defs)).first;
  }
  return it->second;
}

}  // namespace tertulia::service
