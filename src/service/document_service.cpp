#include "service/document_service.hpp"

#include <fmt/format.h>

#include "service/visibility.hpp"
#include "store/sales_repos.hpp"

namespace tertulia::service {
namespace {

// Records an error unless the record exists and the caller sees it.
Status CheckRecord(store::Tx& tx, const RequestContext& ctx, const domain::RecordLink& link,
                   domain::FieldErrors& errors) {
  switch (link.type) {
    case domain::RecordType::kContact:
      TT_RETURN_IF_ERROR(CheckContactExists(tx, ctx, link.id, "recordId", errors));
      break;
    case domain::RecordType::kCompany:
      TT_RETURN_IF_ERROR(CheckCompanyExists(tx, ctx, link.id, "recordId", errors));
      break;
    case domain::RecordType::kOpportunity: {
      auto o = store::OpportunityRepo(tx).Get(ctx.workspace_id, link.id);
      if (!o.ok() && o.error().code() != ErrorCode::kNotFound) return o.error();
      if (!o.ok() || o->meta.deleted())
        errors.Add("recordId", "is not an opportunity of this workspace");
      break;
    }
    default:
      return OkStatus();
  }
  if (!errors.empty()) return OkStatus();
  TT_ASSIGN_OR_RETURN(bool visible, IsLinkVisible(tx, ctx, link));
  if (!visible) errors.Add("recordId", "does not exist");
  return OkStatus();
}

Status PrepareDocument(store::Tx& tx, const RequestContext& ctx, domain::Document& d) {
  domain::FieldErrors errors;
  d.file_name = domain::SanitizeFileName(d.file_name);
  errors.Merge(domain::Validate(d), "");
  if (errors.empty()) TT_RETURN_IF_ERROR(CheckRecord(tx, ctx, d.record, errors));
  return errors.ToStatus("invalid document");
}

Status NoRows(store::Tx&, const domain::Document*, const domain::Document&) { return OkStatus(); }
Status NothingToRemove(store::Tx&, const domain::Document&) { return OkStatus(); }

}  // namespace

DocumentService::DocumentService(store::Db& db, const Clock& clock, IdGenerator& ids,
                                 const DocumentsConfig& config)
    : RecordService(db, clock, ids, {"document", PrepareDocument, NoRows, NothingToRemove}),
      files_(config.dir),
      max_bytes_(config.max_bytes) {}

Result<domain::Document> DocumentService::Upload(const RequestContext& ctx,
                                                 const domain::RecordLink& record,
                                                 std::string_view file_name,
                                                 std::string_view bytes) {
  TT_RETURN_IF_ERROR(lifecycle_.RequireWrite(ctx, "create"));
  if (bytes.empty()) return Error::InvalidField("file", "is empty");
  if (bytes.size() > max_bytes_) {
    return Error::InvalidField("file", fmt::format("is larger than {} bytes", max_bytes_));
  }
  // The bytes first: a document row never points at a missing file. A failed insert leaves an
  // unreferenced file, which the same upload later reuses.
  TT_ASSIGN_OR_RETURN(auto stored, files_.Put(bytes));
  TT_ASSIGN_OR_RETURN(auto created, lifecycle_.Create(
                                        ctx,
                                        [&](domain::Document& d) {
                                          d.record = record;
                                          d.file_name = std::string(file_name);
                                          d.content_type = stored.content_type;
                                          d.size = stored.size;
                                          d.sha256 = stored.sha256;
                                          return OkStatus();
                                        },
                                        [](const domain::Document&) { return std::string(); }));
  return std::move(*created.record);
}

Result<std::vector<domain::Document>> DocumentService::List(const RequestContext& ctx,
                                                            const domain::RecordLink& record,
                                                            bool deleted) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(bool visible, IsLinkVisible(*tx, ctx, record));
  if (!visible)
    return Error::NotFound(
        fmt::format("{} {} does not exist", domain::EnumName(record.type), record.id));
  return store::DocumentRepo(*tx).ForRecord(ctx.workspace_id, record.id, deleted);
}

Result<size_t> DocumentService::EraseFor(store::Tx& tx, const RequestContext& ctx,
                                         const domain::RecordLink& record) {
  store::DocumentRepo repo(tx);
  size_t erased = 0;
  for (bool deleted : {false, true}) {
    TT_ASSIGN_OR_RETURN(auto documents, repo.ForRecord(ctx.workspace_id, record.id, deleted));
    for (const auto& d : documents) {
      TT_RETURN_IF_ERROR(
          lifecycle_.Erase(tx, ctx, d, [&] { return repo.Erase(ctx.workspace_id, d.meta.id); }));
      TT_ASSIGN_OR_RETURN(int64_t still_used, repo.CountBySha256(d.sha256));
      // The bytes go now; were the transaction to fail, the row would point at nothing, which
      // reads as a missing file rather than as kept personal data.
      if (still_used == 0) TT_RETURN_IF_ERROR(files_.Remove(d.sha256));
      ++erased;
    }
  }
  return erased;
}

Result<std::pair<domain::Document, std::filesystem::path>> DocumentService::Content(
    const RequestContext& ctx, std::string_view id) {
  TT_ASSIGN_OR_RETURN(auto document, Get(ctx, id));
  auto path = files_.PathOf(document.sha256);
  return std::make_pair(std::move(document), std::move(path));
}

}  // namespace tertulia::service
