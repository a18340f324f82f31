#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace tertulia {
namespace {

using Records = std::vector<std::vector<std::string>>;

TEST(CsvTest, ParsesPlainQuotedAndEmptyFields) {
  EXPECT_EQ(ParseCsv("a,b,c\n1,,3\n"), (Records{{"a", "b", "c"}, {"1", "", "3"}}));
  EXPECT_EQ(ParseCsv("\"x, y\",\"say \"\"hi\"\"\"\r\nz,\"line\nbreak\""),
            (Records{{"x, y", "say \"hi\""}, {"z", "line\nbreak"}}));
  EXPECT_EQ(ParseCsv("a,\n"), (Records{{"a", ""}}));
  EXPECT_EQ(ParseCsv(""), Records{});
}

}  // namespace
}  // namespace tertulia
