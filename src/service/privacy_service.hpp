#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/security.hpp"
#include "service/contact_service.hpp"
#include "service/context.hpp"
#include "service/crm_services.hpp"
#include "service/document_service.hpp"
#include "store/db.hpp"

// The person's rights: consent per purpose, a copy of everything held about them (GDPR article
// 15) and erasure (article 17). Thread-safe.
namespace tertulia::service {

struct ErasureReport {
  size_t interactions = 0;
  size_t notes = 0;
  size_t tasks = 0;
  size_t relationships = 0;
  size_t documents = 0;
  size_t events = 0;
};

class PrivacyService {
 public:
  struct Records {
    ContactService& contacts;
    InteractionService& interactions;
    NoteService& notes;
    TaskService& tasks;
    RelationshipService& relationships;
    DocumentService& documents;
  };
  PrivacyService(store::Db& db, const Clock& clock, IdGenerator& ids, Records records)
      : db_(db), clock_(clock), ids_(ids), records_(records) {}

  // One entry per purpose (unknown where nothing was recorded).
  Result<std::vector<domain::Consent>> Consents(const RequestContext& ctx,
                                                std::string_view contact_id);
  // Records the consent for one purpose; audited with its before and after.
  Result<domain::Consent> SetConsent(const RequestContext& ctx, domain::Consent consent);

  // Everything held about the contact, as JSON: the record, consent, relationships,
  // interactions, notes, tasks, and the audit entries about all of them. Events, documents,
  // mentions and scores are listed as their capabilities land. Audited as "export".
  Result<boost::json::object> Export(const RequestContext& ctx, std::string_view contact_id);

  // Admins: deletes the contact for good with every interaction they took part in, the notes
  // and tasks on them, their relationships and consent, their search and timeline entries and
  // stored responses; blanks their audit entries; then scrubs the database files. Leaves one
  // "erase" audit entry with counts and no personal data.
  Result<ErasureReport> Erase(const RequestContext& ctx, std::string_view contact_id);

 private:
  store::Db& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  Records records_;
};

}  // namespace tertulia::service
