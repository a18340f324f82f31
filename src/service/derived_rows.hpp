#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/task.hpp"
#include "domain/timeline.hpp"
#include "store/derived_repos.hpp"
#include "store/record_sql.hpp"

// What each record contributes to timelines and search, computed from the record alone so that
// the same function gives the rows to add (new state) and to remove (previous state).
namespace tertulia::service {

// An interaction is on the timeline of each contact taking part and of its company.
std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Interaction& interaction);
// A task or note linked to a contact or company is on its timeline.
std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Task& task);
std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Note& note);

// A timeline entry's English summary and its detail (a JSON object; see domain::TimelineEntry).
struct EntryText {
  std::string summary;
  std::string detail;
};
// A move of opportunity `name` between stages (their names); no `from`: it opened in `to`.
EntryText StageMoveText(std::string_view opportunity_id, std::string_view name,
                        const std::optional<std::string>& from, std::string_view to);

// (title, body) of the search documents.
std::pair<std::string, std::string> SearchTextOf(const domain::Contact& contact);
std::pair<std::string, std::string> SearchTextOf(const domain::Company& company);
std::pair<std::string, std::string> SearchTextOf(const domain::Interaction& interaction);

// Writes the search document of `record` (`kind` is its kind of record), rewriting the previous
// one when `rewrite`.
template <typename T>
Status IndexForSearch(store::Tx& tx, const T& record, bool rewrite, store::SearchKind kind,
                      std::string_view kind_name) {
  auto [title, body] = SearchTextOf(record);
  store::SearchRepo search(tx);
  int64_t doc = store::SearchDocId(kind, record.meta.seq);
  if (rewrite) {
    return search.Upsert(record.meta.workspace_id, doc, record.meta.id, kind_name, title, body);
  }
  return search.Insert(record.meta.workspace_id, doc, record.meta.id, kind_name, title, body);
}

}  // namespace tertulia::service
