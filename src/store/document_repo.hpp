#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/document.hpp"
#include "store/db.hpp"

namespace tertulia::store {

class DocumentRepo {
 public:
  explicit DocumentRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Document& document);
  Status Update(const domain::Document& before, const domain::Document& after);
  Result<domain::Document> Get(std::string_view workspace_id, std::string_view id);
  // The documents of one record, newest first (the deleted ones instead when `deleted`).
  Result<std::vector<domain::Document>> ForRecord(std::string_view workspace_id,
                                                  std::string_view record_id, bool deleted);
  // How many documents (any workspace, deleted or not) still use these bytes.
  Result<int64_t> CountBySha256(std::string_view sha256);
  Status Erase(std::string_view workspace_id, std::string_view id);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
