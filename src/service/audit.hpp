#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "service/context.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// Appends an entry to the audit log inside `tx`, with the caller's identity, address and request
// id: the change is recorded exactly when it commits. `changes` is the record for a create, the
// differing fields ({"field": [before, after]}) for an update.
Status Audit(store::Tx& tx, const RequestContext& ctx, const Clock& clock, IdGenerator& ids,
             std::string_view action, std::string_view record_type, std::string_view record_id,
             const std::optional<boost::json::object>& changes = std::nullopt);

}  // namespace tertulia::service
