#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace tertulia::store {

// Keyset pagination: a page starts after the (sort key, id) of the previous page's last row, so
// deep pages cost the same as the first and concurrent inserts do not shift them.
struct PageRequest {
  std::string sort = "-createdAt";         // a sort the list supports, '-' for descending
  size_t limit = 50;                       // 1..500
  std::optional<std::string> after_key{};  // from the cursor
  std::optional<std::string> after_id{};
};

template <typename T>
struct Page {
  std::vector<T> items;
  // Set when there may be more: the key and id of the last item.
  std::optional<std::string> next_key;
  std::optional<std::string> next_id;
};

}  // namespace tertulia::store
