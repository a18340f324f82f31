#include "domain/validation.hpp"

#include <gtest/gtest.h>

namespace tertulia::domain {
namespace {

TEST(ValidationTest, CollectsEveryBadField) {
  FieldErrors errors;
  errors.Check(true, "name", "required");
  errors.Check(false, "email", "not an e-mail address");
  errors.Check(false, "phone", "not a phone number");
  Status status = errors.ToStatus("invalid contact");
  ASSERT_FALSE(status.ok());
  ASSERT_EQ(status.error().fields().size(), 2u);
  EXPECT_EQ(status.error().fields()[1].field, "phone");
  EXPECT_EQ(FieldErrors{}.ToStatus("x").ok(), true);
}

TEST(ValidationTest, MergesNestedErrorsUnderAPrefix) {
  FieldErrors inner;
  inner.Add("address", "bad");
  FieldErrors outer;
  outer.Merge(inner.ToStatus("bad email"), "emails[1].");
  EXPECT_EQ(outer.ToStatus("x").error().fields()[0].field, "emails[1].address");
}

TEST(ValidationTest, Utf8) {
  EXPECT_EQ(Utf8Length("Muñoz"), 5u);
  EXPECT_TRUE(IsValidUtf8("José 😀"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));      // truncated
}

TEST(ValidationTest, Slugs) {
  EXPECT_TRUE(IsSlug("default"));
  EXPECT_TRUE(IsSlug("acme-2"));
  EXPECT_FALSE(IsSlug("Acme"));
  EXPECT_FALSE(IsSlug("-acme"));
  EXPECT_FALSE(IsSlug(""));
}

}  // namespace
}  // namespace tertulia::domain
