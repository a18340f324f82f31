#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/validation.hpp"
#include "http/message.hpp"

namespace tertulia::http {

// Reads the fields of a JSON request object and collects one error per bad field, so that a
// response lists every problem at once:
//
//   FieldReader in(body);
//   auto name = in.String("name", 200);
//   in.RejectUnknown({"name", "currency"});
//   TT_RETURN_IF_ERROR(in.Finish("invalid workspace"));
//
// An absent field (or, unless noted, a null one) reads as nullopt.
class FieldReader {
 public:
  explicit FieldReader(const boost::json::object& object, std::string prefix = "");

  std::optional<std::string> String(std::string_view key, size_t max_length);
  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max);
  std::optional<double> Number(std::string_view key, double min, double max);
  std::optional<bool> Bool(std::string_view key);
  bool Has(std::string_view key) const { return object_.contains(key); }
  // True when the field is present and null: "clear this value" in a PATCH.
  bool IsNull(std::string_view key) const;

  // Every key not in `known` (nor in `also_known`) is an error ("unknown field").
  void RejectUnknown(std::span<const std::string_view> known,
                     std::span<const std::string_view> also_known = {});
  void RejectUnknown(std::initializer_list<std::string_view> known) {
    RejectUnknown(std::span<const std::string_view>(known.begin(), known.size()));
  }
  void Fail(std::string_view key, std::string_view message);
  domain::FieldErrors& errors() { return errors_; }

  // OK, or kInvalidArgument listing each bad field.
  Status Finish(std::string_view summary) const { return errors_.ToStatus(summary); }

 private:
  const boost::json::value* Find(std::string_view key) const;

  const boost::json::object& object_;
  std::string prefix_;
  domain::FieldErrors errors_;
};

// The version an If-Match header asks for: nullopt without the header, kInvalidArgument when it
// is not one of our ETags ("3" or W/"3").
Result<std::optional<int64_t>> IfMatchVersion(const Request& request);

// The ETag for a record version: "3".
std::string VersionETag(int64_t version);

}  // namespace tertulia::http
