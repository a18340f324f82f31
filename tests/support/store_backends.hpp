#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/db.hpp"
#include "support/test_dir.hpp"

namespace tertulia::testing {

// A storage backend the contract tests run against: its name and how to open a fresh database
// in a test directory.
struct StoreBackend {
  std::string name;
  std::function<std::unique_ptr<store::Db>(const TestDir&)> open;
};

// Every backend this build can run here.
std::vector<StoreBackend> StoreBackends();

}  // namespace tertulia::testing
