#include "service/demo_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "core/id.hpp"
#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/task.hpp"
#include "domain/text.hpp"
#include "domain/user.hpp"
#include "service/demo_vocabulary.hpp"
#include "service/derived_rows.hpp"
#include "store/company_repo.hpp"
#include "store/contact_repo.hpp"
#include "store/crm_repos.hpp"
#include "store/derived_repos.hpp"
#include "store/record_sql.hpp"
#include "store/sales_repos.hpp"

namespace tertulia::service {
namespace {

using demo::Locale;

// xoshiro256**: fast, good and, unlike std:: distributions, the same everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9e3779b97f4a7c15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      word = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }
  // Index by weight.
  size_t Weighted(std::span<const int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    auto roll = static_cast<int>(Below(static_cast<size_t>(total)));
    for (size_t i = 0; i < weights.size(); ++i) {
      if (roll < weights[i]) return i;
      roll -= weights[i];
    }
    return weights.size() - 1;
  }
  std::array<uint8_t, 10> Bytes() {
    std::array<uint8_t, 10> out{};
    uint64_t a = Next();
    uint64_t b = Next();
    for (size_t i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(a >> (8 * i));
    out[8] = static_cast<uint8_t>(b);
    out[9] = static_cast<uint8_t>(b >> 8);
    return out;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<uint64_t, 4> state_{};
};

constexpr auto kDay = std::chrono::milliseconds(86'400'000);
constexpr size_t kChunk = 10000;  // contacts per batch: fewer, larger full-text segments
constexpr size_t kBatchesPerCommit = 25;

// What later stages need to know about a generated contact.
struct PersonRef {
  std::string id;
  int32_t company = -1;
  uint32_t place = 0;  // in the company's people, in hiring order
  int32_t owner = 0;
  Locale locale = Locale::kSpanish;
  bool senior = false;
  std::string first_name;
};

struct CompanyRef {
  std::string id;
  size_t country = 0;
  std::string domain;
  std::vector<uint32_t> people;
  size_t segment = 0;  // SMB, mid-market, enterprise, public sector
};

// Records generated for one transaction. The generating thread fills batches; the writing
// thread stores them, so that generation and SQLite run on separate cores.
struct Batch {
  std::vector<domain::Company> companies;
  std::vector<domain::Contact> contacts;
  std::vector<domain::Interaction> interactions;
  std::vector<domain::Task> tasks;
  std::vector<domain::Note> notes;
  std::vector<domain::Relationship> relationships;
  std::vector<domain::Opportunity> opportunities;
  std::vector<domain::StageChange> stage_changes;
  // The timeline entries of the batch's records (interactions, tasks, notes, stage changes), in
  // key order.
  std::vector<domain::TimelineEntry> timeline;
  std::string stage;
  size_t begin = 0;  // of the stage's items, done before this batch
  size_t done = 0;
  size_t total = 0;
};

// A bounded hand-off between the two threads.
class BatchQueue {
 public:
  void Push(Batch batch) {
    FreeSpent();
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return batches_.size() < 2 || failed_; });
    if (failed_) return;
    batches_.push_back(std::move(batch));
    cv_.notify_all();
  }
  // Empty when the producer is done.
  std::optional<Batch> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !batches_.empty() || closed_; });
    if (batches_.empty()) return std::nullopt;
    Batch batch = std::move(batches_.front());
    batches_.pop_front();
    cv_.notify_all();
    return batch;
  }
  // A stored batch, handed back for the producer to free: freeing millions of small strings is
  // work the writer, the bottleneck, should not do.
  void Recycle(Batch batch) {
    std::lock_guard lock(mu_);
    spent_.push_back(std::move(batch));
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  // The writer failed: the producer stops waiting.
  void Fail() {
    std::lock_guard lock(mu_);
    failed_ = true;
    cv_.notify_all();
  }
  bool failed() {
    std::lock_guard lock(mu_);
    return failed_;
  }

 private:
  void FreeSpent() {
    std::vector<Batch> spent;
    {
      std::lock_guard lock(mu_);
      spent.swap(spent_);
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> batches_;
  std::vector<Batch> spent_;
  bool closed_ = false;
  bool failed_ = false;
};

std::string Replace(std::string_view pattern, std::string_view key, std::string_view value) {
  std::string out(pattern);
  auto at = out.find(key);
  if (at != std::string::npos) out.replace(at, key.size(), value);
  return out;
}

std::string Slug(std::string_view text) {
  std::string out;
  for (char c : domain::FoldForMatching(text)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

class Generator {
 public:
  Generator(store::Db& db, const RequestContext& ctx, const DemoOptions& options)
      : db_(db), ctx_(ctx), options_(options), random_(options.seed) {
    end_ = Timestamp{std::chrono::sys_days{options.anchor}} + kDay;
    start_ = end_ - 548 * kDay;  // 18 months
  }

  Result<DemoReport> Run() {
    TT_ASSIGN_OR_RETURN(int64_t existing, CountContacts());
    if (existing > 0 && !options_.force) {
      return Error::FailedPrecondition(fmt::format(
          "the workspace already has {} contacts; add --force to load the demo next to them",
          existing));
    }
    TT_RETURN_IF_ERROR(InsertUsersAndFields());
    // Into an empty workspace, indexes are built once at the end instead of row by row.
    bool bulk = existing == 0;
    if (bulk) TT_RETURN_IF_ERROR(db_.BeginBulkLoad(kBulkTables));
    Status written = GenerateAndWrite([this](BatchQueue& queue) {
      GenerateCompanies(queue);
      GeneratePeople(queue);
      GenerateRelationships(queue);
    });
    if (written.ok() && !invalid_.empty()) {
      written = Error::Internal("the demo made an invalid contact: " + invalid_);
    }
    if (written.ok()) written = GenerateSales();
    if (bulk) {
      Status rebuilt = db_.FinishBulkLoad(options_.progress);
      if (written.ok()) written = std::move(rebuilt);
    }
    TT_RETURN_IF_ERROR(written);
    return report_;
  }

 private:
  static constexpr std::array<std::string_view, 9> kBulkTables = {
      "company",      "contact",        "interaction", "task",        "note",
      "relationship", "timeline_entry", "opportunity", "stage_change"};

  Result<int64_t> CountContacts() {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
    return tx->QueryInt("SELECT COUNT(*) FROM contact WHERE workspace_id = $1",
                        {ctx_.workspace_id});
  }

  // `produce` generates batches on this thread while another thread writes them; the first
  // failure stops both.
  template <typename Produce>
  Status GenerateAndWrite(Produce produce) {
    BatchQueue queue;
    Status written;
    std::thread writer([&] {
      written = WriteAll(queue);
      if (!written.ok()) queue.Fail();
    });
    produce(queue);
    queue.Close();
    writer.join();
    return written;
  }

  // An id for a record made at `time`, reproducible from the seed.
  std::string IdAt(Timestamp time) { return MakeId(time, random_.Bytes()); }

  Timestamp RandomTime(Timestamp from, Timestamp to) {
    auto span = (to - from).count();
    if (span <= 0) return from;
    return from + std::chrono::milliseconds(
                      static_cast<int64_t>(random_.Unit() * static_cast<double>(span)));
  }

  // A random time in the i-th of `n` equal parts of [from, to): the i-th of n records made in
  // order over the period. Companies and contacts are created in order, so that their ids grow,
  // and with them the keys of the B-trees that start with them (the id indexes, the contacts'
  // timelines): the load appends to those instead of writing at random places in them.
  Timestamp TimeInOrder(Timestamp from, Timestamp to, size_t i, size_t n) {
    double at =
        (static_cast<double>(i) + random_.Unit()) / static_cast<double>(std::max<size_t>(n, 1));
    auto span = static_cast<double>((to - from).count());
    return from + std::chrono::milliseconds(static_cast<int64_t>(at * span));
  }

  domain::RecordMeta Meta(Timestamp created) {
    domain::RecordMeta meta;
    meta.id = IdAt(created);
    meta.workspace_id = ctx_.workspace_id;
    meta.created_at = created;
    meta.updated_at = created;
    return meta;
  }

  void Progress(std::string_view stage, size_t done, size_t total) {
    if (options_.progress) options_.progress(stage, done, total);
  }

  // ---- writing (the writer thread) ----

  // Stores the batches in few large transactions, one per stage at most kBatchesPerCommit
  // batches long: every commit writes each page that its batches dirtied, and most B-trees grow
  // at random places, so a page written by one commit is written again by the next.
  Status WriteAll(BatchQueue& queue) {
    std::unique_ptr<store::Tx> tx;
    std::string stage;
    size_t batches = 0;
    while (auto batch = queue.Pop()) {
      // Only this thread reports progress until the end: a stage starts when its first batch is
      // written, not when the other thread starts generating it.
      if (batch->begin == 0) Progress(batch->stage, 0, batch->total);
      if (tx && (batch->stage != stage || batches == kBatchesPerCommit)) {
        TT_RETURN_IF_ERROR(tx->Commit());
        tx.reset();
      }
      if (!tx) {
        TT_ASSIGN_OR_RETURN(tx, db_.BeginWrite());
        stage = batch->stage;
        batches = 0;
      }
      TT_RETURN_IF_ERROR(Write(*tx, *batch));
      // The full-text index takes each batch now, not the whole transaction at commit.
      TT_RETURN_IF_ERROR(store::SearchRepo(*tx).Flush());
      ++batches;
      Progress(batch->stage, batch->done, batch->total);
      queue.Recycle(std::move(*batch));
    }
    return tx ? tx->Commit() : OkStatus();
  }

  Status Write(store::Tx& tx, Batch& batch) {
    for (auto& company : batch.companies) {
      TT_RETURN_IF_ERROR(store::CompanyRepo(tx).Insert(company));
      TT_RETURN_IF_ERROR(
          IndexForSearch(tx, company, false, store::SearchKind::kCompany, "company"));
    }
    for (auto& contact : batch.contacts) {
      TT_RETURN_IF_ERROR(store::ContactRepo(tx).Insert(contact));
      TT_RETURN_IF_ERROR(
          IndexForSearch(tx, contact, false, store::SearchKind::kContact, "contact"));
    }
    for (auto& in : batch.interactions) {
      TT_RETURN_IF_ERROR(store::InteractionRepo(tx).Insert(in));
      TT_RETURN_IF_ERROR(
          IndexForSearch(tx, in, false, store::SearchKind::kInteraction, "interaction"));
    }
    for (auto& task : batch.tasks) TT_RETURN_IF_ERROR(store::TaskRepo(tx).Insert(task));
    for (auto& note : batch.notes) TT_RETURN_IF_ERROR(store::NoteRepo(tx).Insert(note));
    TT_RETURN_IF_ERROR(store::TimelineRepo(tx).Add(ctx_.workspace_id, std::move(batch.timeline)));
    for (auto& relationship : batch.relationships) {
      TT_RETURN_IF_ERROR(store::RelationshipRepo(tx).Insert(relationship));
    }
    for (auto& o : batch.opportunities) TT_RETURN_IF_ERROR(store::OpportunityRepo(tx).Insert(o));
    for (auto& change : batch.stage_changes) {
      TT_RETURN_IF_ERROR(store::StageChangeRepo(tx).Insert(change));
    }
    return OkStatus();
  }

  // ---- generating (this thread) ----

  Status InsertUsersAndFields() {
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    store::UserRepo users(*tx);
    for (const auto& demo_user : demo::Users()) {
      TT_ASSIGN_OR_RETURN(auto existing, users.FindByEmail(ctx_.workspace_id, demo_user.email));
      if (existing) {
        user_ids_.push_back(existing->meta.id);
        continue;
      }
      domain::User user;
      user.meta = Meta(start_ - 30 * kDay);
      user.email = std::string(demo_user.email);
      user.name = std::string(demo_user.name);
      user.role = domain::ParseEnum<domain::Role>(demo_user.role).value_or(domain::Role::kRep);
      TT_RETURN_IF_ERROR(users.Insert(user));
      user_ids_.push_back(user.meta.id);
      ++report_.users;
    }
    TT_RETURN_IF_ERROR(InsertField(*tx, domain::CustomFieldObject::kContact, "preferredChannel",
                                   "Preferred channel", domain::CustomFieldType::kEnum,
                                   {"email", "phone", "whatsapp", "linkedin"}));
    TT_RETURN_IF_ERROR(InsertField(*tx, domain::CustomFieldObject::kCompany, "annualRevenue",
                                   "Annual revenue (EUR)", domain::CustomFieldType::kNumber, {}));
    TT_ASSIGN_OR_RETURN(contact_fields_,
                        store::CustomFieldRepo(*tx).ListActive(ctx_.workspace_id, "contact"));
    return tx->Commit();
  }

  Status InsertField(store::Tx& tx, domain::CustomFieldObject object, std::string key,
                     std::string label, domain::CustomFieldType type,
                     std::vector<std::string> options) {
    domain::CustomFieldDef def;
    def.meta = Meta(start_ - 30 * kDay);
    def.object = object;
    def.key = std::move(key);
    def.label = std::move(label);
    def.type = type;
    def.options = std::move(options);
    Status inserted = store::CustomFieldRepo(tx).Insert(def);
    if (!inserted.ok() && inserted.error().code() == ErrorCode::kAlreadyExists) return OkStatus();
    return inserted;
  }

  // Records in id order: then each table's id index is filled in order within a batch.
  static void SortById(Batch& batch) {
    auto by_id = [](const auto& a, const auto& b) { return a.meta.id < b.meta.id; };
    std::sort(batch.companies.begin(), batch.companies.end(), by_id);
    std::sort(batch.contacts.begin(), batch.contacts.end(), by_id);
    std::sort(batch.interactions.begin(), batch.interactions.end(), by_id);
    std::sort(batch.tasks.begin(), batch.tasks.end(), by_id);
    std::sort(batch.notes.begin(), batch.notes.end(), by_id);
    std::sort(batch.relationships.begin(), batch.relationships.end(), by_id);
    std::sort(batch.opportunities.begin(), batch.opportunities.end(), by_id);
    std::sort(batch.stage_changes.begin(), batch.stage_changes.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
  }

  // The writer stores timeline entries in key order; working them out here takes that off the
  // writer's core.
  static void AddTimeline(Batch& batch) {
    auto add = [&batch](std::vector<domain::TimelineEntry> entries) {
      for (auto& entry : entries) batch.timeline.push_back(std::move(entry));
    };
    for (const auto& in : batch.interactions) add(TimelineEntriesOf(in));
    for (const auto& task : batch.tasks) add(TimelineEntriesOf(task));
    for (const auto& note : batch.notes) add(TimelineEntriesOf(note));
    std::sort(batch.timeline.begin(), batch.timeline.end(), [](const auto& a, const auto& b) {
      return std::tie(a.subject_id, a.occurred_at, a.record_id) <
             std::tie(b.subject_id, b.occurred_at, b.record_id);
    });
  }

  // Generates `total` items in batches of `chunk`, `make` adding item i to a batch.
  template <typename Make>
  void GenerateInBatches(BatchQueue& queue, std::string_view stage, size_t total, size_t chunk,
                         Make make) {
    for (size_t begin = 0; begin < total && !queue.failed(); begin += chunk) {
      Batch batch;
      batch.stage = std::string(stage);
      batch.begin = begin;
      batch.total = total;
      batch.done = std::min(total, begin + chunk);
      for (size_t i = begin; i < batch.done; ++i) make(batch, i);
      SortById(batch);
      AddTimeline(batch);
      queue.Push(std::move(batch));
    }
  }

  void GenerateCompanies(BatchQueue& queue) {
    size_t count = std::max<size_t>(5, options_.contacts / 10);
    std::vector<int> weights;
    for (const auto& country : demo::Countries()) weights.push_back(country.weight);
    GenerateInBatches(queue, "companies", count, kChunk, [&](Batch& batch, size_t i) {
      batch.companies.push_back(MakeCompany(random_.Weighted(weights), i, count));
      ++report_.companies;
    });
  }

  // The i-th of `count` companies.
  domain::Company MakeCompany(size_t country_index, size_t i, size_t count) {
    const auto& country = demo::Countries()[country_index];
    size_t industry = random_.Below(demo::Industries().size());
    domain::Company c;
    c.meta = Meta(TimeInOrder(start_ - 365 * kDay, end_ - 30 * kDay, i, count));
    std::string base = fmt::format("{} {}", random_.Pick(demo::CompanyRoots(country.locale)),
                                   demo::SectorWord(industry, country.locale));
    c.name = fmt::format("{} {}", base, country.legal);
    int seen = domains_[Slug(base) + std::string(country.tld)]++;
    std::string domain_name = Slug(base) + (seen > 0 ? fmt::format("-{}", seen + 1) : "");
    c.domain = domain_name + std::string(country.tld);
    c.industry = std::string(demo::Industries()[industry]);
    static constexpr std::array<int, 4> kSegmentWeights = {55, 30, 12, 3};
    static constexpr std::array<std::string_view, 4> kSegments = {"SMB", "Mid-market", "Enterprise",
                                                                  "Public sector"};
    size_t segment = random_.Weighted(kSegmentWeights);
    c.segment = std::string(kSegments[segment]);
    static constexpr std::array<domain::SizeBand, 4> kSizes = {
        domain::SizeBand::k11To50, domain::SizeBand::k51To200, domain::SizeBand::kOver1000,
        domain::SizeBand::k201To1000};
    c.size_band = segment == 0 && random_.Chance(0.4) ? domain::SizeBand::k1To10 : kSizes[segment];
    c.country = std::string(country.code);
    c.city = std::string(random_.Pick(country.cities));
    if (random_.Chance(0.15)) c.tags.push_back("partner");
    if (random_.Chance(0.1)) c.tags.push_back("vip");
    c.owner_id = user_ids_[random_.Below(user_ids_.size())];
    static constexpr std::array<double, 4> kRevenue = {8e5, 1.2e7, 2.5e8, 5e7};
    c.custom["annualRevenue"] = std::round(kRevenue[segment] * (0.3 + random_.Unit() * 1.4));
    companies_.push_back({c.meta.id, country_index, *c.domain, {}, segment});
    return c;
  }

  // Companies have people in proportion to a Zipf-like weight: a few large accounts, many
  // small ones.
  size_t PickCompany() {
    double u = random_.Unit();
    auto index = static_cast<size_t>(std::pow(u, 1.6) * static_cast<double>(companies_.size()));
    return std::min(index, companies_.size() - 1);
  }

  void GeneratePeople(BatchQueue& queue) {
    GenerateInBatches(queue, "contacts", options_.contacts, kChunk, [&](Batch& batch, size_t i) {
      PersonRef ref;
      domain::Contact contact = MakeContact(ref, i);
      MakeActivity(batch, ref, contact);
      // Only now a colleague others can meet: MakeActivity looks up people_ by these indexes.
      auto index = static_cast<uint32_t>(people_.size());
      if (ref.company >= 0) {
        auto& people = companies_[static_cast<size_t>(ref.company)].people;
        ref.place = static_cast<uint32_t>(people.size());
        people.push_back(index);
      }
      people_.push_back(std::move(ref));
      batch.contacts.push_back(std::move(contact));
      ++report_.contacts;
    });
  }

  // The i-th contact of the load.
  domain::Contact MakeContact(PersonRef& ref, size_t i) {
    domain::Contact c;
    bool employed = random_.Chance(0.9);
    const demo::CountryInfo* country = nullptr;
    if (employed) {
      ref.company = static_cast<int32_t>(PickCompany());
      country = &demo::Countries()[companies_[static_cast<size_t>(ref.company)].country];
      c.company_id = companies_[static_cast<size_t>(ref.company)].id;
    } else {
      country = &demo::Countries()[random_.Below(demo::Countries().size())];
    }
    ref.locale = country->locale;
    c.meta = Meta(TimeInOrder(start_ - 180 * kDay, end_ - kDay, i, options_.contacts));
    ref.id = c.meta.id;
    ref.first_name = std::string(random_.Pick(demo::FirstNames(ref.locale)));
    std::string last(random_.Pick(demo::LastNames(ref.locale)));
    if (ref.locale == Locale::kSpanish && random_.Chance(0.5)) {
      last += " " + std::string(random_.Pick(demo::LastNames(ref.locale)));
    }
    c.first_name = ref.first_name;
    c.last_name = last;
    std::string local = Slug(ref.first_name) + "." + Slug(last.substr(0, last.find(' ')));
    if (employed) {
      c.emails.push_back(
          {local + "@" + companies_[static_cast<size_t>(ref.company)].domain, true, "work"});
    }
    if (!employed || random_.Chance(0.25)) {
      c.emails.push_back({fmt::format("{}{}@{}", local, random_.Below(100),
                                      random_.Pick(demo::PersonalMailDomains())),
                          c.emails.empty(), "personal"});
    }
    std::string number(country->phone_prefix);
    for (int d = 0; d < country->phone_digits; ++d) {
      number += static_cast<char>('0' + random_.Below(10));
    }
    c.phones.push_back({number, true, random_.Chance(0.6) ? "mobile" : "work"});
    c.country = std::string(country->code);
    c.city = std::string(random_.Pick(country->cities));
    size_t title = random_.Below(demo::Titles(ref.locale).size());
    c.title = std::string(demo::Titles(ref.locale)[title]);
    ref.senior = title < 3 || title == 5 || title == 6 || title == 14;
    static constexpr std::array<int, 8> kStageWeights = {15, 30, 15, 10, 8, 17, 3, 2};
    c.lifecycle_stage = static_cast<domain::LifecycleStage>(random_.Weighted(kStageWeights));
    if (c.lifecycle_stage <= domain::LifecycleStage::kSql) {
      static constexpr std::array<int, 7> kStatusWeights = {30, 20, 15, 5, 20, 5, 5};
      c.lead_status = static_cast<domain::LeadStatus>(random_.Weighted(kStatusWeights));
    }
    AddProfiles(c, ref, last);
    for (int t = 0; t < 2; ++t) {
      if (random_.Chance(0.3)) c.tags.emplace_back(random_.Pick(demo::Tags()));
    }
    ref.owner = static_cast<int32_t>(random_.Below(user_ids_.size()));
    c.owner_id = user_ids_[static_cast<size_t>(ref.owner)];
    if (random_.Chance(0.4)) {
      static constexpr std::array<std::string_view, 4> kChannels = {"email", "phone", "whatsapp",
                                                                    "linkedin"};
      c.custom["preferredChannel"] = std::string(kChannels[random_.Below(4)]);
    }
    // Validation as the API does it, which also normalises phones to E.164.
    Status valid = domain::NormalizeAndValidate(c, contact_fields_, std::nullopt);
    if (!valid.ok() && invalid_.empty()) invalid_ = valid.error().ToString();
    return c;
  }

  void AddProfiles(domain::Contact& c, const PersonRef& ref, const std::string& last) {
    std::string handle = Slug(ref.first_name) + Slug(last);
    handle.erase(std::remove(handle.begin(), handle.end(), '-'), handle.end());
    if (random_.Chance(0.75)) {
      c.social_profiles.push_back(
          {domain::SocialNetwork::kLinkedin, handle, "https://www.linkedin.com/in/" + handle});
    }
    if (random_.Chance(0.3)) {
      c.social_profiles.push_back(
          {domain::SocialNetwork::kTwitter, handle, "https://x.com/" + handle});
    }
    if (random_.Chance(0.1)) {
      c.social_profiles.push_back(
          {domain::SocialNetwork::kInstagram, handle, "https://www.instagram.com/" + handle});
    }
  }

  // Conversations, tasks and notes of one contact, from when they were created until the anchor.
  void MakeActivity(Batch& batch, const PersonRef& ref, const domain::Contact& contact) {
    // Mean logged conversations by lifecycle stage: cold subscribers and leads (mostly from forms
    // and imports) have little one-to-one history; opportunities and customers have the most.
    static constexpr std::array<double, 8> kActivity = {0.1, 0.5, 1.0, 2.0, 4.0, 3.0, 4.0, 0.2};
    double activity = kActivity[static_cast<size_t>(contact.lifecycle_stage)];
    auto count = static_cast<size_t>(random_.Unit() * activity * 2.0 + random_.Unit());
    Timestamp from = std::max(contact.meta.created_at, start_);
    for (size_t i = 0; i < count; ++i) {
      batch.interactions.push_back(MakeInteraction(ref, RandomTime(from, end_)));
    }
    if (random_.Chance(0.4)) batch.tasks.push_back(MakeTask(ref));
    if (random_.Chance(0.25)) batch.notes.push_back(MakeNote(ref, from));
  }

  domain::Interaction MakeInteraction(const PersonRef& ref, Timestamp when) {
    static constexpr std::array<int, 16> kChannelWeights = {10, 15, 28, 9, 4, 2, 3, 7,
                                                            1,  4,  3,  1, 4, 5, 2, 2};
    domain::Interaction in;
    in.meta = Meta(when);
    in.channel = static_cast<domain::Channel>(random_.Weighted(kChannelWeights));
    std::string_view channel = domain::EnumName(in.channel);
    bool from_customer = channel == "review" || channel == "forum" || channel == "web" ||
                         channel == "twitter" || channel == "instagram" || channel == "facebook";
    in.direction = from_customer          ? domain::Direction::kInbound
                   : channel == "note"    ? domain::Direction::kInternal
                   : random_.Chance(0.35) ? domain::Direction::kInbound
                                          : domain::Direction::kOutbound;
    in.occurred_at = when;
    if (channel == "call" || channel == "meeting") {
      in.duration_sec = static_cast<int64_t>(60 + random_.Below(channel == "call" ? 1500 : 5400));
    }
    std::string product(random_.Pick(demo::Products(ref.locale)));
    in.subject = Replace(random_.Pick(demo::Subjects(channel, ref.locale)), "{p}", product);
    if (random_.Chance(0.7)) in.body = std::string(random_.Pick(demo::Bodies(ref.locale)));
    if ((channel == "call" || channel == "meeting" || channel == "email") && random_.Chance(0.5)) {
      in.outcome = std::string(random_.Pick(demo::Outcomes(ref.locale)));
    }
    in.participants.push_back({domain::ParticipantType::kContact, ref.id, std::nullopt});
    if (ref.company >= 0 && (channel == "meeting" || channel == "email") && random_.Chance(0.3)) {
      const auto& people = companies_[static_cast<size_t>(ref.company)].people;
      if (!people.empty()) {
        const auto& colleague = people_[people[random_.Below(people.size())]];
        in.participants.push_back({domain::ParticipantType::kContact, colleague.id, std::nullopt});
      }
    }
    bool team_side = channel == "call" || channel == "meeting" || channel == "email" ||
                     channel == "whatsapp" || channel == "linkedin";
    if (team_side) {
      in.participants.push_back({domain::ParticipantType::kUser,
                                 user_ids_[static_cast<size_t>(ref.owner)], std::nullopt});
    }
    if (ref.company >= 0) in.company_id = companies_[static_cast<size_t>(ref.company)].id;
    ++report_.interactions;
    return in;
  }

  domain::Task MakeTask(const PersonRef& ref) {
    domain::Task task;
    task.meta = Meta(RandomTime(end_ - 60 * kDay, end_ - kDay));
    task.title = Replace(random_.Pick(demo::TaskTitles(ref.locale)), "{n}", ref.first_name);
    task.due_at = RandomTime(end_ - 14 * kDay, end_ + 30 * kDay);
    task.assignee_id = user_ids_[static_cast<size_t>(ref.owner)];
    task.priority =
        static_cast<domain::TaskPriority>(random_.Weighted(std::array<int, 4>{2, 6, 3, 1}));
    task.linked = domain::RecordLink{domain::RecordType::kContact, ref.id};
    if (*task.due_at < end_ - 7 * kDay && random_.Chance(0.7)) {
      task.status = domain::TaskStatus::kDone;
      task.completed_at = *task.due_at;
    }
    ++report_.tasks;
    return task;
  }

  domain::Note MakeNote(const PersonRef& ref, Timestamp from) {
    domain::Note note;
    note.meta = Meta(RandomTime(from, end_));
    note.meta.created_by = user_ids_[static_cast<size_t>(ref.owner)];
    note.body = std::string(random_.Pick(demo::NoteBodies(ref.locale)));
    note.record = {domain::RecordType::kContact, ref.id};
    ++report_.notes;
    return note;
  }

  // Ties are made person by person over the period (so their ids grow, see TimeInOrder); `of` is
  // the person whose ties are being made.
  domain::Relationship MakeRelationship(uint32_t of, uint32_t from, uint32_t to,
                                        domain::RelationshipKind kind, double strength) {
    domain::Relationship r;
    r.meta = Meta(TimeInOrder(start_, end_, of, people_.size()));
    r.from_contact_id = people_[from].id;
    r.to_contact_id = people_[to].id;
    r.kind = kind;
    r.directed = domain::IsDirectedKind(kind);
    r.strength = std::round(strength * 100) / 100;
    r.source = kind == domain::RelationshipKind::kColleague ? "same company"
               : kind == domain::RelationshipKind::kFollows ? "twitter"
                                                            : "linkedin";
    ++report_.relationships;
    return r;
  }

  // Colleagues inside companies (and who reports to whom), friendships across companies within a
  // language, referrals, and a few well-connected people many others follow.
  void GenerateRelationships(BatchQueue& queue) {
    size_t total = people_.size();
    std::vector<std::vector<uint32_t>> by_locale(2);
    for (uint32_t i = 0; i < total; ++i) {
      by_locale[static_cast<size_t>(people_[i].locale)].push_back(i);
    }
    std::vector<uint32_t> hubs;
    for (size_t h = 0; h < std::max<size_t>(3, total / 500); ++h) {
      hubs.push_back(static_cast<uint32_t>(random_.Below(total)));
    }
    GenerateInBatches(queue, "relationships", total, kChunk * 2, [&](Batch& batch, size_t i) {
      TiesOf(batch.relationships, static_cast<uint32_t>(i), by_locale, hubs);
    });
  }

  // ---- the sales process: three pipelines and opportunities spread over them ----

  static std::vector<domain::Pipeline> DemoPipelines() {
    using K = domain::StageKind;
    auto p = [](std::string name, std::vector<domain::Stage> stages) {
      domain::Pipeline pipeline;
      pipeline.name = std::move(name);
      pipeline.stages = std::move(stages);
      return pipeline;
    };
    return {p("New business", {{"lead", "Lead", 10, 21, K::kOpen},
                               {"qualified", "Qualified", 25, 30, K::kOpen},
                               {"demo", "Demo", 40, 30, K::kOpen},
                               {"proposal", "Proposal", 60, 21, K::kOpen},
                               {"negotiation", "Negotiation", 80, 14, K::kOpen},
                               {"won", "Won", 100, std::nullopt, K::kWon},
                               {"lost", "Lost", 0, std::nullopt, K::kLost}}),
            p("Renewals", {{"upcoming", "Upcoming", 70, 60, K::kOpen},
                           {"in-review", "In review", 80, 30, K::kOpen},
                           {"renewed", "Renewed", 100, std::nullopt, K::kWon},
                           {"churned", "Churned", 0, std::nullopt, K::kLost}}),
            p("Trade fairs and events", {{"met", "Met at the fair", 5, 14, K::kOpen},
                                         {"follow-up", "Follow-up", 20, 21, K::kOpen},
                                         {"offer", "Offer", 50, 30, K::kOpen},
                                         {"signed", "Signed", 100, std::nullopt, K::kWon},
                                         {"no-deal", "No deal", 0, std::nullopt, K::kLost}})};
  }

  Status GenerateSales() {
    auto pipelines = DemoPipelines();
    TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
    for (auto& pipeline : pipelines) {
      pipeline.meta = Meta(start_ - 20 * kDay);
      TT_RETURN_IF_ERROR(domain::NormalizeAndValidate(pipeline));
      TT_RETURN_IF_ERROR(store::PipelineRepo(*tx).Insert(pipeline));
    }
    // Rates into the default workspace currency (EUR), so that reports work out of the box.
    for (const auto& [currency, micros] :
         {std::pair{"USD", 920'000}, std::pair{"GBP", 1'170'000}}) {
      TT_RETURN_IF_ERROR(
          store::ExchangeRateRepo(*tx).Put(ctx_.workspace_id, {currency, micros, start_}));
    }
    TT_RETURN_IF_ERROR(tx->Commit());
    tx.reset();  // frees the writer for the writing thread
    const size_t total = options_.opportunities > 0 ? options_.opportunities
                                                    : std::max<size_t>(30, people_.size() / 4);
    TT_RETURN_IF_ERROR(GenerateAndWrite([&](BatchQueue& queue) {
      GenerateInBatches(queue, "opportunities", total, kChunk, [&](Batch& batch, size_t i) {
        MakeOpportunity(batch, pipelines, i, total);
      });
    }));
    report_.opportunities = total;
    return OkStatus();
  }

  // The i-th of `total` opportunities, with the history that brought it to its stage, day by day
  // through the open stages, and its entries on the company's and the contact's timelines.
  // Opportunities are opened in order over the period, so that their ids grow (see TimeInOrder).
  void MakeOpportunity(Batch& batch, const std::vector<domain::Pipeline>& pipelines, size_t i,
                       size_t total) {
    static constexpr std::array<int, 3> kPipelineWeights = {6, 3, 2};
    static constexpr std::array<std::string_view, 3> kCurrencies = {"EUR", "USD", "GBP"};
    // Per company segment: SMB, mid-market, enterprise, public sector.
    static constexpr std::array<int64_t, 4> kBaseAmount = {4'000'00, 25'000'00, 120'000'00,
                                                           60'000'00};
    static constexpr std::array<std::string_view, 4> kSegmentNames = {
        "SMB", "Mid-market", "Enterprise", "Public sector"};
    const auto& pipeline = pipelines[random_.Weighted(kPipelineWeights)];
    const auto& company = companies_[random_.Below(companies_.size())];
    domain::Opportunity o;
    Timestamp created = TimeInOrder(start_, end_ - 3 * kDay, i, total);
    o.meta = Meta(created);
    o.pipeline_id = pipeline.meta.id;
    o.company_id = company.id;
    o.segment = std::string(kSegmentNames[company.segment]);
    if (!company.people.empty()) {
      const auto& person = people_[company.people[random_.Below(company.people.size())]];
      o.contacts.push_back({person.id, domain::ContactRole::kDecisionMaker});
      o.owner_id = user_ids_[static_cast<size_t>(person.owner)];
    }
    o.name = fmt::format("{} · {}", pipeline.name, company.domain);
    size_t currency = random_.Chance(0.8) ? 0 : 1 + random_.Below(2);
    int64_t amount = static_cast<int64_t>(static_cast<double>(kBaseAmount[company.segment]) *
                                          (0.3 + random_.Unit() * 1.7));
    o.amount = Money{amount, *Currency::FromCode(kCurrencies[currency])};
    o.source = random_.Chance(0.5) ? "inbound" : "outbound";
    // Walk the open stages; older opportunities are more often closed.
    std::vector<const domain::Stage*> open;
    const domain::Stage* won = nullptr;
    const domain::Stage* lost = nullptr;
    for (const auto& stage : pipeline.stages) {
      if (stage.kind == domain::StageKind::kOpen) open.push_back(&stage);
      if (stage.kind == domain::StageKind::kWon) won = &stage;
      if (stage.kind == domain::StageKind::kLost) lost = &stage;
    }
    std::vector<std::pair<const domain::Stage*, Timestamp>> path{{open[0], created}};
    Timestamp at = created;
    for (size_t step = 1; step <= open.size(); ++step) {
      at += kDay * static_cast<int64_t>(2 + random_.Below(25));
      if (at >= end_ || random_.Chance(0.25)) break;
      const domain::Stage* next = step < open.size() ? open[step] : nullptr;
      if (next == nullptr || random_.Chance(0.15)) next = random_.Chance(0.6) ? won : lost;
      path.emplace_back(next, at);
      if (next->kind != domain::StageKind::kOpen) break;
    }
    const auto& [stage, entered] = path.back();
    o.stage_id = stage->id;
    o.stage_entered_at = entered;
    o.status = stage->kind == domain::StageKind::kWon    ? domain::OpportunityStatus::kWon
               : stage->kind == domain::StageKind::kLost ? domain::OpportunityStatus::kLost
                                                         : domain::OpportunityStatus::kOpen;
    if (o.status != domain::OpportunityStatus::kOpen) o.closed_at = entered;
    if (o.status == domain::OpportunityStatus::kLost) o.lost_reason = "Price";
    o.expected_close = Date{std::chrono::floor<std::chrono::days>(created + 60 * kDay)};
    o.meta.updated_at = entered;
    for (size_t k = 0; k < path.size(); ++k) {
      domain::StageChange change;
      change.id = IdAt(path[k].second);
      change.workspace_id = ctx_.workspace_id;
      change.opportunity_id = o.meta.id;
      change.pipeline_id = pipeline.meta.id;
      if (k > 0) change.from_stage = path[k - 1].first->id;
      change.to_stage = path[k].first->id;
      change.at = path[k].second;
      change.by = o.owner_id;
      change.amount = o.amount;
      auto text =
          StageMoveText(o.meta.id, o.name,
                        k == 0 ? std::nullopt : std::optional<std::string>(path[k - 1].first->name),
                        path[k].first->name);
      for (const auto& subject :
           {std::optional<std::string>(company.id),
            o.contacts.empty() ? std::nullopt : std::optional(o.contacts[0].contact_id)}) {
        if (!subject) continue;
        batch.timeline.push_back({*subject, change.at, change.id,
                                  domain::TimelineKind::kStageChange, std::nullopt, std::nullopt,
                                  "user", change.by, text.summary, text.detail});
      }
      batch.stage_changes.push_back(std::move(change));
    }
    batch.opportunities.push_back(std::move(o));
  }

  void Tie(std::vector<domain::Relationship>& out, uint32_t of, uint32_t from, uint32_t to,
           domain::RelationshipKind kind, double strength) {
    if (from != to) out.push_back(MakeRelationship(of, from, to, kind, strength));
  }

  void TiesOf(std::vector<domain::Relationship>& out, uint32_t i,
              const std::vector<std::vector<uint32_t>>& by_locale,
              const std::vector<uint32_t>& hubs) {
    const PersonRef& person = people_[i];
    if (person.company >= 0) {
      const auto& colleagues = companies_[static_cast<size_t>(person.company)].people;
      // Each person links to the colleague hired just before: a chain that keeps every company
      // connected, plus a random colleague now and then.
      uint32_t previous = person.place > 0 ? colleagues[person.place - 1] : i;
      Tie(out, i, i, previous, domain::RelationshipKind::kColleague, 0.5 + random_.Unit() * 0.4);
      if (colleagues.size() > 3 && random_.Chance(0.5)) {
        uint32_t other = colleagues[random_.Below(colleagues.size())];
        auto kind = people_[other].senior && !person.senior ? domain::RelationshipKind::kReportsTo
                                                            : domain::RelationshipKind::kColleague;
        if (other != previous) Tie(out, i, i, other, kind, 0.4 + random_.Unit() * 0.5);
      }
    }
    if (random_.Chance(0.45)) {
      const auto& peers = by_locale[static_cast<size_t>(person.locale)];
      uint32_t peer = peers[random_.Below(peers.size())];
      auto kind = random_.Chance(0.5) ? domain::RelationshipKind::kFriend
                                      : domain::RelationshipKind::kKnows;
      if (peer > i) Tie(out, i, i, peer, kind, 0.2 + random_.Unit() * 0.6);
    }
    if (random_.Chance(0.05)) {
      auto other = static_cast<uint32_t>(random_.Below(people_.size()));
      if (other > i) {
        Tie(out, i, i, other, domain::RelationshipKind::kReferred, 0.6 + random_.Unit() * 0.3);
      }
    }
    if (random_.Chance(0.12)) {
      uint32_t hub = hubs[random_.Below(hubs.size())];
      // "follows" points at the hub; "influences" goes from the hub.
      if (random_.Chance(0.7)) {
        Tie(out, i, i, hub, domain::RelationshipKind::kFollows, 0.3 + random_.Unit() * 0.3);
      } else {
        Tie(out, i, hub, i, domain::RelationshipKind::kInfluences, 0.4 + random_.Unit() * 0.4);
      }
    }
  }

  store::Db& db_;
  const RequestContext& ctx_;
  const DemoOptions& options_;
  Random random_;
  Timestamp start_{};
  Timestamp end_{};
  std::vector<std::string> user_ids_;
  std::vector<domain::CustomFieldDef> contact_fields_;
  std::vector<CompanyRef> companies_;
  std::vector<PersonRef> people_;
  std::unordered_map<std::string, int> domains_;
  std::string invalid_;  // the first generated record that failed validation: a bug
  DemoReport report_;
};

}  // namespace

Result<DemoReport> GenerateDemo(store::Db& db, const RequestContext& ctx,
                                const DemoOptions& options) {
  if (options.contacts < 10 || options.contacts > 10'000'000) {
    return Error::InvalidField("contacts", "must be from 10 to 10000000");
  }
  if (!options.anchor.ok()) return Error::InvalidField("anchor", "must be a date");
  if (options.opportunities > 10'000'000) {
    return Error::InvalidField("opportunities", "must be at most 10000000");
  }
  return Generator(db, ctx, options).Run();
}

}  // namespace tertulia::service
