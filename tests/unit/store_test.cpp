// The store of the backend under test (tests/unit/test_backend.h), driven through the statement
// service (no HTTP): storage semantics of StatementStore (lrs/store/store.h) on real databases.
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "lrs/core/crypto.h"
#include "lrs/core/json.h"
#include "lrs/service/auth.h"
#include "lrs/service/credentials.h"
#include "lrs/service/statement_service.h"
#include "lrs/store/sqlite/sqlite_store.h"
#include "lrs/xapi/agent.h"
#include "tests/unit/test_backend.h"

namespace lrs {
namespace {

using service::Principal;
using service::StatementQueryParams;
using store::sqlite::SqliteOptions;
using store::sqlite::SqliteStore;

constexpr char kVoided[] = "http://adlnet.gov/expapi/verbs/voided";

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lrs-store-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string Uuid(int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012d", n);
  return buf;
}

std::string Agent(const std::string& name) {
  return R"({"objectType":"Agent","name":")" + name + R"(","mbox":"mailto:)" + name +
         R"(@example.com"})";
}

std::string Statement(int id, const std::string& actor, const std::string& verb,
                      const std::string& object, const std::string& extra = "") {
  std::string s = R"({"id":")" + Uuid(id) + R"(","actor":)" + Agent(actor) +
                  R"(,"verb":{"id":"http://example.com/verbs/)" + verb + R"("},"object":)" + object;
  if (!extra.empty()) s += "," + extra;
  return s + "}";
}

std::string Activity(const std::string& name) {
  return R"({"id":"http://example.com/activities/)" + name + R"("})";
}

std::string Ref(int target) {
  return R"({"objectType":"StatementRef","id":")" + Uuid(target) + R"("})";
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LRS_SKIP_WITHOUT_BACKEND();
    Open();
  }

  void Open() {
    service_.reset();
    db_.reset();
    auto db = database_.Open();
    ASSERT_TRUE(db.ok()) << db.error().message();
    db_ = std::move(db).value();
    service_ =
        std::make_unique<service::StatementService>(*db_, service::StatementServiceOptions{});
    admin_ = MakePrincipal(1, "admin", service::kScopeAll);
  }

  Principal MakePrincipal(store::StoreId store, const std::string& key, uint32_t scopes) {
    Principal p;
    p.store_id = store;
    p.key = key;
    p.scopes = scopes;
    auto authority = std::make_shared<json::Document>();
    std::string text = R"({"objectType":"Agent","name":")" + key +
                       R"(","account":{"homePage":"https://lrs.example.com","name":")" + key +
                       R"("}})";
    EXPECT_TRUE(json::Parse(text, authority.get()).ok());
    p.authority_key = *xapi::AgentKey(*authority);
    p.authority = authority;
    return p;
  }

  Status Post(const std::string& body, const Principal* who = nullptr) {
    auto doc = std::make_shared<json::Document>();
    Status parsed = json::Parse(body, doc.get());
    if (!parsed.ok()) return parsed;
    auto ids = service_->Store(who ? *who : admin_, std::move(doc), std::nullopt, {});
    return ids.status();
  }

  // Ids of the statements a query returns, following every page.
  std::vector<std::string> QueryIds(StatementQueryParams params, const Principal* who = nullptr,
                                    size_t* pages = nullptr) {
    std::vector<std::string> ids;
    const Principal& p = who ? *who : admin_;
    xapi::LanguagePreferences langs;
    auto list = service_->Query(p, params, langs);
    size_t count = 0;
    while (true) {
      EXPECT_TRUE(list.ok()) << list.error().message();
      if (!list.ok()) break;
      ++count;
      for (const std::string& s : list.value().statements) {
        json::Document d;
        EXPECT_TRUE(json::Parse(s, &d).ok());
        ids.emplace_back(json::View(d["id"]));
      }
      if (!list.value().more) break;
      list = service_->Continue(p, *list.value().more, langs);
    }
    if (pages) *pages = count;
    return ids;
  }

  Result<service::FetchedStatement> Get(int id, bool voided = false) {
    return service_->Get(admin_, Uuid(id), voided, xapi::StatementFormat::kExact, {});
  }

  unit_test::BackendDatabase database_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<service::StatementService> service_;
  Principal admin_;
};

TEST_F(StoreTest, StoresAndReturnsTheStatementWithLrsProperties) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  auto got = Get(1);
  ASSERT_TRUE(got.ok()) << got.error().message();
  json::Document d;
  ASSERT_TRUE(json::Parse(got.value().json, &d).ok());
  EXPECT_EQ(json::View(d["id"]), Uuid(1));
  EXPECT_TRUE(d.HasMember("stored"));
  EXPECT_EQ(json::View(d["timestamp"]), json::View(d["stored"]));
  EXPECT_EQ(json::View(d["version"]), "1.0.0");
  EXPECT_EQ(json::View(d["authority"]["account"]["name"]), "admin");
  EXPECT_GT(got.value().stored_us, 0);
}

TEST_F(StoreTest, EquivalentResendChangesNothingAndDifferentContentConflicts) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  auto first = Get(1);
  ASSERT_TRUE(first.ok());
  // Same statement, members in another order: accepted, nothing changes.
  std::string reordered = R"({"object":)" + Activity("a") +
                          R"(,"verb":{"id":"http://example.com/verbs/did"},"actor":)" +
                          Agent("ann") + R"(,"id":")" + Uuid(1) + R"("})";
  ASSERT_TRUE(Post(reordered).ok());
  auto again = Get(1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().json, first.value().json);

  Status conflict = Post(Statement(1, "ann", "did", Activity("b")));
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Get(1).value().json, first.value().json);
}

TEST_F(StoreTest, BatchIsAllOrNothing) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  // The second statement conflicts with the stored one: the first must not be stored either.
  std::string batch = "[" + Statement(2, "bob", "did", Activity("a")) + "," +
                      Statement(1, "ann", "did", Activity("other")) + "]";
  Status s = Post(batch);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(Get(2).error().code(), ErrorCode::kNotFound);
}

std::string Voiding(int id, int target) {
  std::string s = Statement(id, "admin", "x", Ref(target));
  std::string from = "http://example.com/verbs/x";
  return s.replace(s.find(from), from.size(), kVoided);
}

TEST_F(StoreTest, VoidingHidesTheTargetFromQueriesButNotFromVoidedStatementId) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  ASSERT_TRUE(Post(Voiding(2, 1)).ok());
  EXPECT_EQ(Get(1).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Get(1, /*voided=*/true).ok());
  EXPECT_EQ(Get(2, /*voided=*/true).error().code(), ErrorCode::kNotFound);

  StatementQueryParams all;
  EXPECT_EQ(QueryIds(all), std::vector<std::string>{Uuid(2)});
  // The voiding statement targets a statement whose actor is ann: it matches ann's filter.
  StatementQueryParams by_ann;
  by_ann.agent = Agent("ann");
  EXPECT_EQ(QueryIds(by_ann), std::vector<std::string>{Uuid(2)});
}

TEST_F(StoreTest, AVoidingStatementCannotBeVoided) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  ASSERT_TRUE(Post(Voiding(2, 1)).ok());
  Status s = Post(Voiding(3, 2));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kBadRequest);
  EXPECT_TRUE(Get(2).ok());
  EXPECT_EQ(Get(3).error().code(), ErrorCode::kNotFound);
}

TEST_F(StoreTest, StatementArrivingAfterItsVoidingStatementIsStoredVoided) {
  ASSERT_TRUE(Post(Voiding(2, 1)).ok());
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  EXPECT_EQ(Get(1).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Get(1, true).ok());
}

TEST_F(StoreTest, StatementRefsInheritTheirTargetsFilterTermsInAnyArrivalOrder) {
  // 3 -> 2 -> 1 (3 references 2, which references 1). 3 arrives first, 1 last.
  ASSERT_TRUE(Post(Statement(3, "carl", "liked", Ref(2))).ok());
  ASSERT_TRUE(Post(Statement(2, "bob", "commented", Ref(1))).ok());
  ASSERT_TRUE(Post(Statement(1, "ann", "passed", Activity("explosives"))).ok());

  StatementQueryParams by_activity;
  by_activity.activity = "http://example.com/activities/explosives";
  std::vector<std::string> ids = QueryIds(by_activity);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{Uuid(1), Uuid(2), Uuid(3)}));

  StatementQueryParams by_ann;
  by_ann.agent = Agent("ann");
  ids = QueryIds(by_ann);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{Uuid(1), Uuid(2), Uuid(3)}));

  StatementQueryParams by_bob;
  by_bob.agent = Agent("bob");
  ids = QueryIds(by_bob);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{Uuid(2), Uuid(3)}));
}

TEST_F(StoreTest, ReferenceCyclesTerminate) {
  ASSERT_TRUE(Post(Statement(1, "ann", "x", Ref(2))).ok());
  ASSERT_TRUE(Post(Statement(2, "bob", "y", Ref(1))).ok());
  StatementQueryParams by_ann;
  by_ann.agent = Agent("ann");
  std::vector<std::string> ids = QueryIds(by_ann);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{Uuid(1), Uuid(2)}));
}

TEST_F(StoreTest, TermsGoAllTheWayRoundALongerReferenceCycle) {
  // 1 -> 2 -> 3 -> 1. Whichever actor a query names, every statement of the cycle targets a
  // match, directly or through the others (the rule is transitive), so all three are found.
  ASSERT_TRUE(Post(Statement(1, "ann", "x", Ref(2))).ok());
  ASSERT_TRUE(Post(Statement(2, "bob", "y", Ref(3))).ok());
  ASSERT_TRUE(Post(Statement(3, "cat", "z", Ref(1))).ok());
  for (const char* actor : {"ann", "bob", "cat"}) {
    StatementQueryParams by_actor;
    by_actor.agent = Agent(actor);
    std::vector<std::string> ids = QueryIds(by_actor);
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
              (std::set<std::string>{Uuid(1), Uuid(2), Uuid(3)}))
        << actor;
  }
}

TEST_F(StoreTest, ALongChainStoredBeforeItsRootInheritsTheRootsTerms) {
  // Each link targets the previous one; the root arrives last. Propagation down the chain is
  // iterative: no depth of chain can exhaust the writer's stack.
  constexpr int kLinks = 3000;
  for (int first = 2; first <= kLinks + 1; first += 500) {
    std::string batch = "[";
    for (int k = first; k < first + 500 && k <= kLinks + 1; ++k) {
      if (k > first) batch += ",";
      batch += Statement(k, "linker", "referenced", Ref(k - 1));
    }
    ASSERT_TRUE(Post(batch + "]").ok());
  }
  ASSERT_TRUE(Post(Statement(1, "root", "completed", Activity("root-course"))).ok());
  StatementQueryParams by_root;
  by_root.agent = Agent("root");
  by_root.limit = 1000;
  EXPECT_EQ(QueryIds(by_root).size(), static_cast<size_t>(kLinks + 1));
  StatementQueryParams by_course;
  by_course.activity = "http://example.com/activities/root-course";
  by_course.limit = 1000;
  std::vector<std::string> ids = QueryIds(by_course);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), static_cast<size_t>(kLinks + 1));
}

// The writer reads what a batch needs before storing it, and inserts its rows together: a
// statement of a batch must still see what the statements before it in the same batch did.
TEST_F(StoreTest, StatementsOfOneBatchSeeWhatTheEarlierOnesStored) {
  // A chain whose root comes last in its batch: the links inherit the root's terms.
  ASSERT_TRUE(Post("[" + Statement(3, "carl", "liked", Ref(2)) + "," +
                   Statement(2, "bob", "commented", Ref(1)) + "," +
                   Statement(1, "ann", "passed", Activity("a")) + "]")
                  .ok());
  StatementQueryParams by_ann;
  by_ann.agent = Agent("ann");
  std::vector<std::string> ids = QueryIds(by_ann);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{Uuid(1), Uuid(2), Uuid(3)}));

  // A target and its voiding statement in one batch, either way round; a StatementRef to the
  // voided statement after them.
  ASSERT_TRUE(Post("[" + Statement(10, "dan", "did", Activity("b")) + "," + Voiding(11, 10) + "," +
                   Voiding(12, 13) + "," + Statement(13, "eve", "did", Activity("b")) + "]")
                  .ok());
  for (int voided : {10, 13}) {
    EXPECT_EQ(Get(voided).error().code(), ErrorCode::kNotFound) << voided;
    EXPECT_TRUE(Get(voided, /*voided=*/true).ok()) << voided;
  }
  // Voiding a voiding statement stored earlier in the same batch fails the batch.
  Status s = Post("[" + Statement(20, "fay", "did", Activity("c")) + "," + Voiding(21, 20) + "," +
                  Voiding(22, 21) + "]");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(Get(20).error().code(), ErrorCode::kNotFound);

  // 30 (stored first) targets 31; one batch brings 31, which gives 30 its terms, and then 32,
  // which targets 30 and so must inherit the terms 30 has just gained, not those read before.
  ASSERT_TRUE(Post(Statement(30, "gus", "liked", Ref(31))).ok());
  ASSERT_TRUE(Post("[" + Statement(31, "hal", "passed", Activity("d")) + "," +
                   Statement(32, "ivy", "shared", Ref(30)) + "]")
                  .ok());
  StatementQueryParams by_d;
  by_d.activity = "http://example.com/activities/d";
  ids = QueryIds(by_d);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{Uuid(30), Uuid(31), Uuid(32)}));
  // The same id twice in a batch: refused, nothing stored.
  s = Post("[" + Statement(40, "jo", "did", Activity("e")) + "," +
           Statement(40, "jo", "did", Activity("f")) + "]");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(Get(40).error().code(), ErrorCode::kNotFound);
}

TEST_F(StoreTest, AgentFilterIsDirectUnlessRelatedAgents) {
  std::string with_instructor = R"("context":{"instructor":)" + Agent("teacher") + "}";
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"), with_instructor)).ok());
  ASSERT_TRUE(Post(Statement(2, "teacher", "did", Activity("a"))).ok());
  std::string group =
      R"({"objectType":"Group","member":[)" + Agent("dan") + "," + Agent("eve") + "]}";
  std::string s3 = R"({"id":")" + Uuid(3) + R"(","actor":)" + group +
                   R"(,"verb":{"id":"http://example.com/verbs/did"},"object":)" + Activity("a") +
                   "}";
  ASSERT_TRUE(Post(s3).ok());

  StatementQueryParams teacher;
  teacher.agent = Agent("teacher");
  EXPECT_EQ(QueryIds(teacher), std::vector<std::string>{Uuid(2)});
  teacher.related_agents = true;
  EXPECT_EQ(QueryIds(teacher), (std::vector<std::string>{Uuid(2), Uuid(1)}));

  StatementQueryParams eve;  // a member of the actor group
  eve.agent = Agent("eve");
  EXPECT_EQ(QueryIds(eve), std::vector<std::string>{Uuid(3)});

  StatementQueryParams authority;  // the authority is a related agent
  authority.agent = R"({"account":{"homePage":"https://lrs.example.com","name":"admin"}})";
  EXPECT_TRUE(QueryIds(authority).empty());
  authority.related_agents = true;
  EXPECT_EQ(QueryIds(authority).size(), 3u);
}

TEST_F(StoreTest, ActivityFilterIsDirectUnlessRelatedActivities) {
  std::string parent = R"("context":{"contextActivities":{"parent":)" + Activity("course") + "}}";
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("lesson"), parent)).ok());
  ASSERT_TRUE(Post(Statement(2, "ann", "did", Activity("course"))).ok());
  StatementQueryParams course;
  course.activity = "http://example.com/activities/course";
  EXPECT_EQ(QueryIds(course), std::vector<std::string>{Uuid(2)});
  course.related_activities = true;
  EXPECT_EQ(QueryIds(course), (std::vector<std::string>{Uuid(2), Uuid(1)}));
}

TEST_F(StoreTest, CombinedFiltersIntersect) {
  std::string reg = R"("context":{"registration":")" + Uuid(900) + R"("})";
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"), reg)).ok());
  ASSERT_TRUE(Post(Statement(2, "ann", "saw", Activity("a"), reg)).ok());
  ASSERT_TRUE(Post(Statement(3, "bob", "did", Activity("a"), reg)).ok());
  ASSERT_TRUE(Post(Statement(4, "ann", "did", Activity("b"))).ok());
  StatementQueryParams q;
  q.agent = Agent("ann");
  q.verb = "http://example.com/verbs/did";
  q.registration = Uuid(900);
  EXPECT_EQ(QueryIds(q), std::vector<std::string>{Uuid(1)});
  q.registration = Uuid(901);  // never seen: nothing
  EXPECT_TRUE(QueryIds(q).empty());
}

TEST_F(StoreTest, PagingReturnsEveryStatementOnceInStoredOrder) {
  std::string batch = "[";
  for (int i = 1; i <= 57; ++i) {
    if (i > 1) batch += ",";
    batch += Statement(i, i % 2 ? "ann" : "bob", "did", Activity("a"));
  }
  batch += "]";
  ASSERT_TRUE(Post(batch).ok());
  StatementQueryParams q;
  q.limit = 10;
  size_t pages = 0;
  std::vector<std::string> ids = QueryIds(q, nullptr, &pages);
  ASSERT_EQ(ids.size(), 57u);
  EXPECT_EQ(pages, 6u);
  for (int i = 0; i < 57; ++i)
    EXPECT_EQ(ids[i], Uuid(57 - i));  // newest first

  q.ascending = true;
  q.agent = Agent("ann");
  ids = QueryIds(q);
  ASSERT_EQ(ids.size(), 29u);
  for (int i = 0; i < 29; ++i)
    EXPECT_EQ(ids[i], Uuid(1 + 2 * i));
}

TEST_F(StoreTest, SinceIsExclusiveAndUntilInclusive) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(Post(Statement(2, "ann", "did", Activity("a"))).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(Post(Statement(3, "ann", "did", Activity("a"))).ok());
  json::Document two;
  ASSERT_TRUE(json::Parse(Get(2).value().json, &two).ok());
  const std::string stored2(json::View(two["stored"]));

  StatementQueryParams since;
  since.since = stored2;
  EXPECT_EQ(QueryIds(since), std::vector<std::string>{Uuid(3)});
  StatementQueryParams until;
  until.until = stored2;
  EXPECT_EQ(QueryIds(until), (std::vector<std::string>{Uuid(2), Uuid(1)}));
  StatementQueryParams before_all;
  before_all.until = "2000-01-01T00:00:00Z";
  EXPECT_TRUE(QueryIds(before_all).empty());
}

TEST_F(StoreTest, SinceTheLastStoredTimeSeenNeverMissesALaterCommit) {
  // Two commits in quick succession (usually within the same millisecond) still get distinct
  // stored times, so a client syncing "since" the last stored time it saw gets the second.
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  ASSERT_TRUE(Post(Statement(2, "ann", "did", Activity("a"))).ok());
  json::Document one;
  ASSERT_TRUE(json::Parse(Get(1).value().json, &one).ok());
  StatementQueryParams since;
  since.since = std::string(json::View(one["stored"]));
  EXPECT_EQ(QueryIds(since), std::vector<std::string>{Uuid(2)});
}

TEST_F(StoreTest, StoresAreIsolated) {
  auto other = db_->EnsureStore("b");
  ASSERT_TRUE(other.ok());
  ASSERT_NE(other.value(), 1);
  Principal b = MakePrincipal(other.value(), "b-admin", service::kScopeAll);
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  // The same id in another store is another statement.
  ASSERT_TRUE(Post(Statement(1, "zed", "did", Activity("z")), &b).ok());

  StatementQueryParams all;
  EXPECT_EQ(QueryIds(all, &b), std::vector<std::string>{Uuid(1)});
  StatementQueryParams ann;
  ann.agent = Agent("ann");
  EXPECT_TRUE(QueryIds(ann, &b).empty());
  auto got = service_->Get(b, Uuid(1), false, xapi::StatementFormat::kExact, {});
  ASSERT_TRUE(got.ok());
  EXPECT_NE(got.value().json.find("zed@example.com"), std::string::npos);
}

TEST_F(StoreTest, ReadMineSeesOnlyItsOwnStatements) {
  Principal writer = MakePrincipal(
      1, "course-a", service::kScopeStatementsWrite | service::kScopeStatementsReadMine);
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a")), &writer).ok());
  ASSERT_TRUE(Post(Statement(2, "bob", "did", Activity("a"))).ok());
  StatementQueryParams all;
  EXPECT_EQ(QueryIds(all, &writer), std::vector<std::string>{Uuid(1)});
  EXPECT_TRUE(service_->Get(writer, Uuid(1), false, xapi::StatementFormat::kExact, {}).ok());
  EXPECT_EQ(service_->Get(writer, Uuid(2), false, xapi::StatementFormat::kExact, {}).error().code(),
            ErrorCode::kNotFound);
}

TEST_F(StoreTest, ScopesAreEnforced) {
  Principal reader = MakePrincipal(1, "reader", service::kScopeStatementsRead);
  Status s = Post(Statement(1, "ann", "did", Activity("a")), &reader);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kForbidden);
  Principal writer = MakePrincipal(1, "writer", service::kScopeStatementsWrite);
  StatementQueryParams all;
  EXPECT_EQ(service_->Query(writer, all, {}).error().code(), ErrorCode::kForbidden);
}

TEST_F(StoreTest, CanonicalMetadataNeedsTheDefineScope) {
  auto with_name = [](int id, const std::string& name) {
    return Statement(id, "ann", "did",
                     R"({"id":"http://example.com/activities/a","definition":{"name":{"en-US":")" +
                         name + R"("}}})");
  };
  Principal writer = MakePrincipal(1, "writer", service::kScopeStatementsWrite);
  ASSERT_TRUE(Post(with_name(1, "First"), &writer).ok());
  EXPECT_FALSE(db_->GetActivityDefinition(1, "http://example.com/activities/a").value());
  ASSERT_TRUE(Post(with_name(2, "Second")).ok());  // admin has "all", which includes define
  auto def = db_->GetActivityDefinition(1, "http://example.com/activities/a");
  ASSERT_TRUE(def.ok() && def.value());
  EXPECT_NE(def.value()->find("Second"), std::string::npos);

  // The canonical format returns the canonical definition even for the first statement.
  auto got = service_->Get(admin_, Uuid(1), false, xapi::StatementFormat::kCanonical, {});
  ASSERT_TRUE(got.ok());
  EXPECT_NE(got.value().json.find("Second"), std::string::npos);
}

TEST_F(StoreTest, ConcurrentWritersAreEachAllOrNothing) {
  // Many threads submit at once, so batches share group commits; every other batch conflicts
  // with a statement stored up front and must fail alone.
  ASSERT_TRUE(Post(Statement(100000, "ann", "did", Activity("seed"))).ok());
  constexpr int kThreads = 8;
  constexpr int kBatchesPerThread = 25;
  std::atomic<int> failures{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatchesPerThread; ++b) {
        int base = (t * kBatchesPerThread + b) * 10;
        std::string batch = "[";
        for (int i = 0; i < 5; ++i) {
          if (i > 0) batch += ",";
          batch += Statement(base + i + 1, "user" + std::to_string(t), "did", Activity("x"));
        }
        bool poison = b % 2 == 1;
        if (poison) batch += "," + Statement(100000, "ann", "did", Activity("different"));
        batch += "]";
        Status s = Post(batch);
        if (poison) {
          if (s.ok() || s.error().code() != ErrorCode::kConflict) ++unexpected;
          ++failures;
        } else if (!s.ok()) {
          ++unexpected;
        }
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(unexpected.load(), 0);
  StatementQueryParams all;
  std::vector<std::string> ids = QueryIds(all);
  // Only the non-poisoned batches (5 statements each) and the seed are stored.
  EXPECT_EQ(failures.load(), kThreads * (kBatchesPerThread / 2));
  const int clean_batches = kThreads * (kBatchesPerThread - kBatchesPerThread / 2);
  EXPECT_EQ(ids.size(), static_cast<size_t>(clean_batches * 5 + 1));
  for (int t = 0; t < kThreads; ++t) {
    for (int b = 0; b < kBatchesPerThread; ++b) {
      int base = (t * kBatchesPerThread + b) * 10;
      EXPECT_EQ(Get(base + 1).ok(), b % 2 == 0) << "thread " << t << " batch " << b;
    }
  }
}

TEST_F(StoreTest, BatchesCommittedInOneGroupSeeEachOthersWrites) {
  // The writer reads ahead and interns for a whole group of batches at once; a batch must still
  // see what the batches before it in the same group wrote. A write job holds the writer while
  // the batches queue up behind it, so that they commit as one group. Whatever their order in
  // the queue, the outcome is the one of storing them one by one.
  ASSERT_TRUE(Post(Statement(50, "ann", "did", Activity("earlier"))).ok());
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::thread holder([&] {
    Status held = db_->Write([&](ext::SqlConnection&) -> Status {
      entered.set_value();
      released.wait();
      return Status();
    });
    EXPECT_TRUE(held.ok());
  });
  entered.get_future().wait();

  const std::vector<std::string> batches = {
      Statement(1, "ann", "did", Activity("x")),  // 1 and 2: one id, two contents
      Statement(1, "ann", "did", Activity("y")),
      Statement(3, "bob", "did", Activity("t")),  // 3 and its voiding statement 4
      Voiding(4, 3),
      Statement(5, "carl", "liked", Ref(6)),  // 5 references 6
      Statement(6, "dora", "passed", Activity("d")),
      "[" + Statement(7, "eve", "did", Activity("z")) + "," +  // fails on the stored 50
          Statement(50, "ann", "did", Activity("other")) + "]",
      Statement(8, "eve", "did", Activity("z")),  // the key of z interned for 7 too
  };
  std::vector<Status> results(batches.size());
  std::vector<std::thread> senders;
  for (size_t i = 0; i < batches.size(); ++i)
    senders.emplace_back([&, i] { results[i] = Post(batches[i]); });
  // Time for the senders to queue behind the write job (a late one only commits in a later
  // group: the expectations hold either way).
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  release.set_value();
  for (auto& t : senders)
    t.join();
  holder.join();

  EXPECT_NE(results[0].ok(), results[1].ok());
  const Status& lost = results[0].ok() ? results[1] : results[0];
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code(), ErrorCode::kConflict);
  auto one = Get(1);
  ASSERT_TRUE(one.ok());
  EXPECT_NE(one.value().json.find(results[0].ok() ? "activities/x" : "activities/y"),
            std::string::npos);

  for (size_t i = 2; i < batches.size(); ++i) {
    if (i == 6) continue;
    EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].error().message();
  }
  ASSERT_FALSE(results[6].ok());
  EXPECT_EQ(results[6].error().code(), ErrorCode::kConflict);

  EXPECT_EQ(Get(3).error().code(), ErrorCode::kNotFound);  // voided
  EXPECT_TRUE(Get(3, /*voided=*/true).ok());
  EXPECT_TRUE(Get(4).ok());

  StatementQueryParams by_d;
  by_d.activity = "http://example.com/activities/d";
  std::vector<std::string> ids = QueryIds(by_d);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{Uuid(5), Uuid(6)}));

  EXPECT_EQ(Get(7).error().code(), ErrorCode::kNotFound);
  StatementQueryParams by_z;
  by_z.activity = "http://example.com/activities/z";
  EXPECT_EQ(QueryIds(by_z), std::vector<std::string>{Uuid(8)});
  StatementQueryParams all;
  EXPECT_EQ(QueryIds(all).size(), 6u);  // 50, 1, 4, 5, 6 and 8 (3 is voided)
}

TEST_F(StoreTest, WriteAheadLogStaysBoundedUnderSustainedWrites) {
  LRS_SQLITE_ONLY("the size of SQLite's write-ahead log");
  // Checkpoints run beside the writer; under writes that never pause, the log must still be
  // rewound now and then instead of growing with everything ever written.
  constexpr int kThreads = 4;
  constexpr int kBatches = 100;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::string batch = "[";
        for (int i = 0; i < 100; ++i) {
          const int n = (t * kBatches + b) * 100 + i + 1;
          if (i > 0) batch += ",";
          batch += Statement(n, "user" + std::to_string(n % 997), "did",
                             Activity("a" + std::to_string(n % 499)),
                             R"("context":{"registration":")" + Uuid(500000 + n % 4001) + R"("})");
        }
        if (!Post(batch + "]").ok()) ++failed;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  ASSERT_EQ(failed.load(), 0);
  const auto wal = std::filesystem::file_size(database_.location() + "-wal");
  EXPECT_LT(wal, 40u << 20) << "write-ahead log of " << (wal >> 20) << " MiB";
}

TEST_F(StoreTest, DataAndStoredOrderSurviveReopening) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  auto before = Get(1);
  ASSERT_TRUE(before.ok());
  Open();
  auto after = Get(1);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after.value().json, before.value().json);
  ASSERT_TRUE(Post(Statement(2, "ann", "did", Activity("a"))).ok());
  EXPECT_GE(Get(2).value().stored_us, before.value().stored_us);
  StatementQueryParams all;
  EXPECT_EQ(QueryIds(all), (std::vector<std::string>{Uuid(2), Uuid(1)}));
}

TEST(StoreOpenTest, RefusesADatabaseOfAnotherApplication) {
  TempDir dir;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("other.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE customers (id INTEGER)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto opened = SqliteStore::Open(dir.File("other.db"), SqliteOptions{});
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message().find("not one of Outcome LRS"), std::string::npos);
}

TEST(StoreOpenTest, RefusesADatabaseFromANewerVersion) {
  TempDir dir;
  {
    auto opened = SqliteStore::Open(dir.File("lrs.db"), SqliteOptions{});
    ASSERT_TRUE(opened.ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.File("lrs.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  auto opened = SqliteStore::Open(dir.File("lrs.db"), SqliteOptions{});
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message().find("newer"), std::string::npos);
}

class CredentialTest : public unit_test::BackendTest {
 protected:
  static std::string Basic(const std::string& key, const std::string& secret) {
    return "Basic " + crypto::Base64Encode(key + ":" + secret);
  }
};

TEST_F(CredentialTest, SecretsAreStoredHashedAndVerified) {
  service::NewCredentialRequest request;
  request.key = "course-key";
  request.secret = "correct horse battery";
  request.scopes = "statements/write,statements/read";
  auto created = service::CreateCredential(*db_, request);
  ASSERT_TRUE(created.ok()) << created.error().message();
  auto record = db_->FindCredential("course-key");
  ASSERT_TRUE(record.ok() && record.value());
  EXPECT_EQ(record.value()->secret_hash.find("correct horse"), std::string::npos);
  EXPECT_EQ(record.value()->secret_hash.size(), 32u);
  EXPECT_EQ(record.value()->scopes, "statements/write statements/read");

  service::Authenticator auth(*db_);
  auto ok = auth.Authenticate(Basic("course-key", "correct horse battery"));
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_TRUE(ok.value().CanWriteStatements());
  EXPECT_FALSE(ok.value().CanDefine());
  EXPECT_EQ(ok.value().store_name, "default");
  // Twice: the second check uses the in-memory verification.
  EXPECT_TRUE(auth.Authenticate(Basic("course-key", "correct horse battery")).ok());
  EXPECT_EQ(auth.Authenticate(Basic("course-key", "wrong")).error().code(),
            ErrorCode::kUnauthorized);
  EXPECT_EQ(auth.Authenticate(Basic("nobody", "x")).error().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(auth.Authenticate("Bearer abc").error().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(auth.Authenticate("").error().code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(auth.Authenticate("Basic !!!").error().code(), ErrorCode::kUnauthorized);

  auto revoked = db_->RevokeCredential("course-key", "2026-01-01T00:00:00Z");
  ASSERT_TRUE(revoked.ok() && revoked.value());
  EXPECT_EQ(auth.Authenticate(Basic("course-key", "correct horse battery")).error().code(),
            ErrorCode::kUnauthorized);
  EXPECT_FALSE(db_->RevokeCredential("course-key", "2026-01-01T00:00:00Z").value());
}

TEST_F(CredentialTest, GeneratedCredentialsAndValidation) {
  service::NewCredentialRequest request;
  request.scopes = "all";
  request.store = "tenant-b";
  auto created = service::CreateCredential(*db_, request);
  ASSERT_TRUE(created.ok());
  EXPECT_GE(created.value().key.size(), 16u);
  EXPECT_GE(created.value().secret.size(), 24u);
  service::Authenticator auth(*db_);
  auto p = auth.Authenticate(Basic(created.value().key, created.value().secret));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value().store_name, "tenant-b");
  EXPECT_NE(p.value().store_id, 1);

  request.key = created.value().key;  // taken
  EXPECT_EQ(service::CreateCredential(*db_, request).error().code(), ErrorCode::kConflict);
  request.key = "has:colon";
  EXPECT_EQ(service::CreateCredential(*db_, request).error().code(), ErrorCode::kBadRequest);
  request.key = std::nullopt;
  request.scopes = "statements/write, telepathy";
  EXPECT_EQ(service::CreateCredential(*db_, request).error().code(), ErrorCode::kBadRequest);
  request.scopes = "all";
  request.secret = "short";
  EXPECT_EQ(service::CreateCredential(*db_, request).error().code(), ErrorCode::kBadRequest);

  auto listed = db_->ListCredentials(std::string("tenant-b"));
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed.value().size(), 1u);
}

}  // namespace
}  // namespace lrs

namespace lrs {
namespace {

// Attachment data in the store: one row per store and hash, written with its batch only.
class AttachmentStoreTest : public StoreTest {
 protected:
  // Stores `body` with attachment data `data` (sent with its SHA-256) as `who`.
  Status PostWithData(const std::string& body, const std::vector<std::string>& data,
                      const Principal* who = nullptr) {
    auto doc = std::make_shared<json::Document>();
    Status parsed = json::Parse(body, doc.get());
    if (!parsed.ok()) return parsed;
    std::vector<xapi::AttachmentData> parts;
    for (const std::string& d : data) {
      parts.push_back(
          {crypto::Sha2Hex(crypto::Sha2::k256, d), "", std::make_shared<const std::string>(d)});
    }
    xapi::ValidationOptions multipart;
    multipart.attachments_need_file_url = false;
    return service_->Store(who ? *who : admin_, std::move(doc), std::nullopt, multipart, parts)
        .status();
  }

  // The rows of the attachments table, read in a read transaction of its own (the SQL is the
  // same in both dialects).
  int64_t AttachmentRows() {
    int64_t rows = -1;
    Status read = db_->Read([&](ext::SqlConnection& c) -> Status {
      auto q = c.Prepare("SELECT count(*) FROM attachments");
      if (!q.ok()) return q.error();
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      if (row.value()) rows = q.value()->Int64(0);
      return Status();
    });
    EXPECT_TRUE(read.ok()) << read.error().message();
    return rows;
  }
};

std::string WithData(int id, const std::string& data, const std::string& activity = "a") {
  return Statement(id, "ann", "did", Activity(activity),
                   R"("attachments":[{"usageType":"http://example.com/usage","display":{"en":"x"},)"
                   R"("contentType":"text/plain","length":)" +
                       std::to_string(data.size()) + R"(,"sha2":")" +
                       crypto::Sha2Hex(crypto::Sha2::k256, data) + R"("}])");
}

TEST_F(AttachmentStoreTest, DataIsStoredOncePerStoreAndHash) {
  ASSERT_TRUE(PostWithData(WithData(1, "shared"), {"shared"}).ok());
  ASSERT_TRUE(
      PostWithData("[" + WithData(2, "shared") + "," + WithData(3, "shared") + "]", {"shared"})
          .ok());
  EXPECT_EQ(AttachmentRows(), 1);

  auto got = db_->GetAttachments(1, {crypto::Sha2Hex(crypto::Sha2::k256, "shared"),
                                     crypto::Sha2Hex(crypto::Sha2::k256, "never sent")});
  ASSERT_TRUE(got.ok()) << got.error().message();
  ASSERT_EQ(got.value().size(), 1u);
  EXPECT_EQ(*got.value()[0].content, "shared");
  EXPECT_EQ(got.value()[0].content_type, "text/plain");  // the Attachment's contentType

  // Another store keeps its own copy, and cannot read the first store's.
  auto other = db_->EnsureStore("b");
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(db_->GetAttachments(other.value(), {crypto::Sha2Hex(crypto::Sha2::k256, "shared")})
                  .value()
                  .empty());
  Principal b = MakePrincipal(other.value(), "b-admin", service::kScopeAll);
  ASSERT_TRUE(PostWithData(WithData(1, "shared"), {"shared"}, &b).ok());
  EXPECT_EQ(AttachmentRows(), 2);
}

TEST_F(AttachmentStoreTest, AFailedBatchStoresNoData) {
  ASSERT_TRUE(Post(Statement(1, "ann", "did", Activity("a"))).ok());
  // Statement 2 brings new data; statement 1 conflicts: neither is stored, nor is the data.
  Status s = PostWithData(
      "[" + WithData(2, "new data") + "," + Statement(1, "ann", "did", Activity("b")) + "]",
      {"new data"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(AttachmentRows(), 0);
  ASSERT_TRUE(PostWithData(WithData(2, "new data"), {"new data"}).ok());
  EXPECT_EQ(AttachmentRows(), 1);
}

}  // namespace
}  // namespace lrs
