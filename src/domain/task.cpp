#include "domain/task.hpp"

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

Status NormalizeAndValidate(Task& task) {
  FieldErrors errors;
  task.title = std::string(Trim(task.title));
  errors.Check(!task.title.empty() && Utf8Length(task.title) <= 300, "title",
               "must be 1 to 300 characters");
  if (task.description) {
    errors.Check(Utf8Length(*task.description) <= 10'000, "description",
                 "must be at most 10000 characters");
  }
  if (task.linked) {
    bool linkable = task.linked->type == RecordType::kContact ||
                    task.linked->type == RecordType::kCompany ||
                    task.linked->type == RecordType::kOpportunity;
    errors.Check(linkable, "linkedRecord.type", "must be contact, company or opportunity");
  }
  return errors.ToStatus("invalid task");
}

}  // namespace tertulia::domain
