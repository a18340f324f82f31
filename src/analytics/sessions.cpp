#include "analytics/sessions.hpp"

#include <map>

namespace tertulia::analytics {
namespace {

using std::chrono::milliseconds;

void Open(Session& session, const Touch& touch) {
  session.start = touch.at;
  session.end = touch.at;
}

void Absorb(Session& session, const Touch& touch) {
  session.end = touch.at;
  ++session.touches;
  if (!session.referrer && touch.referrer) session.referrer = touch.referrer;
  if (!session.campaign && touch.campaign) {
    session.campaign = touch.campaign;
    session.source = touch.source;
    session.medium = touch.medium;
  }
  switch (touch.kind) {
    case Touch::Kind::kPage:
      session.pages.push_back({touch.url, touch.title, touch.at, std::nullopt});
      break;
    case Touch::Kind::kCartAdd:
      ++session.cart_adds;
      break;
    case Touch::Kind::kCartRemove:
      ++session.cart_removes;
      break;
    case Touch::Kind::kOrder:
      ++session.orders;
      session.converted = true;
      break;
    case Touch::Kind::kDwell:
    case Touch::Kind::kOther:
      break;
  }
}

// Dwell per page: the snippet's reports summed per page view when there are any, else the time
// until the session's next touch.
void FillDwell(Session& session, const std::vector<const Touch*>& touches) {
  std::map<std::string, milliseconds> reported;
  std::vector<const Touch*> pages;
  for (const Touch* touch : touches) {
    if (touch->kind == Touch::Kind::kDwell && touch->page_view_id && touch->dwell) {
      reported[*touch->page_view_id] += *touch->dwell;
    }
    if (touch->kind == Touch::Kind::kPage) pages.push_back(touch);
  }
  for (size_t i = 0; i < session.pages.size(); ++i) {
    const Touch& page = *pages[i];
    if (page.page_view_id && reported.contains(*page.page_view_id)) {
      session.pages[i].dwell = reported[*page.page_view_id];
      continue;
    }
    for (const Touch* next : touches) {
      if (next->at > page.at && next->kind != Touch::Kind::kDwell) {
        session.pages[i].dwell = std::chrono::duration_cast<milliseconds>(next->at - page.at);
        break;
      }
    }
  }
  if (!session.pages.empty()) {
    session.entry_page = session.pages.front().url;
    session.exit_page = session.pages.back().url;
    // The last page's reported dwell extends the visit past its last touch.
    const auto& last = session.pages.back();
    if (last.dwell && last.at + *last.dwell > session.end) session.end = last.at + *last.dwell;
  }
}

}  // namespace

std::vector<Session> Sessionize(const std::vector<Touch>& touches, milliseconds gap) {
  std::vector<Session> sessions;
  std::vector<std::vector<const Touch*>> members;
  Timestamp last{};
  for (const Touch& touch : touches) {
    // A dwell report belongs to the page it measures, however late it arrives.
    bool starts = sessions.empty() || (touch.kind != Touch::Kind::kDwell && touch.at - last > gap);
    if (starts) {
      sessions.emplace_back();
      members.emplace_back();
      Open(sessions.back(), touch);
    }
    Absorb(sessions.back(), touch);
    members.back().push_back(&touch);
    if (touch.kind != Touch::Kind::kDwell) last = touch.at;
  }
  for (size_t i = 0; i < sessions.size(); ++i) FillDwell(sessions[i], members[i]);
  return sessions;
}

}  // namespace tertulia::analytics
