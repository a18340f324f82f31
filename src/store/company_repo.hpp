#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/company.hpp"
#include "store/db.hpp"
#include "store/page.hpp"

namespace tertulia::store {

struct CompanyFilter {
  std::optional<std::string> domain{};
  std::optional<std::string> tag{};
  std::optional<std::string> owner_id{};
  std::optional<std::string> segment{};
  std::optional<std::string> size_band{};
  std::vector<std::pair<std::string, std::string>> custom_equals{};
  std::optional<Timestamp> updated_from{};
  std::optional<Timestamp> updated_to{};
  bool deleted = false;
  // Only records nobody owns or owned by one of these (the caller's visibility); all if unset.
  std::optional<std::vector<std::string>> visible_owners{};
};

// Company rows and their lookup keys, inside the caller's transaction.
class CompanyRepo {
 public:
  explicit CompanyRepo(Tx& tx) : tx_(tx) {}
  // Sets company.meta.seq.
  Status Insert(domain::Company& company);
  // If the stored version is after.meta.version - 1; kFailedPrecondition otherwise.
  Status Update(const domain::Company& before, const domain::Company& after);
  Result<domain::Company> Get(std::string_view workspace_id, std::string_view id);
  Result<Page<domain::Company>> List(std::string_view workspace_id, const CompanyFilter& filter,
                                     const PageRequest& page);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
