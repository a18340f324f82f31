#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "domain/security.hpp"
#include "service/contact_service.hpp"
#include "service/context.hpp"
#include "service/crm_services.hpp"
#include "store/db.hpp"
#include "store/security_repos.hpp"

// Teams and the audit log. Thread-safe.
namespace tertulia::service {

// Teams group users; a manager leads a team and sees its members' records. Admins edit them.
class TeamService : public RecordService<domain::Team, store::TeamRepo> {
 public:
  TeamService(store::Db& db, const Clock& clock, IdGenerator& ids);
  Result<std::vector<domain::Team>> List(const RequestContext& ctx);
};

// Reading the audit log: admins read all of it; others the history of a record they can see.
class AuditLogService {
 public:
  struct Records {
    ContactService& contacts;
    CompanyService& companies;
    InteractionService& interactions;
    TaskService& tasks;
    NoteService& notes;
    RelationshipService& relationships;
  };
  AuditLogService(store::Db& db, Records records) : db_(db), records_(records) {}

  Result<store::Page<domain::AuditEntry>> List(const RequestContext& ctx,
                                               const store::AuditFilter& filter,
                                               const store::PageRequest& page);

 private:
  // kNotFound unless the caller sees the record of type `type`; kPermissionDenied for records
  // only admins may read the history of (users, keys, teams, settings).
  Status CheckRecordVisible(store::Tx& tx, const RequestContext& ctx, std::string_view type,
                            std::string_view id);

  store::Db& db_;
  Records records_;
};

}  // namespace tertulia::service
