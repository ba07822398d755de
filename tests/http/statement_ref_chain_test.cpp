// A hostile input for the StatementRef filter rule (Part Three §2.1.3, "Filter Conditions for
// StatementRefs"): a chain of 100,000 statements, each targeting the previous one, stored before
// the statement at its root. Storing the root passes the root's filter terms down the whole
// chain; the server must keep serving, and every query by the root's agent or activity must
// return the whole chain, with since/limit applied to the targeting statements.
#include <chrono>
#include <string>
#include <unordered_set>
#include <vector>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr int kChain = 100000;  // statements targeting the root, directly or through others
constexpr int kBatch = 2500;    // statements per POST

class HttpStatementRefChain : public LrsHttpTest {
 protected:
  // Large pages, so reading the chain back takes a few dozen requests.
  std::vector<std::string> ServeArgs() const override { return {"--page-size", "20000"}; }

  struct Paged {
    std::vector<std::string> ids;
    std::vector<size_t> page_sizes;
  };

  // Every page of a query in the "ids" format, following "more" to the end.
  Paged ReadAll(ParamList params) {
    params.emplace_back("format", "ids");
    Paged out;
    HttpResult page = admin().Get(kStatements, params);
    for (int n = 0; n < 1000; ++n) {
      if (page.status != 200) {
        ADD_FAILURE() << "query page " << n << " -> " << page.Describe();
        return out;
      }
      auto doc = ParseJson(page.body);
      std::vector<std::string> ids = StatementIds(*doc);
      out.page_sizes.push_back(ids.size());
      out.ids.insert(out.ids.end(), ids.begin(), ids.end());
      const std::string more = StringAt(*doc, "more");
      if (more.empty()) return out;
      page = admin().Get(more);
    }
    ADD_FAILURE() << "the query did not end within 1000 pages";
    return out;
  }
};

TEST_F(HttpStatementRefChain, AHundredThousandLinksStoredBeforeTheRootAreAllFound) {
  // ids[0] is the root; ids[k] targets ids[k-1].
  std::vector<std::string> ids(kChain + 1);
  for (std::string& id : ids)
    id = NewId();
  const std::string root_actor = "chain-root-learner";
  const std::string root_activity = "chain-root-course";

  // The links, in order, in batches; the root is not stored yet. The stored time of the last
  // link of the middle batch splits the chain for `since`.
  std::string middle_stored;
  for (int first = 1; first <= kChain; first += kBatch) {
    std::string batch = "[";
    for (int k = first; k < first + kBatch && k <= kChain; ++k) {
      if (k > first) batch += ",";
      batch += Statement(Agent("linker"), Verb("referenced"), StatementRef(ids[k - 1]),
                         "\"id\":" + Quote(ids[k]));
    }
    batch += "]";
    HttpResult r = admin().Post(kStatements, batch);
    ASSERT_EQ(r.status, 200) << "links from " << first << ": " << r.Describe();
    if (first + kBatch - 1 == kChain / 2) {
      HttpResult middle = GetStatement(ids[kChain / 2]);
      ASSERT_EQ(middle.status, 200) << middle.Describe();
      middle_stored = StringAt(*ParseJson(middle.body), "stored");
    }
  }
  ASSERT_FALSE(middle_stored.empty()) << "kChain / 2 must end a batch";

  // The root, last: its terms travel down 100,000 links (seconds on SQLite; on PostgreSQL two
  // round trips to the server per link, so up to a few minutes on a busy machine).
  admin().SetTimeout(std::chrono::minutes(5));
  ASSERT_EQ(Store(Statement(Agent(root_actor), Verb("completed"), Activity(root_activity),
                            "\"id\":" + Quote(ids[0]))),
            ids[0]);
  ASSERT_TRUE(lrs().running()) << "the server died storing the root";
  EXPECT_EQ(admin().Get(kAbout).status, 200);

  // The whole chain by the root's agent, newest first (the root was stored last), each
  // statement once.
  const std::string agent_param = "{\"mbox\":" + Quote(Mbox(root_actor)) + "}";
  Paged by_agent = ReadAll({{"agent", agent_param}});
  ASSERT_EQ(by_agent.ids.size(), ids.size());
  EXPECT_EQ(by_agent.ids.front(), ids[0]);
  EXPECT_EQ(by_agent.ids[1], ids[kChain]);
  EXPECT_EQ(by_agent.ids.back(), ids[1]);
  EXPECT_EQ(std::unordered_set<std::string>(by_agent.ids.begin(), by_agent.ids.end()).size(),
            ids.size());

  // The whole chain by the root's activity, paged by `limit`: full pages, then the rest,
  // nothing twice.
  Paged by_activity = ReadAll({{"activity", ActivityId(root_activity)}, {"limit", "7000"}});
  ASSERT_EQ(by_activity.ids.size(), ids.size());
  ASSERT_EQ(by_activity.page_sizes.size(), (ids.size() + 6999) / 7000);
  for (size_t i = 0; i + 1 < by_activity.page_sizes.size(); ++i)
    EXPECT_EQ(by_activity.page_sizes[i], 7000u) << "page " << i;
  EXPECT_EQ(by_activity.ids.front(), ids[0]);
  EXPECT_EQ(by_activity.ids.back(), ids[1]);
  EXPECT_EQ(std::unordered_set<std::string>(by_activity.ids.begin(), by_activity.ids.end()).size(),
            ids.size());

  // `since` is the targeting statements' stored time: links stored up to the middle are cut,
  // although the root they lead to was stored after it.
  Paged since = ReadAll({{"agent", agent_param}, {"since", middle_stored}, {"ascending", "true"}});
  ASSERT_EQ(since.ids.size(), static_cast<size_t>(kChain - kChain / 2 + 1));
  EXPECT_EQ(since.ids.front(), ids[kChain / 2 + 1]);
  EXPECT_EQ(since.ids[since.ids.size() - 2], ids[kChain]);
  EXPECT_EQ(since.ids.back(), ids[0]);

  // The root's verb reached the chain too (the links' own verb is another).
  HttpResult by_verb = admin().Get(kStatements, {{"verb", VerbId("completed")},
                                                 {"since", middle_stored},
                                                 {"ascending", "true"},
                                                 {"limit", "1"},
                                                 {"format", "ids"}});
  ASSERT_EQ(by_verb.status, 200) << by_verb.Describe();
  EXPECT_EQ(StatementIds(*ParseJson(by_verb.body)), std::vector<std::string>{ids[kChain / 2 + 1]});

  // A new statement targeting the end of the chain joins it at once, and the server goes on.
  const std::string tail = Store(Statement(Agent("linker"), Verb("referenced"),
                                           StatementRef(ids[kChain]), "\"id\":" + Quote(NewId())));
  HttpResult newest = admin().Get(kStatements, {{"agent", agent_param}, {"limit", "1"}});
  ASSERT_EQ(newest.status, 200) << newest.Describe();
  EXPECT_EQ(StatementIds(*ParseJson(newest.body)), std::vector<std::string>{tail});
}

}  // namespace
}  // namespace lrs::http_test
