// SQLite's write-ahead log written through Tertulia's write buffer (store/sqlite/wal_write_buffer):
// a commit is whole in the log file before any other connection or process can see it, synced
// or not, and checkpoints copy those commits whole into the database file, also when the log is
// emptied and filled again. Against real SQLite files; the transactions write megabytes, many
// buffers' worth.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/sqlite/wal_write_buffer.hpp"
#include "support/test_dir.hpp"

namespace tertulia::store {
namespace {

constexpr int kRowsPerCommit = 3000;  // 1,000-byte rows: about 3 MB, some 750 log frames
constexpr std::string_view kCreate = "CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)";
constexpr std::string_view kInsert =
    "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < $2)"
    " INSERT INTO t (k, v) SELECT n + $1, randomblob(1000) FROM i";

std::unique_ptr<Db> OpenAt(const std::string& path) {
  auto db = sqlite::Open({.path = path, .readers = 2});
  if (!db.ok()) ADD_FAILURE() << db.error().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

Status CreateTable(Db& db) {
  TT_ASSIGN_OR_RETURN(auto tx, db.BeginWrite());
  TT_RETURN_IF_ERROR(tx->ExecScript(kCreate));
  return tx->Commit();
}

// Commits `kRowsPerCommit` rows without waiting for the disk (synchronous = NORMAL): SQLite
// syncs nothing, so only the buffer's own rule puts the commit in the file.
Status InsertUnsynced(Db& db, int64_t first_key) {
  TT_ASSIGN_OR_RETURN(auto tx, db.BeginUnsyncedWrite());
  TT_RETURN_IF_ERROR(tx->Exec(kInsert, {first_key, kRowsPerCommit}));
  return tx->Commit();
}

struct Contents {
  int64_t rows = -1;
  int64_t bytes = -1;
  std::string check;
};

// Read through a read connection of the pool: another connection than the writer's.
Contents Read(Db& db) {
  Contents contents;
  auto tx = db.BeginRead();
  if (!tx.ok()) return contents;
  Status counted =
      (*tx)->Query("SELECT count(*), total(length(v)) FROM t", {}, [&](const Row& row) {
        contents.rows = row.Int(0);
        contents.bytes = static_cast<int64_t>(row.Real(1));
      });
  Status checked = (*tx)->Query("PRAGMA quick_check", {},
                                [&](const Row& row) { contents.check = row.String(0); });
  if (!counted.ok()) contents.check = counted.error().ToString();
  if (!checked.ok()) contents.check = checked.error().ToString();
  return contents;
}

TEST(SqliteWalWriteBufferTest, TheStoresConnectionsUseIt) {
  testing::TestDir dir;
  auto connection = sqlite::Connection::Open(dir.File("vfs.db"), true, 1000);
  ASSERT_TRUE(connection.ok());
  sqlite3_vfs* vfs = nullptr;
  ASSERT_EQ(sqlite3_file_control((*connection)->handle(), "main", SQLITE_FCNTL_VFS_POINTER, &vfs),
            SQLITE_OK);
  ASSERT_NE(vfs, nullptr);
  ASSERT_NE(sqlite::WalWriteBufferVfs(), nullptr);
  EXPECT_STREQ(vfs->zName, sqlite::WalWriteBufferVfs());
}

TEST(SqliteWalWriteBufferTest, OtherConnectionsSeeEachUnsyncedCommitWhole) {
  testing::TestDir dir;
  auto db = OpenAt(dir.File("visible.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(CreateTable(*db).ok());
  for (int commit = 1; commit <= 4; ++commit) {
    ASSERT_TRUE(InsertUnsynced(*db, int64_t{commit} * kRowsPerCommit).ok());
    Contents contents = Read(*db);
    EXPECT_EQ(contents.rows, int64_t{commit} * kRowsPerCommit) << "after commit " << commit;
    EXPECT_EQ(contents.bytes, int64_t{commit} * kRowsPerCommit * 1000);
    EXPECT_EQ(contents.check, "ok") << "after commit " << commit;
  }
}

// The process ends without closing anything, as a crash would: what it committed, synced or not,
// was handed to the kernel, and the next process finds it.
TEST(SqliteWalWriteBufferTest, CommitsOutliveAProcessThatDiesWithoutClosing) {
  testing::TestDir dir;
  std::string path = dir.File("crash.db");
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto db = sqlite::Open({.path = path, .readers = 1});
    bool written = db.ok() && CreateTable(**db).ok() && InsertUnsynced(**db, 0).ok() &&
                   InsertUnsynced(**db, kRowsPerCommit).ok();
    _exit(written ? 0 : 1);  // no destructors: the database is never closed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child could not write";

  auto db = OpenAt(path);
  ASSERT_NE(db, nullptr);
  Contents contents = Read(*db);
  EXPECT_EQ(contents.rows, 2 * kRowsPerCommit);
  EXPECT_EQ(contents.bytes, 2 * kRowsPerCommit * 1000);
  EXPECT_EQ(contents.check, "ok");
}

// Contents of the database file alone: a copy of it without its log, read like any database.
Contents ReadFileAlone(const std::string& path, const std::string& copy) {
  std::filesystem::copy_file(path, copy);
  auto db = OpenAt(copy);
  return db != nullptr ? Read(*db) : Contents{};
}

// A checkpoint that copies the whole log and empties it, on a connection of the store's kind.
// While the store's own checkpointer runs, SQLite answers SQLITE_BUSY at once (its busy timeout
// does not cover that), so it is tried again, for up to 2 s, as Scrub does.
int TruncatingCheckpoint(const std::string& path) {
  auto connection = sqlite::Connection::Open(path, true, 5000);
  // A connection opens the log with its first read; until then a checkpoint does nothing.
  if (!connection.ok() || !(*connection)->ExecScript("SELECT count(*) FROM t").ok())
    return SQLITE_CANTOPEN;
  int rc = SQLITE_BUSY;
  for (int attempt = 0; attempt < 100 && rc == SQLITE_BUSY; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    rc = sqlite3_wal_checkpoint_v2((*connection)->handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                   nullptr, nullptr);
  }
  return rc;
}

// Commits of about 3 MB each, so the store's checkpoints (from 4 MiB of log) copy them while
// readers read; every fourth commit the log is emptied (a truncating checkpoint), and then the
// database file alone holds everything.
TEST(SqliteWalWriteBufferTest, CheckpointsLeaveEveryCommitInTheDatabaseFile) {
  testing::TestDir dir;
  std::string path = dir.File("checkpointed.db");
  auto db = OpenAt(path);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(CreateTable(*db).ok());
  for (int commit = 1; commit <= 12; ++commit) {
    ASSERT_TRUE(InsertUnsynced(*db, int64_t{commit} * kRowsPerCommit).ok());
    Contents contents = Read(*db);
    EXPECT_EQ(contents.rows, int64_t{commit} * kRowsPerCommit) << "after commit " << commit;
    EXPECT_EQ(contents.check, "ok") << "after commit " << commit;
    if (commit % 4 != 0) continue;
    ASSERT_EQ(TruncatingCheckpoint(path), SQLITE_OK) << "after commit " << commit;
    ASSERT_EQ(std::filesystem::file_size(path + "-wal"), 0u) << "after commit " << commit;
    Contents alone = ReadFileAlone(path, dir.File("copy-" + std::to_string(commit) + ".db"));
    EXPECT_EQ(alone.rows, int64_t{commit} * kRowsPerCommit) << "after commit " << commit;
    EXPECT_EQ(alone.bytes, int64_t{commit} * kRowsPerCommit * 1000);
    EXPECT_EQ(alone.check, "ok") << "after commit " << commit;
  }
}

}  // namespace
}  // namespace tertulia::store
