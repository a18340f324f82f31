#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace tertulia::cli {

// A progress bar on stderr for long commands:
//   contacts      [██████████████▌          ]  58%  580,000/1,000,000  41,210/s
// On a terminal it redraws one line; otherwise it prints a line every 10%.
class ProgressBar {
 public:
  ProgressBar();
  void Update(std::string_view stage, size_t done, size_t total);
  // Ends the current line.
  void Finish();

 private:
  bool terminal_;
  std::string stage_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point stage_start_;
  std::chrono::steady_clock::time_point last_draw_;
};

// "1,234,567"
std::string Grouped(size_t n);

}  // namespace tertulia::cli
