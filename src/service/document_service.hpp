#pragma once

#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "domain/document.hpp"
#include "service/crm_services.hpp"
#include "store/document_repo.hpp"
#include "store/files/file_store.hpp"

namespace tertulia::service {

// Files attached to contacts, companies and opportunities: stored once per content (sha256),
// typed by their bytes (libmagic), named safely, soft-deleted like any record, and visible to
// whoever sees the record they are attached to. Thread-safe.
class DocumentService : public RecordService<domain::Document, store::DocumentRepo> {
 public:
  DocumentService(store::Db& db, const Clock& clock, IdGenerator& ids,
                  const DocumentsConfig& config);
  size_t max_bytes() const { return max_bytes_; }

  // kInvalidArgument naming `file` when empty or over max_bytes(), `recordId` when the record
  // does not exist or is not visible.
  Result<domain::Document> Upload(const RequestContext& ctx, const domain::RecordLink& record,
                                  std::string_view file_name, std::string_view bytes);
  Result<std::vector<domain::Document>> List(const RequestContext& ctx,
                                             const domain::RecordLink& record, bool deleted);
  // GDPR erasure inside `tx` of every document attached to `record`, deleted or not, and of
  // the bytes no other document shares; returns how many.
  Result<size_t> EraseFor(store::Tx& tx, const RequestContext& ctx,
                          const domain::RecordLink& record);
  // A live document and where its bytes are.
  Result<std::pair<domain::Document, std::filesystem::path>> Content(const RequestContext& ctx,
                                                                     std::string_view id);

 private:
  store::files::FileStore files_;
  size_t max_bytes_;
};

}  // namespace tertulia::service
