#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/timeline.hpp"
#include "service/context.hpp"
#include "store/db.hpp"
#include "store/derived_repos.hpp"

namespace tertulia::service {

struct TimelinePage {
  std::vector<domain::TimelineEntry> items;
  std::optional<std::pair<int64_t, std::string>> next;  // (occurred_at, record_id) to continue
};

// Timelines of contacts and companies: every interaction, note and task (and later events,
// stage changes, mentions and merges), newest first. Thread-safe.
class TimelineService {
 public:
  explicit TimelineService(store::Db& db) : db_(db) {}

  enum class Subject { kContact, kCompany };
  // kNotFound unless the subject is a live record of the workspace.
  Result<TimelinePage> List(const RequestContext& ctx, Subject subject, std::string_view id,
                            size_t limit, std::optional<std::pair<int64_t, std::string>> after);

 private:
  store::Db& db_;
};

struct SearchResult {
  std::string kind;  // contact, company, interaction
  std::string id;
  std::string title;
  std::string snippet;  // matched words between \x02 and \x03
  double score = 0;     // domain::MatchScore: higher is better
};

// Full-text search across contacts, companies and interactions. Case- and accent-insensitive
// ("munoz" finds "Muñoz"); the last word matches as a prefix, for type-ahead. Thread-safe.
class SearchService {
 public:
  explicit SearchService(store::Db& db) : db_(db) {}
  // `kind` (contact, company or interaction) keeps only those.
  Result<std::vector<SearchResult>> Search(const RequestContext& ctx, std::string_view query,
                                           size_t limit,
                                           std::optional<std::string_view> kind = std::nullopt);

  // What a person typed, as words to find. The last word, when the text does not end with a
  // space, is still being typed and matches as a prefix: words of 3 and 5 letters use the
  // index's prefix tables directly; longer ones match themselves or their first 5 letters
  // (words that match both rank higher); 4 letters match themselves or their first 3; 1 or 2
  // letters only themselves.
  struct Query {
    std::string match;               // the FTS5 expression; empty when there are no words
    std::vector<std::string> terms;  // folded words to highlight, the last one a prefix if...
    bool last_is_prefix = false;
  };
  static Query Parse(std::string_view text);

 private:
  store::Db& db_;
};

}  // namespace tertulia::service
