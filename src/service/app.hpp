#pragma once

#include "core/id.hpp"
#include "core/time.hpp"
#include "service/auth_service.hpp"
#include "service/contact_service.hpp"
#include "service/crm_services.hpp"
#include "service/document_service.hpp"
#include "service/health_service.hpp"
#include "service/merge_service.hpp"
#include "service/privacy_service.hpp"
#include "service/sales_services.hpp"
#include "service/security_services.hpp"
#include "service/timeline_search_service.hpp"
#include "service/tracking_service.hpp"
#include "service/workspace_service.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// Every use case of Tertulia, wired to one database and clock. The HTTP and CLI layers hold one
// App and call into it. Thread-safe.
class App {
 public:
  App(store::Db& db, const Clock& clock, const AuthConfig& auth = {},
      const DocumentsConfig& documents = {}, const TrackingConfig& tracking = {})
      : db_(db),
        clock_(clock),
        ids_(clock),
        health_(db),
        workspaces_(db, clock),
        contacts_(db, clock, ids_),
        companies_(db, clock, ids_),
        relationships_(db, clock, ids_),
        interactions_(db, clock, ids_),
        tasks_(db, clock, ids_),
        notes_(db, clock, ids_),
        custom_fields_(db, clock, ids_),
        users_(db, clock, ids_),
        timelines_(db),
        search_(db),
        teams_(db, clock, ids_),
        documents_(db, clock, ids_, documents),
        auth_(db, clock, ids_, auth, users_),
        privacy_(db, clock, ids_,
                 {contacts_, interactions_, notes_, tasks_, relationships_, documents_}),
        audit_log_(db, {contacts_, companies_, interactions_, tasks_, notes_, relationships_}),
        pipelines_(db, clock, ids_),
        opportunities_(db, clock, ids_),
        exchange_rates_(db, clock, ids_),
        reports_(db),
        merges_(
            db, clock, ids_,
            {contacts_, interactions_, notes_, tasks_, relationships_, documents_, opportunities_}),
        tracking_(db, clock, ids_, contacts_, companies_, merges_, tracking) {}

  store::Db& db() { return db_; }
  const Clock& clock() const { return clock_; }
  IdGenerator& ids() { return ids_; }
  HealthService& health() { return health_; }
  WorkspaceService& workspaces() { return workspaces_; }
  ContactService& contacts() { return contacts_; }
  CompanyService& companies() { return companies_; }
  RelationshipService& relationships() { return relationships_; }
  InteractionService& interactions() { return interactions_; }
  TaskService& tasks() { return tasks_; }
  NoteService& notes() { return notes_; }
  CustomFieldService& custom_fields() { return custom_fields_; }
  UserService& users() { return users_; }
  TimelineService& timelines() { return timelines_; }
  SearchService& search() { return search_; }
  TeamService& teams() { return teams_; }
  AuthService& auth() { return auth_; }
  PrivacyService& privacy() { return privacy_; }
  AuditLogService& audit_log() { return audit_log_; }
  PipelineService& pipelines() { return pipelines_; }
  OpportunityService& opportunities() { return opportunities_; }
  ExchangeRateService& exchange_rates() { return exchange_rates_; }
  ReportService& reports() { return reports_; }
  DocumentService& documents() { return documents_; }
  MergeService& merges() { return merges_; }
  TrackingService& tracking() { return tracking_; }

 private:
  store::Db& db_;
  const Clock& clock_;
  IdGenerator ids_;
  HealthService health_;
  WorkspaceService workspaces_;
  ContactService contacts_;
  CompanyService companies_;
  RelationshipService relationships_;
  InteractionService interactions_;
  TaskService tasks_;
  NoteService notes_;
  CustomFieldService custom_fields_;
  UserService users_;
  TimelineService timelines_;
  SearchService search_;
  TeamService teams_;
  DocumentService documents_;
  AuthService auth_;
  PrivacyService privacy_;
  AuditLogService audit_log_;
  PipelineService pipelines_;
  OpportunityService opportunities_;
  ExchangeRateService exchange_rates_;
  ReportService reports_;
  MergeService merges_;
  // Last: its writer thread uses the services above and stops first.
  TrackingService tracking_;
};

}  // namespace tertulia::service
