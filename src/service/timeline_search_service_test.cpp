#include "service/timeline_search_service.hpp"

#include <gtest/gtest.h>

namespace tertulia::service {
namespace {

std::string Match(std::string_view text) { return SearchService::Parse(text).match; }

TEST(SearchServiceTest, BuildsSafeMatchExpressions) {
  EXPECT_EQ(Match("munoz"), "\"munoz\"*");
  EXPECT_EQ(Match("José Mu"), "\"José\" AND \"Mu\"");
  EXPECT_EQ(Match("José Muñ"), "\"José\" AND \"Muñ\"*");
  EXPECT_EQ(Match("José Peñalver"), "\"José\" AND (\"Peñalver\" OR \"Peñal\"*)");
  EXPECT_EQ(Match("Muño"), "(\"Muño\" OR \"Muñ\"*)");
  EXPECT_EQ(Match("Peñalver"), "(\"Peñalver\" OR \"Peñal\"*)");
  EXPECT_EQ(Match("jose "), "\"jose\"");
  EXPECT_EQ(Match("ana@acme.es"), "\"ana\" AND \"acme\" AND \"es\"");
  EXPECT_EQ(Match("\" OR 1=1 -- NEAR("), "\"OR\" AND \"1\" AND \"1\" AND \"NEAR\"");
  EXPECT_EQ(Match("  ,;  "), "");
}

TEST(SearchServiceTest, KeepsFoldedTermsForHighlighting) {
  auto query = SearchService::Parse("JOSÉ Peñalv");
  EXPECT_EQ(query.terms, (std::vector<std::string>{"jose", "penalv", "penal"}));
  EXPECT_TRUE(query.last_is_prefix);
}

}  // namespace
}  // namespace tertulia::service
