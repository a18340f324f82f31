#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace tertulia::cli {

std::string Grouped(size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

ProgressBar::ProgressBar() : terminal_(isatty(STDERR_FILENO) == 1) {}

void ProgressBar::Update(std::string_view stage, size_t done, size_t total) {
  auto now = std::chrono::steady_clock::now();
  if (stage != stage_) {
    if (!stage_.empty()) Finish();
    stage_ = std::string(stage);
    stage_start_ = now;
    last_decile_ = -1;
  }
  double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  double seconds = std::chrono::duration<double>(now - stage_start_).count();
  // Items a second; for a few long steps (index builds), the time the stage has taken so far.
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string pace =
      total >= 100 ? Grouped(static_cast<size_t>(rate)) + "/s" : fmt::format("{:.1f} s", seconds);
  if (!terminal_) {
    int decile = static_cast<int>(fraction * 10);
    if (decile == last_decile_) return;
    last_decile_ = decile;
    fmt::print(stderr, "{:<14} {:>3.0f}%  {}/{}  {}\n", stage_, fraction * 100, Grouped(done),
               Grouped(total), pace);
    return;
  }
  if (done != total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  constexpr int kWidth = 28;
  static constexpr std::string_view kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  int eighths = static_cast<int>(fraction * kWidth * 8);
  std::string bar;
  for (int i = 0; i < eighths / 8; ++i) bar += "█";
  bar += kEighths[eighths % 8];
  int cells = eighths / 8 + (eighths % 8 != 0 ? 1 : 0);
  bar += std::string(static_cast<size_t>(kWidth - cells), ' ');
  fmt::print(stderr, "\r{:<14} [{}] {:>3.0f}%  {}/{}  {} ", stage_, bar, fraction * 100,
             Grouped(done), Grouped(total), pace);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (terminal_ && !stage_.empty()) fmt::print(stderr, "\n");
  stage_.clear();
}

}  // namespace tertulia::cli
