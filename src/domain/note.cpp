#include "domain/note.hpp"

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

Status NormalizeAndValidate(Note& note) {
  FieldErrors errors;
  errors.Check(!Trim(note.body).empty() && Utf8Length(note.body) <= 50'000, "body",
               "must be 1 to 50000 characters");
  return errors.ToStatus("invalid note");
}

}  // namespace tertulia::domain
