#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "domain/contact.hpp"
#include "service/context.hpp"
#include "service/record_lifecycle.hpp"
#include "service/records.hpp"
#include "store/contact_repo.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// One item of a batch create: the contact, or why it was refused.
struct BatchItem {
  std::optional<domain::Contact> contact;
  std::optional<Error> error;
};

// Contacts: the people. Creating or changing one validates every field (all bad fields listed),
// checks that its owner and company exist, normalises phones with the contact's country or else
// its company's, and keeps its lookup keys and search entry in step. Thread-safe.
class ContactService {
 public:
  ContactService(store::Db& db, const Clock& clock, IdGenerator& ids);

  Result<Created<domain::Contact>> Create(const RequestContext& ctx,
                                          const Mutation<domain::Contact>& fill,
                                          const ReplayRender<domain::Contact>& render) {
    return lifecycle_.Create(ctx, fill, render);
  }
  // Up to kMaxBatch contacts in one transaction, each made by its own `fill`; each gets its own
  // result. `render` renders the whole response for Idempotency-Key replays.
  Result<Created<std::vector<BatchItem>>> CreateBatch(
      const RequestContext& ctx, const std::vector<Mutation<domain::Contact>>& fills,
      const ReplayRender<std::vector<BatchItem>>& render);
  Result<domain::Contact> Get(const RequestContext& ctx, std::string_view id,
                              bool include_deleted = false) {
    return lifecycle_.Get(ctx, id, include_deleted);
  }
  Result<domain::Contact> Update(const RequestContext& ctx, std::string_view id,
                                 std::optional<int64_t> expected_version,
                                 const Mutation<domain::Contact>& mutate) {
    return lifecycle_.Update(ctx, id, expected_version, mutate);
  }
  Result<domain::Contact> Delete(const RequestContext& ctx, std::string_view id,
                                 std::optional<int64_t> expected_version) {
    return lifecycle_.Delete(ctx, id, expected_version);
  }
  Result<domain::Contact> Restore(const RequestContext& ctx, std::string_view id,
                                  std::optional<int64_t> expected_version) {
    return lifecycle_.Restore(ctx, id, expected_version);
  }
  Result<store::Page<domain::Contact>> List(const RequestContext& ctx,
                                            const store::ContactFilter& filter,
                                            const store::PageRequest& page);
  // The contact as stored (deleted or not), inside `tx`, if the caller may see it.
  Result<domain::Contact> Load(store::Tx& tx, const RequestContext& ctx, std::string_view id) {
    return lifecycle_.Load(tx, ctx, id);
  }
  // Inside `tx`, for the tracking writer (identify): the caller checked the rights.
  Result<domain::Contact> CreateInTx(store::Tx& tx, const RequestContext& ctx,
                                     const Mutation<domain::Contact>& fill) {
    domain::Contact draft;
    TT_RETURN_IF_ERROR(lifecycle_.InsertNew(tx, ctx, draft, fill));
    return draft;
  }
  Result<domain::Contact> UpdateInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id,
                                     const Mutation<domain::Contact>& mutate) {
    return lifecycle_.UpdateInTx(tx, ctx, id, mutate);
  }
  Result<domain::Contact> DeleteInTx(store::Tx& tx, const RequestContext& ctx,
                                     std::string_view id) {
    return lifecycle_.DeleteInTx(tx, ctx, id);
  }
  Result<domain::Contact> RestoreInTx(store::Tx& tx, const RequestContext& ctx,
                                      std::string_view id) {
    return lifecycle_.RestoreInTx(tx, ctx, id);
  }
  // GDPR erasure of the contact row, its keys and search entry inside `tx`.
  Status Erase(store::Tx& tx, const RequestContext& ctx, const domain::Contact& contact) {
    return lifecycle_.Erase(tx, ctx, contact,
                            [&] { return store::ContactRepo(tx).Erase(contact); });
  }

  static constexpr size_t kMaxBatch = 1000;

 private:
  store::Db& db_;
  const Clock& clock_;
  RecordLifecycle<domain::Contact, store::ContactRepo> lifecycle_;
};

}  // namespace tertulia::service
