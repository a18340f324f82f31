#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace tertulia {

// Record ids are ULIDs: 26 characters of Crockford base32, e.g. "01JD3Q5Z4XKQ8W2N6M9R0T7V5B".
// The first 10 characters encode the creation time in milliseconds, so ids sort by creation
// time, which keeps B-tree inserts at the right edge of the index.

// True for a well-formed ULID (26 Crockford base32 characters, upper case, time in range).
bool IsValidId(std::string_view id);

// The creation time encoded in a valid id. REQUIRES: IsValidId(id).
Timestamp IdTime(std::string_view id);

// Makes ids. Within one generator, ids are strictly increasing even within one millisecond (the
// random part is incremented, as the ULID spec's monotonic mode says). Thread-safe.
class IdGenerator {
 public:
  explicit IdGenerator(const Clock& clock);
  std::string Next();

 private:
  const Clock& clock_;
  std::mutex mu_;
  int64_t last_millis_ = -1;
  std::array<uint8_t, 10> last_random_{};
};

// A new id from the system clock, monotonic per thread. Thread-safe.
std::string NewId();

// The id made of a given time and 80 bits of randomness (for reproducible data sets).
std::string MakeId(Timestamp time, const std::array<uint8_t, 10>& random);

}  // namespace tertulia
