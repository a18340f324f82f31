#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analytics/sessions.hpp"
#include "core/config.hpp"
#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/event.hpp"
#include "domain/security.hpp"
#include "domain/timeline.hpp"
#include "ingest/event_writer.hpp"
#include "ingest/payload.hpp"
#include "service/contact_service.hpp"
#include "service/context.hpp"
#include "service/crm_services.hpp"
#include "service/derived_rows.hpp"
#include "service/merge_service.hpp"
#include "store/db.hpp"
#include "store/event_repo.hpp"

namespace tertulia::service {

// Whose sessions: exactly one of the three. A userId or anonymousId that identify tied to a
// contact stands for that contact.
struct SessionQuery {
  std::optional<std::string> contact_id;
  std::optional<std::string> user_id;
  std::optional<std::string> anonymous_id;
  std::optional<Timestamp> from;
  std::optional<Timestamp> to;
};

// What a tracking call came to.
struct IngestResult {
  size_t stored = 0;
  size_t duplicates = 0;
};

// The tracking API's use cases: events in through the group-commit writer, with identity
// resolution (identify and alias tie ids to contacts, and the anonymous visitor's earlier events
// follow; group ties the contact to a company), and events out (lists and daily counts).
// Thread-safe.
class TrackingService {
 public:
  TrackingService(store::Db& db, const Clock& clock, IdGenerator& ids, ContactService& contacts,
                  CompanyService& companies, MergeService& merges,
                  const TrackingConfig& config = {});
  ~TrackingService();

  // Stores the payload's events for the write key's workspace; returns once they are durable.
  // kResourceExhausted when the writer is too far behind (the client retries later).
  Result<IngestResult> Ingest(const domain::ApiKey& write_key, std::vector<domain::Event> events);

  Result<store::Page<domain::Event>> List(const RequestContext& ctx,
                                          const store::EventFilter& filter,
                                          const store::PageRequest& page);
  Result<std::vector<store::EventDayCount>> CountByDay(const RequestContext& ctx,
                                                       const store::EventFilter& filter);

  // The person's visits (30 minutes of inactivity end one), newest first, from at most
  // kMaxSessionEvents of their events.
  Result<std::vector<analytics::Session>> Sessions(const RequestContext& ctx,
                                                   const SessionQuery& query);
  static constexpr size_t kMaxSessionEvents = 50'000;

  // The one-line English description of an event on a timeline ("Viewed Pricing (https://…)")
  // and the facts it words (its detail; see domain::TimelineEntry).
  struct EventText {
    std::string summary;
    boost::json::object facts;
  };
  static EventText TextOf(const domain::Event& event);
  // The same, with the facts as JSON text, as timeline entries keep them.
  static EntryText EntryTextOf(const domain::Event& event);
  // The event as an item of its contact's timeline.
  static domain::TimelineEntry TimelineEntryOf(const domain::Event& event);

 private:
  ingest::EventWriter& Writer();

  store::Db& db_;
  ingest::WriterOptions writer_options_;
  std::unique_ptr<ingest::Resolver> resolver_;
  std::once_flag writer_started_;
  std::unique_ptr<ingest::EventWriter> writer_;  // started by the first call
};

}  // namespace tertulia::service
