#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/merge.hpp"
#include "service/contact_service.hpp"
#include "service/context.hpp"
#include "service/crm_services.hpp"
#include "service/document_service.hpp"
#include "service/sales_services.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// Two contacts found to be one person become one: the survivor takes the other's e-mails,
// phones, social profiles and tags, fills its empty fields from it, and takes over everything
// about it (interactions, notes, tasks, relationships, documents, opportunities, tracked events
// with the ids that resolve to it, and consent recorded more recently). The other contact is
// soft-deleted. Every moved record is changed through its own service, so timelines, search and
// the audit log follow. The merge is stored with what moved, shown on the survivor's timeline
// and recorded as a tracked event ("Contact Merged"); Undo reverses it exactly. Thread-safe.
class MergeService {
 public:
  struct Records {
    ContactService& contacts;
    InteractionService& interactions;
    NoteService& notes;
    TaskService& tasks;
    RelationshipService& relationships;
    DocumentService& documents;
    OpportunityService& opportunities;
  };
  MergeService(store::Db& db, const Clock& clock, IdGenerator& ids, Records records)
      : db_(db), clock_(clock), ids_(ids), records_(records) {}

  // Folds `merged_id` into `survivor_id` (both live and visible to the caller, who may write).
  Result<domain::ContactMerge> Merge(const RequestContext& ctx, std::string_view survivor_id,
                                     std::string_view merged_id, std::optional<std::string> reason);
  // The same inside the tracking writer's transaction.
  Result<domain::ContactMerge> MergeInTx(store::Tx& tx, const RequestContext& ctx,
                                         std::string_view survivor_id, std::string_view merged_id,
                                         domain::MergeSource source,
                                         std::optional<std::string> reason);
  // Puts everything back: the merged contact restored, its records, events, ids and consent
  // returned (events that arrived since through its ids too), the survivor's additions removed.
  // 409 when it was undone already or the merged contact was erased or merged again since.
  Result<domain::ContactMerge> Undo(const RequestContext& ctx, std::string_view merge_id);
  Result<domain::ContactMerge> Get(const RequestContext& ctx, std::string_view merge_id);
  // The merges the contact took part in, newest first.
  Result<std::vector<domain::ContactMerge>> ForContact(const RequestContext& ctx,
                                                       std::string_view contact_id);

  static constexpr size_t kMaxReason = 500;

 private:
  store::Db& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  Records records_;
};

}  // namespace tertulia::service
