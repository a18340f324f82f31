#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/security.hpp"
#include "store/db.hpp"
#include "store/page.hpp"

// Sign-in, keys, teams, the audit log and consent, inside the caller's transaction.
namespace tertulia::store {

struct SessionRow {
  std::string token_hash;
  std::string workspace_id;
  std::string user_id;
  std::string csrf_token;
  Timestamp created_at{};
  Timestamp last_seen_at{};
  Timestamp expires_at{};
  std::optional<std::string> ip;
  std::optional<std::string> user_agent;
};

class SessionRepo {
 public:
  explicit SessionRepo(Tx& tx) : tx_(tx) {}
  Status Insert(const SessionRow& session);
  Result<std::optional<SessionRow>> Find(std::string_view token_hash);
  Status Touch(std::string_view token_hash, Timestamp last_seen, Timestamp expires_at);
  Status Delete(std::string_view token_hash);
  Status DeleteForUser(std::string_view user_id);
  Status DeleteExpired(Timestamp now);

 private:
  Tx& tx_;
};

// Passwords live beside the user record, never in it.
class CredentialRepo {
 public:
  explicit CredentialRepo(Tx& tx) : tx_(tx) {}
  struct Credentials {
    std::optional<std::string> password_hash;
    bool must_change = false;
  };
  Result<Credentials> Get(std::string_view user_id);
  Status Set(std::string_view user_id, std::string_view password_hash, bool must_change);

 private:
  Tx& tx_;
};

class ApiKeyRepo {
 public:
  explicit ApiKeyRepo(Tx& tx) : tx_(tx) {}
  Status Insert(const domain::ApiKey& key, std::string_view secret_hash);
  // A live (not revoked) key by the hash of its secret.
  Result<std::optional<domain::ApiKey>> FindActive(std::string_view secret_hash);
  Result<domain::ApiKey> Get(std::string_view workspace_id, std::string_view id);
  Result<std::vector<domain::ApiKey>> List(std::string_view workspace_id);
  Status Revoke(std::string_view workspace_id, std::string_view id, Timestamp at);
  // Records a use, at most once a minute per key (so that reads stay reads).
  Status MarkUsed(std::string_view id, Timestamp at);

 private:
  Tx& tx_;
};

class TeamRepo {
 public:
  explicit TeamRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Team& team);
  Status Update(const domain::Team& before, const domain::Team& after);
  Result<domain::Team> Get(std::string_view workspace_id, std::string_view id);
  Result<std::vector<domain::Team>> List(std::string_view workspace_id);
  // Users sharing a live team with `user_id`, and members of the teams `user_id` leads.
  Result<std::vector<std::string>> Teammates(std::string_view user_id);
  Result<std::vector<std::string>> LedMembers(std::string_view user_id);

 private:
  Tx& tx_;
};

struct AuditFilter {
  std::optional<std::string> record_id{};
  std::optional<std::string> actor_id{};
  std::optional<std::string> action{};
  std::optional<Timestamp> from{};
  std::optional<Timestamp> to{};
};

class AuditRepo {
 public:
  explicit AuditRepo(Tx& tx) : tx_(tx) {}
  Status Append(const domain::AuditEntry& entry);
  // Newest first; the cursor is the last entry's id.
  Result<Page<domain::AuditEntry>> List(std::string_view workspace_id, const AuditFilter& filter,
                                        const PageRequest& page);
  // Blanks the changes of every entry about `record_id` (GDPR erasure).
  Status Redact(std::string_view workspace_id, std::string_view record_id);

 private:
  Tx& tx_;
};

class ConsentRepo {
 public:
  explicit ConsentRepo(Tx& tx) : tx_(tx) {}
  Status Upsert(std::string_view workspace_id, const domain::Consent& consent);
  Result<std::vector<domain::Consent>> ForContact(std::string_view contact_id);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
