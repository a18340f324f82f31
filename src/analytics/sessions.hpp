#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace tertulia::analytics {

// What sessions are made of: one tracked event, reduced to what a visit needs.
struct Touch {
  enum class Kind { kPage, kCartAdd, kCartRemove, kOrder, kDwell, kOther };
  Kind kind = Kind::kOther;
  Timestamp at{};
  std::string url;    // pages: the URL (or path)
  std::string title;  // pages
  std::optional<std::string> referrer;
  std::optional<std::string> campaign;             // UTM campaign name (utm_campaign)
  std::optional<std::string> source;               // utm_source
  std::optional<std::string> medium;               // utm_medium
  std::optional<std::string> page_view_id;         // pages and dwell reports of the browser snippet
  std::optional<std::chrono::milliseconds> dwell;  // dwell reports: visible time on the page
};

struct PageVisit {
  std::string url;
  std::string title;
  Timestamp at{};
  // The visible time reported by the snippet when there is one, else the time to the next
  // touch of the session (nullopt for the last page without a report).
  std::optional<std::chrono::milliseconds> dwell;
};

struct Session {
  Timestamp start{};
  Timestamp end{};
  std::vector<PageVisit> pages;
  std::optional<std::string> entry_page;  // the first page's URL
  std::optional<std::string> exit_page;   // the last page's URL
  std::optional<std::string> referrer;    // of the first touch that has one
  std::optional<std::string> campaign;    // UTM of the first touch that has one
  std::optional<std::string> source;
  std::optional<std::string> medium;
  int64_t touches = 0;
  int64_t cart_adds = 0;
  int64_t cart_removes = 0;
  int64_t orders = 0;
  bool converted = false;  // an order was completed

  std::chrono::milliseconds duration() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(end - start);
  }
};

// A new session starts after this much inactivity (the web-analytics convention).
inline constexpr std::chrono::minutes kSessionGap{30};

// Splits one person's touches, in time order, into sessions (oldest first). Pure; REQUIRES:
// `touches` sorted by `at`.
std::vector<Session> Sessionize(const std::vector<Touch>& touches,
                                std::chrono::milliseconds gap = kSessionGap);

}  // namespace tertulia::analytics
