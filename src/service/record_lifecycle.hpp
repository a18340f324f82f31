#pragma once

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/security.hpp"
#include "service/audit.hpp"
#include "service/context.hpp"
#include "service/record_json.hpp"
#include "service/records.hpp"
#include "service/visibility.hpp"
#include "store/db.hpp"
#include "store/erasure_repo.hpp"
#include "store/security_repos.hpp"

namespace tertulia::service {

// Create, read, update, soft delete and restore of one kind of record, the same way for every
// kind: one write transaction each, optimistic concurrency on `version`, Idempotency-Key replays
// on create, and hooks that keep derived rows (search, timelines) in step. `Repo` is a store
// repository constructible from a Tx with Get(workspace, id), Insert(T) and Update(T).
//
// Every operation enforces the caller's rights: writes need `write_permission` (403), records
// the caller may not see (IsVisible) answer 404 exactly like missing ones, and every change is
// appended to the audit log in the same transaction.
template <typename T, typename Repo>
class RecordLifecycle {
 public:
  struct Hooks {
    std::string what;  // "contact": used in messages
    // Normalises and validates a new or changed record, references included.
    std::function<Status(store::Tx&, const RequestContext&, T&)> prepare;
    // Writes the derived rows of a live record (after insert, update and restore). `before` is
    // the stored state whose derived rows are to be replaced, or null when there are none.
    std::function<Status(store::Tx&, const T* before, const T& after)> index;
    // Removes the derived rows of `record` (after a soft delete).
    std::function<Status(store::Tx&, const T& record)> unindex;
    // What creating, changing, deleting and restoring need: kAdmin for workspace settings.
    domain::Permission write_permission = domain::Permission::kWrite;
  };

  RecordLifecycle(store::Db& db, const Clock& clock, IdGenerator& ids, Hooks hooks)
      : db_(db),
        clock_(clock),
        ids_(ids),
        hooks_(std::move(hooks)),
        type_(AuditType(hooks_.what)) {}

  // kPermissionDenied unless the caller may write this kind of record.
  Status RequireWrite(const RequestContext& ctx, std::string_view action) const {
    return Require(ctx, hooks_.write_permission, fmt::format("{} a {}", action, hooks_.what));
  }

  // `fill` sets the fields of the new record (the HTTP layer reads the request body into it); its
  // field errors and those of validation are reported together.
  Result<Created<T>> Create(const RequestContext& ctx, const Mutation<T>& fill,
                            const ReplayRender<T>& render) {
    TT_RETURN_IF_ERROR(RequireWrite(ctx, "create"));
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    TT_ASSIGN_OR_RETURN(auto replay, FindReplay(*tx, ctx));
    if (replay) return Created<T>{std::nullopt, std::move(replay)};
    T draft;
    TT_RETURN_IF_ERROR(InsertNew(*tx, ctx, draft, fill));
    TT_RETURN_IF_ERROR(RememberResponse(
        *tx, ctx, 201, [&] { return render(draft); }, clock_));
    TT_RETURN_IF_ERROR(tx->Commit());
    return Created<T>{std::move(draft), std::nullopt};
  }

  // Stamps, fills, prepares, inserts, indexes and audits `draft` inside `tx`. The caller has
  // checked RequireWrite.
  Status InsertNew(store::Tx& tx, const RequestContext& ctx, T& draft, const Mutation<T>& fill) {
    StampNew(draft.meta, ctx, clock_, ids_);
    Status filled = fill(draft);
    if (!filled.ok() && filled.error().code() != ErrorCode::kInvalidArgument) return filled;
    TT_RETURN_IF_ERROR(Combine(std::move(filled), hooks_.prepare(tx, ctx, draft)));
    TT_RETURN_IF_ERROR(CheckStillVisible(tx, ctx, draft));
    TT_RETURN_IF_ERROR(Repo(tx).Insert(draft));
    TT_RETURN_IF_ERROR(hooks_.index(tx, nullptr, draft));
    return Audit(tx, ctx, clock_, ids_, "create", type_, draft.meta.id, ToJson(draft));
  }

  // kNotFound for a soft-deleted record unless `include_deleted`, and for one the caller may not
  // see.
  Result<T> Get(const RequestContext& ctx, std::string_view id, bool include_deleted = false) {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    TT_ASSIGN_OR_RETURN(T record, Load(*tx, ctx, id));
    if (record.meta.deleted() && !include_deleted) return Deleted(id, "restore it to see it");
    return record;
  }

  // The record if it exists and the caller may see it; kNotFound otherwise (the same answer for
  // both, so that a record's existence is not disclosed).
  Result<T> Load(store::Tx& tx, const RequestContext& ctx, std::string_view id) {
    TT_ASSIGN_OR_RETURN(T record, Repo(tx).Get(ctx.workspace_id, id));
    TT_ASSIGN_OR_RETURN(bool visible, IsVisible(tx, ctx, record));
    if (!visible) return NotFound(id);
    return record;
  }

  // `also` (optional) writes more in the same transaction once the record is stored, with its
  // state before and after (a pipeline moving the opportunities of a removed stage).
  using Also = std::function<Status(store::Tx&, const T& before, const T& after)>;
  Result<T> Update(const RequestContext& ctx, std::string_view id,
                   std::optional<int64_t> expected_version, const Mutation<T>& mutate,
                   const Also& also = nullptr) {
    return Change(
        ctx, id, expected_version,
        [&](store::Tx& tx, T& record) -> Status {
          if (record.meta.deleted()) return Deleted(id, "restore it first");
          Status mutated = mutate(record);
          if (!mutated.ok() && mutated.error().code() != ErrorCode::kInvalidArgument)
            return mutated;
          return Combine(std::move(mutated), hooks_.prepare(tx, ctx, record));
        },
        [this, &also](store::Tx& tx, const T& before, const T& after) -> Status {
          if (also) TT_RETURN_IF_ERROR(also(tx, before, after));
          return hooks_.index(tx, &before, after);
        },
        "update");
  }

  // Update inside the caller's transaction (the tracking writer's). The caller checked the rights.
  Result<T> UpdateInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id,
                       const Mutation<T>& mutate) {
    return ChangeInTx(
        tx, ctx, id, std::nullopt,
        [&](store::Tx& in, T& record) -> Status {
          if (record.meta.deleted()) return Deleted(id, "restore it first");
          Status mutated = mutate(record);
          if (!mutated.ok() && mutated.error().code() != ErrorCode::kInvalidArgument)
            return mutated;
          return Combine(std::move(mutated), hooks_.prepare(in, ctx, record));
        },
        [this](store::Tx& in, const T& before, const T& after) {
          return hooks_.index(in, &before, after);
        },
        "update");
  }

  Result<T> Delete(const RequestContext& ctx, std::string_view id,
                   std::optional<int64_t> expected_version) {
    return Change(ctx, id, expected_version, SoftDelete(id), Unindex(), "delete");
  }
  // Soft delete inside the caller's transaction (a merge). The caller checked the rights.
  Result<T> DeleteInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id) {
    return ChangeInTx(tx, ctx, id, std::nullopt, SoftDelete(id), Unindex(), "delete");
  }

  Result<T> Restore(const RequestContext& ctx, std::string_view id,
                    std::optional<int64_t> expected_version) {
    return Change(ctx, id, expected_version, Undelete(), Reindex(), "restore");
  }
  // Restore inside the caller's transaction (undoing a merge). The caller checked the rights.
  Result<T> RestoreInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id) {
    return ChangeInTx(tx, ctx, id, std::nullopt, Undelete(), Reindex(), "restore");
  }

  // GDPR erasure of `record` inside `tx`: its derived rows, the row itself (`erase_row`), the
  // changes its audit entries hold and stored responses that contain it. The caller has checked
  // the rights and audits the erasure.
  Status Erase(store::Tx& tx, const RequestContext& ctx, const T& record,
               const std::function<Status()>& erase_row) {
    if (!record.meta.deleted()) TT_RETURN_IF_ERROR(hooks_.unindex(tx, record));
    TT_RETURN_IF_ERROR(erase_row());
    TT_RETURN_IF_ERROR(store::AuditRepo(tx).Redact(ctx.workspace_id, record.meta.id));
    return store::ErasureRepo(tx).ForgetResponsesMentioning(ctx.workspace_id, record.meta.id);
  }

 private:
  // "custom field" -> "custom_field": the record type named in the audit log.
  static std::string AuditType(std::string_view what) {
    std::string type(what);
    for (char& c : type) c = c == ' ' ? '_' : c;
    return type;
  }

  using ChangeFn = std::function<Status(store::Tx&, T&)>;
  using AfterFn = std::function<Status(store::Tx&, const T&, const T&)>;

  ChangeFn SoftDelete(std::string_view id) const {
    return [this, id](store::Tx&, T& record) -> Status {
      if (record.meta.deleted()) return Deleted(id, "it was deleted already");
      record.meta.deleted_at = record.meta.updated_at;
      return OkStatus();
    };
  }
  ChangeFn Undelete() const {
    return [this](store::Tx&, T& record) -> Status {
      if (!record.meta.deleted()) {
        return Error::FailedPrecondition(
            fmt::format("{} {} is not deleted", hooks_.what, record.meta.id));
      }
      record.meta.deleted_at.reset();
      return OkStatus();
    };
  }
  AfterFn Unindex() const {
    return [this](store::Tx& tx, const T& before, const T&) { return hooks_.unindex(tx, before); };
  }
  AfterFn Reindex() const {
    return [this](store::Tx& tx, const T&, const T& after) {
      return hooks_.index(tx, nullptr, after);
    };
  }

  Error Deleted(std::string_view id, std::string_view advice) const {
    return Error::NotFound(fmt::format("{} {} is deleted; {}", hooks_.what, id, advice));
  }

  Error NotFound(std::string_view id) const {
    return Error::NotFound(fmt::format("{} {} does not exist", hooks_.what, id));
  }

  // A change may not put a record out of its author's sight (giving it to someone else's team):
  // the author could not undo it.
  Status CheckStillVisible(store::Tx& tx, const RequestContext& ctx, const T& record) {
    TT_ASSIGN_OR_RETURN(bool visible, IsVisible(tx, ctx, record));
    if (visible) return OkStatus();
    return Error::PermissionDenied(fmt::format(
        "the {} would be out of your sight; only a manager of its new owner can do this",
        hooks_.what));
  }

  // The audit entry of a change: the fields that differ for an update, nothing else otherwise.
  Status AuditChange(store::Tx& tx, const RequestContext& ctx, std::string_view action,
                     const T& before, const T& after) {
    std::optional<boost::json::object> changes;
    if (action == "update") {
      changes = Diff(ToJson(before), ToJson(after));
      changes->erase("updatedAt");
      changes->erase("version");
    }
    return Audit(tx, ctx, clock_, ids_, action, type_, after.meta.id, changes);
  }

  // Loads the record in a write transaction, checks the version, stamps it (so `change` sees the
  // new updated_at and version), applies `change`, writes it, runs `after` with the stored and
  // the new state (to index or unindex), and commits.
  Result<T> Change(const RequestContext& ctx, std::string_view id,
                   std::optional<int64_t> expected_version,
                   const std::function<Status(store::Tx&, T&)>& change,
                   const std::function<Status(store::Tx&, const T&, const T&)>& after,
                   std::string_view action) {
    TT_RETURN_IF_ERROR(RequireWrite(ctx, action));
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    TT_ASSIGN_OR_RETURN(T record,
                        ChangeInTx(*tx, ctx, id, expected_version, change, after, action));
    TT_RETURN_IF_ERROR(tx->Commit());
    return record;
  }

  Result<T> ChangeInTx(store::Tx& tx, const RequestContext& ctx, std::string_view id,
                       std::optional<int64_t> expected_version,
                       const std::function<Status(store::Tx&, T&)>& change,
                       const std::function<Status(store::Tx&, const T&, const T&)>& after,
                       std::string_view action) {
    TT_ASSIGN_OR_RETURN(T record, Load(tx, ctx, id));
    TT_RETURN_IF_ERROR(CheckVersion(record.meta, expected_version, hooks_.what));
    const T before = record;
    StampChange(record.meta, clock_);
    TT_RETURN_IF_ERROR(change(tx, record));
    TT_RETURN_IF_ERROR(CheckStillVisible(tx, ctx, record));
    TT_RETURN_IF_ERROR(Repo(tx).Update(before, record));
    TT_RETURN_IF_ERROR(after(tx, before, record));
    TT_RETURN_IF_ERROR(AuditChange(tx, ctx, action, before, record));
    return record;
  }

  store::Db& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  Hooks hooks_;
  std::string type_;
};

}  // namespace tertulia::service
