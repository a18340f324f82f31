#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config.hpp"
#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/security.hpp"
#include "domain/user.hpp"
#include "service/context.hpp"
#include "service/crm_services.hpp"
#include "store/db.hpp"

// Who is calling: sign-in with passwords and browser sessions, API keys and write keys, and the
// principal (role, scope and visible owners) every use case checks.
namespace tertulia::service {

// Counts failed sign-ins per account and per client address in a sliding window. In memory: a
// restart forgets them, which costs an attacker nothing they could not get by waiting. Thread-safe.
class LoginThrottle {
 public:
  explicit LoginThrottle(const AuthConfig& config) : config_(config) {}
  // How long the caller must wait before trying again; zero when it may try now.
  std::chrono::seconds RetryAfter(std::string_view account, std::string_view ip, Timestamp now);
  void RecordFailure(std::string_view account, std::string_view ip, Timestamp now);
  void RecordSuccess(std::string_view account);

 private:
  using Failures = std::deque<Timestamp>;
  std::chrono::seconds Wait(Failures& failures, int limit, Timestamp now) const;

  AuthConfig config_;
  std::mutex mu_;
  std::map<std::string, Failures, std::less<>> by_account_;
  std::map<std::string, Failures, std::less<>> by_ip_;
};

// A browser session just opened. The token goes into an HttpOnly cookie, the CSRF token into the
// page, which sends it back in X-CSRF-Token on unsafe requests.
struct Session {
  std::string token;
  std::string csrf_token;
  domain::User user;
  Timestamp expires_at{};
  bool must_change_password = false;
};

// A caller recognised by a session or an API key.
struct Caller {
  domain::Principal principal;
  std::optional<domain::User> user;       // the acting user (sessions, personal keys)
  std::optional<std::string> csrf_token;  // sessions only
  bool must_change_password = false;
};

struct NewUser {
  domain::User user;
  std::string one_time_password;  // shown once; the user must change it at first sign-in
};

struct NewKey {
  domain::ApiKey key;
  std::string secret;  // shown once; only its hash is kept
};

// Thread-safe.
class AuthService {
 public:
  AuthService(store::Db& db, const Clock& clock, IdGenerator& ids, const AuthConfig& config,
              UserService& users);

  // Opens a session for the user with this e-mail and password. kUnauthenticated for a wrong
  // pair (the same answer for an unknown e-mail), kResourceExhausted after too many failures
  // (see RetryAfter). Audited as login or login_failed.
  Result<Session> Login(const RequestContext& ctx, std::string_view email,
                        std::string_view password, std::string_view user_agent);
  std::chrono::seconds RetryAfter(std::string_view email, std::string_view ip);
  // The caller of a session token; kUnauthenticated when unknown or expired. Extends the
  // session's idle expiry (written at most once a minute).
  Result<Caller> FromSession(std::string_view workspace_id, std::string_view token);
  Status Logout(const RequestContext& ctx, std::string_view token);

  // The caller of an API key secret (Authorization: Bearer). Write keys are refused: they only
  // feed the tracking API.
  Result<Caller> FromApiKey(std::string_view workspace_id, std::string_view secret);
  // The live write key with this secret (the tracking API); kUnauthenticated otherwise.
  Result<domain::ApiKey> FromWriteKey(std::string_view secret);

  // Changes the signed-in caller's own password (which clears must_change_password).
  Status ChangePassword(const RequestContext& ctx, std::string_view current, std::string_view next);
  // Admins: a new one-time password for `user_id`, whose sessions end.
  Result<std::string> ResetPassword(const RequestContext& ctx, std::string_view user_id);
  // Admins: a user with a one-time password, in one transaction.
  Result<NewUser> AddUser(const RequestContext& ctx, domain::User draft);
  // The first run: when the workspace has no admin who can sign in, creates admin@tertulia.local
  // (or resets its password) and returns it with a one-time password; nullopt otherwise.
  Result<std::optional<NewUser>> EnsureAdmin(const RequestContext& ctx);
  // First-run setup from the browser: true while the workspace has no live user at all.
  Result<bool> SetupNeeded(const RequestContext& ctx);
  // Creates the first user, an admin with a password of their own, and signs them in. Any
  // caller may do it, but only once: kAlreadyExists as soon as any user exists.
  Result<Session> SetUp(const RequestContext& ctx, domain::User draft, std::string_view password,
                        std::string_view user_agent);

  // API keys and write keys. Anyone may create personal api keys up to their role; workspace
  // keys and write keys need an admin.
  Result<NewKey> CreateKey(const RequestContext& ctx, domain::ApiKey draft);
  // Admins see every key; others their own.
  Result<std::vector<domain::ApiKey>> ListKeys(const RequestContext& ctx);
  Result<domain::ApiKey> RevokeKey(const RequestContext& ctx, std::string_view id);

  // The principal of `user` acting in `workspace_id` (its role, and in team mode its teams).
  Result<domain::Principal> PrincipalFor(store::Tx& tx, std::string_view workspace_id,
                                         const domain::User& user);

 private:
  Result<Caller> CallerForKey(store::Tx& tx, std::string_view workspace_id,
                              const domain::ApiKey& key);
  Status CheckKeyAllowed(const RequestContext& ctx, const domain::ApiKey& key);
  // Records a key's use, at most once a minute, so that reads stay reads; `key` learns it.
  Status NoteUse(domain::ApiKey& key);

  // Write keys found in the last second, by secret hash: the tracking API checks one per
  // request, and the read transaction cost more than the rest of the request's handling but the
  // parse. RevokeKey empties the cache (a key revoked through this server stops at once; one
  // revoked from another process, the CLI, within a second). Unknown secrets are not kept.
  struct CachedKey {
    domain::ApiKey key;
    Timestamp found_at;
  };
  static constexpr std::chrono::seconds kKeyCacheFor{1};
  static constexpr size_t kMaxCachedKeys = 10'000;
  std::optional<domain::ApiKey> CachedWriteKey(const std::string& secret_hash);
  // The live write key with this hash from the database, cached; nullopt when there is none.
  Result<std::optional<domain::ApiKey>> FindWriteKey(const std::string& secret_hash);

  store::Db& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  AuthConfig config_;
  UserService& users_;
  LoginThrottle throttle_;
  std::mutex setup_mu_;  // one first-run setup at a time
  std::mutex keys_mu_;
  std::unordered_map<std::string, CachedKey> write_keys_;  // guarded by keys_mu_
  uint64_t revocations_ = 0;  // guarded by keys_mu_: a key read before one is not cached
};

}  // namespace tertulia::service
