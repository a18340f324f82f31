#include "core/id.hpp"

#include <random>

namespace tertulia {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int DecodeCrockford(char c) {
  auto pos = kCrockford.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

void FillRandom(std::array<uint8_t, 10>& bytes) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t a = engine();
  uint64_t b = engine();
  for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(a >> (i * 8));
  bytes[8] = static_cast<uint8_t>(b);
  bytes[9] = static_cast<uint8_t>(b >> 8);
}

// Adds one to the 80-bit random part; false on overflow (2^80 ids in one millisecond).
bool Increment(std::array<uint8_t, 10>& bytes) {
  for (size_t i = bytes.size(); i-- > 0;) {
    if (++bytes[i] != 0) return true;
  }
  return false;
}

std::string Encode(int64_t millis, const std::array<uint8_t, 10>& random) {
  std::string out(26, '0');
  auto time = static_cast<uint64_t>(millis);
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kCrockford[time & 31];
    time >>= 5;
  }
  // 80 random bits as 16 characters of 5 bits, most significant first.
  int bit = 0;
  for (size_t i = 10; i < 26; ++i) {
    int value = 0;
    for (int b = 0; b < 5; ++b, ++bit) {
      int byte = random[static_cast<size_t>(bit / 8)];
      value = (value << 1) | ((byte >> (7 - bit % 8)) & 1);
    }
    out[i] = kCrockford[static_cast<size_t>(value)];
  }
  return out;
}

std::string Make(int64_t now, int64_t& last_millis, std::array<uint8_t, 10>& last_random) {
  if (now > last_millis || !Increment(last_random)) {
    // A new millisecond (or an exhausted one, which then borrows the next millisecond).
    if (now <= last_millis) now = last_millis + 1;
    FillRandom(last_random);
    last_random[0] &= 0x7f;  // leaves room to increment within the millisecond
    last_millis = now;
  }
  return Encode(last_millis, last_random);
}

}  // namespace

std::string MakeId(Timestamp time, const std::array<uint8_t, 10>& random) {
  return Encode(ToUnixMillis(time), random);
}

bool IsValidId(std::string_view id) {
  if (id.size() != 26) return false;
  for (char c : id) {
    if (DecodeCrockford(c) < 0) return false;
  }
  return id[0] <= '7';  // 48-bit time: the first character carries only 3 bits
}

Timestamp IdTime(std::string_view id) {
  int64_t millis = 0;
  for (size_t i = 0; i < 10; ++i) millis = (millis << 5) | DecodeCrockford(id[i]);
  return FromUnixMillis(millis);
}

IdGenerator::IdGenerator(const Clock& clock) : clock_(clock) {}

std::string IdGenerator::Next() {
  int64_t now = ToUnixMillis(clock_.Now());
  std::lock_guard lock(mu_);
  return Make(now, last_millis_, last_random_);
}

std::string NewId() {
  thread_local int64_t last_millis = -1;
  thread_local std::array<uint8_t, 10> last_random{};
  return Make(ToUnixMillis(SystemClock{}.Now()), last_millis, last_random);
}

}  // namespace tertulia
