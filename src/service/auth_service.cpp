#include "service/auth_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/text.hpp"
#include "service/audit.hpp"
#include "service/credentials.hpp"
#include "store/crm_repos.hpp"
#include "store/security_repos.hpp"
#include "store/workspace_repo.hpp"

namespace tertulia::service {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

constexpr auto kTouchEvery = std::chrono::minutes(1);
constexpr std::string_view kFirstAdminEmail = "admin@tertulia.local";

// How secrets look: a kind prefix, then 43 random characters.
constexpr std::string_view kApiKeyPrefix = "tta_";
constexpr std::string_view kWriteKeyPrefix = "ttw_";

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The request context of a signed-in user, for auditing what they did while signing in.
RequestContext AsUser(const RequestContext& ctx, const domain::User& user) {
  RequestContext as = ctx;
  as.principal.kind = domain::Principal::Kind::kUser;
  as.principal.user_id = user.meta.id;
  as.principal.role = user.role;
  as.user_id = user.meta.id;
  return as;
}

Error WrongCredentials() {
  return Error::Unauthenticated("the e-mail address or the password is wrong");
}

Result<domain::User> LiveUser(store::Tx& tx, std::string_view workspace_id, std::string_view id) {
  auto user = store::UserRepo(tx).Get(workspace_id, id);
  if (!user.ok() || user->meta.deleted()) {
    return Error::Unauthenticated("the user of these credentials no longer exists");
  }
  return user;
}

}  // namespace

// ---- LoginThrottle ----

seconds LoginThrottle::Wait(Failures& failures, int limit, Timestamp now) const {
  while (!failures.empty() && failures.front() + config_.failure_window <= now) {
    failures.pop_front();
  }
  if (static_cast<int>(failures.size()) < limit) return seconds(0);
  auto until = failures.front() + config_.failure_window;
  return std::max(seconds(1), duration_cast<seconds>(until - now));
}

seconds LoginThrottle::RetryAfter(std::string_view account, std::string_view ip, Timestamp now) {
  std::lock_guard lock(mu_);
  seconds wait(0);
  if (auto it = by_account_.find(account); it != by_account_.end()) {
    wait = std::max(wait, Wait(it->second, config_.max_failures_per_account, now));
  }
  if (auto it = by_ip_.find(ip); it != by_ip_.end()) {
    wait = std::max(wait, Wait(it->second, config_.max_failures_per_ip, now));
  }
  return wait;
}

void LoginThrottle::RecordFailure(std::string_view account, std::string_view ip, Timestamp now) {
  std::lock_guard lock(mu_);
  // Bounded memory under a flood of made-up accounts: forget the oldest entries.
  if (by_account_.size() > 100'000) by_account_.clear();
  if (by_ip_.size() > 100'000) by_ip_.clear();
  by_account_[std::string(account)].push_back(now);
  by_ip_[std::string(ip)].push_back(now);
}

void LoginThrottle::RecordSuccess(std::string_view account) {
  std::lock_guard lock(mu_);
  if (auto it = by_account_.find(account); it != by_account_.end()) by_account_.erase(it);
}

// ---- AuthService ----

AuthService::AuthService(store::Db& db, const Clock& clock, IdGenerator& ids,
                         const AuthConfig& config, UserService& users)
    : db_(db), clock_(clock), ids_(ids), config_(config), users_(users), throttle_(config) {}

seconds AuthService::RetryAfter(std::string_view email, std::string_view ip) {
  return throttle_.RetryAfter(Lower(email), ip, clock_.Now());
}

Result<Session> AuthService::Login(const RequestContext& ctx, std::string_view email,
                                   std::string_view password, std::string_view user_agent) {
  const std::string account = Lower(domain::Trim(email));
  if (throttle_.RetryAfter(account, ctx.remote_address, clock_.Now()) > seconds(0)) {
    return Error::ResourceExhausted("too many failed sign-ins; wait and try again");
  }
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_ASSIGN_OR_RETURN(auto user, store::UserRepo(*tx).FindByEmail(ctx.workspace_id, account));
  std::optional<store::CredentialRepo::Credentials> credentials;
  if (user && !user->meta.deleted()) {
    TT_ASSIGN_OR_RETURN(credentials, store::CredentialRepo(*tx).Get(user->meta.id));
  }
  bool valid = credentials && credentials->password_hash &&
               VerifyPassword(*credentials->password_hash, password);
  if (!valid) {
    throttle_.RecordFailure(account, ctx.remote_address, clock_.Now());
    if (user) {
      TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "login_failed", "user", user->meta.id));
      TT_RETURN_IF_ERROR(tx->Commit());
    }
    return WrongCredentials();
  }
  throttle_.RecordSuccess(account);
  Session session{RandomToken(), RandomToken(), *user, clock_.Now() + config_.session_idle,
                  credentials->must_change};
  store::SessionRow row{
      HashSecret(session.token),
      ctx.workspace_id,
      user->meta.id,
      session.csrf_token,
      clock_.Now(),
      clock_.Now(),
      session.expires_at,
      ctx.remote_address.empty() ? std::nullopt : std::optional(ctx.remote_address),
      std::string(user_agent.substr(0, 300))};
  TT_RETURN_IF_ERROR(store::SessionRepo(*tx).DeleteExpired(clock_.Now()));
  TT_RETURN_IF_ERROR(store::SessionRepo(*tx).Insert(row));
  TT_RETURN_IF_ERROR(Audit(*tx, AsUser(ctx, *user), clock_, ids_, "login", "user", user->meta.id));
  TT_RETURN_IF_ERROR(tx->Commit());
  return session;
}

Result<Caller> AuthService::FromSession(std::string_view workspace_id, std::string_view token) {
  const std::string hash = HashSecret(token);
  const Timestamp now = clock_.Now();
  Caller caller;
  bool touch = false;
  {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    TT_ASSIGN_OR_RETURN(auto row, store::SessionRepo(*tx).Find(hash));
    if (!row || row->workspace_id != workspace_id || row->expires_at <= now ||
        row->created_at + config_.session_max <= now) {
      return Error::Unauthenticated("the session has ended; sign in again");
    }
    TT_ASSIGN_OR_RETURN(caller.user, LiveUser(*tx, workspace_id, row->user_id));
    TT_ASSIGN_OR_RETURN(caller.principal, PrincipalFor(*tx, workspace_id, *caller.user));
    TT_ASSIGN_OR_RETURN(auto credentials, store::CredentialRepo(*tx).Get(row->user_id));
    caller.must_change_password = credentials.must_change;
    caller.csrf_token = row->csrf_token;
    touch = row->last_seen_at + kTouchEvery <= now;
  }
  if (touch) {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    TT_RETURN_IF_ERROR(store::SessionRepo(*tx).Touch(hash, now, now + config_.session_idle));
    TT_RETURN_IF_ERROR(tx->Commit());
  }
  return caller;
}

Status AuthService::Logout(const RequestContext& ctx, std::string_view token) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_RETURN_IF_ERROR(store::SessionRepo(*tx).Delete(HashSecret(token)));
  TT_RETURN_IF_ERROR(
      Audit(*tx, ctx, clock_, ids_, "logout", "user", ctx.principal.user_id.value_or("")));
  return tx->Commit();
}

Result<domain::Principal> AuthService::PrincipalFor(store::Tx& tx, std::string_view workspace_id,
                                                    const domain::User& user) {
  TT_ASSIGN_OR_RETURN(auto workspace, store::WorkspaceRepo(tx).Get(workspace_id));
  domain::Principal principal;
  principal.kind = domain::Principal::Kind::kUser;
  principal.user_id = user.meta.id;
  principal.role = user.role;
  auto mode = domain::ParseEnum<domain::Visibility>(workspace.visibility);
  if (mode == domain::Visibility::kTeam && user.role != domain::Role::kAdmin) {
    store::TeamRepo teams(tx);
    domain::TeamView view{user.meta.id, user.role, {}, {}};
    TT_ASSIGN_OR_RETURN(view.teammates, teams.Teammates(user.meta.id));
    TT_ASSIGN_OR_RETURN(view.led_members, teams.LedMembers(user.meta.id));
    principal.visible_owners = domain::VisibleOwners(domain::Visibility::kTeam, view);
  }
  return principal;
}

// ---- keys ----

Result<Caller> AuthService::CallerForKey(store::Tx& tx, std::string_view workspace_id,
                                         const domain::ApiKey& key) {
  Caller caller;
  if (key.user_id) {
    TT_ASSIGN_OR_RETURN(caller.user, LiveUser(tx, workspace_id, *key.user_id));
    TT_ASSIGN_OR_RETURN(caller.principal, PrincipalFor(tx, workspace_id, *caller.user));
  } else {
    caller.principal.role = domain::Role::kAdmin;  // a workspace key: its scope is its limit
  }
  caller.principal.kind = domain::Principal::Kind::kApiKey;
  caller.principal.key_id = key.id;
  caller.principal.scope = key.scope;
  return caller;
}

Status AuthService::NoteUse(domain::ApiKey& key) {
  const Timestamp now = clock_.Now();
  if (key.last_used_at && *key.last_used_at + kTouchEvery > now) return OkStatus();
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_RETURN_IF_ERROR(store::ApiKeyRepo(*tx).MarkUsed(key.id, now));
  TT_RETURN_IF_ERROR(tx->Commit());
  key.last_used_at = now;
  return OkStatus();
}

Result<Caller> AuthService::FromApiKey(std::string_view workspace_id, std::string_view secret) {
  Caller caller;
  std::optional<domain::ApiKey> key;
  {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    TT_ASSIGN_OR_RETURN(key, store::ApiKeyRepo(*tx).FindActive(HashSecret(secret)));
    if (!key || key->workspace_id != workspace_id) {
      return Error::Unauthenticated("the API key is unknown or revoked");
    }
    if (key->kind == domain::KeyKind::kWrite) {
      return Error::Unauthenticated("a write key only works with the tracking API (/v1/*)");
    }
    TT_ASSIGN_OR_RETURN(caller, CallerForKey(*tx, workspace_id, *key));
  }
  TT_RETURN_IF_ERROR(NoteUse(*key));
  return caller;
}

Result<domain::ApiKey> AuthService::FromWriteKey(std::string_view secret) {
  std::string hash = HashSecret(secret);
  std::optional<domain::ApiKey> key = CachedWriteKey(hash);
  if (!key) {
    TT_ASSIGN_OR_RETURN(key, FindWriteKey(hash));
  }
  if (!key) return Error::Unauthenticated("the write key is unknown or revoked");
  TT_RETURN_IF_ERROR(NoteUse(*key));
  // The cached copy learns of the use, or each request of its second would record it again.
  std::lock_guard lock(keys_mu_);
  if (auto cached = write_keys_.find(hash); cached != write_keys_.end()) {
    cached->second.key.last_used_at = key->last_used_at;
  }
  return *key;
}

Result<std::optional<domain::ApiKey>> AuthService::FindWriteKey(const std::string& secret_hash) {
  uint64_t generation = 0;
  {
    std::lock_guard lock(keys_mu_);
    generation = revocations_;
  }
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto key, store::ApiKeyRepo(*tx).FindActive(secret_hash));
  if (!key || key->kind != domain::KeyKind::kWrite) return std::optional<domain::ApiKey>();
  std::lock_guard lock(keys_mu_);
  if (generation == revocations_) {  // else read before a revocation: maybe stale
    if (write_keys_.size() >= kMaxCachedKeys) write_keys_.clear();
    write_keys_[secret_hash] = CachedKey{*key, clock_.Now()};
  }
  return key;
}

std::optional<domain::ApiKey> AuthService::CachedWriteKey(const std::string& secret_hash) {
  std::lock_guard lock(keys_mu_);
  auto found = write_keys_.find(secret_hash);
  if (found == write_keys_.end()) return std::nullopt;
  if (found->second.found_at + kKeyCacheFor <= clock_.Now()) {
    write_keys_.erase(found);
    return std::nullopt;
  }
  return found->second.key;
}

Status AuthService::CheckKeyAllowed(const RequestContext& ctx, const domain::ApiKey& key) {
  const auto& p = ctx.principal;
  if (key.kind == domain::KeyKind::kWrite || !key.user_id) {
    return Require(
        ctx, domain::Permission::kAdmin,
        key.kind == domain::KeyKind::kWrite ? "create write keys" : "create workspace keys");
  }
  if (p.kind != domain::Principal::Kind::kSystem && key.user_id != p.user_id) {
    TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kAdmin, "create keys for other users"));
  }
  if (p.scope) {
    return Error::PermissionDenied("keys are created by people, not by other keys");
  }
  auto needed = static_cast<domain::Permission>(static_cast<int>(*key.scope));
  return Require(ctx, needed, fmt::format("create a key with scope {}", EnumName(*key.scope)));
}

Result<NewKey> AuthService::CreateKey(const RequestContext& ctx, domain::ApiKey draft) {
  draft.id = ids_.Next();
  draft.workspace_id = ctx.workspace_id;
  draft.created_at = clock_.Now();
  draft.created_by = ctx.principal.user_id;
  draft.last_used_at.reset();
  draft.revoked_at.reset();
  if (draft.kind == domain::KeyKind::kWrite) {
    draft.scope.reset();
    draft.user_id.reset();
  } else {
    draft.source.reset();
  }
  TT_RETURN_IF_ERROR(domain::Validate(draft));
  TT_RETURN_IF_ERROR(CheckKeyAllowed(ctx, draft));
  NewKey created;
  created.secret =
      std::string(draft.kind == domain::KeyKind::kWrite ? kWriteKeyPrefix : kApiKeyPrefix) +
      RandomToken();
  draft.prefix = created.secret.substr(0, 10);
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  if (draft.user_id) {
    TT_ASSIGN_OR_RETURN(auto owner, LiveUser(*tx, ctx.workspace_id, *draft.user_id));
    if (owner.role == domain::Role::kViewer && draft.scope != domain::Scope::kRead) {
      return Error::InvalidField("scope", "a viewer's key can only read");
    }
  }
  TT_RETURN_IF_ERROR(store::ApiKeyRepo(*tx).Insert(draft, HashSecret(created.secret)));
  boost::json::object changes{{"kind", EnumName(draft.kind)}, {"name", draft.name}};
  if (draft.scope) changes["scope"] = EnumName(*draft.scope);
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "key_create", "api_key", draft.id, changes));
  TT_RETURN_IF_ERROR(tx->Commit());
  created.key = std::move(draft);
  return created;
}

Result<std::vector<domain::ApiKey>> AuthService::ListKeys(const RequestContext& ctx) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto keys, store::ApiKeyRepo(*tx).List(ctx.workspace_id));
  if (domain::Allows(ctx.principal, domain::Permission::kAdmin)) return keys;
  std::erase_if(keys, [&](const domain::ApiKey& k) {
    return !k.user_id || k.user_id != ctx.principal.user_id;
  });
  return keys;
}

Result<domain::ApiKey> AuthService::RevokeKey(const RequestContext& ctx, std::string_view id) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  store::ApiKeyRepo keys(*tx);
  TT_ASSIGN_OR_RETURN(auto key, keys.Get(ctx.workspace_id, id));
  bool own = key.user_id && key.user_id == ctx.principal.user_id;
  if (!own && !domain::Allows(ctx.principal, domain::Permission::kAdmin)) {
    return Error::NotFound(fmt::format("key {} does not exist", id));
  }
  if (key.revoked_at) return key;
  key.revoked_at = clock_.Now();
  TT_RETURN_IF_ERROR(keys.Revoke(ctx.workspace_id, id, *key.revoked_at));
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "key_revoke", "api_key", key.id));
  TT_RETURN_IF_ERROR(tx->Commit());
  {
    std::lock_guard lock(keys_mu_);
    ++revocations_;
    write_keys_.clear();
  }
  return key;
}

// ---- passwords and users ----

Status AuthService::ChangePassword(const RequestContext& ctx, std::string_view current,
                                   std::string_view next) {
  if (!ctx.principal.user_id || ctx.principal.kind != domain::Principal::Kind::kUser) {
    return Error::FailedPrecondition("only a signed-in user can change their password");
  }
  const std::string& user_id = *ctx.principal.user_id;
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_ASSIGN_OR_RETURN(auto user, LiveUser(*tx, ctx.workspace_id, user_id));
  TT_ASSIGN_OR_RETURN(auto credentials, store::CredentialRepo(*tx).Get(user_id));
  if (!credentials.password_hash || !VerifyPassword(*credentials.password_hash, current)) {
    return Error::InvalidField("currentPassword", "is not your current password");
  }
  if (Status strong = domain::CheckPasswordStrength(next, user.email); !strong.ok()) {
    return Error::InvalidField("newPassword", strong.error().message());
  }
  TT_ASSIGN_OR_RETURN(std::string hash, HashPassword(next));
  TT_RETURN_IF_ERROR(store::CredentialRepo(*tx).Set(user_id, hash, false));
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "password", "user", user_id));
  TT_RETURN_IF_ERROR(tx->Commit());
  return OkStatus();
}

Result<std::string> AuthService::ResetPassword(const RequestContext& ctx,
                                               std::string_view user_id) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kAdmin, "reset passwords"));
  std::string password = OneTimePassword();
  TT_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  auto user = store::UserRepo(*tx).Get(ctx.workspace_id, user_id);
  if (!user.ok() || user->meta.deleted()) {
    return Error::NotFound(fmt::format("user {} does not exist", user_id));
  }
  TT_RETURN_IF_ERROR(store::CredentialRepo(*tx).Set(user_id, hash, true));
  TT_RETURN_IF_ERROR(store::SessionRepo(*tx).DeleteForUser(user_id));
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "password", "user", user_id,
                           boost::json::object{{"reset", true}}));
  TT_RETURN_IF_ERROR(tx->Commit());
  return password;
}

Result<NewUser> AuthService::AddUser(const RequestContext& ctx, domain::User draft) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kAdmin, "add users"));
  NewUser created;
  created.one_time_password = OneTimePassword();
  TT_ASSIGN_OR_RETURN(std::string hash, HashPassword(created.one_time_password));
  TT_ASSIGN_OR_RETURN(created.user, users_.CreateWithPassword(ctx, draft, hash));
  return created;
}

Result<std::optional<NewUser>> AuthService::EnsureAdmin(const RequestContext& ctx) {
  std::optional<domain::User> existing;
  {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    TT_ASSIGN_OR_RETURN(auto users, store::UserRepo(*tx).List(ctx.workspace_id));
    for (const auto& user : users) {
      if (user.role != domain::Role::kAdmin || user.meta.deleted()) continue;
      TT_ASSIGN_OR_RETURN(auto credentials, store::CredentialRepo(*tx).Get(user.meta.id));
      if (credentials.password_hash) return std::optional<NewUser>();
      if (user.email == kFirstAdminEmail) existing = user;
    }
  }
  if (existing) {
    TT_ASSIGN_OR_RETURN(auto password, ResetPassword(ctx, existing->meta.id));
    return std::optional<NewUser>(NewUser{*existing, password});
  }
  domain::User admin;
  admin.email = std::string(kFirstAdminEmail);
  admin.name = "Administrator";
  admin.role = domain::Role::kAdmin;
  TT_ASSIGN_OR_RETURN(auto created, AddUser(ctx, admin));
  return std::optional<NewUser>(std::move(created));
}

Result<bool> AuthService::SetupNeeded(const RequestContext& ctx) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto users, store::UserRepo(*tx).List(ctx.workspace_id));
  return std::none_of(users.begin(), users.end(),
                      [](const domain::User& user) { return !user.meta.deleted(); });
}

Result<Session> AuthService::SetUp(const RequestContext& ctx, domain::User draft,
                                   std::string_view password, std::string_view user_agent) {
  std::lock_guard lock(setup_mu_);
  TT_ASSIGN_OR_RETURN(bool needed, SetupNeeded(ctx));
  if (!needed) return Error::AlreadyExists("this workspace is set up already: sign in");
  if (Status strong = domain::CheckPasswordStrength(password, draft.email); !strong.ok()) {
    return Error::InvalidField("password", strong.error().message());
  }
  draft.role = domain::Role::kAdmin;
  RequestContext system = ctx;
  system.principal = domain::Principal::System();  // the workspace creates its first user
  TT_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  TT_ASSIGN_OR_RETURN(auto user, users_.CreateWithPassword(system, draft, hash));
  {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    TT_RETURN_IF_ERROR(store::CredentialRepo(*tx).Set(user.meta.id, hash, false));
    TT_RETURN_IF_ERROR(tx->Commit());
  }
  return Login(ctx, user.email, password, user_agent);
}

}  // namespace tertulia::service
