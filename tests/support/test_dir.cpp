#include "support/test_dir.hpp"

#include <stdlib.h>

#include <stdexcept>

namespace tertulia::testing {

TestDir::TestDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "tertulia-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TestDir::~TestDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace tertulia::testing
