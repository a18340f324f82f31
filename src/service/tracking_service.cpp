#include "service/tracking_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <utility>

#include "domain/text.hpp"
#include "domain/timeline.hpp"
#include "service/identity_cache.hpp"
#include "service/records.hpp"
#include "service/visibility.hpp"
#include "store/company_repo.hpp"
#include "store/contact_repo.hpp"
#include "store/derived_repos.hpp"
#include "store/security_repos.hpp"

namespace tertulia::service {
namespace {

namespace json = boost::json;
using domain::EventType;

constexpr size_t kSummaryBytes = 140;

// The Segment spec's e-commerce and e-mail events, by the names people read on a timeline.
constexpr auto kClearNames = std::to_array<std::pair<std::string_view, std::string_view>>({
    {"Product Viewed", "Viewed a product"},
    {"Product Added", "Added a product to the cart"},
    {"Product Removed", "Removed a product from the cart"},
    {"Checkout Started", "Started checkout"},
    {"Order Completed", "Completed an order"},
    {"Email Opened", "Opened an e-mail"},
    {"Email Link Clicked", "Clicked a link in an e-mail"},
});

std::string TruncateUtf8(std::string text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

json::object BodyOf(const domain::Event& event) {
  std::error_code ec;
  json::value value = json::parse(event.body, ec);
  if (ec || !value.is_object()) return {};
  return std::move(value.get_object());
}

// A scalar as people write it: 12.5, not JSON's 1.25E1.
std::string ScalarText(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_double()) return fmt::format("{}", value.get_double());
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  return {};
}

std::string TextOf(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value == nullptr || value->is_bool() ? std::string() : ScalarText(*value);
}

const json::object& ObjectOf(const json::object& object, std::string_view key) {
  static const json::object kEmpty;
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_object() ? value->get_object() : kEmpty;
}

// The page a page view or a dwell report names: (title, url), either may be empty.
std::pair<std::string, std::string> PageOf(const domain::Event& event, const json::object& body) {
  const auto& properties = ObjectOf(body, "properties");
  if (event.type != EventType::kPage) {
    return {TextOf(properties, "title"), TextOf(properties, "url")};
  }
  const auto& page = ObjectOf(ObjectOf(body, "context"), "page");
  std::string title = TextOf(properties, "title");
  if (title.empty()) title = TextOf(page, "title");
  if (title.empty()) title = event.name.value_or("");
  std::string url = TextOf(properties, "url");
  if (url.empty()) url = TextOf(page, "url");
  if (url.empty()) url = TextOf(properties, "path");
  return {title, url};
}

// The browser snippet's report of the visible time on a page, in whole seconds.
int64_t DwellSeconds(const json::object& properties) {
  const json::value* dwell = properties.if_contains("dwellMs");
  double ms = 0;
  if (dwell != nullptr && dwell->is_int64()) ms = static_cast<double>(dwell->get_int64());
  if (dwell != nullptr && dwell->is_double()) ms = dwell->get_double();
  return std::llround(ms / 1000);
}

// A track event's scalar properties as "key: value, key: value" (about kSummaryBytes at most).
std::string PropertiesText(const json::object& properties) {
  std::string text;
  for (const auto& [key, value] : properties) {
    if (!value.is_string() && !value.is_number() && !value.is_bool()) continue;
    text +=
        fmt::format("{}{}: {}", text.empty() ? "" : ", ", std::string_view(key), ScalarText(value));
    if (text.size() > kSummaryBytes) break;
  }
  return text;
}

// What an event's timeline entry says, as facts: its type and, as the type has them, the event's
// name (`event`), the page (`title`, `url`), the seconds spent on it, the properties (as text)
// and the name or id the event gives (`name`, `as`).
json::object EventFacts(const domain::Event& event) {
  json::object body = BodyOf(event);
  const auto& properties = ObjectOf(body, "properties");
  json::object facts{{"type", domain::EnumName(event.type)}};
  auto put = [&facts](std::string_view key, std::string text) {
    if (!text.empty()) facts[key] = TruncateUtf8(std::move(text), kSummaryBytes);
  };
  std::string name = event.name.value_or("");
  bool dwell = event.type == EventType::kTrack && name == "Page Dwell";
  if (event.type == EventType::kPage || dwell) {
    auto [title, url] = PageOf(event, body);
    put("title", std::move(title));
    put("url", std::move(url));
  }
  if (dwell) facts["seconds"] = DwellSeconds(properties);
  if (event.type == EventType::kTrack) {
    put("event", name);
    if (!dwell) put("properties", PropertiesText(properties));
  }
  if (event.type == EventType::kScreen || event.type == EventType::kGroup ||
      event.type == EventType::kAlias) {
    put("name", name);
  }
  if (event.type == EventType::kIdentify) {
    put("as", event.user_id.value_or(event.anonymous_id.value_or("")));
  }
  return facts;
}

std::string Fact(const json::object& facts, std::string_view key) {
  const json::value* value = facts.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

// "Pricing (https://…/pricing)", "Pricing", the url alone, or "a page".
std::string PageWords(const json::object& facts) {
  std::string title = Fact(facts, "title"), url = Fact(facts, "url");
  if (title.empty()) return url.empty() ? "a page" : url;
  return url.empty() ? title : fmt::format("{} ({})", title, url);
}

std::string TrackWords(const json::object& facts) {
  std::string name = Fact(facts, "event");
  if (name == "Page Dwell") {
    return fmt::format("Spent {} s on {}", facts.at("seconds").to_number<int64_t>(),
                       PageWords(facts));
  }
  for (const auto& [segment, clear] : kClearNames) {
    if (segment == name) name = std::string(clear);
  }
  std::string properties = Fact(facts, "properties");
  return properties.empty() ? name : fmt::format("{} ({})", name, properties);
}

// The English summary of an event's facts.
std::string EnglishSummary(EventType type, const json::object& facts) {
  switch (type) {
    case EventType::kPage:
      return "Viewed " + PageWords(facts);
    case EventType::kScreen:
      return "Viewed the screen " + Fact(facts, "name");
    case EventType::kTrack:
      return TrackWords(facts);
    case EventType::kIdentify:
      return "Identified as " + Fact(facts, "as");
    case EventType::kGroup:
      return "Joined the group " + Fact(facts, "name");
    case EventType::kAlias:
      return "Known before as " + Fact(facts, "name");
  }
  return {};
}

// Contact fields from Segment's reserved traits, and the workspace's contact custom fields whose
// key a trait carries; other traits stay in the event only.
struct Traits {
  std::optional<std::string> email, first_name, last_name, phone, title, city, country;
  domain::CustomValues custom;
};

// Traits whose key is a custom field of contacts; their types are checked by the contact's own
// validation (a wrong one is dropped, see DropFaultyTraits).
void ReadCustomTraits(const json::object& traits, std::span<const domain::CustomFieldDef> defs,
                      domain::CustomValues& out) {
  for (const auto& def : defs) {
    const json::value* value = traits.if_contains(def.key);
    if (value == nullptr) continue;
    if (value->is_string()) out[def.key] = std::string(value->get_string());
    if (value->is_bool()) out[def.key] = value->get_bool();
    if (value->is_number()) out[def.key] = value->to_number<double>();
  }
}

Traits ReadTraits(const json::object& body, std::span<const domain::CustomFieldDef> defs) {
  const json::object* traits = &ObjectOf(body, "traits");
  if (traits->empty()) traits = &ObjectOf(ObjectOf(body, "context"), "traits");
  auto text = [&](std::string_view a, std::string_view b = {}) -> std::optional<std::string> {
    std::string value = TextOf(*traits, a);
    if (value.empty() && !b.empty()) value = TextOf(*traits, b);
    if (value.empty()) return std::nullopt;
    return value;
  };
  Traits out{text("email"),
             text("firstName", "first_name"),
             text("lastName", "last_name"),
             text("phone"),
             text("title"),
             std::nullopt,
             std::nullopt,
             {}};
  if (!out.first_name && !out.last_name) {
    if (auto name = text("name")) {
      auto space = name->find(' ');
      out.first_name = name->substr(0, space);
      if (space != std::string::npos) out.last_name = name->substr(space + 1);
    }
  }
  const auto& address = ObjectOf(*traits, "address");
  if (auto city = TextOf(address, "city"); !city.empty()) out.city = city;
  if (auto country = TextOf(address, "country"); !country.empty()) out.country = country;
  ReadCustomTraits(*traits, defs, out.custom);
  return out;
}

// Applies the traits to a contact: names, title and place replace what is there; an e-mail or
// phone is added when new.
// Returns whether the traits changed anything.
bool ApplyTraits(const Traits& traits, domain::Contact& contact) {
  bool changed = false;
  auto set = [&](std::optional<std::string>& field, const std::optional<std::string>& trait) {
    if (!trait || field == trait) return;
    field = trait;
    changed = true;
  };
  set(contact.first_name, traits.first_name);
  set(contact.last_name, traits.last_name);
  set(contact.title, traits.title);
  set(contact.city, traits.city);
  set(contact.country, traits.country);
  for (const auto& [key, value] : traits.custom) {
    auto found = contact.custom.find(key);
    if (found != contact.custom.end() && found->second == value) continue;
    contact.custom.insert_or_assign(key, value);
    changed = true;
  }
  if (traits.email) {
    std::string email = domain::FoldForMatching(domain::Trim(*traits.email));
    bool known = false;
    for (const auto& e : contact.emails) known = known || e.address == email;
    if (!known) contact.emails.push_back({email, contact.emails.empty(), std::nullopt});
    changed = changed || !known;
  }
  if (traits.phone) {
    bool known = false;
    for (const auto& p : contact.phones) known = known || p.number == *traits.phone;
    if (!known) contact.phones.push_back({*traits.phone, contact.phones.empty(), std::nullopt});
    changed = changed || !known;
  }
  return changed;
}

// Drops the traits a validation error names, so one bad trait does not lose the others.
void DropFaultyTraits(const Error& error, Traits& traits) {
  for (const auto& field : error.fields()) {
    std::string_view name = field.field;
    if (name.starts_with("emails")) traits.email.reset();
    if (name.starts_with("phones")) traits.phone.reset();
    if (name == "firstName") traits.first_name.reset();
    if (name == "lastName") traits.last_name.reset();
    if (name == "title") traits.title.reset();
    if (name == "city") traits.city.reset();
    if (name == "country") traits.country.reset();
    if (name.starts_with("customFields.")) traits.custom.erase(std::string(name.substr(13)));
  }
}

// Identity resolution inside the writer's transaction. Identity kinds: "user" (userId) and
// "anonymous" (anonymousId), both pointing at a contact.
class IdentityResolver final : public ingest::Resolver {
 public:
  IdentityResolver(ContactService& contacts, CompanyService& companies, MergeService& merges)
      : contacts_(contacts), companies_(companies), merges_(merges) {}

  Status Resolve(store::Tx& tx, store::EventRepo& events, domain::Event& event) override {
    RequestContext ctx;
    ctx.workspace_id = event.workspace_id;
    ctx.request_id = "tracking";
    cache_.Enter(tx);
    std::optional<std::string> contact;
    if (event.user_id) {
      TT_ASSIGN_OR_RETURN(contact, cache_.Find(tx, event.workspace_id, "user", *event.user_id));
    }
    const bool by_user_id = contact.has_value();
    if (!contact && event.anonymous_id) {
      TT_ASSIGN_OR_RETURN(contact,
                          cache_.Find(tx, event.workspace_id, "anonymous", *event.anonymous_id));
    }
    if (contact) {
      TT_ASSIGN_OR_RETURN(bool refused, cache_.RefusedTracking(tx, *contact));
      if (refused) return Anonymise(event);
    }
    if (event.type == EventType::kIdentify) {
      TT_ASSIGN_OR_RETURN(contact, Identify(tx, events, ctx, event, contact, by_user_id));
      if (!contact) return OkStatus();  // refused tracking: stored without identity
    } else if (event.type == EventType::kGroup && contact && event.name) {
      TT_RETURN_IF_ERROR(Group(tx, ctx, event, *contact));
    } else if (event.type == EventType::kAlias && contact && event.name) {
      TT_ASSIGN_OR_RETURN(contact, MergeAliased(tx, ctx, *event.name, *contact));
      TT_RETURN_IF_ERROR(cache_.Link(tx, event.workspace_id, "user", *event.name, *contact));
      TT_RETURN_IF_ERROR(events.Claim(event.workspace_id, *event.name, *contact));
    }
    event.contact_id = contact;
    return OkStatus();
  }

  void Unaffected(const store::Tx& tx) override { cache_.Unaffected(tx); }

 private:
  // Someone who refused tracking: the event is kept for counts, without who it was.
  static Status Anonymise(domain::Event& event) {
    event.user_id.reset();
    event.anonymous_id.reset();
    event.contact_id.reset();
    json::object body = BodyOf(event);
    body.erase("userId");
    body.erase("anonymousId");
    body.erase("traits");
    if (auto* context = body.if_contains("context"); context != nullptr && context->is_object()) {
      context->get_object().erase("traits");
      context->get_object().erase("ip");
    }
    event.body = json::serialize(body);
    return OkStatus();
  }

  // identify: the contact of the userId or anonymousId, else of the e-mail trait, else a new
  // one; its traits applied; its ids linked; the anonymous visitor's earlier events adopted.
  // `by_user_id`: the contact is the userId's. Only a userId is strong enough to merge two known
  // people; a contact found by anonymousId alone gives way to the e-mail's owner, or to a new
  // contact for a new userId (a shared browser: the visitor was someone else).
  Result<std::optional<std::string>> Identify(store::Tx& tx, store::EventRepo& events,
                                              const RequestContext& ctx, domain::Event& event,
                                              std::optional<std::string> contact, bool by_user_id) {
    TT_ASSIGN_OR_RETURN(auto defs, cache_.ContactFields(tx, ctx.workspace_id));
    Traits traits = ReadTraits(BodyOf(event), defs);
    if (traits.email) {
      TT_ASSIGN_OR_RETURN(auto owner,
                          cache_.EmailOwner(tx, ctx.workspace_id,
                                            domain::FoldForMatching(domain::Trim(*traits.email))));
      if (!contact) {
        contact = owner;
      } else if (!by_user_id) {
        if (owner || event.user_id) contact = owner;
      } else if (owner && *owner != *contact) {
        TT_ASSIGN_OR_RETURN(contact,
                            MergeKnown(tx, ctx, *contact, *owner, domain::MergeSource::kIdentify,
                                       fmt::format("identify: {} is the e-mail of both",
                                                   domain::Trim(*traits.email))));
      }
    }
    if (contact) {
      TT_ASSIGN_OR_RETURN(bool refused, cache_.RefusedTracking(tx, *contact));
      if (refused) {
        TT_RETURN_IF_ERROR(Anonymise(event));
        return std::optional<std::string>();
      }
      TT_RETURN_IF_ERROR(UpdateContact(tx, ctx, *contact, traits));
    } else {
      TT_ASSIGN_OR_RETURN(contact, CreateContact(tx, ctx, event, traits));
    }
    if (event.user_id) {
      TT_RETURN_IF_ERROR(cache_.Link(tx, ctx.workspace_id, "user", *event.user_id, *contact));
    }
    if (event.anonymous_id) {
      TT_RETURN_IF_ERROR(
          cache_.Link(tx, ctx.workspace_id, "anonymous", *event.anonymous_id, *contact));
      // The anonymous visitor's earlier events become the contact's (and join its timeline).
      TT_RETURN_IF_ERROR(events.Claim(ctx.workspace_id, *event.anonymous_id, *contact));
    }
    return contact;
  }

  // alias: when the previousId already stands for another contact, the two are one person.
  Result<std::string> MergeAliased(store::Tx& tx, const RequestContext& ctx,
                                   const std::string& previous_id, const std::string& contact) {
    TT_ASSIGN_OR_RETURN(auto other, cache_.Find(tx, ctx.workspace_id, "user", previous_id));
    if (!other) {
      TT_ASSIGN_OR_RETURN(other, cache_.Find(tx, ctx.workspace_id, "anonymous", previous_id));
    }
    if (!other || *other == contact) return contact;
    return MergeKnown(
        tx, ctx, contact, *other, domain::MergeSource::kAlias,
        fmt::format("alias: {} and its previousId {} are one person", contact, previous_id));
  }

  // Two known contacts turned out to be one person: the older record survives. A merge the
  // records cannot take (a contact deleted, too many e-mails) leaves them apart.
  Result<std::string> MergeKnown(store::Tx& tx, const RequestContext& ctx, const std::string& a,
                                 const std::string& b, domain::MergeSource source,
                                 std::string reason) {
    store::ContactRepo repo(tx);
    auto first = repo.Get(ctx.workspace_id, a);
    auto second = repo.Get(ctx.workspace_id, b);
    if (!first.ok() || !second.ok() || first->meta.deleted() || second->meta.deleted()) return a;
    bool a_older = first->meta.seq < second->meta.seq;
    const std::string& survivor = a_older ? a : b;
    const std::string& merged = a_older ? b : a;
    auto merge = merges_.MergeInTx(tx, ctx, survivor, merged, source, std::move(reason));
    cache_.Forget();  // the merge moved identities, e-mails and consents
    if (merge.ok()) return survivor;
    ErrorCode code = merge.error().code();
    if (code == ErrorCode::kInternal || code == ErrorCode::kUnavailable) return merge.error();
    return a;
  }

  Result<std::string> CreateContact(store::Tx& tx, const RequestContext& ctx,
                                    const domain::Event& event, Traits traits) {
    cache_.ForgetEmails();  // the new contact may own one
    for (int attempt = 0;; ++attempt) {
      auto created = contacts_.CreateInTx(tx, ctx, [&](domain::Contact& draft) {
        ApplyTraits(traits, draft);
        if (!draft.first_name && !draft.last_name && draft.emails.empty()) {
          draft.first_name = TruncateUtf8(
              fmt::format("Visitor {}", event.user_id.value_or(event.anonymous_id.value_or(""))),
              100);
        }
        draft.lifecycle_stage = domain::LifecycleStage::kSubscriber;
        return OkStatus();
      });
      if (created.ok()) return created->meta.id;
      if (created.error().code() != ErrorCode::kInvalidArgument || attempt == 2) {
        return created.error();
      }
      DropFaultyTraits(created.error(), traits);
    }
  }

  // A site's snippet identifies with the same traits at every sign-in: those change nothing, and
  // leave the contact's version, audit log and search entry alone.
  Status UpdateContact(store::Tx& tx, const RequestContext& ctx, const std::string& id,
                       Traits traits) {
    auto stored = store::ContactRepo(tx).Get(ctx.workspace_id, id);
    if (stored.ok() && !stored->meta.deleted() && !ApplyTraits(traits, *stored)) {
      return OkStatus();
    }
    cache_.ForgetEmails();  // the contact may gain one
    for (int attempt = 0;; ++attempt) {
      auto updated = contacts_.UpdateInTx(tx, ctx, id, [&](domain::Contact& contact) {
        ApplyTraits(traits, contact);
        return OkStatus();
      });
      if (updated.ok()) return OkStatus();
      // A deleted contact or traits it cannot take: the event is still kept.
      if (updated.error().code() == ErrorCode::kNotFound) return OkStatus();
      if (updated.error().code() != ErrorCode::kInvalidArgument) return updated.error();
      if (attempt == 2) return OkStatus();
      DropFaultyTraits(updated.error(), traits);
    }
  }

  // group: the company of the groupId (else of the domain trait, else a new one) becomes the
  // contact's company when it has none.
  Status Group(store::Tx& tx, const RequestContext& ctx, const domain::Event& event,
               const std::string& contact) {
    TT_ASSIGN_OR_RETURN(auto company, cache_.Find(tx, ctx.workspace_id, "group", *event.name));
    if (!company) {
      TT_ASSIGN_OR_RETURN(company, FindOrCreateCompany(tx, ctx, event));
      TT_RETURN_IF_ERROR(cache_.Link(tx, ctx.workspace_id, "group", *event.name, *company));
    }
    auto linked = contacts_.UpdateInTx(tx, ctx, contact, [&](domain::Contact& c) {
      if (!c.company_id) c.company_id = company;
      return OkStatus();
    });
    if (!linked.ok() && linked.error().code() != ErrorCode::kNotFound &&
        linked.error().code() != ErrorCode::kInvalidArgument) {
      return linked.error();
    }
    return OkStatus();
  }

  Result<std::string> FindOrCreateCompany(store::Tx& tx, const RequestContext& ctx,
                                          const domain::Event& event) {
    json::object body = BodyOf(event);
    const auto& traits = ObjectOf(body, "traits");
    std::string domain_name = TextOf(traits, "domain");
    if (domain_name.empty()) domain_name = TextOf(traits, "website");
    if (!domain_name.empty()) {
      store::CompanyFilter by_domain;
      by_domain.domain = domain::NormalizeDomain(domain_name);
      store::PageRequest one;
      one.limit = 1;
      TT_ASSIGN_OR_RETURN(auto found,
                          store::CompanyRepo(tx).List(ctx.workspace_id, by_domain, one));
      if (!found.items.empty()) return found.items[0].meta.id;
    }
    std::string name = TextOf(traits, "name");
    std::string industry = TextOf(traits, "industry");
    for (int attempt = 0;; ++attempt) {
      auto created = companies_.CreateInTx(tx, ctx, [&](domain::Company& c) {
        c.name = name.empty() ? *event.name : name;
        if (!domain_name.empty()) c.domain = domain_name;
        if (!industry.empty()) c.industry = industry;
        return OkStatus();
      });
      if (created.ok()) return created->meta.id;
      if (created.error().code() != ErrorCode::kInvalidArgument || attempt == 1) {
        return created.error();
      }
      domain_name.clear();  // a malformed website must not lose the company
      industry.clear();
    }
  }

  ContactService& contacts_;
  CompanyService& companies_;
  MergeService& merges_;
  IdentityCache cache_;  // the writer thread's
};

// Events are about contacts: whoever may not see every contact reads those of one they may open.
Status CheckScope(store::Tx& tx, const RequestContext& ctx, const store::EventFilter& filter) {
  if (!filter.contact_id) {
    if (SeesEverything(ctx)) return OkStatus();
    return Error::InvalidField("contactId",
                               "is required: your role sees the events of the contacts you may "
                               "open");
  }
  TT_ASSIGN_OR_RETURN(auto contact,
                      store::ContactRepo(tx).Get(ctx.workspace_id, *filter.contact_id));
  TT_ASSIGN_OR_RETURN(bool visible, IsVisible(tx, ctx, contact));
  if (!visible) return Error::NotFound(fmt::format("contact {} does not exist", contact.meta.id));
  return OkStatus();
}

std::optional<std::string> NonEmpty(std::string text) {
  if (text.empty()) return std::nullopt;
  return text;
}

// The event as a touch of a visit: pages, cart changes, orders and the snippet's dwell reports.
// identify, group and alias are not activity and are left out.
std::optional<analytics::Touch> ToTouch(const domain::Event& event) {
  using Kind = analytics::Touch::Kind;
  analytics::Touch touch;
  touch.at = event.occurred_at;
  json::object body = BodyOf(event);
  const auto& properties = ObjectOf(body, "properties");
  const auto& context = ObjectOf(body, "context");
  const auto& page = ObjectOf(context, "page");
  const auto& campaign = ObjectOf(context, "campaign");
  touch.campaign = NonEmpty(TextOf(campaign, "name"));
  touch.source = NonEmpty(TextOf(campaign, "source"));
  touch.medium = NonEmpty(TextOf(campaign, "medium"));
  touch.referrer = NonEmpty(TextOf(properties, "referrer"));
  if (!touch.referrer) touch.referrer = NonEmpty(TextOf(page, "referrer"));
  touch.page_view_id = NonEmpty(TextOf(properties, "pageViewId"));
  switch (event.type) {
    case EventType::kPage:
    case EventType::kScreen:
      touch.kind = Kind::kPage;
      for (const auto* source : {&properties, &page}) {
        if (touch.url.empty()) touch.url = TextOf(*source, "url");
        if (touch.url.empty()) touch.url = TextOf(*source, "path");
        if (touch.title.empty()) touch.title = TextOf(*source, "title");
      }
      if (touch.url.empty()) touch.url = event.name.value_or("");
      if (touch.title.empty()) touch.title = event.name.value_or("");
      return touch;
    case EventType::kTrack: {
      std::string_view name = event.name ? std::string_view(*event.name) : std::string_view();
      touch.kind = name == "Product Added"     ? Kind::kCartAdd
                   : name == "Product Removed" ? Kind::kCartRemove
                   : name == "Order Completed" ? Kind::kOrder
                   : name == "Page Dwell"      ? Kind::kDwell
                                               : Kind::kOther;
      if (const auto* dwell = properties.if_contains("dwellMs"); dwell != nullptr) {
        if (dwell->is_int64()) touch.dwell = std::chrono::milliseconds(dwell->get_int64());
        if (dwell->is_double()) {
          touch.dwell = std::chrono::milliseconds(static_cast<int64_t>(dwell->get_double()));
        }
      }
      return touch;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

TrackingService::TrackingService(store::Db& db, const Clock&, IdGenerator&,
                                 ContactService& contacts, CompanyService& companies,
                                 MergeService& merges, const TrackingConfig& config)
    : db_(db), resolver_(std::make_unique<IdentityResolver>(contacts, companies, merges)) {
  writer_options_.index_events = config.index_in_slices;
  writer_options_.max_unindexed_entries = static_cast<size_t>(config.max_unindexed_entries);
  writer_options_.entries_per_slice_part = static_cast<size_t>(config.slice_part_entries);
}

TrackingService::~TrackingService() = default;

domain::TimelineEntry TrackingService::TimelineEntryOf(const domain::Event& event) {
  auto text = EntryTextOf(event);
  return {event.contact_id.value_or(""),
          event.occurred_at,
          event.message_id,
          domain::TimelineKind::kEvent,
          std::string(domain::EnumName(event.type)),
          "inbound",
          "contact",
          event.contact_id,
          std::move(text.summary),
          std::move(text.detail)};
}

ingest::EventWriter& TrackingService::Writer() {
  std::call_once(writer_started_, [this] {
    writer_ = std::make_unique<ingest::EventWriter>(db_, *resolver_, writer_options_);
  });
  return *writer_;
}

Result<IngestResult> TrackingService::Ingest(const domain::ApiKey& write_key,
                                             std::vector<domain::Event> events) {
  if (events.empty()) return IngestResult{};
  for (auto& event : events) {
    event.workspace_id = write_key.workspace_id;
    event.source_key_id = write_key.id;
  }
  TT_ASSIGN_OR_RETURN(auto pending, Writer().Submit(std::move(events)));
  TT_ASSIGN_OR_RETURN(auto written, pending.get());
  return IngestResult{written.stored, written.duplicates};
}

Result<store::Page<domain::Event>> TrackingService::List(const RequestContext& ctx,
                                                         const store::EventFilter& filter,
                                                         const store::PageRequest& page) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_RETURN_IF_ERROR(CheckScope(*tx, ctx, filter));
  return store::EventRepo(*tx).List(ctx.workspace_id, filter, page);
}

Result<std::vector<store::EventDayCount>> TrackingService::CountByDay(
    const RequestContext& ctx, const store::EventFilter& filter) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_RETURN_IF_ERROR(CheckScope(*tx, ctx, filter));
  return store::EventRepo(*tx).CountByDay(ctx.workspace_id, filter);
}

Result<std::vector<analytics::Session>> TrackingService::Sessions(const RequestContext& ctx,
                                                                  const SessionQuery& query) {
  int given = (query.contact_id ? 1 : 0) + (query.user_id ? 1 : 0) + (query.anonymous_id ? 1 : 0);
  if (given != 1) {
    return Error::InvalidField("contactId", "give exactly one of contactId, userId or anonymousId");
  }
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  store::PersonKey who{store::PersonKey::Kind::kContact, query.contact_id.value_or("")};
  if (!query.contact_id) {
    std::string_view kind = query.user_id ? "user" : "anonymous";
    const std::string& id = query.user_id ? *query.user_id : *query.anonymous_id;
    TT_ASSIGN_OR_RETURN(auto contact, store::IdentityRepo(*tx).Find(ctx.workspace_id, kind, id));
    if (contact) {
      who.value = *contact;
    } else {
      who = {query.user_id ? store::PersonKey::Kind::kUser : store::PersonKey::Kind::kAnonymous,
             id};
    }
  }
  store::EventFilter scope;
  if (who.kind == store::PersonKey::Kind::kContact) scope.contact_id = who.value;
  TT_RETURN_IF_ERROR(CheckScope(*tx, ctx, scope));
  TT_ASSIGN_OR_RETURN(auto events, store::EventRepo(*tx).OfPerson(ctx.workspace_id, who, query.from,
                                                                  query.to, kMaxSessionEvents));
  std::vector<analytics::Touch> touches;
  touches.reserve(events.size());
  for (const auto& event : events) {
    if (auto touch = ToTouch(event)) touches.push_back(std::move(*touch));
  }
  auto sessions = analytics::Sessionize(touches);
  std::reverse(sessions.begin(), sessions.end());
  return sessions;
}

TrackingService::EventText TrackingService::TextOf(const domain::Event& event) {
  json::object facts = EventFacts(event);
  return {TruncateUtf8(EnglishSummary(event.type, facts), kSummaryBytes), std::move(facts)};
}

EntryText TrackingService::EntryTextOf(const domain::Event& event) {
  auto text = TextOf(event);
  return {std::move(text.summary), json::serialize(text.facts)};
}

}  // namespace tertulia::service
