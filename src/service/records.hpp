#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/custom_field.hpp"
#include "domain/record.hpp"
#include "domain/validation.hpp"
#include "service/context.hpp"
#include "store/db.hpp"
#include "store/derived_repos.hpp"

// Plumbing shared by the record services.
namespace tertulia::service {

// A change to a record, applied in memory inside the write transaction: the HTTP layer's PATCH.
template <typename T>
using Mutation = std::function<Status(T& record)>;

// Renders what a create returns, to be stored for Idempotency-Key replays.
template <typename T>
using ReplayRender = std::function<std::string(const T& record)>;

// The outcome of a create: the record, or the response stored for an earlier request with the
// same Idempotency-Key (then `record` is empty and `replay` set).
template <typename T>
struct Created {
  std::optional<T> record;
  std::optional<store::StoredResponse> replay;
};

// Both outcomes at once: when both are field errors (kInvalidArgument), one error listing the
// fields of both, so that a response names every bad field; otherwise the first failure.
Status Combine(Status first, Status second);

// Fills the metadata of a new record.
void StampNew(domain::RecordMeta& meta, const RequestContext& ctx, const Clock& clock,
              IdGenerator& ids);
// Bumps version and updated_at for a change.
void StampChange(domain::RecordMeta& meta, const Clock& clock);

// kFailedPrecondition (412) when `expected` is set and differs from the stored version.
Status CheckVersion(const domain::RecordMeta& meta, std::optional<int64_t> expected,
                    std::string_view what);

// The stored response for ctx's Idempotency-Key, if this exact request was made before;
// kInvalidArgument when the key was used for a different request.
Result<std::optional<store::StoredResponse>> FindReplay(store::Tx& tx, const RequestContext& ctx);
// Stores the response of a create made with an Idempotency-Key (kept 24 hours). `render` runs
// only when there is a key.
Status RememberResponse(store::Tx& tx, const RequestContext& ctx, int status,
                        const std::function<std::string()>& render, const Clock& clock);

// Reference checks: each records an error for `field` in `errors` unless `id` is a live record
// of that kind in the workspace, and fails only when the database does. Lookups are cached for
// the rest of the transaction (a batch names the same few companies and owners again and again).
Status CheckUserExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                       std::string_view field, domain::FieldErrors& errors);
Status CheckContactExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                          std::string_view field, domain::FieldErrors& errors);
Status CheckCompanyExists(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                          std::string_view field, domain::FieldErrors& errors);

// The live contact `id`, nullopt when there is none (cached like the checks).
Result<std::optional<domain::Contact>> FindLiveContact(store::Tx& tx, const RequestContext& ctx,
                                                       const std::string& id);

// The live company `id`, nullopt when there is none (cached like the checks).
Result<std::optional<domain::Company>> FindLiveCompany(store::Tx& tx, const RequestContext& ctx,
                                                       const std::string& id);

// The live custom field definitions of `object` (cached for the transaction).
Result<std::vector<domain::CustomFieldDef>> LoadCustomFields(store::Tx& tx,
                                                             const RequestContext& ctx,
                                                             domain::CustomFieldObject object);

}  // namespace tertulia::service
