#include "service/timeline_search_service.hpp"

#include <fmt/format.h>

#include "domain/validation.hpp"
#include "store/company_repo.hpp"
#include "store/contact_repo.hpp"

namespace tertulia::service {
namespace {

// Word characters for splitting a query the way FTS5's unicode61 tokenizer splits text: ASCII
// letters and digits, and every non-ASCII byte (accented letters and other scripts).
bool IsWordByte(char c) {
  auto byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         byte >= 0x80;
}

template <typename T>
Status CheckLive(const Result<T>& record, std::string_view what, std::string_view id) {
  if (!record.ok()) return record.error();
  if (record->meta.deleted()) return Error::NotFound(fmt::format("{} {} is deleted", what, id));
  return OkStatus();
}

}  // namespace

Result<TimelinePage> TimelineService::List(const RequestContext& ctx, Subject subject,
                                           std::string_view id, size_t limit,
                                           std::optional<std::pair<int64_t, std::string>> after) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  if (subject == Subject::kContact) {
    TT_RETURN_IF_ERROR(CheckLive(store::ContactRepo(*tx).Get(ctx.workspace_id, id), "contact", id));
  } else {
    TT_RETURN_IF_ERROR(CheckLive(store::CompanyRepo(*tx).Get(ctx.workspace_id, id), "company", id));
  }
  TimelinePage page;
  TT_ASSIGN_OR_RETURN(page.items,
                      store::TimelineRepo(*tx).List(ctx.workspace_id, id, limit + 1, after));
  if (page.items.size() > limit) {
    page.items.resize(limit);
    const auto& last = page.items.back();
    page.next = std::make_pair(ToUnixMillis(last.occurred_at), last.record_id);
  }
  return page;
}

std::string SearchService::MatchExpression(std::string_view query) {
  std::vector<std::string> words;
  std::string word;
  for (char c : query) {
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
  std::string match;
  for (size_t i = 0; i < words.size(); ++i) {
    // Words hold only letters and digits, so quoting needs no escaping.
    match += (i == 0 ? "\"" : " \"") + words[i] + "\"";
    bool last = i + 1 == words.size();
    if (last && open_ended && domain::Utf8Length(words[i]) >= 2) match += '*';
  }
  return match;
}

// How many of the most recent matches are ranked: enough that a person's type-ahead finds what
// they mean, few enough that a common prefix over millions of records stays fast.
constexpr size_t kCandidates = 2000;

Result<std::vector<SearchResult>> SearchService::Search(const RequestContext& ctx,
                                                        std::string_view query, size_t limit) {
  std::string match = MatchExpression(query);
  if (match.empty()) return std::vector<SearchResult>();
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto hits, store::SearchRepo(*tx).Search(ctx.workspace_id, match, limit,
                                                                    kCandidates));
  std::vector<SearchResult> results;
  results.reserve(hits.size());
  for (auto& hit : hits) {
    results.push_back({std::move(hit.kind), std::move(hit.record_id), std::move(hit.title),
                       std::move(hit.snippet), hit.score});
  }
  return results;
}

}  // namespace tertulia::service
