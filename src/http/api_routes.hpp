#pragma once

#include <string_view>

#include "core/metrics.hpp"
#include "http/router.hpp"
#include "service/app.hpp"

namespace tertulia::http {

// Registers every route of the server: health, metrics, the OpenAPI document and the API.
// `app` and `metrics` must outlive the router.
// `secure_cookies`: the server speaks HTTPS.
void RegisterRoutes(Router& router, service::App& app, MetricsRegistry& metrics,
                    bool secure_cookies = false);

// The groups RegisterRoutes registers, one file each.
void RegisterSystemRoutes(Router& router, service::App& app, MetricsRegistry& metrics);
class ApiContext;
void RegisterWorkspaceRoutes(Router& router, ApiContext& api);
void RegisterCrmRoutes(Router& router, ApiContext& api);
// Sign-in, users' passwords, keys, teams, the audit log, consent, export and erasure.
void RegisterSecurityRoutes(Router& router, ApiContext& api);
// Pipelines, opportunities, the board, exchange rates and reports.
void RegisterSalesRoutes(Router& router, ApiContext& api);
// Documents attached to contacts, companies and opportunities.
void RegisterDocumentRoutes(Router& router, ApiContext& api);
// Contact merges and their undo.
void RegisterMergeRoutes(Router& router, ApiContext& api);

// The Segment-compatible tracking API (/v1/*, write keys, CORS) and the events API.
void RegisterTrackingRoutes(Router& router, ApiContext& api, MetricsRegistry& metrics);

// The OpenAPI 3.1 document served at /api/openapi.json (src/http/openapi.json, embedded).
std::string_view OpenApiDocument();

}  // namespace tertulia::http
