// Tracked events by person: the tracking writer's appends update no per-person index, slices bring
// its ranges up to date, and every query finds a person's events the same whether they are
// indexed, still in a range's tail, or split between the two. Against a real SQLite file.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "store/event_repo.hpp"
#include "store/merge_repo.hpp"
#include "store/migrate.hpp"
#include "support/store_backends.hpp"
#include "support/test_dir.hpp"
#include "support/transactions.hpp"

namespace tertulia::store {
namespace {

constexpr std::string_view kWorkspace = "ws1";
const Timestamp kStart = FromUnixMillis(1'764'000'000'000);

template <typename T>
Status Done(Result<T> result) {
  if (!result.ok()) return std::move(result).error();
  return OkStatus();
}

class EventStoreTest : public ::testing::TestWithParam<testing::StoreBackend> {
 protected:
  void SetUp() override {
    db_ = GetParam().open(dir_);
    ASSERT_TRUE(Migrate(*db_).ok());
  }

  void Write(const std::function<Status(Tx&)>& work) { testing::WriteTx(*db_, work); }
  template <typename T>
  T Read(const std::function<Result<T>(Tx&)>& read) {
    return testing::ReadTx(*db_, read);
  }

  // Appends an event `minute` minutes after kStart, as the tracking writer does (with `tail_`),
  // or, with `by_writer` false, as anything else does (indexed at once).
  void Append(std::string message_id, int minute, std::optional<std::string> contact,
              std::optional<std::string> anonymous = {}, std::optional<std::string> user = {},
              bool by_writer = true) {
    domain::Event e;
    e.workspace_id = kWorkspace;
    e.message_id = std::move(message_id);
    e.type = domain::EventType::kPage;
    e.contact_id = std::move(contact);
    e.anonymous_id = std::move(anonymous);
    e.user_id = std::move(user);
    e.occurred_at = e.received_at = kStart + std::chrono::minutes(minute);
    e.body = "{}";
    e.source_key_id = "key1";
    Write([&](Tx& tx) {
      return by_writer ? EventRepo(tx, tail_).Append(e) : EventRepo(tx).Append(e);
    });
  }
  // Indexes at most `slices` ranges of the writer's tail, as the writer does.
  void IndexSlices(int slices = kPersonIndexRanges) {
    for (int range = tail_.NextRange(-1); range >= 0 && slices > 0;
         range = tail_.NextRange(range), --slices) {
      UnindexedTail::Slice slice = tail_.Take(range);
      int64_t through = 0;
      Write([&](Tx& tx) -> Status {
        EventRepo events(tx, tail_);
        TT_RETURN_IF_ERROR(events.IndexEntries(slice.entries));
        TT_RETURN_IF_ERROR(events.MarkIndexed(range, slice.through));
        TT_ASSIGN_OR_RETURN(through, events.IndexedThrough());
        return OkStatus();
      });
      tail_.Complete(through);
    }
  }
  // As a writer starting on a database another left: from the rows.
  void IndexFromRows() {
    Write([&](Tx& tx) { return EventRepo(tx).IndexPending(); });
    tail_ = UnindexedTail();
  }
  int64_t IndexEntries() {
    return Read<int64_t>([](Tx& tx) { return tx.QueryInt("SELECT count(*) FROM event_person"); });
  }

  // The message ids of the contact's events, newest first, read `page_size` at a time.
  std::vector<std::string> ListOf(std::string_view contact, size_t page_size = 100) {
    std::vector<std::string> ids;
    PageRequest page;
    page.limit = page_size;
    EventFilter filter;
    filter.contact_id = std::string(contact);
    while (true) {
      auto got = Read<Page<domain::Event>>(
          [&](Tx& tx) { return EventRepo(tx).List(kWorkspace, filter, page); });
      for (const auto& e : got.items) ids.push_back(e.message_id);
      if (!got.next_key) return ids;
      page.after_key = got.next_key;
      page.after_id = got.next_id;
    }
  }
  // The message ids of the person's events, oldest first.
  std::vector<std::string> OfPerson(PersonKey::Kind kind, std::string value) {
    auto events = Read<std::vector<domain::Event>>([&](Tx& tx) {
      return EventRepo(tx).OfPerson(kWorkspace, {kind, std::move(value)}, {}, {}, 1000);
    });
    std::vector<std::string> ids;
    for (const auto& e : events) ids.push_back(e.message_id);
    return ids;
  }
  int64_t CountOf(std::string_view contact) {
    EventFilter filter;
    filter.contact_id = std::string(contact);
    auto days = Read<std::vector<EventDayCount>>(
        [&](Tx& tx) { return EventRepo(tx).CountByDay(kWorkspace, filter); });
    int64_t total = 0;
    for (const auto& day : days) total += day.count;
    return total;
  }

  testing::TestDir dir_;
  std::unique_ptr<Db> db_;
  UnindexedTail tail_;
};

using Strings = std::vector<std::string>;

TEST_P(EventStoreTest, FindsAPersonsEventsIndexedInTheTailOrSplitBetweenThem) {
  Append("m1", 1, "c1");
  Append("m2", 2, "c2");
  Append("m3", 3, "c1");
  EXPECT_EQ(ListOf("c1"), (Strings{"m3", "m1"}));  // all in the tail
  IndexSlices();
  EXPECT_EQ(ListOf("c1"), (Strings{"m3", "m1"}));  // all indexed
  Append("m4", 0, "c1");                           // arrived late: older than the indexed ones
  Append("m5", 4, "c1");
  Append("m6", 3, "c1");  // the same minute as an indexed one
  Strings newest_first{"m5", "m6", "m3", "m1", "m4"};
  EXPECT_EQ(ListOf("c1"), newest_first);
  EXPECT_EQ(ListOf("c1", 2), newest_first) << "pages across the two parts";
  EXPECT_EQ(OfPerson(PersonKey::Kind::kContact, "c1"), (Strings{"m4", "m1", "m3", "m6", "m5"}));
  EXPECT_EQ(CountOf("c1"), 5);
  EXPECT_EQ(ListOf("c2"), (Strings{"m2"}));
  IndexSlices(1);  // one range indexed, the others still behind
  EXPECT_EQ(ListOf("c1", 2), newest_first);
  IndexSlices();
  EXPECT_EQ(ListOf("c1", 2), newest_first);
  EXPECT_EQ(CountOf("c1"), 5);
  EXPECT_EQ(IndexEntries(), 6);
}

TEST_P(EventStoreTest, FindsEventsOthersAppendAndIndexesWhatAnEarlierWriterLeft) {
  Append("m1", 1, "c1", {}, {}, /*by_writer=*/false);  // a merge's record, say
  Append("m2", 2, "c1");
  EXPECT_EQ(ListOf("c1"), (Strings{"m2", "m1"}));
  IndexSlices();
  EXPECT_EQ(ListOf("c1"), (Strings{"m2", "m1"}));
  Append("m3", 3, "c1");
  Append("m4", 4, {}, "anon1");
  tail_ = UnindexedTail();  // the writer stopped before indexing them
  IndexFromRows();
  EXPECT_EQ(ListOf("c1"), (Strings{"m3", "m2", "m1"}));
  EXPECT_EQ(OfPerson(PersonKey::Kind::kAnonymous, "anon1"), (Strings{"m4"}));
  EXPECT_EQ(IndexEntries(), 4);
}

TEST_P(EventStoreTest, AnEventClaimedBeforeItsSliceIsTheContactsAndErasedWithIt) {
  Append("m1", 1, {}, "anon1");
  Write([&](Tx& tx) { return EventRepo(tx, tail_).Claim(kWorkspace, "anon1", "c1"); });
  Write([&](Tx& tx) { return IdentityRepo(tx).Link(kWorkspace, "anonymous", "anon1", "c1"); });
  IndexSlices();  // indexes the visitor's entry the writer kept: queries skip it
  EXPECT_EQ(ListOf("c1"), (Strings{"m1"}));
  EXPECT_EQ(OfPerson(PersonKey::Kind::kAnonymous, "anon1"), Strings{});
  Write([&](Tx& tx) { return Done(EventRepo(tx).EraseContact(kWorkspace, "c1")); });
  EXPECT_EQ(ListOf("c1"), Strings{});
  EXPECT_EQ(IndexEntries(), 0) << "nothing of the person is left in the index";
}

TEST_P(EventStoreTest, IndexesVisitorsAndUsersWithoutAContact) {
  Append("m1", 1, {}, "anon1");
  Append("m2", 2, {}, "anon1", "user1");
  Append("m3", 3, "c1", "anon1", "user1");
  IndexSlices();
  Append("m4", 4, {}, "anon1", "user1");
  EXPECT_EQ(OfPerson(PersonKey::Kind::kAnonymous, "anon1"), (Strings{"m1", "m2", "m4"}));
  EXPECT_EQ(OfPerson(PersonKey::Kind::kUser, "user1"), (Strings{"m2", "m4"}));
  EXPECT_EQ(OfPerson(PersonKey::Kind::kContact, "c1"), (Strings{"m3"}));
}

TEST_P(EventStoreTest, ClaimsAVisitorsEventsInBothPartsWithOrWithoutTheWritersTail) {
  Append("m1", 1, {}, "anon1");
  Append("m2", 2, {}, "anon2");
  IndexSlices();
  Append("m3", 3, {}, "anon1");
  Append("m4", 4, "c9", "anon1");  // already someone's: stays theirs
  Write([&](Tx& tx) { return EventRepo(tx, tail_).Claim(kWorkspace, "anon1", "c1"); });
  EXPECT_EQ(ListOf("c1"), (Strings{"m3", "m1"}));
  EXPECT_EQ(OfPerson(PersonKey::Kind::kAnonymous, "anon1"), Strings{});
  EXPECT_EQ(ListOf("c9"), (Strings{"m4"}));

  Append("m5", 5, {}, "anon2");
  Write([&](Tx& tx) { return EventRepo(tx).Claim(kWorkspace, "anon2", "c2"); });  // scans
  EXPECT_EQ(ListOf("c2"), (Strings{"m5", "m2"}));
  IndexSlices();
  EXPECT_EQ(ListOf("c1"), (Strings{"m3", "m1"}));
  EXPECT_EQ(ListOf("c2"), (Strings{"m5", "m2"}));
}

TEST_P(EventStoreTest, KeepsTheIndexRightWhenIndexedEventsChangeHands) {
  Append("m1", 1, "c1");
  Append("m2", 2, "c1");
  IndexSlices();
  Append("m3", 3, "c1");
  Write([&](Tx& tx) { return Done(MergeRepo(tx).MoveEvents(kWorkspace, "merge1", "c1", "c2")); });
  EXPECT_EQ(ListOf("c1"), Strings{});
  EXPECT_EQ(ListOf("c2"), (Strings{"m3", "m2", "m1"}));
  Write([&](Tx& tx) {
    return Done(MergeRepo(tx).MoveEventsBack(kWorkspace, "merge1", "c2", "c1", kStart, {}));
  });
  EXPECT_EQ(ListOf("c1"), (Strings{"m3", "m2", "m1"}));
  EXPECT_EQ(ListOf("c2"), Strings{});
  IndexSlices();
  EXPECT_EQ(ListOf("c1"), (Strings{"m3", "m2", "m1"}));
  EXPECT_EQ(CountOf("c2"), 0);
}

TEST_P(EventStoreTest, StillFindsNewEventsAfterTheNewestIndexedOnesAreErased) {
  Append("m1", 1, "c1");
  Append("m2", 2, "c2");
  IndexSlices();
  Write([&](Tx& tx) { return Done(EventRepo(tx).EraseContact(kWorkspace, "c2")); });
  EXPECT_EQ(ListOf("c2"), Strings{});
  Append("m3", 3, "c3");  // SQLite gives it the erased event's seq
  EXPECT_EQ(ListOf("c3"), (Strings{"m3"}));
  IndexSlices();
  EXPECT_EQ(ListOf("c3"), (Strings{"m3"}));
  EXPECT_EQ(ListOf("c1"), (Strings{"m1"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreTest, ::testing::ValuesIn(testing::StoreBackends()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace tertulia::store
