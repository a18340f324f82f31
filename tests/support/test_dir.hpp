#pragma once

#include <filesystem>
#include <string>

namespace tertulia::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TestDir {
 public:
  TestDir();
  ~TestDir();
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace tertulia::testing
