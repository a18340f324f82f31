#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/task.hpp"
#include "domain/timeline.hpp"

// What each record contributes to timelines and search, computed from the record alone so that
// the same function gives the rows to add (new state) and to remove (previous state).
namespace tertulia::service {

// An interaction is on the timeline of each contact taking part and of its company.
std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Interaction& interaction);
// A task or note linked to a contact or company is on its timeline.
std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Task& task);
std::vector<domain::TimelineEntry> TimelineEntriesOf(const domain::Note& note);

// (title, body) of the search documents.
std::pair<std::string, std::string> SearchTextOf(const domain::Contact& contact);
std::pair<std::string, std::string> SearchTextOf(const domain::Company& company);
std::pair<std::string, std::string> SearchTextOf(const domain::Interaction& interaction);

}  // namespace tertulia::service
