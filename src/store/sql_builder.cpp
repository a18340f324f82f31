#include "store/sql_builder.hpp"

#include <cassert>

namespace tertulia::store {

SqlBuilder::SqlBuilder(std::string_view fragment, std::vector<Value> values) {
  Append(fragment, std::move(values));
}

SqlBuilder& SqlBuilder::Append(std::string_view fragment, std::vector<Value> values) {
  size_t next = 0;
  for (char c : fragment) {
    if (c != '?') {
      sql_ += c;
      continue;
    }
    assert(next < values.size() && "a '?' without a value");
    values_.push_back(std::move(values[next++]));
    const Value& stored = values_.back();
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::string>)
            params_.emplace_back(std::string_view(v));
          else
            params_.emplace_back(v);
        },
        stored);
    sql_ += "$" + std::to_string(params_.size());
  }
  assert(next == values.size() && "a value without a '?'");
  return *this;
}

}  // namespace tertulia::store
