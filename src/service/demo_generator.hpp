#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"
#include "service/context.hpp"
#include "store/db.hpp"

namespace tertulia::service {

struct DemoOptions {
  size_t contacts = 1000;
  // Opportunities over the three demo pipelines; default (0): a quarter of the contacts.
  size_t opportunities = 0;
  uint64_t seed = 42;
  // "Today" in the data set: activity spans the 18 months before it. With the same seed and
  // anchor, the data set (ids included) is the same every time.
  Date anchor{};
  // Adds the demo to a workspace that already has contacts.
  bool force = false;
  // Called now and then with the stage ("contacts", "relationships", then the index builds),
  // done and total; stage after stage, never two stages at once.
  std::function<void(std::string_view stage, size_t done, size_t total)> progress;
};

struct DemoReport {
  size_t users = 0;
  size_t companies = 0;
  size_t contacts = 0;
  size_t relationships = 0;
  size_t interactions = 0;
  size_t tasks = 0;
  size_t notes = 0;
  size_t opportunities = 0;
};

// Fills a workspace with a realistic, deterministic CRM: Spanish- and English-speaking companies
// across industries, segments and sizes; their people with e-mails, phones and social profiles;
// a relationship network (colleagues, friendships across companies, a few well-connected
// people); and 18 months of interactions in every channel, with tasks and notes.
// kFailedPrecondition when the workspace already has contacts and !options.force.
Result<DemoReport> GenerateDemo(store::Db& db, const RequestContext& ctx,
                                const DemoOptions& options);

}  // namespace tertulia::service
