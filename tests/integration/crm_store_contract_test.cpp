// The storage contract of the CRM records: every backend must keep these promises.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <tuple>

#include "core/id.hpp"
#include "store/company_repo.hpp"
#include "store/contact_repo.hpp"
#include "store/crm_repos.hpp"
#include "store/derived_repos.hpp"
#include "store/list_query.hpp"
#include "store/migrate.hpp"
#include "store/record_sql.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "store/workspace_repo.hpp"
#include "support/store_backends.hpp"
#include "support/test_dir.hpp"
#include "support/transactions.hpp"

namespace tertulia::store {
namespace {

class CrmStoreTest : public ::testing::TestWithParam<testing::StoreBackend> {
 protected:
  void SetUp() override {
    db_ = GetParam().open(dir_);
    ASSERT_TRUE(Migrate(*db_).ok());
    auto now = clock_.Now();
    workspace_ = {.id = NewId(), .slug = "ws", .name = "WS", .created_at = now, .updated_at = now};
    Write([&](Tx& tx) { return WorkspaceRepo(tx).Insert(workspace_); });
  }

  void Write(const std::function<Status(Tx&)>& work) { testing::WriteTx(*db_, work); }
  template <typename T>
  T Read(const std::function<Result<T>(Tx&)>& read) {
    return testing::ReadTx(*db_, read);
  }

  domain::RecordMeta Meta() {
    domain::RecordMeta meta;
    meta.id = ids_.Next();
    meta.workspace_id = workspace_.id;
    meta.created_at = meta.updated_at = clock_.Now();
    return meta;
  }

  domain::Contact NewContact(std::string first, std::string last, std::string email) {
    domain::Contact c;
    c.meta = Meta();
    c.first_name = std::move(first);
    c.last_name = std::move(last);
    c.emails.push_back({std::move(email), true, std::nullopt});
    c.tags = {"vip"};
    c.custom = {{"region", std::string("Norte")}};
    c.social_profiles.push_back(
        {domain::SocialNetwork::kTwitter, "handle" + c.meta.id, std::nullopt});
    return c;
  }

  FakeClock clock_{FromUnixMillis(1'790'000'000'000)};
  IdGenerator ids_{clock_};
  testing::TestDir dir_;
  std::unique_ptr<Db> db_;
  domain::Workspace workspace_;
};

TEST_P(CrmStoreTest, ContactsRoundTripEveryField) {
  domain::Contact c = NewContact("José", "Muñoz", "jose@acme.es");
  c.phones.push_back({"+34911234567", true, "work"});
  c.lead_status = domain::LeadStatus::kNurturing;
  c.custom["budget"] = 1500.5;
  c.custom["partner"] = true;
  Write([&](Tx& tx) { return ContactRepo(tx).Insert(c); });
  EXPECT_GT(c.meta.seq, 0);
  auto read =
      Read<domain::Contact>([&](Tx& tx) { return ContactRepo(tx).Get(workspace_.id, c.meta.id); });
  EXPECT_EQ(read.first_name, c.first_name);
  EXPECT_EQ(read.emails[0].address, "jose@acme.es");
  EXPECT_EQ(read.phones[0].label, "work");
  EXPECT_EQ(read.lead_status, domain::LeadStatus::kNurturing);
  EXPECT_EQ(read.custom, c.custom);
  EXPECT_EQ(read.meta.seq, c.meta.seq);
  EXPECT_EQ(read.meta.created_at, c.meta.created_at);
  auto other =
      Read<std::vector<domain::Contact>>([&](Tx& tx) -> Result<std::vector<domain::Contact>> {
        auto missing = ContactRepo(tx).Get("another-workspace", c.meta.id);
        EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
        return std::vector<domain::Contact>{};
      });
  EXPECT_TRUE(other.empty());
}

TEST_P(CrmStoreTest, UpdatesOnlyFromTheStoredVersionAndMovesTheKeys) {
  domain::Contact c = NewContact("Ana", "Ruiz", "ana@old.es");
  Write([&](Tx& tx) { return ContactRepo(tx).Insert(c); });
  domain::Contact before = c;
  c.emails[0].address = "ana@new.es";
  c.meta.version = 2;
  Write([&](Tx& tx) { return ContactRepo(tx).Update(before, c); });
  auto by_new = Read<Page<domain::Contact>>(
      [&](Tx& tx) { return ContactRepo(tx).List(workspace_.id, {.email = "ana@new.es"}, {}); });
  EXPECT_EQ(by_new.items.size(), 1u);
  auto by_old = Read<Page<domain::Contact>>(
      [&](Tx& tx) { return ContactRepo(tx).List(workspace_.id, {.email = "ana@old.es"}, {}); });
  EXPECT_TRUE(by_old.items.empty());
  // A write based on version 1 again is refused.
  auto tx = db_->BeginWrite();
  Status stale = ContactRepo(**tx).Update(before, c);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_P(CrmStoreTest, ListsPageByKeysetWithoutGapsOrRepeats) {
  std::vector<std::string> names = {"Zamora", "Álvarez", "Ortega", "Benítez", "Núñez", "Castro"};
  for (const auto& name : names) {
    domain::Contact c = NewContact("L", name, name + "@x.es");
    Write([&](Tx& tx) { return ContactRepo(tx).Insert(c); });
    clock_.Advance(std::chrono::milliseconds(5));
  }
  for (std::string sort : {"name", "-name", "createdAt", "-createdAt", "updatedAt", "-updatedAt"}) {
    std::vector<std::string> seen;
    PageRequest page{.sort = sort, .limit = 4};
    for (int i = 0; i < 5; ++i) {
      auto result = Read<Page<domain::Contact>>(
          [&](Tx& tx) { return ContactRepo(tx).List(workspace_.id, {}, page); });
      for (const auto& c : result.items) seen.push_back(*c.last_name);
      if (!result.next_id) break;
      page.after_key = result.next_key;
      page.after_id = result.next_id;
    }
    EXPECT_EQ(seen.size(), names.size()) << sort;
    std::set<std::string> unique(seen.begin(), seen.end());
    EXPECT_EQ(unique.size(), names.size()) << sort;
    if (sort == "name") {
      EXPECT_EQ(seen, (std::vector<std::string>{"Álvarez", "Benítez", "Castro", "Núñez", "Ortega",
                                                "Zamora"}));
    }
  }
}

TEST_P(CrmStoreTest, FiltersByKeysAndColumns) {
  domain::Contact tagged = NewContact("T", "Tag", "t@x.es");
  domain::Contact plain = NewContact("P", "Plain", "p@x.es");
  plain.tags.clear();
  plain.custom.clear();
  plain.lifecycle_stage = domain::LifecycleStage::kCustomer;
  Write([&](Tx& tx) -> Status {
    TT_RETURN_IF_ERROR(ContactRepo(tx).Insert(tagged));
    return ContactRepo(tx).Insert(plain);
  });
  auto count = [&](ContactFilter filter) {
    return Read<Page<domain::Contact>>(
               [&](Tx& tx) { return ContactRepo(tx).List(workspace_.id, filter, {}); })
        .items.size();
  };
  EXPECT_EQ(count({.tag = "vip"}), 1u);
  EXPECT_EQ(count({.lifecycle_stage = "customer"}), 1u);
  EXPECT_EQ(count({.custom_equals = {{"region", "Norte"}}}), 1u);
  EXPECT_EQ(count({.social = "twitter:handle" + tagged.meta.id}), 1u);
  EXPECT_EQ(count({}), 2u);
  EXPECT_EQ(count({.deleted = true}), 0u);
}

TEST_P(CrmStoreTest, TimelinesAreNewestFirstWithTheirDetailAndEntriesGoByTheirKeys) {
  std::string subject = ids_.Next();
  std::vector<domain::TimelineEntry> entries;
  for (int i = 0; i < 5; ++i) {
    entries.push_back({subject, FromUnixMillis(1000 + i), ids_.Next(), domain::TimelineKind::kNote,
                       std::nullopt, std::nullopt, std::nullopt, std::nullopt,
                       "note " + std::to_string(i),
                       i == 4 ? std::optional<std::string>(R"({"n":4})") : std::nullopt});
  }
  Write([&](Tx& tx) { return TimelineRepo(tx).Add(workspace_.id, entries); });
  auto first = Read<std::vector<domain::TimelineEntry>>(
      [&](Tx& tx) { return TimelineRepo(tx).List(workspace_.id, subject, 2, std::nullopt); });
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].summary, "note 4");
  EXPECT_EQ(first[0].detail, R"({"n":4})");
  EXPECT_EQ(first[1].detail, std::nullopt);
  auto rest = Read<std::vector<domain::TimelineEntry>>([&](Tx& tx) {
    return TimelineRepo(tx).List(
        workspace_.id, subject, 10,
        std::make_pair(ToUnixMillis(first[1].occurred_at), first[1].record_id));
  });
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_EQ(rest[0].summary, "note 2");
  Write([&](Tx& tx) { return TimelineRepo(tx).Remove(workspace_.id, {entries[4]}); });
  auto after = Read<std::vector<domain::TimelineEntry>>(
      [&](Tx& tx) { return TimelineRepo(tx).List(workspace_.id, subject, 10, std::nullopt); });
  EXPECT_EQ(after.size(), 4u);
}

TEST_P(CrmStoreTest, SearchIsWrittenAtCommitAndScopedToTheWorkspace) {
  Write([&](Tx& tx) -> Status {
    SearchRepo search(tx);
    TT_RETURN_IF_ERROR(search.Insert(workspace_.id, SearchDocId(SearchKind::kContact, 1), "c1",
                                     "contact", "José Muñoz", "jose@acme.es"));
    TT_RETURN_IF_ERROR(search.Insert("other", SearchDocId(SearchKind::kContact, 2), "c2", "contact",
                                     "José Muñoz", ""));
    // Not visible inside the transaction that wrote it: writes wait for the commit.
    auto inside = search.Candidates(workspace_.id, "\"munoz\"", 100);
    EXPECT_TRUE(inside.ok() && inside->empty());
    return OkStatus();
  });
  auto hits = Read<std::vector<SearchHit>>(
      [&](Tx& tx) { return SearchRepo(tx).Candidates(workspace_.id, "\"munoz\"", 100); });
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].record_id, "c1");
  EXPECT_EQ(hits[0].body, "jose@acme.es");
  Write([&](Tx& tx) -> Status {
    SearchRepo search(tx);
    TT_RETURN_IF_ERROR(search.Upsert(workspace_.id, SearchDocId(SearchKind::kContact, 1), "c1",
                                     "contact", "José Peñalver", ""));
    return OkStatus();
  });
  EXPECT_TRUE(Read<std::vector<SearchHit>>([&](Tx& tx) {
                return SearchRepo(tx).Candidates(workspace_.id, "\"munoz\"", 100);
              }).empty());
  EXPECT_EQ(Read<std::vector<SearchHit>>([&](Tx& tx) {
              return SearchRepo(tx).Candidates(workspace_.id, "\"penal\"*", 100);
            }).size(),
            1u);
}

TEST_P(CrmStoreTest, IdempotencyKeysAreRememberedAndExpire) {
  Write([&](Tx& tx) {
    return IdempotencyRepo(tx).Remember(workspace_.id, "key-1", {"fp", 201, "{}"}, 1000);
  });
  auto found = Read<std::optional<StoredResponse>>(
      [&](Tx& tx) { return IdempotencyRepo(tx).Find(workspace_.id, "key-1"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, 201);
  Write([&](Tx& tx) { return IdempotencyRepo(tx).Expire(2000); });
  EXPECT_FALSE(Read<std::optional<StoredResponse>>([&](Tx& tx) {
                 return IdempotencyRepo(tx).Find(workspace_.id, "key-1");
               }).has_value());
}

TEST_P(CrmStoreTest, BulkLoadDropsAndRebuildsSecondaryIndexes) {
  auto indexes = [&] {
    return Read<int64_t>([&](Tx& tx) {
      return tx.QueryInt(
          "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contact' AND "
          "sql IS NOT NULL");
    });
  };
  int64_t before = indexes();
  std::array<std::string_view, 1> tables = {"contact"};
  ASSERT_TRUE(db_->BeginBulkLoad(tables).ok());
  EXPECT_EQ(indexes(), 0);
  // A crash here leaves the list of indexes to rebuild; migrating rebuilds them.
  ASSERT_TRUE(Migrate(*db_).ok());
  EXPECT_EQ(indexes(), before);
  ASSERT_TRUE(db_->BeginBulkLoad(tables).ok());
  std::vector<std::tuple<std::string, size_t, size_t>> steps;
  ASSERT_TRUE(db_->FinishBulkLoad([&](std::string_view step, size_t done, size_t total) {
                   steps.emplace_back(step, done, total);
                 })
                  .ok());
  EXPECT_EQ(indexes(), before);
  // Each index rebuilt is reported (the full-text index's merge is one more statement).
  auto total = static_cast<size_t>(before) + 1;
  ASSERT_GE(steps.size(), total + 1);
  for (size_t i = 0; i <= total; ++i) {
    EXPECT_EQ(steps[i], std::make_tuple(std::string("indexes"), i, total));
  }
}

// Stores `c` and its full-text document, as the services do.
Status InsertSearchable(Tx& tx, domain::Contact& c) {
  TT_RETURN_IF_ERROR(ContactRepo(tx).Insert(c));
  return SearchRepo(tx).Insert(c.meta.workspace_id, SearchDocId(SearchKind::kContact, c.meta.seq),
                               c.meta.id, "contact", *c.first_name + " " + *c.last_name,
                               c.emails[0].address);
}

std::vector<std::string> HitIds(const std::vector<SearchHit>& hits) {
  std::vector<std::string> ids;
  for (const auto& hit : hits) ids.push_back(hit.record_id);
  return ids;
}

// SQLite builds a bulk load's full-text index aside (another file, another thread) and copies it
// in at the end: what the load committed is found, what it rolled back is not, and the index
// then takes ordinary writes.
TEST_P(CrmStoreTest, BulkLoadIndexesForSearchWhatItCommitted) {
  domain::Contact kept = NewContact("José", "Muñoz", "jose@acme.es");
  domain::Contact dropped = NewContact("Ramón", "Muñoz", "ramon@acme.es");
  std::array<std::string_view, 1> tables = {"contact"};
  ASSERT_TRUE(db_->BeginBulkLoad(tables).ok());
  Write([&](Tx& tx) { return InsertSearchable(tx, kept); });
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(InsertSearchable(**tx, dropped).ok());
    ASSERT_TRUE(SearchRepo(**tx).Flush().ok());
  }  // rolled back
  std::vector<std::string> steps;
  ASSERT_TRUE(db_->FinishBulkLoad([&](std::string_view step, size_t done, size_t total) {
                   steps.push_back(fmt::format("{} {}/{}", step, done, total));
                 })
                  .ok());
  ASSERT_GE(steps.size(), 3U);
  EXPECT_EQ(std::vector<std::string>(steps.end() - 3, steps.end()),
            (std::vector<std::string>{"search index 0/2", "search index 1/2", "search index 2/2"}));
  auto search = [&](std::string_view match) {
    return HitIds(Read<std::vector<SearchHit>>(
        [&](Tx& tx) { return SearchRepo(tx).Candidates(workspace_.id, match, 100); }));
  };
  EXPECT_EQ(search("\"munoz\""), std::vector<std::string>{kept.meta.id});
  if (GetParam().name == std::string("sqlite")) {
    EXPECT_FALSE(std::filesystem::exists(dir_.File("contract.db") + "-search-aside"));
    Write([](Tx& tx) {
      return tx.ExecScript("INSERT INTO search_index (search_index) VALUES ('integrity-check')");
    });
  }
  Write([&](Tx& tx) {
    return SearchRepo(tx).Upsert(workspace_.id, SearchDocId(SearchKind::kContact, kept.meta.seq),
                                 kept.meta.id, "contact", "José Peñalver", "");
  });
  EXPECT_TRUE(search("\"munoz\"").empty());
  EXPECT_EQ(search("\"penal\"*"), std::vector<std::string>{kept.meta.id});
}

// A bulk load cut short (the process died before FinishBulkLoad): migrating indexes the
// documents of the records it committed, and only those.
TEST_P(CrmStoreTest, BulkLoadCutShortKeepsTheSearchDocumentsOfItsRecords) {
  domain::Contact kept = NewContact("José", "Muñoz", "jose@acme.es");
  std::array<std::string_view, 1> tables = {"contact"};
  ASSERT_TRUE(db_->BeginBulkLoad(tables).ok());
  Write([&](Tx& tx) -> Status {
    TT_RETURN_IF_ERROR(InsertSearchable(tx, kept));
    // A document whose record is not there: what a crash between the two commits leaves.
    return SearchRepo(tx).Insert(workspace_.id, SearchDocId(SearchKind::kContact, 999), "ghost",
                                 "contact", "Ghost Muñoz", "");
  });
  db_.reset();
  db_ = GetParam().open(dir_);
  ASSERT_TRUE(Migrate(*db_).ok());
  auto hits = Read<std::vector<SearchHit>>(
      [&](Tx& tx) { return SearchRepo(tx).Candidates(workspace_.id, "\"munoz\"", 100); });
  EXPECT_EQ(HitIds(hits), std::vector<std::string>{kept.meta.id});
  if (GetParam().name == std::string("sqlite")) {
    EXPECT_FALSE(std::filesystem::exists(dir_.File("contract.db") + "-search-aside"));
  }
}

TEST_P(CrmStoreTest, RelationshipsAreFoundEitherWayWhenUndirected) {
  domain::Contact a = NewContact("A", "A", "a@x.es");
  domain::Contact b = NewContact("B", "B", "b@x.es");
  domain::Relationship r;
  r.meta = Meta();
  r.kind = domain::RelationshipKind::kFriend;
  Write([&](Tx& tx) -> Status {
    TT_RETURN_IF_ERROR(ContactRepo(tx).Insert(a));
    TT_RETURN_IF_ERROR(ContactRepo(tx).Insert(b));
    r.from_contact_id = a.meta.id;
    r.to_contact_id = b.meta.id;
    return RelationshipRepo(tx).Insert(r);
  });
  auto reverse = Read<std::optional<domain::Relationship>>([&](Tx& tx) {
    return RelationshipRepo(tx).FindBetween(workspace_.id, b.meta.id, a.meta.id, "friend");
  });
  EXPECT_TRUE(reverse.has_value());
  auto of_b = Read<Page<domain::Relationship>>([&](Tx& tx) {
    return RelationshipRepo(tx).List(workspace_.id, {.contact_id = b.meta.id}, {});
  });
  EXPECT_EQ(of_b.items.size(), 1u);
}

// Regression: an e-mail lookup walked the workspace's name index and tested every contact
// against the key (26% of the tracking writer's time, and slow GET /contacts?email= on large
// workspaces). A rare key now drives the query.
TEST_P(CrmStoreTest, RareKeyLookupsStartFromTheKeyNotTheSortOrder) {
  if (GetParam().name != std::string("sqlite")) GTEST_SKIP() << "SQLite query plan";
  for (int sort = 0; sort < 3; ++sort) {
    ListQuery query("contact", "id", workspace_.id, false);
    query.WithRareKey("email", "ana@example.com");
    SortSpec spec;
    spec.column = static_cast<SortColumn>(sort);
    auto sql = query.Build(spec, PageRequest{});
    ASSERT_TRUE(sql.ok());
    std::string plan;
    auto tx = db_->BeginRead();
    ASSERT_TRUE(tx.ok());
    Status explained = (*tx)->Query("EXPLAIN QUERY PLAN " + sql->sql(), sql->params(),
                                    [&](const Row& row) { plan += row.String(3) + "\n"; });
    ASSERT_TRUE(explained.ok()) << explained.error().ToString();
    EXPECT_EQ(plan.find("contact_by_"), std::string::npos) << plan;
    EXPECT_NE(plan.find("record_key"), std::string::npos) << plan;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CrmStoreTest, ::testing::ValuesIn(testing::StoreBackends()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace tertulia::store
