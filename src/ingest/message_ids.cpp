#include "ingest/message_ids.hpp"

#include <functional>
#include <string_view>

namespace tertulia::ingest {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;

int64_t DayOf(Timestamp t) {
  int64_t ms = ToUnixMillis(t);
  return ms >= 0 ? ms / kMillisPerDay : (ms - kMillisPerDay + 1) / kMillisPerDay;
}

// Spreads the bits of std::hash's output (splitmix64's finaliser).
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace

uint64_t MessageIds::Hash(std::string_view workspace_id, std::string_view message_id) {
  // Each part hashed on its own and mixed (no key to build): ("ab", "c") is not ("a", "bc").
  uint64_t hash = Mix(std::hash<std::string_view>{}(workspace_id) + workspace_id.size());
  hash = Mix(hash ^ std::hash<std::string_view>{}(message_id));
  return hash == 0 ? 1 : hash;  // 0 marks an empty slot
}

bool MessageIds::Contains(uint64_t hash) const {
  for (const auto& day : days_) {
    if (day.ids.Contains(hash)) return true;
  }
  return false;
}

void MessageIds::Add(uint64_t hash, Timestamp received_at) {
  int64_t day = DayOf(received_at);
  auto it = days_.begin();
  while (it != days_.end() && it->day < day) ++it;
  if (it == days_.end() || it->day != day) it = days_.insert(it, Day{day, {}});
  it->ids.Insert(hash);
  while (!days_.empty() && days_.front().day < days_.back().day - kWindowDays) days_.pop_front();
}

size_t MessageIds::size() const {
  size_t n = 0;
  for (const auto& day : days_) n += day.ids.size();
  return n;
}

bool MessageIds::Table::Contains(uint64_t value) const {
  if (slots_.empty()) return false;
  size_t mask = slots_.size() - 1;
  for (size_t i = value & mask;; i = (i + 1) & mask) {
    if (slots_[i] == value) return true;
    if (slots_[i] == 0) return false;
  }
}

void MessageIds::Table::Insert(uint64_t value) {
  if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
  size_t mask = slots_.size() - 1;
  for (size_t i = value & mask;; i = (i + 1) & mask) {
    if (slots_[i] == value) return;
    if (slots_[i] == 0) {
      slots_[i] = value;
      ++size_;
      return;
    }
  }
}

void MessageIds::Table::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  size_ = 0;
  for (uint64_t value : old) {
    if (value != 0) Insert(value);
  }
}

}  // namespace tertulia::ingest
