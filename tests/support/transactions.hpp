#pragma once

// Transactions for the storage tests: each fails the test it runs in on an error.

#include <gtest/gtest.h>

#include <functional>
#include <utility>

#include "store/db.hpp"

namespace tertulia::testing {

// Runs `work` in a write transaction and commits it.
inline void WriteTx(store::Db& db, const std::function<Status(store::Tx&)>& work) {
  auto tx = db.BeginWrite();
  ASSERT_TRUE(tx.ok());
  Status done = work(**tx);
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  ASSERT_TRUE((*tx)->Commit().ok());
}

// Runs `read` in a read transaction; returns its value.
template <typename T>
T ReadTx(store::Db& db, const std::function<Result<T>(store::Tx&)>& read) {
  auto tx = db.BeginRead();
  EXPECT_TRUE(tx.ok());
  auto result = read(**tx);
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  return std::move(result).value();
}

}  // namespace tertulia::testing
