#pragma once

#include <fmt/format.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "service/context.hpp"
#include "service/records.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// Create, read, update, soft delete and restore of one kind of record, the same way for every
// kind: one write transaction each, optimistic concurrency on `version`, Idempotency-Key replays
// on create, and hooks that keep derived rows (search, timelines) in step. `Repo` is a store
// repository constructible from a Tx with Get(workspace, id), Insert(T) and Update(T).
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
  };

  RecordLifecycle(store::Db& db, const Clock& clock, IdGenerator& ids, Hooks hooks)
      : db_(db), clock_(clock), ids_(ids), hooks_(std::move(hooks)) {}

  // `fill` sets the fields of the new record (the HTTP layer reads the request body into it); its
  // field errors and those of validation are reported together.
  Result<Created<T>> Create(const RequestContext& ctx, const Mutation<T>& fill,
                            const ReplayRender<T>& render) {
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

  // Stamps, fills, prepares, inserts and indexes `draft` inside `tx`.
  Status InsertNew(store::Tx& tx, const RequestContext& ctx, T& draft, const Mutation<T>& fill) {
    StampNew(draft.meta, ctx, clock_, ids_);
    Status filled = fill(draft);
    if (!filled.ok() && filled.error().code() != ErrorCode::kInvalidArgument) return filled;
    TT_RETURN_IF_ERROR(Combine(std::move(filled), hooks_.prepare(tx, ctx, draft)));
    TT_RETURN_IF_ERROR(Repo(tx).Insert(draft));
    return hooks_.index(tx, nullptr, draft);
  }

  // kNotFound for a soft-deleted record unless `include_deleted`.
  Result<T> Get(const RequestContext& ctx, std::string_view id, bool include_deleted = false) {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    TT_ASSIGN_OR_RETURN(T record, Repo(*tx).Get(ctx.workspace_id, id));
    if (record.meta.deleted() && !include_deleted) return Deleted(id, "restore it to see it");
    return record;
  }

  Result<T> Update(const RequestContext& ctx, std::string_view id,
                   std::optional<int64_t> expected_version, const Mutation<T>& mutate) {
    return Change(
        ctx, id, expected_version,
        [&](store::Tx& tx, T& record) -> Status {
          if (record.meta.deleted()) return Deleted(id, "restore it first");
          Status mutated = mutate(record);
          if (!mutated.ok() && mutated.error().code() != ErrorCode::kInvalidArgument)
            return mutated;
          return Combine(std::move(mutated), hooks_.prepare(tx, ctx, record));
        },
        [this](store::Tx& tx, const T& before, const T& after) {
          return hooks_.index(tx, &before, after);
        });
  }

  Result<T> Delete(const RequestContext& ctx, std::string_view id,
                   std::optional<int64_t> expected_version) {
    return Change(
        ctx, id, expected_version,
        [&](store::Tx&, T& record) -> Status {
          if (record.meta.deleted()) return Deleted(id, "it was deleted already");
          record.meta.deleted_at = record.meta.updated_at;
          return OkStatus();
        },
        [this](store::Tx& tx, const T& before, const T&) { return hooks_.unindex(tx, before); });
  }

  Result<T> Restore(const RequestContext& ctx, std::string_view id,
                    std::optional<int64_t> expected_version) {
    return Change(
        ctx, id, expected_version,
        [&](store::Tx&, T& record) -> Status {
          if (!record.meta.deleted()) {
            return Error::FailedPrecondition(fmt::format("{} {} is not deleted", hooks_.what, id));
          }
          record.meta.deleted_at.reset();
          return OkStatus();
        },
        [this](store::Tx& tx, const T&, const T& after) {
          return hooks_.index(tx, nullptr, after);
        });
  }

 private:
  Error Deleted(std::string_view id, std::string_view advice) const {
    return Error::NotFound(fmt::format("{} {} is deleted; {}", hooks_.what, id, advice));
  }

  // Loads the record in a write transaction, checks the version, stamps it (so `change` sees the
  // new updated_at and version), applies `change`, writes it, runs `after` with the stored and
  // the new state (to index or unindex), and commits.
  Result<T> Change(const RequestContext& ctx, std::string_view id,
                   std::optional<int64_t> expected_version,
                   const std::function<Status(store::Tx&, T&)>& change,
                   const std::function<Status(store::Tx&, const T&, const T&)>& after) {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    Repo repo(*tx);
    TT_ASSIGN_OR_RETURN(T record, repo.Get(ctx.workspace_id, id));
    TT_RETURN_IF_ERROR(CheckVersion(record.meta, expected_version, hooks_.what));
    const T before = record;
    StampChange(record.meta, clock_);
    TT_RETURN_IF_ERROR(change(*tx, record));
    TT_RETURN_IF_ERROR(repo.Update(before, record));
    TT_RETURN_IF_ERROR(after(*tx, before, record));
    TT_RETURN_IF_ERROR(tx->Commit());
    return record;
  }

  store::Db& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  Hooks hooks_;
};

}  // namespace tertulia::service
