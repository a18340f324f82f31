#include "service/merge_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "domain/event.hpp"
#include "domain/text.hpp"
#include "domain/timeline.hpp"
#include "domain/validation.hpp"
#include "service/audit.hpp"
#include "service/derived_rows.hpp"
#include "service/record_json.hpp"
#include "store/contact_repo.hpp"
#include "store/derived_repos.hpp"
#include "store/erasure_repo.hpp"
#include "store/event_repo.hpp"
#include "store/merge_repo.hpp"
#include "store/security_repos.hpp"

namespace tertulia::service {
namespace {

namespace json = boost::json;

// ---- the moves record ----

std::string Text(const json::value& value) {
  return value.is_string() ? std::string(value.get_string()) : std::string();
}

const json::array& ArrayAt(const json::object& o, std::string_view key) {
  static const json::array kEmpty;
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? v->get_array() : kEmpty;
}

json::array ParticipantsJson(const std::vector<domain::Participant>& participants) {
  json::array out;
  for (const auto& p : participants) {
    json::object o{{"type", domain::EnumName(p.type)}, {"id", p.id}};
    if (p.role) o["role"] = *p.role;
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<domain::Participant> ParticipantsFrom(const json::array& array) {
  std::vector<domain::Participant> out;
  for (const auto& v : array) {
    const auto& o = v.as_object();
    domain::Participant p;
    p.type = domain::ParseEnum<domain::ParticipantType>(Text(o.at("type")))
                 .value_or(domain::ParticipantType::kContact);
    p.id = Text(o.at("id"));
    if (const auto* role = o.if_contains("role")) p.role = Text(*role);
    out.push_back(std::move(p));
  }
  return out;
}

json::array RolesJson(const std::vector<domain::OpportunityContact>& contacts) {
  json::array out;
  for (const auto& c : contacts) {
    json::object o{{"contactId", c.contact_id}};
    if (c.role) o["role"] = domain::EnumName(*c.role);
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<domain::OpportunityContact> RolesFrom(const json::array& array) {
  std::vector<domain::OpportunityContact> out;
  for (const auto& v : array) {
    const auto& o = v.as_object();
    domain::OpportunityContact c;
    c.contact_id = Text(o.at("contactId"));
    if (const auto* role = o.if_contains("role")) {
      c.role = domain::ParseEnum<domain::ContactRole>(Text(*role));
    }
    out.push_back(std::move(c));
  }
  return out;
}

// Replaces the reference `from` by `to`, or drops it where `to` is there already. `ref_of`
// gives an item's contact reference, or null when it has none.
template <typename Item, typename RefOf>
void Substitute(std::vector<Item>& items, std::string_view from, std::string_view to,
                RefOf ref_of) {
  auto is = [&](Item& item, std::string_view id) {
    const std::string* ref = ref_of(item);
    return ref != nullptr && *ref == id;
  };
  bool has_to = std::any_of(items.begin(), items.end(), [&](Item& item) { return is(item, to); });
  for (auto it = items.begin(); it != items.end();) {
    if (!is(*it, from)) {
      ++it;
    } else if (has_to) {
      it = items.erase(it);
    } else {
      *ref_of(*it) = std::string(to);
      has_to = true;
      ++it;
    }
  }
}

std::string* ContactRef(domain::Participant& p) {
  return p.type == domain::ParticipantType::kContact ? &p.id : nullptr;
}

// A consent as a merge remembers it, to put it back as it was.
json::object ConsentJson(const domain::Consent& c) {
  json::object o{{"purpose", domain::EnumName(c.purpose)},
                 {"status", domain::EnumName(c.status)},
                 {"recordedAt", ToUnixMillis(c.recorded_at)}};
  if (c.source) o["source"] = *c.source;
  if (c.legal_basis) o["legalBasis"] = domain::EnumName(*c.legal_basis);
  if (c.recorded_by) o["recordedBy"] = *c.recorded_by;
  return o;
}

std::optional<std::string> OptionalText(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::optional(std::string(v->get_string()))
                                        : std::nullopt;
}

domain::Consent ConsentFrom(const json::object& o, std::string_view contact_id) {
  domain::Consent c;
  c.contact_id = std::string(contact_id);
  c.purpose = domain::ParseEnum<domain::ConsentPurpose>(Text(o.at("purpose"))).value_or(c.purpose);
  c.status = domain::ParseEnum<domain::ConsentStatus>(Text(o.at("status"))).value_or(c.status);
  c.source = OptionalText(o, "source");
  if (auto basis = OptionalText(o, "legalBasis")) {
    c.legal_basis = domain::ParseEnum<domain::LegalBasis>(*basis);
  }
  c.recorded_at = FromUnixMillis(o.at("recordedAt").to_number<int64_t>());
  c.recorded_by = OptionalText(o, "recordedBy");
  return c;
}

// Skips records deleted since (an update answers "not found" for them).
Status SkipDeleted(const Error& error) {
  return error.code() == ErrorCode::kNotFound ? OkStatus() : Status(error);
}

// ---- the survivor's fields ----

// Adds what `merged` has and `survivor` lacks; records the additions in `added`.
void Absorb(const domain::Contact& merged, domain::Contact& survivor, json::object& added) {
  json::array emails, phones, profiles, tags;
  for (const auto& e : merged.emails) {
    bool known = std::any_of(survivor.emails.begin(), survivor.emails.end(),
                             [&](const auto& s) { return s.address == e.address; });
    if (known) continue;
    survivor.emails.push_back({e.address, survivor.emails.empty(), e.label});
    emails.push_back(json::string(e.address));
  }
  for (const auto& p : merged.phones) {
    bool known = std::any_of(survivor.phones.begin(), survivor.phones.end(),
                             [&](const auto& s) { return s.number == p.number; });
    if (known) continue;
    survivor.phones.push_back({p.number, survivor.phones.empty(), p.label});
    phones.push_back(json::string(p.number));
  }
  for (const auto& sp : merged.social_profiles) {
    bool known = std::any_of(
        survivor.social_profiles.begin(), survivor.social_profiles.end(),
        [&](const auto& s) { return s.network == sp.network && s.handle == sp.handle; });
    if (known) continue;
    survivor.social_profiles.push_back(sp);
    profiles.push_back(
        json::array{json::string(domain::EnumName(sp.network)), json::string(sp.handle)});
  }
  for (const auto& tag : merged.tags) {
    if (std::find(survivor.tags.begin(), survivor.tags.end(), tag) != survivor.tags.end()) continue;
    survivor.tags.push_back(tag);
    tags.push_back(json::string(tag));
  }
  json::object fields;
  auto fill = [&](std::string_view key, std::optional<std::string>& mine,
                  const std::optional<std::string>& theirs) {
    if (mine || !theirs) return;
    mine = theirs;
    fields[key] = *theirs;
  };
  fill("firstName", survivor.first_name, merged.first_name);
  fill("lastName", survivor.last_name, merged.last_name);
  fill("title", survivor.title, merged.title);
  fill("companyId", survivor.company_id, merged.company_id);
  fill("ownerId", survivor.owner_id, merged.owner_id);
  fill("country", survivor.country, merged.country);
  fill("city", survivor.city, merged.city);
  added = {{"emails", std::move(emails)},
           {"phones", std::move(phones)},
           {"socialProfiles", std::move(profiles)},
           {"tags", std::move(tags)},
           {"fields", std::move(fields)}};
}

// Takes back what Absorb added, where it is still as the merge left it.
void Unabsorb(const json::object& added, domain::Contact& survivor) {
  auto listed = [&](std::string_view key, const std::string& value) {
    const auto& list = ArrayAt(added, key);
    return std::any_of(list.begin(), list.end(), [&](const auto& v) { return Text(v) == value; });
  };
  std::erase_if(survivor.emails, [&](const auto& e) { return listed("emails", e.address); });
  std::erase_if(survivor.phones, [&](const auto& p) { return listed("phones", p.number); });
  std::erase_if(survivor.tags, [&](const auto& t) { return listed("tags", t); });
  for (const auto& v : ArrayAt(added, "socialProfiles")) {
    const auto& pair = v.as_array();
    std::erase_if(survivor.social_profiles, [&](const auto& s) {
      return domain::EnumName(s.network) == Text(pair.at(0)) && s.handle == Text(pair.at(1));
    });
  }
  if (!survivor.emails.empty() && std::none_of(survivor.emails.begin(), survivor.emails.end(),
                                               [](const auto& e) { return e.primary; })) {
    survivor.emails.front().primary = true;
  }
  if (!survivor.phones.empty() && std::none_of(survivor.phones.begin(), survivor.phones.end(),
                                               [](const auto& p) { return p.primary; })) {
    survivor.phones.front().primary = true;
  }
  const auto* fields = added.if_contains("fields");
  if (fields == nullptr || !fields->is_object()) return;
  auto clear = [&](std::string_view key, std::optional<std::string>& mine) {
    const auto* set = fields->get_object().if_contains(key);
    if (set != nullptr && mine == Text(*set)) mine.reset();
  };
  clear("firstName", survivor.first_name);
  clear("lastName", survivor.last_name);
  clear("title", survivor.title);
  clear("companyId", survivor.company_id);
  clear("ownerId", survivor.owner_id);
  clear("country", survivor.country);
  clear("city", survivor.city);
}

// The steps of one merge or undo, inside one transaction.
class MergeRun {
 public:
  MergeRun(store::Tx& tx, const RequestContext& ctx, MergeService::Records& records)
      : tx_(tx), ctx_(ctx), records_(records) {}

  // ---- merge ----

  Status MoveAll(const domain::Contact& survivor, const domain::Contact& merged,
                 std::string_view merge_id, json::object& moves) {
    from_ = merged.meta.id;
    to_ = survivor.meta.id;
    TT_ASSIGN_OR_RETURN(auto about, store::ErasureRepo(tx_).Find(ctx_.workspace_id, from_));
    TT_RETURN_IF_ERROR(MoveInteractions(about.interactions, moves));
    TT_RETURN_IF_ERROR(
        MoveLinked(records_.notes, about.notes, moves["notes"].emplace_array(),
                   [](domain::Note& n) -> domain::RecordLink* { return &n.record; }));
    TT_RETURN_IF_ERROR(MoveLinked(records_.tasks, about.tasks, moves["tasks"].emplace_array(),
                                  [](domain::Task& t) { return t.linked ? &*t.linked : nullptr; }));
    store::MergeRepo repo(tx_);
    TT_ASSIGN_OR_RETURN(auto documents, repo.DocumentsOn(ctx_.workspace_id, from_));
    TT_RETURN_IF_ERROR(
        MoveLinked(records_.documents, documents, moves["documents"].emplace_array(),
                   [](domain::Document& d) -> domain::RecordLink* { return &d.record; }));
    TT_RETURN_IF_ERROR(MoveOpportunities(moves));
    TT_RETURN_IF_ERROR(MoveRelationships(about.relationships, moves));
    TT_ASSIGN_OR_RETURN(auto identities, repo.MoveIdentities(ctx_.workspace_id, from_, to_));
    json::array ids;
    for (const auto& id : identities)
      ids.push_back(json::array{json::string(id.kind), json::string(id.value)});
    moves["identities"] = std::move(ids);
    TT_ASSIGN_OR_RETURN(int64_t events, repo.MoveEvents(ctx_.workspace_id, merge_id, from_, to_));
    moves["events"] = events;
    return MoveConsent(moves);
  }

  // ---- undo ----

  Status PutBack(const domain::ContactMerge& merge, const json::object& moves) {
    from_ = merge.survivor_id;
    to_ = merge.merged_id;
    for (const auto& v : ArrayAt(moves, "interactions")) {
      const auto& o = v.as_object();
      auto restored = records_.interactions.UpdateInTx(
          tx_, ctx_, Text(o.at("id")), [&](domain::Interaction& interaction) {
            interaction.participants = ParticipantsFrom(o.at("participants").as_array());
            return OkStatus();
          });
      if (!restored.ok()) TT_RETURN_IF_ERROR(SkipDeleted(restored.error()));
    }
    for (const auto& v : ArrayAt(moves, "opportunities")) {
      const auto& o = v.as_object();
      auto restored = records_.opportunities.UpdateInTx(
          tx_, ctx_, Text(o.at("id")), [&](domain::Opportunity& opportunity) {
            opportunity.contacts = RolesFrom(o.at("contacts").as_array());
            return OkStatus();
          });
      if (!restored.ok()) TT_RETURN_IF_ERROR(SkipDeleted(restored.error()));
    }
    TT_RETURN_IF_ERROR(Relink(records_.notes, ArrayAt(moves, "notes"),
                              [](domain::Note& n) -> domain::RecordLink* { return &n.record; }));
    TT_RETURN_IF_ERROR(Relink(records_.tasks, ArrayAt(moves, "tasks"),
                              [](domain::Task& t) { return t.linked ? &*t.linked : nullptr; }));
    TT_RETURN_IF_ERROR(
        Relink(records_.documents, ArrayAt(moves, "documents"),
               [](domain::Document& d) -> domain::RecordLink* { return &d.record; }));
    TT_RETURN_IF_ERROR(PutBackRelationships(moves));
    std::vector<store::IdentityKey> identities;
    for (const auto& v : ArrayAt(moves, "identities")) {
      identities.push_back({Text(v.as_array().at(0)), Text(v.as_array().at(1))});
    }
    store::MergeRepo repo(tx_);
    TT_RETURN_IF_ERROR(repo.PointIdentities(ctx_.workspace_id, identities, to_));
    TT_ASSIGN_OR_RETURN(int64_t events, repo.MoveEventsBack(ctx_.workspace_id, merge.id, from_, to_,
                                                            merge.merged_at, identities));
    events_back_ = events;
    return PutBackConsent(moves);
  }

  int64_t events_back() const { return events_back_; }

 private:
  Status MoveInteractions(const std::vector<std::string>& ids, json::object& moves) {
    json::array& moved = moves["interactions"].emplace_array();
    for (const auto& id : ids) {
      json::array before;
      auto changed =
          records_.interactions.UpdateInTx(tx_, ctx_, id, [&](domain::Interaction& interaction) {
            before = ParticipantsJson(interaction.participants);
            Substitute(interaction.participants, from_, to_, ContactRef);
            return OkStatus();
          });
      if (!changed.ok()) {
        TT_RETURN_IF_ERROR(SkipDeleted(changed.error()));
        continue;
      }
      moved.push_back(json::object{{"id", id}, {"participants", std::move(before)}});
    }
    return OkStatus();
  }

  Status MoveOpportunities(json::object& moves) {
    TT_ASSIGN_OR_RETURN(auto ids,
                        store::MergeRepo(tx_).OpportunitiesWith(ctx_.workspace_id, from_));
    json::array& moved = moves["opportunities"].emplace_array();
    for (const auto& id : ids) {
      json::array before;
      auto changed =
          records_.opportunities.UpdateInTx(tx_, ctx_, id, [&](domain::Opportunity& opportunity) {
            before = RolesJson(opportunity.contacts);
            Substitute(opportunity.contacts, from_, to_,
                       [](domain::OpportunityContact& c) { return &c.contact_id; });
            return OkStatus();
          });
      if (!changed.ok()) {
        TT_RETURN_IF_ERROR(SkipDeleted(changed.error()));
        continue;
      }
      moved.push_back(json::object{{"id", id}, {"contacts", std::move(before)}});
    }
    return OkStatus();
  }

  // Notes, tasks and documents: the link to the merged contact points at the survivor.
  template <typename Service, typename LinkOf>
  Status MoveLinked(Service& service, const std::vector<std::string>& ids, json::array& moved,
                    LinkOf link_of) {
    for (const auto& id : ids) {
      auto changed = service.UpdateInTx(tx_, ctx_, id, [&](auto& record) {
        domain::RecordLink* link = link_of(record);
        if (link != nullptr && link->id == from_) link->id = to_;
        return OkStatus();
      });
      if (!changed.ok()) {
        TT_RETURN_IF_ERROR(SkipDeleted(changed.error()));
        continue;
      }
      moved.push_back(json::string(id));
    }
    return OkStatus();
  }

  template <typename Service, typename LinkOf>
  Status Relink(Service& service, const json::array& ids, LinkOf link_of) {
    std::vector<std::string> list;
    for (const auto& id : ids) list.push_back(Text(id));
    json::array ignored;
    return MoveLinked(service, list, ignored, link_of);
  }

  // Ties to third contacts move; ties between the two would tie the survivor to itself and are
  // deleted.
  Status MoveRelationships(const std::vector<std::string>& ids, json::object& moves) {
    json::array& moved = moves["relationships"].emplace_array();
    json::array& removed = moves["removedRelationships"].emplace_array();
    for (const auto& id : ids) {
      TT_ASSIGN_OR_RETURN(auto tie, records_.relationships.Load(tx_, ctx_, id));
      if (tie.meta.deleted()) continue;
      if (tie.from_contact_id == to_ || tie.to_contact_id == to_) {
        TT_RETURN_IF_ERROR(records_.relationships.DeleteInTx(tx_, ctx_, id));
        removed.push_back(json::string(id));
        continue;
      }
      TT_RETURN_IF_ERROR(
          records_.relationships.UpdateInTx(tx_, ctx_, id, [&](domain::Relationship& r) {
            if (r.from_contact_id == from_) r.from_contact_id = to_;
            if (r.to_contact_id == from_) r.to_contact_id = to_;
            return OkStatus();
          }));
      moved.push_back(
          json::object{{"id", id}, {"from", tie.from_contact_id}, {"to", tie.to_contact_id}});
    }
    return OkStatus();
  }

  Status PutBackRelationships(const json::object& moves) {
    for (const auto& v : ArrayAt(moves, "relationships")) {
      const auto& o = v.as_object();
      auto restored = records_.relationships.UpdateInTx(tx_, ctx_, Text(o.at("id")),
                                                        [&](domain::Relationship& r) {
                                                          r.from_contact_id = Text(o.at("from"));
                                                          r.to_contact_id = Text(o.at("to"));
                                                          return OkStatus();
                                                        });
      if (!restored.ok()) TT_RETURN_IF_ERROR(SkipDeleted(restored.error()));
    }
    for (const auto& v : ArrayAt(moves, "removedRelationships")) {
      auto restored = records_.relationships.RestoreInTx(tx_, ctx_, Text(v));
      if (!restored.ok() && restored.error().code() != ErrorCode::kFailedPrecondition) {
        TT_RETURN_IF_ERROR(SkipDeleted(restored.error()));
      }
    }
    return OkStatus();
  }

  // Per purpose, the more recent statement of the person wins.
  Status MoveConsent(json::object& moves) {
    store::ConsentRepo consents(tx_);
    TT_ASSIGN_OR_RETURN(auto theirs, consents.ForContact(from_));
    TT_ASSIGN_OR_RETURN(auto mine, consents.ForContact(to_));
    json::array& moved = moves["consents"].emplace_array();
    for (auto consent : theirs) {
      auto same = std::find_if(mine.begin(), mine.end(),
                               [&](const auto& c) { return c.purpose == consent.purpose; });
      if (same != mine.end() && same->recorded_at >= consent.recorded_at) continue;
      json::object entry{{"purpose", domain::EnumName(consent.purpose)}};
      entry["before"] = same == mine.end() ? json::value() : json::value(ConsentJson(*same));
      moved.push_back(std::move(entry));
      consent.contact_id = to_;
      TT_RETURN_IF_ERROR(consents.Upsert(ctx_.workspace_id, consent));
    }
    return OkStatus();
  }

  Status PutBackConsent(const json::object& moves) {
    store::ConsentRepo consents(tx_);
    for (const auto& v : ArrayAt(moves, "consents")) {
      const auto& o = v.as_object();
      std::string purpose = Text(o.at("purpose"));
      const auto& before = o.at("before");
      if (!before.is_object()) {
        TT_RETURN_IF_ERROR(store::MergeRepo(tx_).DeleteConsent(from_, purpose));
        continue;
      }
      TT_RETURN_IF_ERROR(
          consents.Upsert(ctx_.workspace_id, ConsentFrom(before.get_object(), from_)));
    }
    return OkStatus();
  }

  store::Tx& tx_;
  const RequestContext& ctx_;
  MergeService::Records& records_;
  std::string from_, to_;
  int64_t events_back_ = 0;
};

json::object Counts(const json::object& moves) {
  json::object counts;
  for (std::string_view key :
       {"interactions", "notes", "tasks", "documents", "opportunities", "relationships"}) {
    counts[key] = ArrayAt(moves, key).size();
  }
  counts["events"] = moves.contains("events") ? moves.at("events") : json::value(0);
  return counts;
}

// "Merged with Ana Pérez: 12 events, 3 interactions" (what moved, when anything did), or "Undid
// the merge with …", and its detail: {action: merged | undone, contactId, contact, moved}.
EntryText MergeText(bool undone, const domain::Contact& other, const json::object& counts) {
  std::string_view verb = undone ? "Undid the merge with" : "Merged with";
  std::string moved;
  for (const auto& [key, value] : counts) {
    int64_t n = value.to_number<int64_t>();
    if (n == 0) continue;
    std::string_view noun = key;  // "interactions": one of them is "interaction"
    if (n == 1) {
      noun = noun == "opportunities" ? std::string_view("opportunity")
                                     : noun.substr(0, noun.size() - 1);
    }
    moved += fmt::format("{}{} {}", moved.empty() ? "" : ", ", n, noun);
  }
  json::object detail{{"action", undone ? "undone" : "merged"},
                      {"contactId", other.meta.id},
                      {"contact", other.DisplayName()},
                      {"moved", counts}};
  return {moved.empty() ? fmt::format("{} {}", verb, other.DisplayName())
                        : fmt::format("{} {}: {}", verb, other.DisplayName(), moved),
          json::serialize(detail)};
}

// The merge as a tracked event on the survivor ("Contact Merged", "Contact Merge Undone") and an
// entry on the timelines of `subjects`.
Status RecordEvent(store::Tx& tx, const domain::ContactMerge& merge, std::string_view name,
                   std::string_view record_id, Timestamp at, const EntryText& text,
                   const json::object& counts, const std::vector<std::string>& subjects) {
  domain::Event event;
  event.workspace_id = merge.workspace_id;
  event.message_id = fmt::format("merge:{}", record_id);  // a client would have to guess it
  event.type = domain::EventType::kTrack;
  event.contact_id = merge.survivor_id;
  event.name = std::string(name);
  event.occurred_at = at;
  event.received_at = at;
  json::object properties{{"mergeId", merge.id},
                          {"survivorId", merge.survivor_id},
                          {"mergedId", merge.merged_id},
                          {"source", domain::EnumName(merge.source)},
                          {"moved", counts}};
  event.body = json::serialize(
      json::object{{"type", "track"}, {"event", name}, {"properties", std::move(properties)}});
  TT_RETURN_IF_ERROR(store::EventRepo(tx).Append(event));  // no source: not on timelines
  std::vector<domain::TimelineEntry> entries;
  entries.reserve(subjects.size());
  for (const auto& subject : subjects) {
    entries.push_back({subject, at, std::string(record_id), domain::TimelineKind::kMerge,
                       std::nullopt, std::nullopt, merge.merged_by ? "user" : "system",
                       merge.merged_by, text.summary, text.detail});
  }
  return store::TimelineRepo(tx).Add(merge.workspace_id, std::move(entries));
}

Result<json::object> MovesOf(const domain::ContactMerge& merge) {
  std::error_code ec;
  json::value moves = json::parse(merge.moves, ec);
  if (ec || !moves.is_object()) return Error::Internal("merge moves are not a JSON object");
  return std::move(moves.get_object());
}

// A later merge of either contact into a third would hold what this one moved: it is undone
// first.
Status CheckNotMergedSince(store::Tx& tx, const domain::ContactMerge& merge) {
  for (const auto* id : {&merge.merged_id, &merge.survivor_id}) {
    TT_ASSIGN_OR_RETURN(auto later, store::MergeRepo(tx).ForContact(merge.workspace_id, *id));
    for (const auto& other : later) {
      if (other.id == merge.id || other.undone() || other.merged_id != *id) continue;
      if (other.merged_at < merge.merged_at) continue;
      return Error::Aborted(
          fmt::format("contact {} was merged into {} since (merge {}); undo that first", *id,
                      other.survivor_id, other.id));
    }
  }
  return OkStatus();
}

}  // namespace

Result<domain::ContactMerge> MergeService::Merge(const RequestContext& ctx,
                                                 std::string_view survivor_id,
                                                 std::string_view merged_id,
                                                 std::optional<std::string> reason) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kWrite, "merge contacts"));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_ASSIGN_OR_RETURN(auto merge, MergeInTx(*tx, ctx, survivor_id, merged_id,
                                            domain::MergeSource::kApi, std::move(reason)));
  TT_RETURN_IF_ERROR(tx->Commit());
  return merge;
}

Result<domain::ContactMerge> MergeService::MergeInTx(store::Tx& tx, const RequestContext& ctx,
                                                     std::string_view survivor_id,
                                                     std::string_view merged_id,
                                                     domain::MergeSource source,
                                                     std::optional<std::string> reason) {
  if (survivor_id == merged_id) {
    return Error::InvalidField("mergedId", "is the survivor itself; pick another contact");
  }
  if (reason && domain::Utf8Length(*reason) > kMaxReason) {
    return Error::InvalidField("reason", fmt::format("is longer than {} characters", kMaxReason));
  }
  TT_ASSIGN_OR_RETURN(auto survivor, records_.contacts.Load(tx, ctx, survivor_id));
  TT_ASSIGN_OR_RETURN(auto merged, records_.contacts.Load(tx, ctx, merged_id));
  for (const auto* contact : {&survivor, &merged}) {
    if (contact->meta.deleted()) {
      return Error::Aborted(
          fmt::format("contact {} is deleted; restore it before merging", contact->meta.id));
    }
  }
  domain::ContactMerge merge{ids_.Next(),
                             ctx.workspace_id,
                             survivor.meta.id,
                             merged.meta.id,
                             source,
                             std::move(reason),
                             {},
                             clock_.Now(),
                             ctx.user_id,
                             std::nullopt,
                             std::nullopt};
  json::object moves;
  json::object added;
  TT_ASSIGN_OR_RETURN(
      survivor, records_.contacts.UpdateInTx(tx, ctx, survivor.meta.id, [&](domain::Contact& c) {
        Absorb(merged, c, added);
        return OkStatus();
      }));
  moves["added"] = std::move(added);
  MergeRun run(tx, ctx, records_);
  TT_RETURN_IF_ERROR(run.MoveAll(survivor, merged, merge.id, moves));
  TT_RETURN_IF_ERROR(records_.contacts.DeleteInTx(tx, ctx, merged.meta.id));
  merge.moves = json::serialize(moves);
  TT_RETURN_IF_ERROR(store::MergeRepo(tx).Insert(merge));
  json::object counts = Counts(moves);
  json::object audit{{"mergeId", merge.id},
                     {"survivorId", merge.survivor_id},
                     {"mergedId", merge.merged_id},
                     {"source", domain::EnumName(source)},
                     {"moved", counts}};
  for (const auto* id : {&merge.survivor_id, &merge.merged_id}) {
    TT_RETURN_IF_ERROR(Audit(tx, ctx, clock_, ids_, "merge", "contact", *id, audit));
  }
  TT_RETURN_IF_ERROR(RecordEvent(tx, merge, "Contact Merged", merge.id, merge.merged_at,
                                 MergeText(false, merged, counts), counts, {merge.survivor_id}));
  return merge;
}

Result<domain::ContactMerge> MergeService::Undo(const RequestContext& ctx,
                                                std::string_view merge_id) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kWrite, "undo merges"));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_ASSIGN_OR_RETURN(auto merge, store::MergeRepo(*tx).Get(ctx.workspace_id, merge_id));
  // Only someone who may see the survivor may undo its merge.
  TT_RETURN_IF_ERROR(records_.contacts.Load(*tx, ctx, merge.survivor_id));
  if (merge.undone()) return Error::Aborted(fmt::format("merge {} was undone already", merge.id));
  auto merged = store::ContactRepo(*tx).Get(ctx.workspace_id, merge.merged_id);
  if (!merged.ok()) {
    return Error::Aborted(
        fmt::format("contact {} was erased since the merge; it cannot come back", merge.merged_id));
  }
  TT_RETURN_IF_ERROR(CheckNotMergedSince(*tx, merge));
  TT_ASSIGN_OR_RETURN(auto moves, MovesOf(merge));
  if (merged->meta.deleted()) {
    TT_RETURN_IF_ERROR(records_.contacts.RestoreInTx(*tx, ctx, merge.merged_id));
  }
  MergeRun run(*tx, ctx, records_);
  TT_RETURN_IF_ERROR(run.PutBack(merge, moves));
  if (const auto* added = moves.if_contains("added"); added != nullptr && added->is_object()) {
    auto updated =
        records_.contacts.UpdateInTx(*tx, ctx, merge.survivor_id, [&](domain::Contact& c) {
          Unabsorb(added->get_object(), c);
          return OkStatus();
        });
    if (!updated.ok()) TT_RETURN_IF_ERROR(SkipDeleted(updated.error()));
  }
  merge.undone_at = clock_.Now();
  merge.undone_by = ctx.user_id;
  TT_RETURN_IF_ERROR(store::MergeRepo(*tx).MarkUndone(merge));
  json::object counts = Counts(moves);
  counts["events"] = run.events_back();
  json::object audit{{"mergeId", merge.id}, {"moved", counts}};
  for (const auto* id : {&merge.survivor_id, &merge.merged_id}) {
    TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "unmerge", "contact", *id, audit));
  }
  domain::ContactMerge undo = merge;
  undo.merged_by = ctx.user_id;
  TT_RETURN_IF_ERROR(RecordEvent(*tx, undo, "Contact Merge Undone", merge.id + ":undo",
                                 *merge.undone_at, MergeText(true, *merged, counts), counts,
                                 {merge.survivor_id, merge.merged_id}));
  TT_RETURN_IF_ERROR(tx->Commit());
  return merge;
}

Result<domain::ContactMerge> MergeService::Get(const RequestContext& ctx,
                                               std::string_view merge_id) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto merge, store::MergeRepo(*tx).Get(ctx.workspace_id, merge_id));
  auto survivor = records_.contacts.Load(*tx, ctx, merge.survivor_id);
  if (!survivor.ok()) return Error::NotFound(fmt::format("merge {} not found", merge_id));
  return merge;
}

Result<std::vector<domain::ContactMerge>> MergeService::ForContact(const RequestContext& ctx,
                                                                   std::string_view contact_id) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto contact, records_.contacts.Load(*tx, ctx, contact_id));
  return store::MergeRepo(*tx).ForContact(ctx.workspace_id, contact.meta.id);
}

}  // namespace tertulia::service
