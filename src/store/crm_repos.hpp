#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/custom_field.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/task.hpp"
#include "domain/user.hpp"
#include "store/db.hpp"
#include "store/page.hpp"

// Repositories of the smaller CRM records, inside the caller's transaction. Insert() sets
// meta.seq. Update() writes `after`, whose meta.version is one more than the stored one, or
// fails with kFailedPrecondition.
namespace tertulia::store {

class UserRepo {
 public:
  explicit UserRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::User& user);  // kAlreadyExists for a taken e-mail
  Status Update(const domain::User& before, const domain::User& after);
  Result<domain::User> Get(std::string_view workspace_id, std::string_view id);
  Result<std::optional<domain::User>> FindByEmail(std::string_view workspace_id,
                                                  std::string_view email);
  Result<std::vector<domain::User>> List(std::string_view workspace_id);

 private:
  Tx& tx_;
};

class CustomFieldRepo {
 public:
  explicit CustomFieldRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::CustomFieldDef& def);  // kAlreadyExists for a live duplicate key
  Status Update(const domain::CustomFieldDef& before, const domain::CustomFieldDef& after);
  Result<domain::CustomFieldDef> Get(std::string_view workspace_id, std::string_view id);
  // The live definitions of `object`, by position; all objects when `object` is empty.
  Result<std::vector<domain::CustomFieldDef>> ListActive(std::string_view workspace_id,
                                                         std::string_view object);

 private:
  Tx& tx_;
};

struct RelationshipFilter {
  std::optional<std::string> contact_id{};  // either end
  std::optional<std::string> kind{};
  bool deleted = false;
};

class RelationshipRepo {
 public:
  explicit RelationshipRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Relationship& relationship);
  Status Update(const domain::Relationship& before, const domain::Relationship& after);
  Result<domain::Relationship> Get(std::string_view workspace_id, std::string_view id);
  // A live relationship of `kind` between the two contacts (either direction when undirected).
  Result<std::optional<domain::Relationship>> FindBetween(std::string_view workspace_id,
                                                          std::string_view from,
                                                          std::string_view to,
                                                          std::string_view kind);
  Result<Page<domain::Relationship>> List(std::string_view workspace_id,
                                          const RelationshipFilter& filter,
                                          const PageRequest& page);

 private:
  Tx& tx_;
};

struct InteractionFilter {
  std::optional<std::string> contact_id{};  // a participant
  std::optional<std::string> company_id{};
  std::optional<std::string> opportunity_id{};
  std::optional<std::string> channel{};
  std::optional<Timestamp> occurred_from{};
  std::optional<Timestamp> occurred_to{};
  bool deleted = false;
};

class InteractionRepo {
 public:
  explicit InteractionRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Interaction& interaction);
  Status Update(const domain::Interaction& before, const domain::Interaction& after);
  Result<domain::Interaction> Get(std::string_view workspace_id, std::string_view id);
  Result<Page<domain::Interaction>> List(std::string_view workspace_id,
                                         const InteractionFilter& filter, const PageRequest& page);

 private:
  Tx& tx_;
};

struct TaskFilter {
  std::optional<std::string> assignee_id{};
  std::optional<std::string> status{};
  std::optional<std::string> linked_id{};
  std::optional<Timestamp> due_before{};  // exclusive
  bool deleted = false;
};

class TaskRepo {
 public:
  explicit TaskRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Task& task);
  Status Update(const domain::Task& before, const domain::Task& after);
  Result<domain::Task> Get(std::string_view workspace_id, std::string_view id);
  Result<Page<domain::Task>> List(std::string_view workspace_id, const TaskFilter& filter,
                                  const PageRequest& page);

 private:
  Tx& tx_;
};

struct NoteFilter {
  std::optional<std::string> record_id{};
  bool deleted = false;
};

class NoteRepo {
 public:
  explicit NoteRepo(Tx& tx) : tx_(tx) {}
  Status Insert(domain::Note& note);
  Status Update(const domain::Note& before, const domain::Note& after);
  Result<domain::Note> Get(std::string_view workspace_id, std::string_view id);
  Result<Page<domain::Note>> List(std::string_view workspace_id, const NoteFilter& filter,
                                  const PageRequest& page);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
