#include "service/timeline_search_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <tuple>

#include "domain/text.hpp"
#include "domain/validation.hpp"
#include "service/tracking_service.hpp"
#include "service/visibility.hpp"
#include "store/company_repo.hpp"
#include "store/contact_repo.hpp"
#include "store/crm_repos.hpp"
#include "store/event_repo.hpp"

namespace tertulia::service {
namespace {

// The first `chars` characters of UTF-8 text.
std::string Utf8Prefix(std::string_view text, size_t chars) {
  size_t i = 0;
  for (size_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80 && seen++ == chars) break;
  }
  return std::string(text.substr(0, i));
}

// Word characters for splitting a query the way FTS5's unicode61 tokenizer splits text: ASCII
// letters and digits, and every non-ASCII byte (accented letters and other scripts).
bool IsWordByte(char c) {
  auto byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || byte >= 0x80;
}

// kNotFound unless the timeline's subject is live and visible.
template <typename T>
Status CheckLive(store::Tx& tx, const RequestContext& ctx, const Result<T>& record,
                 std::string_view what, std::string_view id) {
  if (!record.ok()) return record.error();
  TT_ASSIGN_OR_RETURN(bool visible, IsVisible(tx, ctx, *record));
  if (!visible) return Error::NotFound(fmt::format("{} {} does not exist", what, id));
  if (record->meta.deleted()) return Error::NotFound(fmt::format("{} {} is deleted", what, id));
  return OkStatus();
}

// Whether the caller may open a search hit.
Result<bool> IsHitVisible(store::Tx& tx, const RequestContext& ctx, const SearchResult& hit) {
  if (hit.kind == "contact") return IsContactVisible(tx, ctx, hit.id);
  if (hit.kind == "company") return IsCompanyVisible(tx, ctx, hit.id);
  auto interaction = store::InteractionRepo(tx).Get(ctx.workspace_id, hit.id);
  if (!interaction.ok()) return interaction.error();
  return IsVisible(tx, ctx, *interaction);
}

// Keeps the first `limit` hits the caller may open: a snippet must not leak a hidden record.
Status KeepVisible(store::Tx& tx, const RequestContext& ctx, std::vector<SearchResult>& results,
                   size_t limit) {
  if (SeesEverything(ctx)) {
    if (results.size() > limit) results.resize(limit);
    return OkStatus();
  }
  std::vector<SearchResult> kept;
  for (auto& hit : results) {
    if (kept.size() == limit) break;
    TT_ASSIGN_OR_RETURN(bool visible, IsHitVisible(tx, ctx, hit));
    if (visible) kept.push_back(std::move(hit));
  }
  results = std::move(kept);
  return OkStatus();
}

// A contact's tracked events as timeline items, newest first (they are not copied into the
// timeline table: ingestion only appends events).
Result<std::vector<domain::TimelineEntry>> EventsOnTimeline(
    store::Tx& tx, std::string_view workspace_id, std::string_view contact_id, size_t limit,
    const std::optional<std::pair<int64_t, std::string>>& after) {
  store::EventFilter filter;
  filter.contact_id = std::string(contact_id);
  filter.from_sources_only = true;
  store::PageRequest page;
  page.limit = limit;
  if (after) {
    page.after_key = std::to_string(after->first);
    page.after_id = after->second;
  }
  TT_ASSIGN_OR_RETURN(auto events, store::EventRepo(tx).List(workspace_id, filter, page));
  std::vector<domain::TimelineEntry> out;
  out.reserve(events.items.size());
  for (const auto& event : events.items) out.push_back(TrackingService::TimelineEntryOf(event));
  return out;
}

// Merges two newest-first lists into `into`, keeping the first `limit`.
void MergeNewestFirst(std::vector<domain::TimelineEntry>& into,
                      std::vector<domain::TimelineEntry> other, size_t limit) {
  std::vector<domain::TimelineEntry> merged;
  merged.reserve(into.size() + other.size());
  auto newer = [](const domain::TimelineEntry& a, const domain::TimelineEntry& b) {
    return std::tie(a.occurred_at, a.record_id) > std::tie(b.occurred_at, b.record_id);
  };
  std::merge(std::make_move_iterator(into.begin()), std::make_move_iterator(into.end()),
             std::make_move_iterator(other.begin()), std::make_move_iterator(other.end()),
             std::back_inserter(merged), newer);
  if (merged.size() > limit) merged.resize(limit);
  into = std::move(merged);
}

}  // namespace

Result<TimelinePage> TimelineService::List(const RequestContext& ctx, Subject subject,
                                           std::string_view id, size_t limit,
                                           std::optional<std::pair<int64_t, std::string>> after) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  if (subject == Subject::kContact) {
    TT_RETURN_IF_ERROR(
        CheckLive(*tx, ctx, store::ContactRepo(*tx).Get(ctx.workspace_id, id), "contact", id));
  } else {
    TT_RETURN_IF_ERROR(
        CheckLive(*tx, ctx, store::CompanyRepo(*tx).Get(ctx.workspace_id, id), "company", id));
  }
  TimelinePage page;
  TT_ASSIGN_OR_RETURN(page.items,
                      store::TimelineRepo(*tx).List(ctx.workspace_id, id, limit + 1, after));
  if (subject == Subject::kContact) {
    TT_ASSIGN_OR_RETURN(auto events, EventsOnTimeline(*tx, ctx.workspace_id, id, limit + 1, after));
    MergeNewestFirst(page.items, std::move(events), limit + 1);
  }
  if (page.items.size() > limit) {
    page.items.resize(limit);
    const auto& last = page.items.back();
    page.next = std::make_pair(ToUnixMillis(last.occurred_at), last.record_id);
  }
  return page;
}

SearchService::Query SearchService::Parse(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (IsWordByte(c)) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  bool open_ended = !word.empty();
  if (!word.empty()) words.push_back(std::move(word));
  if (words.size() > 8) words.resize(8);
  Query query;
  for (size_t i = 0; i < words.size(); ++i) {
    // Words hold only letters and digits, so quoting needs no escaping.
    std::string quoted = "\"" + words[i] + "\"";
    std::string clause = quoted;
    std::string folded = domain::FoldForMatching(words[i]);
    bool last = i + 1 == words.size();
    size_t length = domain::Utf8Length(words[i]);
    if (last && open_ended && length >= 3) {
      size_t prefix = length >= 5 ? 5 : 3;
      std::string head = Utf8Prefix(words[i], prefix);
      clause = length == prefix ? quoted + "*" : "(" + quoted + " OR \"" + head + "\"*)";
      query.terms.push_back(folded);
      folded = domain::FoldForMatching(head);
      query.last_is_prefix = true;
    }
    // Explicit AND: FTS5 joins only plain phrases implicitly, not parenthesised ones.
    query.match += (i == 0 ? "" : " AND ") + clause;
    query.terms.push_back(std::move(folded));
  }
  return query;
}

// How many of the most recent matches are ranked: enough that a person's type-ahead finds what
// they mean, few enough that a common prefix over millions of records stays fast.
constexpr size_t kCandidates = 300;

Result<std::vector<SearchResult>> SearchService::Search(const RequestContext& ctx,
                                                        std::string_view query, size_t limit,
                                                        std::optional<std::string_view> kind) {
  Query parsed = Parse(query);
  if (parsed.match.empty()) return std::vector<SearchResult>();
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto hits, store::SearchRepo(*tx).Candidates(ctx.workspace_id, parsed.match,
                                                                   kCandidates, kind));
  std::vector<SearchResult> results;
  results.reserve(hits.size());
  for (auto& hit : hits) {
    double score = domain::MatchScore(hit.title, hit.body, parsed.terms, parsed.last_is_prefix);
    results.push_back({std::move(hit.kind), std::move(hit.record_id), std::move(hit.title),
                       std::move(hit.body), score});
  }
  // Best score first; among equals, the newer record (candidates come newest first).
  std::stable_sort(results.begin(), results.end(),
                   [](const SearchResult& a, const SearchResult& b) { return a.score > b.score; });
  TT_RETURN_IF_ERROR(KeepVisible(*tx, ctx, results, limit));
  for (auto& result : results) {
    std::string snippet = domain::Highlight(result.title, parsed.terms, parsed.last_is_prefix);
    if (snippet.empty())
      snippet = domain::Highlight(result.snippet, parsed.terms, parsed.last_is_prefix);
    result.snippet = snippet.empty() ? result.title : std::move(snippet);
  }
  return results;
}

}  // namespace tertulia::service
