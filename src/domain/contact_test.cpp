#include "domain/contact.hpp"

#include <gtest/gtest.h>

namespace tertulia::domain {
namespace {

std::vector<std::string> Fields(const Status& status) {
  std::vector<std::string> out;
  if (!status.ok()) {
    for (const auto& f : status.error().fields()) out.push_back(f.field);
  }
  return out;
}

TEST(ContactTest, NormalizesTheContactPoints) {
  Contact c;
  c.first_name = " José ";
  c.last_name = "Muñoz";
  c.country = "ES";
  c.emails = {{"Jose@Acme.es", false, "work"}, {"jose@gmail.com", false, std::nullopt}};
  c.phones = {{"911 23 45 67", false, std::nullopt}};
  c.social_profiles = {{SocialNetwork::kTwitter, "@JoseMunoz", "https://x.com/josemunoz"}};
  c.tags = {" vip ", "vip", "madrid"};
  ASSERT_TRUE(NormalizeAndValidate(c, {}).ok());
  EXPECT_EQ(*c.first_name, "José");
  EXPECT_EQ(c.emails[0].address, "jose@acme.es");
  EXPECT_TRUE(c.emails[0].primary);
  EXPECT_FALSE(c.emails[1].primary);
  EXPECT_EQ(c.phones[0].number, "+34911234567");
  EXPECT_EQ(c.social_profiles[0].handle, "josemunoz");
  EXPECT_EQ(c.tags, (std::vector<std::string>{"vip", "madrid"}));
  EXPECT_EQ(c.DisplayName(), "José Muñoz");
}

TEST(ContactTest, UsesTheCompanyCountryForNationalNumbers) {
  Contact c;
  c.first_name = "Ana";
  c.phones = {{"55 1234 5678", true, std::nullopt}};
  ASSERT_TRUE(NormalizeAndValidate(c, {}, "MX").ok());
  EXPECT_EQ(c.phones[0].number, "+525512345678");
}

TEST(ContactTest, ListsEveryBadField) {
  Contact c;
  c.first_name = std::string(101, 'x');
  c.emails = {{"not-an-email", true, std::nullopt}};
  c.phones = {{"call me maybe", true, std::nullopt}};
  c.country = "Spain";
  c.social_profiles = {{SocialNetwork::kLinkedin, "ana", "javascript:alert(1)"}};
  c.custom = {{"budget", 10.0}};
  EXPECT_EQ(
      Fields(NormalizeAndValidate(c, {})),
      (std::vector<std::string>{"firstName", "country", "emails[0].address", "phones[0].number",
                                "socialProfiles[0].url", "customFields.budget"}));
}

TEST(ContactTest, NeedsANameOrAnEmail) {
  Contact c;
  EXPECT_EQ(Fields(NormalizeAndValidate(c, {})), (std::vector<std::string>{"firstName"}));
  c.emails = {{"a@b.co", false, std::nullopt}};
  EXPECT_TRUE(NormalizeAndValidate(c, {}).ok());
  EXPECT_EQ(c.DisplayName(), "a@b.co");
}

TEST(ContactTest, EnumsConvertBothWays) {
  EXPECT_EQ(EnumName(LifecycleStage::kMql), "mql");
  EXPECT_EQ(ParseEnum<LeadStatus>("nurturing"), LeadStatus::kNurturing);
  EXPECT_FALSE(ParseEnum<SocialNetwork>("myspace").has_value());
  EXPECT_NE(EnumChoices<SocialNetwork>().find("mastodon"), std::string::npos);
}

}  // namespace
}  // namespace tertulia::domain
