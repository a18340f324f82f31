#include "domain/text.hpp"

#include <gtest/gtest.h>

namespace tertulia::domain {
namespace {

TEST(TextTest, FoldsAccentsAndCase) {
  EXPECT_EQ(FoldForMatching("José Muñoz"), "jose munoz");
  EXPECT_EQ(FoldForMatching("  ÁLVARO   Núñez\tPeña "), "alvaro nunez pena");
  EXPECT_EQ(FoldForMatching("Straße Çağrı Łukasz Øster Æsir"), "strasse cagri lukasz oster aesir");
  EXPECT_EQ(FoldForMatching("François Ångström"), "francois angstrom");
  EXPECT_EQ(FoldForMatching("東京 Δ"), "東京 Δ");
}

TEST(TextTest, Trims) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim("   "), "");
}

}  // namespace
}  // namespace tertulia::domain
