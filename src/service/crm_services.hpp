#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "domain/company.hpp"
#include "domain/custom_field.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/task.hpp"
#include "domain/user.hpp"
#include "service/context.hpp"
#include "service/record_lifecycle.hpp"
#include "store/company_repo.hpp"
#include "store/crm_repos.hpp"

// The CRM records besides contacts. Each service exposes the record lifecycle (create, get,
// update, delete, restore) plus its lists; all are thread-safe.
namespace tertulia::service {

// Wraps a RecordLifecycle with the usual forwarding methods.
template <typename T, typename Repo>
class RecordService {
 public:
  RecordService(store::Db& db, const Clock& clock, IdGenerator& ids,
                typename RecordLifecycle<T, Repo>::Hooks hooks)
      : db_(db), lifecycle_(db, clock, ids, std::move(hooks)) {}

  Result<Created<T>> Create(const RequestContext& ctx, const Mutation<T>& fill,
                            const ReplayRender<T>& render) {
    return lifecycle_.Create(ctx, fill, render);
  }
  Result<T> Get(const RequestContext& ctx, std::string_view id, bool include_deleted = false) {
    return lifecycle_.Get(ctx, id, include_deleted);
  }
  Result<T> Update(const RequestContext& ctx, std::string_view id, std::optional<int64_t> expected,
                   const Mutation<T>& mutate) {
    return lifecycle_.Update(ctx, id, expected, mutate);
  }
  Result<T> Delete(const RequestContext& ctx, std::string_view id,
                   std::optional<int64_t> expected) {
    return lifecycle_.Delete(ctx, id, expected);
  }
  Result<T> Restore(const RequestContext& ctx, std::string_view id,
                    std::optional<int64_t> expected) {
    return lifecycle_.Restore(ctx, id, expected);
  }
  // The record as stored (deleted or not), inside `tx`, if the caller may see it.
  Result<T> Load(store::Tx& tx, const RequestContext& ctx, std::string_view id) {
    return lifecycle_.Load(tx, ctx, id);
  }
  // Inside the caller's transaction (the tracking writer's); the caller checked the rights.
  Result<T> CreateInTx(store::Tx& tx, const RequestContext& ctx, const Mutation<T>& fill) {
    T draft;
    TT_RETURN_IF_ERROR(lifecycle_.InsertNew(tx, ctx, draft, fill));
    return draft;
  }
  // Changes inside the caller's transaction (a merge or its undo); the caller checked the rights.
  Result<T> UpdateInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id,
                       const Mutation<T>& mutate) {
    return lifecycle_.UpdateInTx(tx, ctx, id, mutate);
  }
  Result<T> DeleteInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id) {
    return lifecycle_.DeleteInTx(tx, ctx, id);
  }
  Result<T> RestoreInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id) {
    return lifecycle_.RestoreInTx(tx, ctx, id);
  }
  // GDPR erasure of the record `id` inside `tx` (see RecordLifecycle::Erase).
  Status Erase(store::Tx& tx, const RequestContext& ctx, std::string_view id,
               store::ErasureRepo::Table table) {
    TT_ASSIGN_OR_RETURN(T record, Repo(tx).Get(ctx.workspace_id, id));
    return lifecycle_.Erase(tx, ctx, record, [&] {
      return store::ErasureRepo(tx).DeleteRow(table, ctx.workspace_id, id);
    });
  }

 protected:
  // Runs `read` in a read transaction.
  template <typename R>
  Result<R> Read(const std::function<Result<R>(store::Tx&)>& read) {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    return read(*tx);
  }

  // A page of the repository's list that the caller may see.
  template <typename Filter>
  Result<store::Page<T>> ListVisible(const RequestContext& ctx, const Filter& filter,
                                     const store::PageRequest& page) {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    return VisiblePage<T>(*tx, ctx, page, [&](const store::PageRequest& request) {
      return Repo(*tx).List(ctx.workspace_id, filter, request);
    });
  }

  store::Db& db_;
  RecordLifecycle<T, Repo> lifecycle_;
};

// Companies: validated like contacts, with tags, custom fields and a search entry.
class CompanyService : public RecordService<domain::Company, store::CompanyRepo> {
 public:
  CompanyService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<store::Page<domain::Company>> List(const RequestContext& ctx,
                                            const store::CompanyFilter& filter,
                                            const store::PageRequest& page);
};

// Ties between two live contacts; a second tie of the same kind between them is kAlreadyExists.
class RelationshipService : public RecordService<domain::Relationship, store::RelationshipRepo> {
 public:
  RelationshipService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<store::Page<domain::Relationship>> List(const RequestContext& ctx,
                                                 const store::RelationshipFilter& filter,
                                                 const store::PageRequest& page);
};

// Conversations in any channel. Each appears on the timeline of every contact taking part and
// of the company (given, or that of the contacts when they share one), and in search.
class InteractionService : public RecordService<domain::Interaction, store::InteractionRepo> {
 public:
  InteractionService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<store::Page<domain::Interaction>> List(const RequestContext& ctx,
                                                const store::InteractionFilter& filter,
                                                const store::PageRequest& page);
};

// Tasks: on the timeline of the contact or company they are linked to. Marking one done stamps
// completedAt.
class TaskService : public RecordService<domain::Task, store::TaskRepo> {
 public:
  TaskService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<store::Page<domain::Task>> List(const RequestContext& ctx, const store::TaskFilter& filter,
                                         const store::PageRequest& page);
};

// Notes on any record; those on a contact or company appear on its timeline.
class NoteService : public RecordService<domain::Note, store::NoteRepo> {
 public:
  NoteService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<store::Page<domain::Note>> List(const RequestContext& ctx, const store::NoteFilter& filter,
                                         const store::PageRequest& page);
};

// Custom field definitions. The key, object and type of a field never change; enum options may
// be added, and a deleted field frees its key.
class CustomFieldService : public RecordService<domain::CustomFieldDef, store::CustomFieldRepo> {
 public:
  CustomFieldService(store::Db& db, const Clock& clock, IdGenerator& ids);
  // The live definitions; of one object when given.
  Result<std::vector<domain::CustomFieldDef>> List(const RequestContext& ctx,
                                                   std::optional<domain::CustomFieldObject> object);
};

// The people who use Tertulia (owners, assignees). Roles and sign-in come with security.
class UserService : public RecordService<domain::User, store::UserRepo> {
 public:
  UserService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<std::vector<domain::User>> List(const RequestContext& ctx);
  // A user and its password hash in one transaction, which must change at first sign-in. No
  // Idempotency-Key replay: the password is shown once and never stored in clear.
  Result<domain::User> CreateWithPassword(const RequestContext& ctx, const domain::User& fields,
                                          std::string_view password_hash);
};

}  // namespace tertulia::service
