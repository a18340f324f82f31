#include "ingest/payload.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tertulia::ingest {
namespace {

using domain::EventType;

class PayloadTest : public ::testing::Test {
 protected:
  // The field a single message was refused for ("" when it was kept).
  std::string RefusedField(std::string_view body, EventType type) {
    auto parsed = ParseMessage(body, type, received_, ids_);
    EXPECT_TRUE(parsed.ok());
    if (!parsed.ok() || parsed->refused.empty()) return "";
    EXPECT_TRUE(parsed->events.empty());
    return parsed->refused[0].field;
  }

  Timestamp At(std::string_view iso) { return *ParseIso8601(iso); }
  FakeClock clock_{*ParseIso8601("2026-11-30T12:00:00Z")};
  IdGenerator ids_{clock_};
  Timestamp received_ = At("2026-11-30T12:00:00Z");
};

TEST_F(PayloadTest, CorrectsTheClientClockSkewTheWaySegmentDoes) {
  // The client's clock runs an hour late: it stamped and sent the event at 11:00 its time.
  auto parsed = ParseMessage(
      R"({"userId":"u1","event":"Signed Up","timestamp":"2026-11-30T10:59:50Z",
          "sentAt":"2026-11-30T11:00:00Z","messageId":"m1","properties":{"plan":"pro"}})",
      EventType::kTrack, received_, ids_);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  ASSERT_EQ(parsed->events.size(), 1u);
  const auto& event = parsed->events[0];
  EXPECT_EQ(event.occurred_at, At("2026-11-30T11:59:50Z"));
  EXPECT_EQ(event.received_at, received_);
  EXPECT_EQ(event.name, "Signed Up");
  EXPECT_EQ(event.message_id, "m1");
  EXPECT_NE(event.body.find("\"plan\":\"pro\""), std::string::npos);
}

TEST_F(PayloadTest, KeepsTheClientTimeWithoutSentAtAndUsesReceiptWithoutAnyTime) {
  auto kept = ParseMessage(R"({"anonymousId":"a","timestamp":"2019-10-01T00:00:00Z"})",
                           EventType::kPage, received_, ids_);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->events[0].occurred_at, At("2019-10-01T00:00:00Z"));
  auto now = ParseMessage(R"({"anonymousId":"a"})", EventType::kPage, received_, ids_);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->events[0].occurred_at, received_);
  EXPECT_FALSE(now->events[0].message_id.empty()) << "a missing messageId is assigned";
}

TEST_F(PayloadTest, AnImplausibleCorrectionFallsBackToTheClientTimeOrToReceipt) {
  auto absurd = ParseMessage(R"({"userId":"u","event":"x","sentAt":"0001-01-01T00:00:00Z",
                                 "timestamp":"2026-11-30T11:00:00Z"})",
                             EventType::kTrack, received_, ids_);
  ASSERT_TRUE(absurd.ok());
  EXPECT_EQ(absurd->events[0].occurred_at, At("2026-11-30T11:00:00Z"));
  auto future = ParseMessage(R"({"userId":"u","event":"x","timestamp":"9999-12-31T23:59:59Z"})",
                             EventType::kTrack, received_, ids_);
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(future->events[0].occurred_at, received_);
}

TEST_F(PayloadTest, RefusesAMessageWithoutIdsOrWithWrongTypesNamingTheField) {
  EXPECT_EQ(RefusedField(R"({"event":"x"})", EventType::kTrack), "userId");
  EXPECT_EQ(RefusedField(R"({"userId":42,"event":"x"})", EventType::kTrack), "userId");
  EXPECT_EQ(RefusedField(R"({"userId":"u","event":"x","properties":[1]})", EventType::kTrack),
            "properties");
  EXPECT_EQ(RefusedField(R"({"userId":"u"})", EventType::kTrack), "event");
  EXPECT_EQ(RefusedField(R"({"userId":"u"})", EventType::kAlias), "previousId");
  EXPECT_EQ(RefusedField(R"({"userId":"u","timestamp":"yesterday"})", EventType::kIdentify),
            "timestamp");
  EXPECT_EQ(RefusedField(R"({"userId":"u","event":"x"})", EventType::kTrack), "");
}

TEST_F(PayloadTest, RefusesWhatIsNotJsonTooDeepInvalidUtf8OrTooLarge) {
  EXPECT_FALSE(ParseMessage("{nope", EventType::kTrack, received_, ids_).ok());
  EXPECT_FALSE(ParseMessage("[]", EventType::kTrack, received_, ids_).ok());
  std::string deep = R"({"userId":"u","event":"x","properties":)" + std::string(40, '[') +
                     std::string(40, ']') + "}";
  auto too_deep = ParseMessage(deep, EventType::kTrack, received_, ids_);
  ASSERT_FALSE(too_deep.ok());
  EXPECT_NE(too_deep.error().message().find("nested"), std::string::npos);
  std::string bad_utf8 = "{\"userId\":\"u\xff\xfe\",\"event\":\"x\"}";
  EXPECT_FALSE(ParseMessage(bad_utf8, EventType::kTrack, received_, ids_).ok());
  std::string big =
      R"({"userId":"u","event":"x","properties":{"p":")" + std::string(33000, 'a') + "\"}}";
  auto large = ParseMessage(big, EventType::kTrack, received_, ids_);
  ASSERT_FALSE(large.ok());
  EXPECT_NE(large.error().message().find("32768"), std::string::npos);
}

// Found by the fuzzer: 1e400 parsed as infinity and was stored as `Infinity`, which is not JSON,
// so the event's properties, traits and context were lost when read back.
TEST_F(PayloadTest, RefusesANumberBeyondTheRangeOfADoubleNamingItsField) {
  EXPECT_EQ(RefusedField(R"({"userId":"u","event":"x","properties":{"a":[{"b":[1,2e308]}]}})",
                         EventType::kTrack),
            "properties");
  auto parsed = ParseBatch(R"({"batch":[{"type":"identify","userId":"u","traits":{"n":-1e400}},
      {"type":"identify","userId":"u","traits":{"n":1.7e308}}]})",
                           received_, ids_);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->refused.size(), 1u);
  EXPECT_EQ(parsed->refused[0].index, 0u);
  EXPECT_EQ(parsed->refused[0].reason, "bad_number");
  EXPECT_EQ(parsed->refused[0].field, "traits");
  ASSERT_EQ(parsed->events.size(), 1u) << "a large but finite number is kept";
  EXPECT_NE(parsed->events[0].body.find("1.7E308"), std::string::npos) << parsed->events[0].body;
}

TEST_F(PayloadTest, ABatchKeepsGoodMessagesAndRefusesBadOnesAloneWithAReason) {
  std::string big = std::string(33000, 'b');
  std::string body = R"({"writeKey":"wk_1","sentAt":"2026-11-30T12:00:00Z","batch":[
      {"type":"identify","userId":"u1","traits":{"email":"ana@example.com"}},
      {"type":"track","event":"Order Completed"},
      {"type":"track","userId":"u1","event":"Order Completed","properties":{"total":12}},
      {"type":"bogus","userId":"u1"},
      7,
      {"type":"page","anonymousId":"a1","properties":{"pad":")" +
                     big + R"("}},
      {"type":"page","anonymousId":"a1","name":"Home"}]})";
  auto parsed = ParseBatch(body, received_, ids_);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->write_key, "wk_1");
  ASSERT_EQ(parsed->events.size(), 3u);
  EXPECT_EQ(parsed->events[0].type, EventType::kIdentify);
  EXPECT_EQ(parsed->events[2].name, "Home");
  ASSERT_EQ(parsed->refused.size(), 4u);
  EXPECT_EQ(parsed->refused[0].index, 1u);
  EXPECT_EQ(parsed->refused[0].reason, "missing_id");
  EXPECT_EQ(parsed->refused[1].reason, "wrong_type");
  EXPECT_EQ(parsed->refused[2].reason, "wrong_type");
  EXPECT_EQ(parsed->refused[3].reason, "too_large");
}

TEST_F(PayloadTest, ABatchOverItsLimitsIsRefusedWhole) {
  Limits limits;
  limits.max_batch_messages = 2;
  auto many = ParseBatch(R"({"batch":[{"type":"page","anonymousId":"a"},
      {"type":"page","anonymousId":"a"},{"type":"page","anonymousId":"a"}]})",
                         received_, ids_, limits);
  ASSERT_TRUE(many.ok());
  ASSERT_TRUE(many->refused_whole.has_value());
  EXPECT_EQ(many->refused_whole->fields().at(0).field, "batch");
  EXPECT_TRUE(many->events.empty());
  std::string huge = R"({"batch":[)" + std::string(600 * 1024, ' ') + "]}";
  EXPECT_FALSE(ParseBatch(huge, received_, ids_).ok());
  auto no_batch = ParseBatch(R"({"messages":[],"writeKey":"k"})", received_, ids_);
  ASSERT_TRUE(no_batch.ok());
  EXPECT_TRUE(no_batch->refused_whole.has_value());
  EXPECT_EQ(no_batch->write_key, "k") << "the key is read, so that it is checked first";
  EXPECT_FALSE(ParseBatch("[]", received_, ids_).ok());
}

}  // namespace
}  // namespace tertulia::ingest
