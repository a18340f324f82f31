#include "domain/security.hpp"

#include <gtest/gtest.h>

namespace tertulia::domain {
namespace {

Principal As(Role role, std::optional<Scope> scope = std::nullopt) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.role = role;
  p.scope = scope;
  return p;
}

TEST(SecurityTest, RolesAndScopesAllow) {
  EXPECT_TRUE(Allows(As(Role::kViewer), Permission::kRead));
  EXPECT_FALSE(Allows(As(Role::kViewer), Permission::kWrite));
  EXPECT_TRUE(Allows(As(Role::kRep), Permission::kWrite));
  EXPECT_FALSE(Allows(As(Role::kManager), Permission::kAdmin));
  EXPECT_TRUE(Allows(As(Role::kAdmin), Permission::kAdmin));
  // A key's scope caps its user's role, and never raises it.
  EXPECT_FALSE(Allows(As(Role::kAdmin, Scope::kRead), Permission::kWrite));
  EXPECT_TRUE(Allows(As(Role::kAdmin, Scope::kWrite), Permission::kWrite));
  EXPECT_FALSE(Allows(As(Role::kViewer, Scope::kAdmin), Permission::kWrite));
}

TEST(SecurityTest, TeamModeLimitsWhatRepsAndManagersSee) {
  TeamView rep{"u1", Role::kRep, {"u2"}, {}};
  auto owners = VisibleOwners(Visibility::kTeam, rep);
  ASSERT_TRUE(owners.has_value());
  EXPECT_EQ(*owners, (std::set<std::string>{"u1", "u2"}));
  TeamView manager{"m", Role::kManager, {}, {"u1", "u2", "u3"}};
  EXPECT_EQ(VisibleOwners(Visibility::kTeam, manager)->size(), 4u);
  EXPECT_FALSE(VisibleOwners(Visibility::kAll, rep).has_value());
  EXPECT_FALSE(VisibleOwners(Visibility::kTeam, {"a", Role::kAdmin, {}, {}}).has_value());
  Principal p = As(Role::kRep);
  p.visible_owners = owners;
  EXPECT_TRUE(CanSee(p, std::string("u2")));
  EXPECT_FALSE(CanSee(p, std::string("u9")));
  EXPECT_TRUE(CanSee(p, std::nullopt));
}

TEST(SecurityTest, PasswordsAndKeys) {
  EXPECT_TRUE(CheckPasswordStrength("correct horse battery", "a@b.co").ok());
  EXPECT_FALSE(CheckPasswordStrength("short", "a@b.co").ok());
  EXPECT_FALSE(CheckPasswordStrength("12345678901", "a@b.co").ok());
  EXPECT_FALSE(CheckPasswordStrength("ana@acme.es", "ana@acme.es").ok());
  ApiKey write;
  write.kind = KeyKind::kWrite;
  write.name = "site";
  write.scope = Scope::kAdmin;
  auto status = Validate(write);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().fields().size(), 2u);  // scope, and no source
}

}  // namespace
}  // namespace tertulia::domain
