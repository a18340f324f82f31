#pragma once

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <memory>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace tertulia::ingest {

// The message ids the tracking API has stored recently, for deduplication without an index on
// the commit path: 64-bit hashes of (workspace, messageId) in open-addressing tables, one per UTC
// day, kept for kWindowDays full days after the day a message arrived (so at least 7 days).
//
// A hash collision would drop a genuinely new message as a repeat; with 64-bit hashes the chance
// is about n / 2^64 per message for n remembered ids (under 1e-12 for 10 million). Memory is
// about 12 bytes per remembered id. Not thread-safe: the event writer's thread owns it.
class MessageIds {
 public:
  static constexpr int kWindowDays = 7;

  static uint64_t Hash(std::string_view workspace_id, std::string_view message_id);
  bool Contains(uint64_t hash) const;
  // Remembers the hash as arriving at `received_at`; forgets days past the window.
  void Add(uint64_t hash, Timestamp received_at);
  size_t size() const;

 private:
  // An open-addressing set of non-zero 64-bit values (0 marks an empty slot). It grows without
  // stopping: a larger array takes new values while each insertion moves a few of the old
  // array's, so no insertion pays for moving millions at once (a pause of a tenth of a second
  // in the writer, seen at 1.5 million ids). Lookups look in both arrays while moving.
  class Table {
   public:
    bool Contains(uint64_t value) const;
    void Insert(uint64_t value);
    size_t size() const { return size_; }

   private:
    // Zeroed slots from calloc: pages the array has not reached cost nothing yet.
    struct Slots {
      std::unique_ptr<uint64_t[], void (*)(void*)> data{nullptr, &std::free};
      size_t count = 0;
      bool Contains(uint64_t value) const;
      // REQUIRES: not there yet, and a free slot.
      void Place(uint64_t value);
    };
    static constexpr size_t kMovesPerInsert = 4;  // old slots moved by each insertion
    void StartGrowing();
    void MoveSome(size_t slots);
    Slots slots_;   // takes insertions
    Slots moving_;  // while growing: the old array, moved from moved_ on
    size_t moved_ = 0;
    size_t used_ = 0;  // values in slots_
    size_t size_ = 0;  // values in all
  };
  struct Day {
    int64_t day = 0;  // days since the epoch (UTC)
    Table ids;
  };

  std::deque<Day> days_;  // oldest first
};

}  // namespace tertulia::ingest
