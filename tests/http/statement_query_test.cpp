// Querying statements: GET /xapi/statements filters, time windows, order, limits, the
// StatementResult and its "more" links (Part Three §2.1.3, Part Two §2.5).
#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "lrs/core/strings.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpStatementQuery = LrsHttpTest;

// Runs with a small page size so paging shows with few statements.
class HttpStatementPaging : public LrsHttpTest {
 protected:
  static constexpr size_t kPageSize = 5;
  std::vector<std::string> ServeArgs() const override {
    return {"--page-size", std::to_string(kPageSize)};
  }

  // Stores `count` statements in batches of up to 7 and returns their ids in stored order.
  std::vector<std::string> StoreMany(int count) {
    std::vector<std::string> ids;
    while (static_cast<int>(ids.size()) < count) {
      std::string batch = "[";
      const int n = std::min(7, count - static_cast<int>(ids.size()));
      std::vector<std::string> batch_ids;
      for (int i = 0; i < n; ++i) {
        batch_ids.push_back(NewId());
        if (i > 0) batch += ",";
        batch += SimpleStatement(batch_ids.back(), "ann", "completed",
                                 "course-" + std::to_string(ids.size() + i));
      }
      batch += "]";
      HttpResult r = admin().Post(kStatements, batch);
      if (r.status != 200) {
        ADD_FAILURE() << "storing a batch -> " << r.Describe();
        return ids;
      }
      ids.insert(ids.end(), batch_ids.begin(), batch_ids.end());
    }
    return ids;
  }
};

std::string AgentParam(const std::string& name) {
  return "{\"objectType\":\"Agent\",\"mbox\":" + Quote(Mbox(name)) + "}";
}

std::string Group(const std::string& members) {
  return "{\"objectType\":\"Group\",\"member\":[" + members + "]}";
}

std::vector<std::string> Reversed(std::vector<std::string> v) {
  std::reverse(v.begin(), v.end());
  return v;
}

TEST_F(HttpStatementQuery, EmptyStoreGivesAnEmptyStatementResult) {
  HttpResult r = admin().Get(kStatements);
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_NE(r.Header("Content-Type").value_or("").find("application/json"), std::string::npos);
  auto doc = ParseJson(r.body);
  ASSERT_TRUE(doc->IsObject()) << r.body;
  EXPECT_EQ(JsonAt(*doc, "statements"), "[]");
  EXPECT_EQ(JsonAt(*doc, "more"), "\"\"");
  // Nothing matching is no error either.
  HttpResult none = admin().Get(kStatements, {{"verb", VerbId("never-used")}});
  ASSERT_TRUE(HasStatus(none, 200));
  EXPECT_EQ(JsonAt(*ParseJson(none.body), "statements"), "[]");
}

TEST_F(HttpStatementQuery, NewestFirstUnlessAscending) {
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i)
    ids.push_back(Store(SimpleStatement(NewId())));
  HttpResult r = admin().Get(kStatements);
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(StatementIds(*doc), Reversed(ids));
  EXPECT_EQ(JsonAt(*doc, "more"), "\"\"");
  EXPECT_EQ(QueryIds({{"ascending", "true"}}), ids);
  EXPECT_EQ(QueryIds({{"ascending", "false"}}), Reversed(ids));
  // Full statements, as GET by id returns them.
  EXPECT_EQ(JsonAt(*doc, "statements.0"), GetStatement(ids.back()).body);
}

TEST_F(HttpStatementQuery, ALargeBatchIsStoredWholeAndPagedInOrder) {
  constexpr int kCount = 300;
  std::vector<std::string> ids;
  const std::string batch = CourseBatch(kCount, &ids);
  HttpResult r = admin().Post(kStatements, batch);
  ASSERT_TRUE(HasStatus(r, 200));
  auto answer = ParseJson(r.body);
  ASSERT_TRUE(answer->IsArray());
  ASSERT_EQ(answer->Size(), static_cast<rapidjson::SizeType>(kCount));
  for (int i = 0; i < kCount; ++i)
    EXPECT_EQ(json::View((*answer)[i]), ids[i]) << i;

  // Stored order within a batch is the batch's order.
  HttpResult all = admin().Get(kStatements, {{"ascending", "true"}});
  ASSERT_TRUE(HasStatus(all, 200));
  auto doc = ParseJson(all.body);
  EXPECT_EQ(StatementIds(*doc), ids);
  EXPECT_EQ(StringAt(*doc, "more"), "");
  EXPECT_EQ(QueryIds({{"limit", "100"}}), Reversed(ids));
  EXPECT_EQ(QueryIds({{"limit", "7"}, {"ascending", "true"}}), ids);
}

TEST_F(HttpStatementQuery, AgentFilterMatchesActorObjectAndGroupMembers) {
  const std::string as_actor = Store(SimpleStatement(NewId(), "ann"));
  const std::string as_object = Store(Statement(Agent("bob"), Verb("mentored"), Agent("ann")));
  const std::string as_member = Store(
      Statement(Group(Agent("cid") + "," + Agent("ann")), Verb("completed"), Activity("course")));
  const std::string identified_group =
      "{\"objectType\":\"Group\",\"name\":\"Team\",\"mbox\":" + Quote(Mbox("team")) +
      ",\"member\":[" + Agent("dan") + "]}";
  const std::string group_actor =
      Store(Statement(identified_group, Verb("completed"), Activity("course")));
  const std::string other = Store(SimpleStatement(NewId(), "eve"));
  (void)other;

  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}}),
            (std::vector<std::string>{as_member, as_object, as_actor}));
  EXPECT_EQ(
      QueryIds({{"agent", "{\"objectType\":\"Group\",\"mbox\":" + Quote(Mbox("team")) + "}"}}),
      std::vector<std::string>{group_actor});
  EXPECT_EQ(QueryIds({{"agent", AgentParam("dan")}}), std::vector<std::string>{group_actor});
  EXPECT_EQ(QueryIds({{"agent", AgentParam("nobody")}}), std::vector<std::string>{});
  // Other identifiers: account and openid.
  const std::string account_actor = Store(
      Statement("{\"account\":{\"homePage\":\"https://example.com\",\"name\":\"ann-account\"}}",
                Verb("completed"), Activity("course")));
  const std::string openid_actor = Store(Statement(
      "{\"openid\":\"https://openid.example.com/ann\"}", Verb("completed"), Activity("course")));
  EXPECT_EQ(QueryIds({{"agent",
                       "{\"account\":{\"homePage\":\"https://example.com\",\"name\":"
                       "\"ann-account\"}}"}}),
            std::vector<std::string>{account_actor});
  EXPECT_EQ(QueryIds({{"agent", "{\"openid\":\"https://openid.example.com/ann\"}"}}),
            std::vector<std::string>{openid_actor});
}

TEST_F(HttpStatementQuery, RelatedAgentsWidensTheAgentFilter) {
  const std::string direct = Store(SimpleStatement(NewId(), "ann"));
  const std::string instructor =
      Store(Statement(Agent("bob"), Verb("attended"), Activity("class"),
                      "\"context\":{\"instructor\":" + Agent("ann") + "}"));
  const std::string team =
      Store(Statement(Agent("cid"), Verb("attended"), Activity("class"),
                      "\"context\":{\"team\":" + Group(Agent("ann") + "," + Agent("dan")) + "}"));
  const std::string sub_statement =
      Store(Statement(Agent("eve"), Verb("planned"),
                      "{\"objectType\":\"SubStatement\",\"actor\":" + Agent("ann") + ",\"verb\":" +
                          Verb("attend") + ",\"object\":" + Activity("class") + "}"));
  const std::string unrelated = Store(SimpleStatement(NewId(), "fay"));

  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}}), std::vector<std::string>{direct});
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}, {"related_agents", "false"}}),
            std::vector<std::string>{direct});
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}, {"related_agents", "true"}}),
            (std::vector<std::string>{sub_statement, team, instructor, direct}));

  // The authority is a related agent of every statement it stored.
  const std::string authority =
      "{\"objectType\":\"Agent\",\"account\":{\"homePage\":"
      "\"https://outcome-lrs.invalid/credentials\",\"name\":\"admin\"}}";
  EXPECT_EQ(QueryIds({{"agent", authority}}), std::vector<std::string>{});
  EXPECT_EQ(QueryIds({{"agent", authority}, {"related_agents", "true"}}),
            (std::vector<std::string>{unrelated, sub_statement, team, instructor, direct}));
}

TEST_F(HttpStatementQuery, VerbFilter) {
  const std::string a = Store(SimpleStatement(NewId(), "ann", "completed"));
  Store(SimpleStatement(NewId(), "ann", "failed"));
  const std::string c = Store(SimpleStatement(NewId(), "bob", "completed"));
  EXPECT_EQ(QueryIds({{"verb", VerbId("completed")}}), (std::vector<std::string>{c, a}));
  // IRIs compare exactly.
  EXPECT_EQ(QueryIds({{"verb", VerbId("Completed")}}), std::vector<std::string>{});
}

TEST_F(HttpStatementQuery, ActivityFilterAndRelatedActivities) {
  const std::string object = Store(SimpleStatement(NewId(), "ann", "completed", "course"));
  std::string context_activities;
  for (const char* kind : {"parent", "grouping", "category", "other"}) {
    if (!context_activities.empty()) context_activities += ",";
    context_activities += Quote(kind) + ":[" + Activity("course") + "]";
  }
  const std::string in_context =
      Store(Statement(Agent("bob"), Verb("completed"), Activity("lesson"),
                      "\"context\":{\"contextActivities\":{" + context_activities + "}}"));
  // A single Activity (not an array) is allowed in contextActivities too.
  const std::string single_parent = Store(
      Statement(Agent("bob"), Verb("completed"), Activity("quiz"),
                "\"context\":{\"contextActivities\":{\"parent\":" + Activity("course") + "}}"));
  const std::string in_sub =
      Store(Statement(Agent("cid"), Verb("planned"),
                      "{\"objectType\":\"SubStatement\",\"actor\":" + Agent("cid") + ",\"verb\":" +
                          Verb("attend") + ",\"object\":" + Activity("course") + "}"));
  Store(SimpleStatement(NewId(), "dan", "completed", "other-course"));

  EXPECT_EQ(QueryIds({{"activity", ActivityId("course")}}), std::vector<std::string>{object});
  EXPECT_EQ(QueryIds({{"activity", ActivityId("course")}, {"related_activities", "true"}}),
            (std::vector<std::string>{in_sub, single_parent, in_context, object}));
  EXPECT_EQ(QueryIds({{"activity", ActivityId("lesson")}, {"related_activities", "true"}}),
            std::vector<std::string>{in_context});
}

TEST_F(HttpStatementQuery, RegistrationFilter) {
  const std::string registration = NewId();
  auto with_registration = [](const std::string& actor, const std::string& reg) {
    return Statement(Agent(actor), Verb("completed"), Activity("course"),
                     "\"context\":{\"registration\":" + Quote(reg) + "}");
  };
  const std::string a = Store(with_registration("ann", registration));
  Store(with_registration("bob", NewId()));
  Store(SimpleStatement(NewId(), "cid"));
  const std::string d = Store(with_registration("dan", UpperCase(registration)));
  EXPECT_EQ(QueryIds({{"registration", registration}}), (std::vector<std::string>{d, a}));
  EXPECT_EQ(QueryIds({{"registration", UpperCase(registration)}}),
            (std::vector<std::string>{d, a}));
}

// The "stored" of statement `id`.
std::string StoredOf(const XapiClient& client, const std::string& id) {
  HttpResult r = client.Get(kStatements, {{"statementId", id}});
  if (r.status != 200) {
    ADD_FAILURE() << "GET " << id << " -> " << r.Describe();
    return "";
  }
  return StringAt(*ParseJson(r.body), "stored");
}

TEST_F(HttpStatementQuery, SinceIsExclusiveAndUntilInclusive) {
  std::vector<std::string> ids;
  std::vector<std::string> stored;
  for (int i = 0; i < 4; ++i) {
    ids.push_back(Store(SimpleStatement(NewId())));
    stored.push_back(StoredOf(admin(), ids.back()));
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
  }
  ASSERT_EQ(std::set<std::string>(stored.begin(), stored.end()).size(), 4u)
      << "statements stored in separate requests share a stored time";

  EXPECT_EQ(QueryIds({{"since", stored[1]}}), (std::vector<std::string>{ids[3], ids[2]}));
  EXPECT_EQ(QueryIds({{"until", stored[1]}}), (std::vector<std::string>{ids[1], ids[0]}));
  EXPECT_EQ(QueryIds({{"since", stored[0]}, {"until", stored[2]}}),
            (std::vector<std::string>{ids[2], ids[1]}));
  EXPECT_EQ(QueryIds({{"since", stored[0]}, {"until", stored[2]}, {"ascending", "true"}}),
            (std::vector<std::string>{ids[1], ids[2]}));
  EXPECT_EQ(QueryIds({{"since", stored[3]}}), std::vector<std::string>{});
  EXPECT_EQ(QueryIds({{"since", stored[2]}, {"until", stored[1]}}), std::vector<std::string>{});
  EXPECT_EQ(QueryIds({{"since", "2000-01-01T00:00:00Z"}}).size(), 4u);
  EXPECT_EQ(QueryIds({{"until", "2000-01-01T00:00:00Z"}}), std::vector<std::string>{});
  // Other ISO 8601 spellings of an instant mean the same instant.
  EXPECT_EQ(QueryIds({{"since", "1999-12-31T19:00:00-05:00"}}).size(), 4u);
}

TEST_F(HttpStatementQuery, FiltersCombine) {
  const std::string registration = NewId();
  const std::string match =
      Store(Statement(Agent("ann"), Verb("completed"), Activity("course"),
                      "\"context\":{\"registration\":" + Quote(registration) + "}"));
  Store(Statement(Agent("ann"), Verb("failed"), Activity("course"),
                  "\"context\":{\"registration\":" + Quote(registration) + "}"));
  Store(Statement(Agent("bob"), Verb("completed"), Activity("course"),
                  "\"context\":{\"registration\":" + Quote(registration) + "}"));
  Store(SimpleStatement(NewId(), "ann", "completed", "course"));
  Store(Statement(Agent("ann"), Verb("completed"), Activity("other"),
                  "\"context\":{\"registration\":" + Quote(registration) + "}"));

  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")},
                      {"verb", VerbId("completed")},
                      {"activity", ActivityId("course")},
                      {"registration", registration}}),
            std::vector<std::string>{match});
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")},
                      {"verb", VerbId("completed")},
                      {"activity", ActivityId("course")}})
                .size(),
            2u);
  EXPECT_EQ(QueryIds({{"agent", AgentParam("bob")}, {"verb", VerbId("failed")}}),
            std::vector<std::string>{});
}

TEST_F(HttpStatementQuery, InvalidFilterValuesAre400) {
  const ParamList bad[] = {
      {{"agent", "not json"}},
      {{"agent", "{\"name\":\"no identifier\"}"}},
      {{"agent", "{\"mbox\":\"ann@example.com\"}"}},  // an mbox is a mailto: IRI
      {{"agent", "[]"}},
      {{"verb", "completed"}},
      {{"activity", "course"}},
      {{"registration", "12345"}},
      {{"since", "yesterday"}},
      {{"until", "2020-02-30T00:00:00Z"}},
      {{"limit", "-1"}},
      {{"limit", "ten"}},
      {{"ascending", "yes"}},
      {{"related_agents", "TRUE"}},
      {{"related_activities", "1"}},
  };
  for (const ParamList& params : bad) {
    EXPECT_TRUE(IsError(admin().Get(kStatements, params), 400, params[0].first))
        << params[0].first << "=" << params[0].second;
  }
}

TEST_F(HttpStatementPaging, MoreLinksVisitEveryStatementOnceInStoredOrder) {
  const std::vector<std::string> ids = StoreMany(23);
  ASSERT_EQ(ids.size(), 23u);

  HttpResult first = admin().Get(kStatements, {{"limit", "3"}});
  ASSERT_TRUE(HasStatus(first, 200));
  auto doc = ParseJson(first.body);
  EXPECT_EQ(StatementIds(*doc).size(), 3u);
  const std::string more = StringAt(*doc, "more");
  EXPECT_FALSE(more.empty()) << first.body;
  // An IRL relative to the LRS (Part Two §2.5): a path on this server.
  EXPECT_EQ(more.rfind("/xapi/statements", 0), 0u) << more;

  EXPECT_EQ(QueryIds({{"limit", "3"}}), Reversed(ids));
  EXPECT_EQ(QueryIds({{"limit", "4"}, {"ascending", "true"}}), ids);
  EXPECT_EQ(QueryIds({{"limit", "1"}, {"ascending", "true"}}), ids);
  // limit=0 and no limit mean the server's maximum; larger limits are capped to it.
  for (const char* limit : {"0", "", "1000"}) {
    ParamList params = {{"ascending", "true"}};
    if (*limit != '\0') params.emplace_back("limit", limit);
    HttpResult page = admin().Get(kStatements, params);
    ASSERT_TRUE(HasStatus(page, 200));
    EXPECT_EQ(StatementIds(*ParseJson(page.body)).size(), kPageSize) << "limit=" << limit;
    EXPECT_EQ(QueryIds(params), ids) << "limit=" << limit;
  }
  // Paging keeps the filters.
  HttpResult none_more = admin().Get(kStatements, {{"activity", ActivityId("course-7")}});
  ASSERT_TRUE(HasStatus(none_more, 200));
  EXPECT_EQ(StatementIds(*ParseJson(none_more.body)), std::vector<std::string>{ids[7]});
  EXPECT_EQ(StringAt(*ParseJson(none_more.body), "more"), "");
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}, {"limit", "2"}}), Reversed(ids));
  EXPECT_EQ(QueryIds({{"agent", AgentParam("bob")}, {"limit", "2"}}), std::vector<std::string>{});
}

TEST_F(HttpStatementPaging, AnExactMultipleOfTheLimitEndsCleanly) {
  const std::vector<std::string> ids = StoreMany(6);
  ASSERT_EQ(ids.size(), 6u);
  EXPECT_EQ(QueryIds({{"limit", "3"}}), Reversed(ids));
  EXPECT_EQ(QueryIds({{"limit", "2"}, {"ascending", "true"}}), ids);
}

TEST_F(HttpStatementPaging, MoreLinksKeepFormatAndSurviveARestart) {
  const std::vector<std::string> ids = StoreMany(9);
  ASSERT_EQ(ids.size(), 9u);
  HttpResult first = admin().Get(kStatements, {{"limit", "4"}, {"format", "ids"}});
  ASSERT_TRUE(HasStatus(first, 200));
  const std::string more = StringAt(*ParseJson(first.body), "more");
  ASSERT_FALSE(more.empty());

  // Nothing about the query lives in the server: the link works in a new process.
  ASSERT_TRUE(RestartServer());
  HttpResult second = admin().Get(more);
  ASSERT_TRUE(HasStatus(second, 200));
  auto doc = ParseJson(second.body);
  EXPECT_EQ(StatementIds(*doc), (std::vector<std::string>{ids[4], ids[3], ids[2], ids[1]}));
  // Still format=ids: no Verb display.
  EXPECT_EQ(At(*doc, "statements.0.verb.display"), nullptr) << second.body;
  const std::string third_link = StringAt(*doc, "more");
  ASSERT_FALSE(third_link.empty());
  HttpResult third = admin().Get(third_link);
  ASSERT_TRUE(HasStatus(third, 200));
  EXPECT_EQ(StatementIds(*ParseJson(third.body)), std::vector<std::string>{ids[0]});
  EXPECT_EQ(StringAt(*ParseJson(third.body), "more"), "");
}

TEST_F(HttpStatementPaging, ATamperedMoreTokenIs400) {
  StoreMany(8);
  HttpResult first = admin().Get(kStatements, {{"limit", "2"}});
  ASSERT_TRUE(HasStatus(first, 200));
  const std::string more = StringAt(*ParseJson(first.body), "more");
  const size_t eq = more.find("more=");
  ASSERT_NE(eq, std::string::npos) << more;
  const std::string prefix = more.substr(0, eq + 5);
  const std::string token = more.substr(eq + 5);
  ASSERT_GT(token.size(), 4u);

  std::string first_changed = token;
  first_changed[0] = first_changed[0] == 'f' ? 'g' : 'f';
  const std::vector<std::string> tampered = {
      prefix + "garbage",
      prefix,
      prefix + token.substr(0, token.size() / 2),
      prefix + token + "AAAA",
      prefix + first_changed,
      prefix + "%7B%22v%22%3A1%7D",  // JSON, not a token
  };
  for (const std::string& link : tampered) {
    EXPECT_TRUE(IsError(admin().Get(link), 400, "more")) << link;
  }
  // "more" stands alone.
  EXPECT_TRUE(IsError(admin().Get(more + "&limit=1"), 400, "more"));
  EXPECT_TRUE(HasStatus(admin().Get(more), 200));
}

}  // namespace
}  // namespace lrs::http_test
