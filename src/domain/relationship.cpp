#include "domain/relationship.hpp"

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

bool IsDirectedKind(RelationshipKind kind) {
  return kind == RelationshipKind::kReportsTo || kind == RelationshipKind::kReferred ||
         kind == RelationshipKind::kInfluences || kind == RelationshipKind::kFollows;
}

Status NormalizeAndValidate(Relationship& r) {
  FieldErrors errors;
  errors.Check(r.from_contact_id != r.to_contact_id, "toContactId",
               "must be another contact than fromContactId");
  errors.Check(r.strength >= 0 && r.strength <= 1, "strength", "must be from 0 to 1");
  if (r.source) {
    r.source = std::string(Trim(*r.source));
    errors.Check(!r.source->empty() && Utf8Length(*r.source) <= 100, "source",
                 "must be 1 to 100 characters");
  }
  if (r.note) errors.Check(Utf8Length(*r.note) <= 2000, "note", "must be at most 2000 characters");
  return errors.ToStatus("invalid relationship");
}

}  // namespace tertulia::domain
