// Tasks and notes: small records that hang off a contact, company or opportunity and show on
// their timelines.
#include <fmt/format.h>

#include "service/crm_services.hpp"
#include "service/derived_rows.hpp"
#include "store/derived_repos.hpp"

namespace tertulia::service {
namespace {

// Records an error unless `link` points at a live contact or company (opportunities come with the
// sales process and are not checked yet).
Status CheckLink(store::Tx& tx, const RequestContext& ctx, const domain::RecordLink& link,
                 std::string_view field, domain::FieldErrors& errors) {
  switch (link.type) {
    case domain::RecordType::kContact:
      return CheckContactExists(tx, ctx, link.id, field, errors);
    case domain::RecordType::kCompany:
      return CheckCompanyExists(tx, ctx, link.id, field, errors);
    default:
      return OkStatus();
  }
}

Status PrepareTask(store::Tx& tx, const RequestContext& ctx, domain::Task& task) {
  domain::FieldErrors errors;
  if (task.assignee_id) {
    TT_RETURN_IF_ERROR(CheckUserExists(tx, ctx, *task.assignee_id, "assigneeId", errors));
  }
  if (task.linked) TT_RETURN_IF_ERROR(CheckLink(tx, ctx, *task.linked, "linkedRecord.id", errors));
  errors.Merge(domain::NormalizeAndValidate(task), "");
  if (task.status == domain::TaskStatus::kDone && !task.completed_at) {
    task.completed_at = task.meta.updated_at;
  }
  if (task.status != domain::TaskStatus::kDone) task.completed_at.reset();
  return errors.ToStatus("invalid task");
}

template <typename T>
Status IndexOnTimeline(store::Tx& tx, const T* before, const T& record) {
  std::vector<domain::TimelineEntry> old_entries;
  if (before != nullptr) old_entries = TimelineEntriesOf(*before);
  return store::TimelineRepo(tx).Replace(record.meta.workspace_id, old_entries,
                                         TimelineEntriesOf(record));
}

template <typename T>
Status RemoveFromTimeline(store::Tx& tx, const T& record) {
  return store::TimelineRepo(tx).Remove(record.meta.workspace_id, TimelineEntriesOf(record));
}

Status PrepareNote(store::Tx& tx, const RequestContext& ctx, domain::Note& note) {
  domain::FieldErrors errors;
  TT_RETURN_IF_ERROR(CheckLink(tx, ctx, note.record, "recordId", errors));
  errors.Merge(domain::NormalizeAndValidate(note), "");
  return errors.ToStatus("invalid note");
}

}  // namespace

TaskService::TaskService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(
          db, clock, ids,
          {"task", PrepareTask, IndexOnTimeline<domain::Task>, RemoveFromTimeline<domain::Task>}) {}

Result<store::Page<domain::Task>> TaskService::List(const RequestContext& ctx,
                                                    const store::TaskFilter& filter,
                                                    const store::PageRequest& page) {
  return ListVisible(ctx, filter, page);
}

NoteService::NoteService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(
          db, clock, ids,
          {"note", PrepareNote, IndexOnTimeline<domain::Note>, RemoveFromTimeline<domain::Note>}) {}

Result<store::Page<domain::Note>> NoteService::List(const RequestContext& ctx,
                                                    const store::NoteFilter& filter,
                                                    const store::PageRequest& page) {
  return ListVisible(ctx, filter, page);
}

}  // namespace tertulia::service
