#include "domain/workspace.hpp"

#include <gtest/gtest.h>

namespace tertulia::domain {
namespace {

TEST(WorkspaceTest, AcceptsAValidWorkspace) {
  Workspace w{.id = "x", .slug = "default", .name = "Default workspace"};
  EXPECT_TRUE(Validate(w).ok());
}

TEST(WorkspaceTest, NamesEachBadField) {
  Workspace w{.id = "x", .slug = "Not A Slug", .name = "", .currency = "EURO"};
  Status status = Validate(w);
  ASSERT_FALSE(status.ok());
  std::vector<std::string> fields;
  for (const auto& f : status.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"slug", "name", "currency"}));
}

}  // namespace
}  // namespace tertulia::domain
