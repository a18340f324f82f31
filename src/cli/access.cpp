// `tertulia user ...` and `tertulia key ...`: users and keys for operators and scripts. The
// commands act as the system (the operator has the database file); secrets go to stdout alone
// on their line, everything else to stderr, so that `$(tertulia key create ...)` just works.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/database.hpp"
#include "service/app.hpp"

namespace tertulia::cli {
namespace {

struct UserFlags {
  std::string email;
  std::string name;
  std::string role = "rep";
};

struct KeyFlags {
  std::string kind = "api";
  std::string scope;
  std::string name;
  std::string source;
  std::string user_email;
};

int Usage(std::string_view message) {
  fmt::print(stderr, "tertulia: {}\n", message);
  return kExitUsage;
}

service::RequestContext SystemContext(const OpenedApp& opened) {
  service::RequestContext ctx;
  ctx.workspace_id = opened.workspace.id;
  ctx.request_id = "cli";
  return ctx;
}

// The live user with this e-mail address, if any.
Result<std::optional<std::string>> FindUserId(service::App& app, const service::RequestContext& ctx,
                                              std::string_view email) {
  TT_ASSIGN_OR_RETURN(auto users, app.users().List(ctx));
  for (const auto& user : users) {
    if (user.email == email && !user.meta.deleted()) return std::optional(user.meta.id);
  }
  return std::optional<std::string>();
}

int AddUser(const Config& config, const UserFlags& flags) {
  auto role = domain::ParseEnum<domain::Role>(flags.role);
  if (!role) return Usage(fmt::format("--role: {}", domain::EnumChoices<domain::Role>()));
  auto opened = OpenApp(config);
  if (!opened.ok()) return Fail(opened.error());
  domain::User user;
  user.email = flags.email;
  user.name = flags.name.empty() ? flags.email.substr(0, flags.email.find('@')) : flags.name;
  user.role = *role;
  auto created = (*opened)->app->auth().AddUser(SystemContext(**opened), user);
  if (!created.ok()) return Fail(created.error());
  fmt::print(stderr, "Added {} ({}). One-time password (to be changed at first sign-in):\n",
             created->user.email, flags.role);
  fmt::print("{}\n", created->one_time_password);
  return kExitOk;
}

int ResetPassword(const Config& config, const std::string& email) {
  auto opened = OpenApp(config);
  if (!opened.ok()) return Fail(opened.error());
  auto ctx = SystemContext(**opened);
  auto id = FindUserId(*(*opened)->app, ctx, email);
  if (!id.ok()) return Fail(id.error());
  if (!*id) return Fail(Error::NotFound(fmt::format("no user has the e-mail address {}", email)));
  auto password = (*opened)->app->auth().ResetPassword(ctx, **id);
  if (!password.ok()) return Fail(password.error());
  fmt::print(stderr, "New one-time password of {}:\n", email);
  fmt::print("{}\n", *password);
  return kExitOk;
}

// The first run: an admin who can sign in, or else admin@localhost with a one-time password.
int EnsureAdmin(const Config& config) {
  auto opened = OpenApp(config);
  if (!opened.ok()) return Fail(opened.error());
  auto created = (*opened)->app->auth().EnsureAdmin(SystemContext(**opened));
  if (!created.ok()) return Fail(created.error());
  if (*created) {
    fmt::print("Sign in as {} with the one-time password {}\n", (*created)->user.email,
               (*created)->one_time_password);
  }
  return kExitOk;
}

int CreateKey(const Config& config, const KeyFlags& flags) {
  domain::ApiKey key;
  auto kind = domain::ParseEnum<domain::KeyKind>(flags.kind);
  if (!kind) return Usage("--kind must be api or write");
  key.kind = *kind;
  if (key.kind == domain::KeyKind::kWrite) {
    if (flags.source.empty()) return Usage("a write key needs --source NAME");
    key.source = flags.source;
    key.name = flags.name.empty() ? flags.source : flags.name;
  } else {
    key.scope = domain::ParseEnum<domain::Scope>(flags.scope);
    if (!key.scope) return Usage("an api key needs --scope read, write or admin");
    if (flags.name.empty()) return Usage("an api key needs --name NAME");
    key.name = flags.name;
  }
  auto opened = OpenApp(config);
  if (!opened.ok()) return Fail(opened.error());
  auto ctx = SystemContext(**opened);
  if (!flags.user_email.empty()) {
    auto id = FindUserId(*(*opened)->app, ctx, flags.user_email);
    if (!id.ok()) return Fail(id.error());
    key.user_id = *id;
    if (!key.user_id) return Usage(fmt::format("--user: no user has {}", flags.user_email));
  }
  auto created = (*opened)->app->auth().CreateKey(ctx, key);
  if (!created.ok()) return Fail(created.error());
  fmt::print(stderr, "Created {} key {} ({}); the secret is shown only now:\n", flags.kind,
             created->key.id, created->key.name);
  fmt::print("{}\n", created->secret);
  return kExitOk;
}

}  // namespace

CommandRun AddUserCommands(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand("user", "Manage users: add, reset a password, first admin");
  command->require_subcommand(1);
  auto flags = std::make_shared<UserFlags>();
  auto* add = command->add_subcommand("add", "Add a user; prints a one-time password");
  AddCommonOptions(*add, options);
  add->add_option("--email", flags->email, "E-mail address (the sign-in name)")->required();
  add->add_option("--role", flags->role, "admin, manager, rep or viewer (default rep)");
  add->add_option("--name", flags->name, "Full name (default: the e-mail's local part)");
  auto reset_email = std::make_shared<std::string>();
  auto* reset = command->add_subcommand("reset-password", "Print a new one-time password");
  AddCommonOptions(*reset, options);
  reset->add_option("--email", *reset_email, "E-mail address of the user")->required();
  auto* ensure = command->add_subcommand(
      "ensure-admin",
      "Create admin@tertulia.local with a one-time password if no admin can sign in");
  AddCommonOptions(*ensure, options);
  return [=](const Config& config) {
    if (add->parsed()) return AddUser(config, *flags);
    if (reset->parsed()) return ResetPassword(config, *reset_email);
    return EnsureAdmin(config);
  };
}

CommandRun AddKeyCommands(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand("key", "Manage API keys and tracking write keys");
  command->require_subcommand(1);
  auto flags = std::make_shared<KeyFlags>();
  auto* create = command->add_subcommand("create", "Create a key; prints its secret on stdout");
  AddCommonOptions(*create, options);
  create->add_option("--kind", flags->kind, "api (Authorization: Bearer) or write (tracking)")
      ->check(CLI::IsMember({"api", "write"}));
  create->add_option("--scope", flags->scope, "api keys: read, write or admin")
      ->check(CLI::IsMember({"read", "write", "admin"}));
  create->add_option("--name", flags->name, "What the key is for");
  create->add_option("--source", flags->source, "write keys: the tracking source (website, app)");
  create->add_option("--user", flags->user_email,
                     "api keys: act as this user (e-mail); default: a workspace key");
  return [=](const Config& config) { return CreateKey(config, *flags); };
}

}  // namespace tertulia::cli
