#include "ingest/message_ids.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tertulia::ingest {
namespace {

Timestamp Day(int64_t day, int64_t hour = 12) {
  return FromUnixMillis((day * 24 + hour) * 3'600'000);
}

TEST(MessageIdsTest, RemembersWhatWasAddedPerWorkspace) {
  MessageIds ids;
  uint64_t a = MessageIds::Hash("ws1", "m-1");
  ids.Add(a, Day(20000));
  EXPECT_TRUE(ids.Contains(a));
  EXPECT_TRUE(ids.Contains(MessageIds::Hash("ws1", "m-1")));
  EXPECT_FALSE(ids.Contains(MessageIds::Hash("ws2", "m-1")));  // another workspace's message
  EXPECT_FALSE(ids.Contains(MessageIds::Hash("ws1", "m-2")));
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  EXPECT_NE(MessageIds::Hash("ab", "c"), MessageIds::Hash("a", "bc"));
}

TEST(MessageIdsTest, KeepsAMessageForAtLeastSevenFullDays) {
  MessageIds ids;
  uint64_t old = MessageIds::Hash("ws", "old");
  ids.Add(old, Day(20000, 23));
  for (int day = 1; day <= MessageIds::kWindowDays; ++day) {
    ids.Add(MessageIds::Hash("ws", "day" + std::to_string(day)), Day(20000 + day, 23));
    EXPECT_TRUE(ids.Contains(old)) << "forgotten after " << day << " days";
  }
  ids.Add(MessageIds::Hash("ws", "later"), Day(20000 + MessageIds::kWindowDays + 1, 0));
  EXPECT_FALSE(ids.Contains(old)) << "kept past the window";
  EXPECT_TRUE(ids.Contains(MessageIds::Hash("ws", "day1")));
}

TEST(MessageIdsTest, GrowsWithoutLosingAny) {
  MessageIds ids;
  for (int i = 0; i < 100'000; ++i) ids.Add(MessageIds::Hash("ws", std::to_string(i)), Day(20000));
  EXPECT_EQ(ids.size(), 100'000u);
  for (int i = 0; i < 100'000; i += 997) {
    EXPECT_TRUE(ids.Contains(MessageIds::Hash("ws", std::to_string(i))));
  }
  EXPECT_FALSE(ids.Contains(MessageIds::Hash("ws", "100000")));
  ids.Add(MessageIds::Hash("ws", "42"), Day(20000));  // a repeat is not counted twice
  EXPECT_EQ(ids.size(), 100'000u);
}

// Growing moves the old array's values a few at a time: each must be found while it waits.
TEST(MessageIdsTest, FindsEveryIdWhileGrowing) {
  MessageIds ids;
  auto id = [](int i) { return MessageIds::Hash("ws", "g" + std::to_string(i)); };
  for (int i = 0; i < 200'000; ++i) {
    ids.Add(id(i), Day(20000));
    ASSERT_TRUE(ids.Contains(id(i / 2))) << i;
    ASSERT_TRUE(ids.Contains(id(i - i % 1024))) << i;
  }
  ids.Add(id(123), Day(20000));  // a repeat, perhaps still in the old array
  EXPECT_EQ(ids.size(), 200'000u);
  for (int i = 0; i < 200'000; ++i) ASSERT_TRUE(ids.Contains(id(i))) << i;
}

TEST(MessageIdsTest, AcceptsArrivalsOutOfOrder) {
  MessageIds ids;
  ids.Add(MessageIds::Hash("ws", "b"), Day(20003));
  ids.Add(MessageIds::Hash("ws", "a"), Day(20001));  // a restart with an older clock
  EXPECT_TRUE(ids.Contains(MessageIds::Hash("ws", "a")));
  EXPECT_TRUE(ids.Contains(MessageIds::Hash("ws", "b")));
}

}  // namespace
}  // namespace tertulia::ingest
