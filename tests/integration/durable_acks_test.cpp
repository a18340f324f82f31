// The tracking writer's acknowledgements: a commit that did not wait for the disk is answered
// only after a sync begun after it, failures at once, and nothing more after a failed sync.
// Against a real SQLite file; the syncs pass through a gate the tests open and close.
#include "ingest/durable_acks.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "store/migrate.hpp"
#include "support/store_backends.hpp"
#include "support/test_dir.hpp"
#include "support/transactions.hpp"

namespace tertulia::ingest {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kInsert =
    "INSERT INTO identity (workspace_id, kind, value, record_id) VALUES ('ws1', 'user', $1, 'c1')";

// The real database, with its SyncCommitted held until the test lets it through (or fails it).
class GatedDb final : public store::Db {
 public:
  explicit GatedDb(std::unique_ptr<store::Db> db) : db_(std::move(db)) {}

  void Open(Status outcome = OkStatus()) {
    {
      std::lock_guard lock(mu_);
      open_ = true;
      outcome_ = std::move(outcome);
    }
    cv_.notify_all();
  }
  int syncs() {
    std::lock_guard lock(mu_);
    return syncs_;
  }

  Status SyncCommitted() override {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_; });
    ++syncs_;
    TT_RETURN_IF_ERROR(outcome_);
    lock.unlock();
    return db_->SyncCommitted();
  }
  Result<std::unique_ptr<store::Tx>> BeginRead() override { return db_->BeginRead(); }
  Result<std::unique_ptr<store::Tx>> BeginWrite() override { return db_->BeginWrite(); }
  Result<std::unique_ptr<store::Tx>> BeginUnsyncedWrite() override {
    return db_->BeginUnsyncedWrite();
  }
  store::Dialect dialect() const override { return db_->dialect(); }
  Status BeginBulkLoad(std::span<const std::string_view> tables) override {
    return db_->BeginBulkLoad(tables);
  }
  Status FinishBulkLoad(const BulkLoadProgress& progress) override {
    return db_->FinishBulkLoad(progress);
  }
  Status Scrub() override { return db_->Scrub(); }
  std::span<const store::Migration> migrations() const override { return db_->migrations(); }
  std::string Describe() const override { return db_->Describe(); }

 private:
  std::unique_ptr<store::Db> db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  Status outcome_ = OkStatus();
  int syncs_ = 0;
};

using Answer = std::future<Result<WriteSummary>>;

class DurableAcksTest : public ::testing::TestWithParam<testing::StoreBackend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<GatedDb>(GetParam().open(dir_));
    ASSERT_TRUE(store::Migrate(*db_).ok());
  }

  // Commits a row without waiting for the disk, as the tracking writer does.
  void CommitUnsynced(const std::string& key) {
    auto tx = db_->BeginUnsyncedWrite();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->Exec(kInsert, {key}).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  // Hands `acks` one outcome; returns its answer.
  static Answer Hand(DurableAcks& acks, Result<WriteSummary> result) {
    DurableAcks::Promise done;
    Answer answer = done.get_future();
    std::vector<DurableAcks::Outcome> outcomes;
    outcomes.push_back({std::move(done), std::move(result)});
    acks.Acknowledge(std::move(outcomes));
    return answer;
  }
  static bool Answered(Answer& answer, std::chrono::milliseconds within = 0ms) {
    return answer.wait_for(within) == std::future_status::ready;
  }

  testing::TestDir dir_;
  std::unique_ptr<GatedDb> db_;
};

TEST_P(DurableAcksTest, AnswersACommitOnlyOnceASyncAfterItHasReturned) {
  DurableAcks acks(*db_);
  CommitUnsynced("a");
  Answer answer = Hand(acks, WriteSummary{3, 1});
  EXPECT_FALSE(Answered(answer, 100ms));  // the sync is held
  db_->Open();
  ASSERT_TRUE(Answered(answer, 10s));
  auto summary = answer.get();
  ASSERT_TRUE(summary.ok()) << summary.error().ToString();
  EXPECT_EQ(summary->stored, 3u);
  EXPECT_EQ(summary->duplicates, 1u);
  auto stored = testing::ReadTx<int64_t>(*db_, [](store::Tx& tx) {
    return tx.QueryInt("SELECT count(*) FROM identity WHERE value = 'a'");
  });
  EXPECT_EQ(stored, 1);
}

TEST_P(DurableAcksTest, OneSyncAnswersEveryCommitMadeWhileTheLastOneRan) {
  DurableAcks acks(*db_);
  std::vector<Answer> answers;
  for (int i = 0; i < 5; ++i) {
    CommitUnsynced("k" + std::to_string(i));
    answers.push_back(Hand(acks, WriteSummary{1, 0}));
  }
  db_->Open();
  for (auto& answer : answers) ASSERT_TRUE(Answered(answer, 10s));
  // The first sync may have begun before the others were handed over; at most one more follows.
  EXPECT_LE(db_->syncs(), 2);
}

TEST_P(DurableAcksTest, AnswersFailuresAtOnce) {
  DurableAcks acks(*db_);
  Answer failed = Hand(acks, Error::InvalidArgument("bad batch"));
  ASSERT_TRUE(Answered(failed));  // the gate is still closed
  EXPECT_EQ(failed.get().error().code(), ErrorCode::kInvalidArgument);
  db_->Open();
}

TEST_P(DurableAcksTest, AfterAFailedSyncNothingMoreIsAcknowledged) {
  DurableAcks acks(*db_);
  CommitUnsynced("a");
  Answer first = Hand(acks, WriteSummary{1, 0});
  db_->Open(Error::Unavailable("disk gone"));
  ASSERT_TRUE(Answered(first, 10s));
  EXPECT_EQ(first.get().error().code(), ErrorCode::kUnavailable);
  db_->Open();  // the disk syncs again, but what it lost stays unknown
  CommitUnsynced("b");
  Answer later = Hand(acks, WriteSummary{1, 0});
  ASSERT_TRUE(Answered(later, 10s));
  auto result = later.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), ErrorCode::kUnavailable);
}

TEST_P(DurableAcksTest, StoppingAnswersWhatWasHandedOver) {
  Answer answer;
  {
    DurableAcks acks(*db_);
    CommitUnsynced("a");
    answer = Hand(acks, WriteSummary{2, 0});
    db_->Open();
  }
  ASSERT_TRUE(Answered(answer));
  EXPECT_TRUE(answer.get().ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, DurableAcksTest, ::testing::ValuesIn(testing::StoreBackends()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace tertulia::ingest
