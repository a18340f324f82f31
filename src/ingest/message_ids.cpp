#include "ingest/message_ids.hpp"

#include <algorithm>
#include <functional>
#include <new>
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

bool MessageIds::Table::Slots::Contains(uint64_t value) const {
  if (count == 0) return false;
  size_t mask = count - 1;
  for (size_t i = value & mask;; i = (i + 1) & mask) {
    if (data[i] == value) return true;
    if (data[i] == 0) return false;
  }
}

void MessageIds::Table::Slots::Place(uint64_t value) {
  size_t mask = count - 1;
  size_t i = value & mask;
  while (data[i] != 0) i = (i + 1) & mask;
  data[i] = value;
}

bool MessageIds::Table::Contains(uint64_t value) const {
  return slots_.Contains(value) || moving_.Contains(value);
}

void MessageIds::Table::Insert(uint64_t value) {
  if (Contains(value)) return;
  MoveSome(kMovesPerInsert);
  if ((used_ + 1) * 10 > slots_.count * 7) StartGrowing();
  slots_.Place(value);
  ++used_;
  ++size_;
}

// Moving kMovesPerInsert slots per insertion empties the old array (count c, at most 0.7c
// values) within c/4 insertions, when the new one (2c) holds at most 0.95c: well before it
// must grow in turn (1.4c).
void MessageIds::Table::StartGrowing() {
  MoveSome(moving_.count);  // never needed by the arithmetic above; kept for safety
  size_t count = slots_.count == 0 ? 1024 : slots_.count * 2;
  Slots larger;
  larger.data.reset(static_cast<uint64_t*>(std::calloc(count, sizeof(uint64_t))));
  if (!larger.data) throw std::bad_alloc();
  larger.count = count;
  moving_ = std::move(slots_);
  slots_ = std::move(larger);
  moved_ = 0;
  used_ = 0;
}

void MessageIds::Table::MoveSome(size_t slots) {
  if (moving_.count == 0) return;
  size_t end = std::min(moving_.count, moved_ + slots);
  for (; moved_ < end; ++moved_) {
    uint64_t value = moving_.data[moved_];
    if (value == 0 || slots_.Contains(value)) continue;
    slots_.Place(value);
    ++used_;
  }
  if (moved_ == moving_.count) moving_ = Slots();
}

}  // namespace tertulia::ingest
