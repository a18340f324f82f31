#include "analytics/sessions.hpp"

#include <gtest/gtest.h>

namespace tertulia::analytics {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using Kind = Touch::Kind;

const Timestamp kStart = *ParseIso8601("2026-10-01T10:00:00Z");

Touch Page(minutes after, std::string url, std::optional<std::string> view = std::nullopt) {
  Touch t;
  t.kind = Kind::kPage;
  t.at = kStart + after;
  t.url = std::move(url);
  t.page_view_id = std::move(view);
  return t;
}

Touch Of(Kind kind, minutes after) {
  Touch t;
  t.kind = kind;
  t.at = kStart + after;
  return t;
}

TEST(SessionsTest, ThirtyMinutesOfSilenceStartANewSession) {
  auto sessions = Sessionize({Page(minutes(0), "/a"), Page(minutes(10), "/b"),
                              Page(minutes(39), "/c"), Page(minutes(70), "/d")});
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].pages.size(), 3u) << "29 minutes apart is the same visit";
  EXPECT_EQ(sessions[0].entry_page, "/a");
  EXPECT_EQ(sessions[0].exit_page, "/c");
  EXPECT_EQ(sessions[0].duration(), minutes(39));
  EXPECT_EQ(sessions[1].entry_page, "/d");
  EXPECT_EQ(sessions[1].exit_page, "/d");
}

TEST(SessionsTest, DwellIsTheReportedVisibleTimeElseTheTimeToTheNextTouch) {
  Touch report = Of(Kind::kDwell, minutes(3));
  report.page_view_id = "pv1";
  report.dwell = seconds(95);
  auto sessions = Sessionize({Page(minutes(0), "/a", "pv1"), report, Page(minutes(4), "/b"),
                              Of(Kind::kOther, minutes(6))});
  ASSERT_EQ(sessions.size(), 1u);
  ASSERT_EQ(sessions[0].pages.size(), 2u);
  EXPECT_EQ(sessions[0].pages[0].dwell, seconds(95));
  EXPECT_EQ(sessions[0].pages[1].dwell, minutes(2));
}

TEST(SessionsTest, ALateDwellReportStaysWithItsPageAndExtendsTheVisit) {
  Touch report = Of(Kind::kDwell, minutes(50));
  report.page_view_id = "pv1";
  report.dwell = minutes(45);
  auto sessions = Sessionize({Page(minutes(0), "/long-read", "pv1"), report});
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].pages[0].dwell, minutes(45));
  EXPECT_EQ(sessions[0].duration(), minutes(50));
}

TEST(SessionsTest, CountsCartChangesAndConversionAndKeepsTheFirstCampaignAndReferrer) {
  Touch first = Page(minutes(0), "/landing");
  first.referrer = "https://news.example/";
  first.campaign = "otono";
  first.source = "newsletter";
  first.medium = "email";
  Touch later = Page(minutes(1), "/p");
  later.campaign = "other";
  auto sessions = Sessionize({first, later, Of(Kind::kCartAdd, minutes(2)),
                              Of(Kind::kCartAdd, minutes(3)), Of(Kind::kCartRemove, minutes(4)),
                              Of(Kind::kOrder, minutes(5)), Of(Kind::kCartAdd, minutes(90))});
  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].cart_adds, 2);
  EXPECT_EQ(sessions[0].cart_removes, 1);
  EXPECT_TRUE(sessions[0].converted);
  EXPECT_EQ(sessions[0].campaign, "otono");
  EXPECT_EQ(sessions[0].source, "newsletter");
  EXPECT_EQ(sessions[0].referrer, "https://news.example/");
  EXPECT_FALSE(sessions[1].converted);
  EXPECT_EQ(sessions[1].cart_adds, 1);
  EXPECT_FALSE(sessions[1].entry_page.has_value()) << "a session without pages has no entry";
}

TEST(SessionsTest, NoTouchesNoSessions) { EXPECT_TRUE(Sessionize({}).empty()); }

}  // namespace
}  // namespace tertulia::analytics
