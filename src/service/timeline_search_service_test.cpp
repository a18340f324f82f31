#include "service/timeline_search_service.hpp"

#include <gtest/gtest.h>

namespace tertulia::service {
namespace {

TEST(SearchServiceTest, BuildsSafeMatchExpressions) {
  EXPECT_EQ(SearchService::MatchExpression("munoz"), "\"munoz\"*");
  EXPECT_EQ(SearchService::MatchExpression("José Mu"), "\"José\" \"Mu\"*");
  EXPECT_EQ(SearchService::MatchExpression("jose "), "\"jose\"");
  EXPECT_EQ(SearchService::MatchExpression("j"), "\"j\"");
  EXPECT_EQ(SearchService::MatchExpression("ana@acme.es"), "\"ana\" \"acme\" \"es\"*");
  EXPECT_EQ(SearchService::MatchExpression("\" OR 1=1 -- NEAR("), "\"OR\" \"1\" \"1\" \"NEAR\"");
  EXPECT_EQ(SearchService::MatchExpression("  ,;  "), "");
}

}  // namespace
}  // namespace tertulia::service
