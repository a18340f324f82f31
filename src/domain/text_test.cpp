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

TEST(TextTest, SplitsWordsLikeTheSearchIndex) {
  auto words = SplitWords("¿Llamó José-María a jose.munoz@acme.es? «Sí»");
  std::vector<std::string_view> expected = {"Llamó", "José", "María", "a", "jose",
                                            "munoz", "acme", "es",    "Sí"};
  EXPECT_EQ(words, expected);
}

TEST(TextTest, HighlightsMatchesInTheOriginalText) {
  EXPECT_EQ(Highlight("José Peñalver Ibáñez", {"penalver"}, false), "José \x02Peñalver\x03 Ibáñez");
  EXPECT_EQ(Highlight("Renovación del contrato", {"renov"}, true),
            "\x02Renovación\x03 del contrato");
  EXPECT_EQ(Highlight("Renovación del contrato", {"renov"}, false), "");
  std::string long_text =
      "uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece "
      "catorce quince objetivo dieciseis diecisiete";
  EXPECT_EQ(Highlight(long_text, {"objetivo"}, false, 6),
            "…quince \x02objetivo\x03 dieciseis diecisiete");
  EXPECT_EQ(Highlight(long_text, {"uno"}, false, 3), "\x02uno\x03 dos tres…");
}

TEST(TextTest, ScoresTitlesAndWholeWordsHigher) {
  std::vector<std::string> terms = {"garcia"};
  double in_title = MatchScore("Ana García", "", terms, false);
  double in_body = MatchScore("Reunión", "Con Ana García sobre precios", terms, false);
  EXPECT_GT(in_title, in_body);
  EXPECT_GT(in_body, 0);
  EXPECT_EQ(MatchScore("Nadie", "nada", terms, false), 0);
  std::vector<std::string> typed = {"garc"};
  EXPECT_GT(MatchScore("Garc", "", typed, true), MatchScore("García", "", typed, true));
}

TEST(TextTest, Trims) {
  EXPECT_EQ(Trim("  a b \n"), "a b");
  EXPECT_EQ(Trim("   "), "");
}

}  // namespace
}  // namespace tertulia::domain
