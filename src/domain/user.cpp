#include "domain/user.hpp"

#include "domain/contact_points.hpp"
#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

Status NormalizeAndValidate(User& user) {
  FieldErrors errors;
  auto email = NormalizeEmail(user.email);
  if (email.ok())
    user.email = *email;
  else
    errors.Add("email", email.error().message());
  user.name = std::string(Trim(user.name));
  errors.Check(!user.name.empty() && Utf8Length(user.name) <= 200, "name",
               "must be 1 to 200 characters");
  return errors.ToStatus("invalid user");
}

}  // namespace tertulia::domain
