#include "domain/contact_points.hpp"

#include <gtest/gtest.h>

namespace tertulia::domain {
namespace {

TEST(ContactPointsTest, NormalizesEmails) {
  EXPECT_EQ(*NormalizeEmail("  Jose.Munoz@Acme.ES "), "jose.munoz@acme.es");
  EXPECT_EQ(*NormalizeEmail("a+tag@sub.example.co.uk"), "a+tag@sub.example.co.uk");
  for (const char* bad : {"", "plain", "@acme.es", "ana@", "ana@acme", "ana@@acme.es",
                          "an a@acme.es", "ana@.acme.es", "ana..b@acme.es", "ana@acme..es"}) {
    EXPECT_FALSE(NormalizeEmail(bad).ok()) << bad;
  }
}

TEST(ContactPointsTest, NormalizesPhonesToE164WhereTheCountryIsKnown) {
  EXPECT_EQ(NormalizePhone("+34 911 23 45 67", std::nullopt)->number, "+34911234567");
  EXPECT_EQ(NormalizePhone("0034 911 23 45 67", std::nullopt)->number, "+34911234567");
  EXPECT_EQ(NormalizePhone("911 23 45 67", "ES")->number, "+34911234567");
  EXPECT_EQ(NormalizePhone("020 7946 0958", "GB")->number, "+442079460958");
  EXPECT_EQ(NormalizePhone("(415) 555-2671", "US")->number, "+14155552671");
  EXPECT_EQ(NormalizePhone("1 415 555 2671", "US")->number, "+14155552671");
  EXPECT_EQ(NormalizePhone("06 12 34 56 78", "FR")->number, "+33612345678");
  EXPECT_EQ(NormalizePhone("06 1234 5678", "IT")->number, "+390612345678");  // Italy keeps the 0
  auto national = NormalizePhone("911 23 45 67", std::nullopt);
  EXPECT_EQ(national->number, "911234567");
  EXPECT_FALSE(national->is_e164);
  EXPECT_FALSE(NormalizePhone("call me", "ES").ok());
  EXPECT_FALSE(NormalizePhone("12", "ES").ok());
  EXPECT_FALSE(NormalizePhone("+1234567890123456", std::nullopt).ok());
}

TEST(ContactPointsTest, UrlsAndCountries) {
  EXPECT_TRUE(IsHttpUrl("https://www.linkedin.com/in/josemunoz"));
  EXPECT_TRUE(IsHttpUrl("http://localhost:8080/x"));
  EXPECT_FALSE(IsHttpUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsHttpUrl("https://"));
  EXPECT_FALSE(IsHttpUrl("https://exa mple.com"));
  EXPECT_FALSE(IsHttpUrl("ftp://example.com"));
  EXPECT_TRUE(IsCountryCode("ES"));
  EXPECT_FALSE(IsCountryCode("XX"));
  EXPECT_FALSE(IsCountryCode("es"));
  EXPECT_EQ(CallingCode("MX"), "52");
}

}  // namespace
}  // namespace tertulia::domain
