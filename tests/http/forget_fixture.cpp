#include "tests/http/forget_fixture.h"

#include <fstream>
#include <iterator>

#include "lrs/core/crypto.h"
#include "tests/support/test_database.h"

namespace lrs::http_test {

std::string Ann() {
  return std::string(R"({"objectType":"Agent","name":")") + kName + R"(","mbox":")" + kMbox +
         R"("})";
}

std::string AnnSha1() {
  return crypto::Sha1Hex(kMbox);
}

std::string AnnBySha1() {
  return R"({"objectType":"Agent","mbox_sha1sum":")" + AnnSha1() + R"("})";
}

std::vector<std::string> AnnTraces() {
  return {"ann.erasable@example.com",
          kName,
          AnnSha1(),
          kPrivateData,
          "ann-erasable-bookmark",
          "ann-erasable-registered",
          "ann-erasable-dark"};
}

Seeded ForgetTest::Seed(const XapiClient* client) {
  const XapiClient& c = client != nullptr ? *client : admin();
  Seeded s;
  s.anns.push_back(Store(Statement(Ann(), Verb("completed"), Activity("course")), &c));
  s.anns.push_back(Store(Statement(AnnBySha1(), Verb("attempted"), Activity("course")), &c));
  const std::string with_attachments =
      Statement(Ann(), Verb("uploaded"), Activity("essay"),
                R"("attachments":[)" + AttachmentObject("private", kPrivateData) + "," +
                    AttachmentObject("shared", kSharedData) + "]");
  HttpResult posted =
      c.Post(kStatements, MultipartBody(with_attachments, {{kPrivateData}, {kSharedData}}),
             MultipartType());
  EXPECT_TRUE(HasStatus(posted, 200));
  s.anns.push_back(FirstId(posted));
  s.voiding = Store(VoidingStatement("", s.anns[2]), &c);

  // Others' statements: ann as instructor, as the object, as a team member, as a member of
  // the actor Group, inside a SubStatement, and a StatementRef to her statement.
  s.others.push_back(Store(Statement(Agent("bob"), Verb("completed"), Activity("course"),
                                     R"("context":{"instructor":)" + Ann() + "}"),
                           &c));
  s.others.push_back(Store(Statement(Agent("bob"), Verb("mentored"), AnnBySha1()), &c));
  s.others.push_back(Store(Statement(Agent("bob"), Verb("attended"), Activity("workshop"),
                                     R"("context":{"team":{"objectType":"Group","member":[)" +
                                         Ann() + "," + Agent("carl") + "]}}"),
                           &c));
  s.others.push_back(Store(Statement(R"({"objectType":"Group","name":"pair","member":[)" + Ann() +
                                         "," + Agent("carl") + "]}",
                                     Verb("presented"), Activity("demo")),
                           &c));
  s.others.push_back(
      Store(Statement(Agent("carl"), Verb("planned"),
                      R"({"objectType":"SubStatement","actor":)" + Ann() + R"(,"verb":)" +
                          Verb("will-complete") + R"(,"object":)" + Activity("course") + "}"),
            &c));
  s.others.push_back(Store(Statement(Agent("bob"), Verb("liked"), StatementRef(s.anns[0])), &c));
  const std::string bobs =
      Statement(Agent("bob"), Verb("uploaded"), Activity("essay"),
                R"("attachments":[)" + AttachmentObject("shared", kSharedData) + "]");
  HttpResult bob_posted =
      c.Post(kStatements, MultipartBody(bobs, {{kSharedData}}), MultipartType());
  EXPECT_TRUE(HasStatus(bob_posted, 200));
  s.bobs_own = FirstId(bob_posted);

  EXPECT_TRUE(HasStatus(
      c.Put("/xapi/activities/state",
            {{"activityId", ActivityId("course")}, {"agent", Ann()}, {"stateId", "bookmark"}},
            R"({"page":"ann-erasable-bookmark"})"),
      204));
  EXPECT_TRUE(HasStatus(c.Put("/xapi/activities/state",
                              {{"activityId", ActivityId("course")},
                               {"agent", Ann()},
                               {"stateId", "bookmark"},
                               {"registration", NewId()}},
                              R"({"page":"ann-erasable-registered"})"),
                        204));
  HttpRequestSpec profile;
  profile.method = "PUT";
  profile.target = "/xapi/agents/profile";
  profile.params = {{"agent", AnnBySha1()}, {"profileId", "prefs"}};
  profile.headers = {{"Content-Type", "application/json"}, {"If-None-Match", "*"}};
  profile.body = R"({"theme":"ann-erasable-dark"})";
  EXPECT_TRUE(HasStatus(c.Send(profile), 204));
  EXPECT_TRUE(HasStatus(
      c.Put(
          "/xapi/activities/state",
          {{"activityId", ActivityId("course")}, {"agent", Agent("bob")}, {"stateId", "bookmark"}},
          R"({"page":"bob"})"),
      204));
  return s;
}

std::string ForgetTest::FirstId(const HttpResult& posted) {
  auto doc = ParseJson(posted.body);
  return doc->IsArray() && !doc->Empty() && (*doc)[0].IsString() ? (*doc)[0].GetString() : "";
}

int64_t ForgetTest::Count(const json::Value& report, const char* name) {
  const json::Value* v = At(report, name);
  return v != nullptr && v->IsInt64() ? v->GetInt64() : -1;
}

std::string ForgetTest::SqliteFiles() {
  std::string bytes;
  for (const std::string& path : {lrs().db_path(), lrs().db_path() + "-wal"}) {
    std::ifstream in(path, std::ios::binary);
    bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return bytes;
}

std::unique_ptr<json::Document> ForgetTest::Fetch(const std::string& id) {
  HttpResult r = GetStatement(id);
  EXPECT_TRUE(HasStatus(r, 200));
  return ParseJson(r.body);
}

void ForgetTest::ExpectNoTraceOfAnn() {
  if (!lrs().on_postgres()) {
    const std::string bytes = SqliteFiles();
    for (const std::string& trace : AnnTraces())
      EXPECT_EQ(bytes.find(trace), std::string::npos) << "\"" << trace << "\" is still in the file";
    return;
  }
  std::string any;
  for (const std::string& trace : AnnTraces()) {
    const std::string like = "'%" + trace + "%'";
    any += std::string(any.empty() ? "" : " OR ") +
           "EXISTS (SELECT 1 FROM statements WHERE body LIKE " + like +
           ") OR EXISTS (SELECT 1 FROM index_keys WHERE value LIKE " + like +
           ") OR EXISTS (SELECT 1 FROM agent_names WHERE agent_key LIKE " + like +
           " OR name LIKE " + like + ") OR EXISTS (SELECT 1 FROM documents WHERE agent_key LIKE " +
           like + " OR convert_from(contents, 'UTF8') LIKE " + like +
           ") OR EXISTS (SELECT 1 FROM attachments WHERE convert_from(content, 'UTF8') LIKE " +
           like + ") OR EXISTS (SELECT 1 FROM jobs WHERE coalesce(result, '') LIKE " + like +
           " OR coalesce(error, '') LIKE " + like +
           ") OR EXISTS (SELECT 1 FROM admin_audit WHERE target LIKE " + like + " OR detail LIKE " +
           like + ")";
  }
  Status clean = test_support::RunPostgresSql(
      lrs().db(), "DO $$ BEGIN IF " + any +
                      " THEN RAISE EXCEPTION 'a trace of the person is left'; END IF; END $$;");
  EXPECT_TRUE(clean.ok()) << clean.error().message();
}

std::string ForgetTest::NewestForgetEntry(const XapiClient& client) {
  HttpResult page = client.Get("/admin/audit");
  EXPECT_TRUE(HasStatus(page, 200));
  auto doc = ParseJson(page.body);
  const json::Value* entries = At(*doc, "entries");
  if (entries != nullptr && entries->IsArray()) {
    for (const json::Value& entry : entries->GetArray()) {
      if (StringAt(entry, "action") == "forget") return json::Write(entry);
    }
  }
  ADD_FAILURE() << "no forget entry in the audit log: " << page.body;
  return "";
}

}  // namespace lrs::http_test
