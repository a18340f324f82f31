#pragma once

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace tertulia {

// Result<T> holds either a T or an Error: the return type of every operation that can fail in an
// expected way. A small stand-in for std::expected, which g++ 12 lacks.
//
//   Result<Contact> found = repo.Get(id);
//   if (!found.ok()) return found.error();
//   Use(*found);
//
// REQUIRES: value() and operator* only on ok() results, error() only on failed ones.
template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(const T& value) : state_(std::in_place_index<0>, value) {}  // NOLINT: implicit by design
  Result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}    // NOLINT
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  // Converts from a Result of a compatible type (e.g. unique_ptr<Derived> to unique_ptr<Base>).
  template <typename U>
  requires(std::is_constructible_v<T, U&&> && !std::is_same_v<T, U>)
      Result(Result<U>&& other)  // NOLINT
      : state_(other.ok() ? State(std::in_place_index<0>, std::move(other).value())
                          : State(std::in_place_index<1>, std::move(other).error())) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(state_));
  }

  template <typename U>
  T value_or(U&& fallback) const& {
    return ok() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  using State = std::variant<T, Error>;
  explicit Result(State state) : state_(std::move(state)) {}

  State state_;
};

// Result<void>: success, or an Error. Spelled `Status` in signatures.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }

  const Error& error() const& {
    assert(!ok());
    return *error_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status OkStatus() { return {}; }

}  // namespace tertulia

#define TT_CONCAT_INNER_(a, b) a##b
#define TT_CONCAT_(a, b) TT_CONCAT_INNER_(a, b)

// Returns the error of `expr` (a Status or Result) from the enclosing function if it failed.
#define TT_RETURN_IF_ERROR(expr)                      \
  do {                                                \
    if (auto tt_status_ = (expr); !tt_status_.ok()) { \
      return std::move(tt_status_).error();           \
    }                                                 \
  } while (false)

// `TT_ASSIGN_OR_RETURN(auto contact, repo.Get(id));` declares `contact` from a Result, or returns
// its error from the enclosing function.
#define TT_ASSIGN_OR_RETURN(lhs, expr) \
  TT_ASSIGN_OR_RETURN_IMPL_(TT_CONCAT_(tt_result_, __LINE__), lhs, expr)
#define TT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).error();   \
  lhs = std::move(tmp).value()
