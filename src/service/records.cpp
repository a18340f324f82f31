#include "service/records.hpp"

#include <fmt/format.h>

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
  return Error::FailedPrecondition(fmt::format(
      "{} {} is at version {}, not {}: reload it and apply the change again", what, meta.id,
      meta.version, *expected));
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

Status RememberResponse(store::Tx& tx, const RequestContext& ctx, int status, std::string body,
                        const Clock& clock) {
  if (!ctx.idempotency) return OkStatus();
  int64_t now = ToUnixMillis(clock.Now());
  store::IdempotencyRepo repo(tx);
  TT_RETURN_IF_ERROR(repo.Expire(now - 24 * 3600 * 1000));
  return repo.Remember(ctx.workspace_id, ctx.idempotency->key,
                       {ctx.idempotency->fingerprint, status, std::move(body)}, now);
}

namespace {

// Records `message` for `field` unless `found` is a live record; passes database errors on.
template <typename T>
Status CheckLive(const Result<T>& found, std::string_view field, std::string_view message,
                 domain::FieldErrors& errors) {
  if (found.ok() && !found->meta.deleted()) return OkStatus();
  if (!found.ok() && found.error().code() != ErrorCode::kNotFound) return found.error();
  errors.Add(field, message);
  return OkStatus();
}

}  // namespace

Status CheckUserExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                       std::string_view field, domain::FieldErrors& errors) {
  return CheckLive(store::UserRepo(tx).Get(ctx.workspace_id, id), field,
                   "is not a user of this workspace", errors);
}

Status CheckContactExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                          std::string_view field, domain::FieldErrors& errors) {
  return CheckLive(store::ContactRepo(tx).Get(ctx.workspace_id, id), field,
                   "is not a contact of this workspace", errors);
}

Status CheckCompanyExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                          std::string_view field, domain::FieldErrors& errors) {
  return CheckLive(store::CompanyRepo(tx).Get(ctx.workspace_id, id), field,
                   "is not a company of this workspace", errors);
}

Result<std::vector<domain::CustomFieldDef>> LoadCustomFields(store::Tx& tx,
                                                            const RequestContext& ctx,
                                                            domain::CustomFieldObject object) {
  return store::CustomFieldRepo(tx).ListActive(ctx.workspace_id, domain::EnumName(object));
}

}  // namespace tertulia::service
