// The storage contract: what every backend (Db/Tx, migrations, repositories) must do. Each test
// runs against every backend of testing::StoreBackends().
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "core/id.hpp"
#include "store/migrate.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/workspace_repo.hpp"
#include "support/store_backends.hpp"
#include "support/test_dir.hpp"

namespace tertulia::store {
namespace {

class StoreContractTest : public ::testing::TestWithParam<testing::StoreBackend> {
 protected:
  void SetUp() override {
    db_ = GetParam().open(dir_);
    auto migrated = Migrate(*db_);
    ASSERT_TRUE(migrated.ok()) << migrated.error().ToString();
  }

  domain::Workspace NewWorkspace(std::string slug) {
    auto now = SystemClock{}.Now();
    return {.id = NewId(),
            .slug = std::move(slug),
            .name = "Acme",
            .currency = "EUR",
            .created_at = now,
            .updated_at = now};
  }

  std::unique_ptr<Tx> Write() {
    auto tx = db_->BeginWrite();
    EXPECT_TRUE(tx.ok());
    return std::move(tx).value();
  }
  std::unique_ptr<Tx> Read() {
    auto tx = db_->BeginRead();
    EXPECT_TRUE(tx.ok());
    return std::move(tx).value();
  }
  size_t CountWorkspaces() {
    auto tx = Read();
    return WorkspaceRepo(*tx).List()->size();
  }

  testing::TestDir dir_;
  std::unique_ptr<Db> db_;
};

TEST_P(StoreContractTest, MigratesOnceToTheLatestVersion) {
  int latest = db_->migrations().back().version;
  EXPECT_EQ(*SchemaVersion(*db_), latest);
  auto again = Migrate(*db_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->from_version, latest);
  EXPECT_TRUE(CheckSchemaCurrent(*db_).ok());
}

TEST_P(StoreContractTest, RefusesADatabaseNewerThanTheBinary) {
  {
    auto tx = Write();
    ASSERT_TRUE(tx->Exec("INSERT INTO schema_migrations (version, name, applied_at)"
                         " VALUES (999, 'from the future', 0)")
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto migrated = Migrate(*db_);
  ASSERT_FALSE(migrated.ok());
  EXPECT_EQ(migrated.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(migrated.error().message().find("newer"), std::string::npos);
  EXPECT_FALSE(CheckSchemaCurrent(*db_).ok());
}

TEST_P(StoreContractTest, RollsBackUnlessCommitted) {
  {
    auto tx = Write();
    ASSERT_TRUE(WorkspaceRepo(*tx).Insert(NewWorkspace("forgotten")).ok());
  }  // no Commit
  EXPECT_EQ(CountWorkspaces(), 0u);
  {
    auto tx = Write();
    ASSERT_TRUE(WorkspaceRepo(*tx).Insert(NewWorkspace("kept")).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(CountWorkspaces(), 1u);
}

TEST_P(StoreContractTest, ReportsUniqueViolationsAsAlreadyExists) {
  auto tx = Write();
  WorkspaceRepo repo(*tx);
  ASSERT_TRUE(repo.Insert(NewWorkspace("acme")).ok());
  Status again = repo.Insert(NewWorkspace("acme"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_NE(again.error().message().find("acme"), std::string::npos);
}

TEST_P(StoreContractTest, FindsWorkspacesByIdAndSlug) {
  auto workspace = NewWorkspace("findme");
  {
    auto tx = Write();
    ASSERT_TRUE(WorkspaceRepo(*tx).Insert(workspace).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto tx = Read();
  WorkspaceRepo repo(*tx);
  auto by_id = repo.Get(workspace.id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->slug, "findme");
  EXPECT_EQ(by_id->created_at, workspace.created_at);
  EXPECT_EQ((*repo.FindBySlug("findme"))->id, workspace.id);
  EXPECT_FALSE(repo.FindBySlug("nobody")->has_value());
  EXPECT_EQ(repo.Get("missing").error().code(), ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, ReadsSeeASnapshot) {
  auto reader = Read();
  EXPECT_EQ(WorkspaceRepo(*reader).List()->size(), 0u);  // the snapshot starts here
  {
    auto tx = Write();  // a writer is not blocked by the open reader
    ASSERT_TRUE(WorkspaceRepo(*tx).Insert(NewWorkspace("later")).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(WorkspaceRepo(*reader).List()->size(), 0u);
  EXPECT_EQ(CountWorkspaces(), 1u);
}

TEST_P(StoreContractTest, BindsParametersByNumberAndNulls) {
  auto tx = Write();
  std::string text = "hello";
  std::optional<int64_t> absent;
  std::vector<std::string> got;
  ASSERT_TRUE(
      tx->Query("SELECT $2, $1, $2 || $1, $3 IS NULL", {text, "x", absent}, [&](const Row& row) {
          got = {row.String(0), row.String(1), row.String(2), std::to_string(row.Int(3))};
        }).ok());
  EXPECT_EQ(got, (std::vector<std::string>{"x", "hello", "xhello", "1"}));
  auto missing = tx->Exec("SELECT $1, $2", {1});
  EXPECT_EQ(missing.error().code(), ErrorCode::kInternal);
}

TEST_P(StoreContractTest, HidesSqlErrorsFromTheClientMessage) {
  auto tx = Read();
  auto bad = tx->Exec("SELEC nonsense");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(bad.error().message(), "internal error");
  EXPECT_NE(bad.error().log_detail().find("SELEC"), std::string::npos);
}

TEST_P(StoreContractTest, SerialisesConcurrentWriters) {
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto tx = db_->BeginWrite();
        if (!tx.ok() ||
            !WorkspaceRepo(**tx).Insert(NewWorkspace(fmt::format("w{}-{}", t, i))).ok() ||
            !(*tx)->Commit().ok()) {
          ++failures;
        }
        auto reader = db_->BeginRead();  // readers run alongside
        if (!reader.ok() || !WorkspaceRepo(**reader).List().ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountWorkspaces(), static_cast<size_t>(kThreads * kEach));
}

// What lets the tracking writer keep what it learnt from one transaction to the next.
TEST_P(StoreContractTest, TellsWhichCommitAWriteFollowsDirectly) {
  if (Write()->number() == 0) GTEST_SKIP() << "this backend does not number its transactions";
  EXPECT_EQ(Read()->number(), 0U);
  auto first = Write();
  ASSERT_TRUE(WorkspaceRepo(*first).Insert(NewWorkspace("first")).ok());
  ASSERT_TRUE(first->Commit().ok());
  uint64_t committed = first->number();
  first.reset();

  auto second = Write();
  EXPECT_GT(second->number(), committed);
  EXPECT_EQ(second->follows(), committed);
  ASSERT_TRUE(WorkspaceRepo(*second).Insert(NewWorkspace("rolled-back")).ok());
  second.reset();  // rolled back: the state is still the first's
  EXPECT_EQ(Write()->follows(), committed);

  // Another connection (as another process would) commits: what follows is unknown.
  auto other = GetParam().open(dir_);
  auto elsewhere = other->BeginWrite();
  ASSERT_TRUE(elsewhere.ok());
  ASSERT_TRUE(WorkspaceRepo(**elsewhere).Insert(NewWorkspace("elsewhere")).ok());
  ASSERT_TRUE((*elsewhere)->Commit().ok());
  elsewhere->reset();
  auto after = Write();
  EXPECT_EQ(after->follows(), 0U);
  ASSERT_TRUE(after->Commit().ok());
  uint64_t after_number = after->number();
  after.reset();  // a write transaction holds the writer until it ends
  EXPECT_EQ(Write()->follows(), after_number);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(testing::StoreBackends()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace tertulia::store
