// Custom field definitions and users.
#include "service/crm_services.hpp"
#include "store/security_repos.hpp"

namespace tertulia::service {
namespace {

Status PrepareField(store::Tx&, const RequestContext&, domain::CustomFieldDef& def) {
  return domain::Validate(def);
}

Status PrepareUser(store::Tx&, const RequestContext&, domain::User& user) {
  return domain::NormalizeAndValidate(user);
}

template <typename T>
Status NoDerivedRows(store::Tx&, const T*, const T&) {
  return OkStatus();
}
template <typename T>
Status NothingToRemove(store::Tx&, const T&) {
  return OkStatus();
}

}  // namespace

CustomFieldService::CustomFieldService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(db, clock, ids,
                    {"custom field", PrepareField, NoDerivedRows<domain::CustomFieldDef>,
                     NothingToRemove<domain::CustomFieldDef>, domain::Permission::kAdmin}) {}

Result<std::vector<domain::CustomFieldDef>> CustomFieldService::List(
    const RequestContext& ctx, std::optional<domain::CustomFieldObject> object) {
  return Read<std::vector<domain::CustomFieldDef>>([&](store::Tx& tx) {
    return store::CustomFieldRepo(tx).ListActive(ctx.workspace_id,
                                                 object ? domain::EnumName(*object) : "");
  });
}

UserService::UserService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(db, clock, ids,
                    {"user", PrepareUser, NoDerivedRows<domain::User>,
                     NothingToRemove<domain::User>, domain::Permission::kAdmin}) {}

Result<std::vector<domain::User>> UserService::List(const RequestContext& ctx) {
  return Read<std::vector<domain::User>>(
      [&](store::Tx& tx) { return store::UserRepo(tx).List(ctx.workspace_id); });
}

Result<domain::User> UserService::CreateWithPassword(const RequestContext& ctx,
                                                     const domain::User& fields,
                                                     std::string_view password_hash) {
  TT_RETURN_IF_ERROR(lifecycle_.RequireWrite(ctx, "create"));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  domain::User user;
  TT_RETURN_IF_ERROR(lifecycle_.InsertNew(*tx, ctx, user, [&](domain::User& draft) {
    draft.email = fields.email;
    draft.name = fields.name;
    draft.role = fields.role;
    return OkStatus();
  }));
  TT_RETURN_IF_ERROR(store::CredentialRepo(*tx).Set(user.meta.id, password_hash, true));
  TT_RETURN_IF_ERROR(tx->Commit());
  return user;
}

}  // namespace tertulia::service
