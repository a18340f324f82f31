#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace tertulia::http {
namespace {

TEST(MultipartTest, ReadsFieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"recordId\"\r\n\r\nabc\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\\\"b.pdf\"; "
      "filename*=UTF-8''na%C3%AFve.pdf\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n\r\nx\r\n"
      "--XyZ--\r\n";
  auto parts = ParseMultipart("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "recordId");
  EXPECT_EQ((*parts)[0].body, "abc");
  EXPECT_EQ((*parts)[1].file_name, "naïve.pdf");
  EXPECT_EQ((*parts)[1].content_type, "application/pdf");
  EXPECT_EQ((*parts)[1].body, "%PDF\r\n\r\nx");
}

TEST(MultipartTest, RefusesWhatIsNotMultipart) {
  EXPECT_FALSE(ParseMultipart("application/json", "{}").ok());
  EXPECT_FALSE(ParseMultipart("multipart/form-data", "x").ok());
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=b", "--b\r\nno end").ok());
  auto error = ParseMultipart("multipart/form-data; boundary=\"b\"", "--b\r\n\r\nx\r\n--b--");
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.error().fields().at(0).field, "body");
}

}  // namespace
}  // namespace tertulia::http
