#include "tests/outcomes/outcome_http_test.h"

#include <rapidjson/pointer.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "lrs/core/uuid.h"

namespace outcomes::http_test {

std::string OutcomePath(const std::string& id) {
  return std::string(kOutcomes) + "/" + id;
}

std::string TaggedPath(const std::string& id) {
  return OutcomePath(id) + "/statements";
}

// ---- OutcomeServer ---------------------------------------------------------------------------

::testing::AssertionResult OutcomeServer::Launch(std::unique_ptr<OutcomeServer>* out, bool start) {
  std::unique_ptr<OutcomeServer> server(new OutcomeServer());
  auto created = LrsProcess::Create();
  if (!created.ok()) return ::testing::AssertionFailure() << created.error().message();
  server->lrs_ = std::move(created).value();
  server->db_ = server->lrs_->db();
  server->stopped_on_purpose_ = true;  // not started yet
  ::testing::AssertionResult added = server->AddCredential(kAdminKey, kAdminSecret, "all");
  if (!added) return added;
  if (start) {
    ::testing::AssertionResult started = server->Start();
    if (!started) return started;
  }
  *out = std::move(server);
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult OutcomeServer::LaunchOn(const std::string& db,
                                                   std::unique_ptr<OutcomeServer>* out) {
  std::unique_ptr<OutcomeServer> server(new OutcomeServer());
  auto created = LrsProcess::CreateOn(db);
  if (!created.ok()) return ::testing::AssertionFailure() << created.error().message();
  server->lrs_ = std::move(created).value();
  server->db_ = db;
  server->stopped_on_purpose_ = true;
  ::testing::AssertionResult started = server->Start();
  if (!started) return started;
  *out = std::move(server);
  return ::testing::AssertionSuccess();
}

XapiClient OutcomeServer::ClientFor(const std::string& key, const std::string& secret) const {
  XapiClient client(lrs_->base_url());
  client.SetBasicAuth(key, secret);
  return client;
}

XapiClient OutcomeServer::Anonymous() const {
  return XapiClient(lrs_->base_url());
}

::testing::AssertionResult OutcomeServer::AddCredential(const std::string& key,
                                                        const std::string& secret,
                                                        const std::string& scopes,
                                                        const std::string& store) {
  std::vector<std::string> args = {"credentials", "add", "--scopes", scopes,
                                   "--key",       key,   "--secret", secret};
  if (!store.empty()) {
    args.push_back("--store");
    args.push_back(store);
  }
  CommandOutput out = Command(args);
  if (!out.status.clean()) {
    return ::testing::AssertionFailure()
           << "credentials add " << key << " (" << scopes << ") ended with "
           << out.status.ToString() << ": " << out.err;
  }
  return ::testing::AssertionSuccess();
}

CommandOutput OutcomeServer::Command(std::vector<std::string> args) {
  args.push_back("--db");
  args.push_back(db_);
  args.push_back("--plugin");
  args.push_back(OUTCOME_PLUGIN);
  auto out = lrs_->RunCommand(args);
  if (!out.ok()) {
    ADD_FAILURE() << "outcome-lrs " << args[0] << " could not run: " << out.error().message();
    return CommandOutput{};
  }
  return std::move(out).value();
}

::testing::AssertionResult OutcomeServer::Start() {
  lrs::Status started = lrs_->Start({"--plugin", OUTCOME_PLUGIN});
  if (!started.ok()) return ::testing::AssertionFailure() << started.error().message();
  stopped_on_purpose_ = false;
  admin_ = std::make_unique<XapiClient>(ClientFor(kAdminKey, kAdminSecret));
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult OutcomeServer::Stop() {
  stopped_on_purpose_ = true;
  const lrs::test_support::ExitStatus status = lrs_->Stop();
  if (!status.clean()) {
    return ::testing::AssertionFailure()
           << "outcome-lrs serve ended with " << status.ToString() << " on SIGTERM";
  }
  return ::testing::AssertionSuccess();
}

lrs::test_support::ExitStatus OutcomeServer::Kill() {
  stopped_on_purpose_ = true;
  return lrs_->Kill();
}

::testing::AssertionResult OutcomeServer::Restart() {
  lrs::Status restarted = lrs_->Restart();
  if (!restarted.ok()) {
    stopped_on_purpose_ = true;
    return ::testing::AssertionFailure() << restarted.error().message();
  }
  stopped_on_purpose_ = false;
  admin_ = std::make_unique<XapiClient>(ClientFor(kAdminKey, kAdminSecret));
  return ::testing::AssertionSuccess();
}

void OutcomeServer::Finish(bool print_log) {
  if (lrs_->running()) {
    const lrs::test_support::ExitStatus status = lrs_->Stop();
    EXPECT_TRUE(status.clean()) << "outcome-lrs serve ended with " << status.ToString()
                                << " on SIGTERM";
  } else if (!stopped_on_purpose_) {
    ADD_FAILURE() << "outcome-lrs serve died during the test: " << lrs_->last_exit().ToString();
  }
  // The rollup invariant, whatever the test did: what dashboards count (outcome_daily,
  // outcome_learners) equals what the tags say, recomputed with plain GROUP BY queries.
  CommandOutput check = Command({"outcomes", "check"});
  EXPECT_EQ(check.status.code, 0) << "outcome-lrs outcomes check at the end of the test:\n"
                                  << check.out << check.err;
  if (print_log) {
    const std::string log = lrs_->ServerLog();
    std::cerr << "---- outcome-lrs server log (" << lrs_->directory() << ") ----\n"
              << (log.size() > 6000 ? "..." + log.substr(log.size() - 6000) : log)
              << "---- end of server log ----\n";
  }
}

HttpResult OutcomeServer::Put(const std::string& id, const std::string& body,
                              const XapiClient* client) const {
  return (client ? *client : admin()).Put(OutcomePath(id), {}, body);
}

HttpResult OutcomeServer::Get(const std::string& target, const ParamList& params,
                              const XapiClient* client) const {
  return (client ? *client : admin()).Get(target, params);
}

HttpResult OutcomeServer::Delete(const std::string& target, const XapiClient* client) const {
  HttpRequestSpec spec;
  spec.method = "DELETE";
  spec.target = target;
  return (client ? *client : admin()).Send(spec);
}

std::string OutcomeServer::Store(const std::string& statement) {
  std::vector<std::string> ids = StoreBatch(statement);
  if (ids.size() != 1) {
    ADD_FAILURE() << "POST of one statement answered " << ids.size() << " ids";
    return "";
  }
  return ids[0];
}

std::vector<std::string> OutcomeServer::StoreBatch(const std::string& array) {
  std::vector<std::string> ids;
  HttpResult r = admin().Post(kStatements, array);
  if (r.status != 200) {
    ADD_FAILURE() << "POST /xapi/statements -> " << r.Describe();
    return ids;
  }
  auto doc = ParseJson(r.body);
  if (!doc->IsArray()) {
    ADD_FAILURE() << "POST /xapi/statements answered " << r.body << ", not an array of ids";
    return ids;
  }
  for (const json::Value& id : doc->GetArray()) {
    if (id.IsString()) ids.emplace_back(json::View(id));
  }
  return ids;
}

void OutcomeServer::StoreAll(const std::vector<std::string>& statements, size_t from, size_t to,
                             size_t batch_size) {
  for (size_t begin = from; begin < to; begin += batch_size) {
    const size_t end = std::min(to, begin + batch_size);
    std::vector<std::string> batch(statements.begin() + static_cast<std::ptrdiff_t>(begin),
                                   statements.begin() + static_cast<std::ptrdiff_t>(end));
    std::vector<std::string> ids = StoreBatch(JsonArray(batch));
    if (ids.size() != batch.size()) {
      ADD_FAILURE() << "a batch of " << batch.size() << " statements answered " << ids.size()
                    << " ids";
      return;
    }
  }
}

std::string OutcomeServer::StoredOf(const std::string& id, bool voided) {
  HttpResult r = admin().Get(kStatements, {{voided ? "voidedStatementId" : "statementId", id}});
  if (r.status != 200) {
    ADD_FAILURE() << "GET statement " << id << " -> " << r.Describe();
    return "";
  }
  return StringAt(*ParseJson(r.body), "stored");
}

::testing::AssertionResult OutcomeServer::WaitUntilTagged(const std::string& id,
                                                          json::Document* last,
                                                          std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string body;
  while (true) {
    HttpResult r = Get(OutcomePath(id));
    if (r.status != 200) {
      return ::testing::AssertionFailure()
             << "GET " << OutcomePath(id) << " while waiting -> " << r.Describe();
    }
    body = r.body;
    json::Document doc;
    if (!json::Parse(body, &doc).ok()) {
      return ::testing::AssertionFailure() << "GET " << OutcomePath(id) << " is not JSON: " << body;
    }
    const std::string state = StringAt(doc, "tagging.state");
    const int64_t processed = IntAt(doc, "tagging.processed");
    const int64_t total = IntAt(doc, "tagging.total");
    if (processed < 0 || total < 0 || processed > total) {
      return ::testing::AssertionFailure()
             << "tagging progress is not 0 <= processed <= total: " << body;
    }
    if (state == "done") {
      if (last != nullptr) last->CopyFrom(doc, last->GetAllocator());
      return ::testing::AssertionSuccess();
    }
    if (state != "running") {
      return ::testing::AssertionFailure() << "tagging.state is neither running nor done: " << body;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return ::testing::AssertionFailure() << "tagging of " << id << " not done within "
                                           << timeout.count() << " ms; last answer: " << body;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<std::string> OutcomeServer::TaggedIds(const std::string& id, const ParamList& params,
                                                  const XapiClient* client, int max_pages) {
  const XapiClient& c = client ? *client : admin();
  std::vector<std::string> ids;
  HttpResult page = c.Get(TaggedPath(id), params);
  for (int n = 0; n < max_pages; ++n) {
    if (page.status != 200) {
      ADD_FAILURE() << "GET " << TaggedPath(id) << " page " << n << " -> " << page.Describe();
      return ids;
    }
    auto doc = ParseJson(page.body);
    const json::Value* statements = At(*doc, "statements");
    const json::Value* more = At(*doc, "more");
    if (statements == nullptr || !statements->IsArray() || more == nullptr || !more->IsString()) {
      ADD_FAILURE() << "not a StatementResult with \"more\": " << page.body.substr(0, 600);
      return ids;
    }
    for (const json::Value& s : statements->GetArray()) {
      const std::string statement_id = StringAt(s, "id");
      if (statement_id.empty()) ADD_FAILURE() << "a listed statement has no id";
      ids.push_back(statement_id);
    }
    const std::string link(json::View(*more));
    if (link.empty()) return ids;
    page = c.Get(link);
  }
  ADD_FAILURE() << "the listing of " << id << " did not end within " << max_pages << " pages";
  return ids;
}

Tags OutcomeServer::TagsOf(const std::string& statement_id, const XapiClient* client) {
  Tags tags;
  HttpResult r = Get(kOutcomes, {{"statementId", statement_id}}, client);
  if (r.status != 200) {
    ADD_FAILURE() << "GET /outcomes?statementId=" << statement_id << " -> " << r.Describe();
    return tags;
  }
  auto doc = ParseJson(r.body);
  const json::Value* list = At(*doc, "outcomes");
  if (list == nullptr || !list->IsArray()) {
    ADD_FAILURE() << "GET /outcomes?statementId= without an \"outcomes\" array: " << r.body;
    return tags;
  }
  for (const json::Value& entry : list->GetArray()) {
    tags.emplace_back(StringAt(entry, "id"), StringAt(entry, "rule"));
  }
  std::sort(tags.begin(), tags.end());
  return tags;
}

int64_t OutcomeServer::TaggedCount(const std::string& id) {
  HttpResult r = Get(OutcomePath(id));
  if (r.status != 200) {
    ADD_FAILURE() << "GET " << OutcomePath(id) << " -> " << r.Describe();
    return -1;
  }
  return IntAt(*ParseJson(r.body), "tagged_statements");
}

// ---- OutcomeHttpTest -------------------------------------------------------------------------

void OutcomeHttpTest::SetUp() {
  LRS_SKIP_WITHOUT_BACKEND();
  std::unique_ptr<OutcomeServer> server;
  ASSERT_TRUE(OutcomeServer::Launch(&server, StartServer()));
  servers_.push_back(std::move(server));
}

void OutcomeHttpTest::TearDown() {
  for (auto& server : servers_)
    server->Finish(HasFailure());
}

OutcomeServer* OutcomeHttpTest::AnotherServer() {
  std::unique_ptr<OutcomeServer> server;
  ::testing::AssertionResult launched = OutcomeServer::Launch(&server);
  if (!launched) {
    ADD_FAILURE() << "another server: " << launched.message();
    return nullptr;
  }
  servers_.push_back(std::move(server));
  return servers_.back().get();
}

std::string OutcomeHttpTest::WriteFile(const std::string& name, const std::string& text) {
  const std::string path = server().lrs().directory() + "/" + name;
  std::ofstream out(path);
  out << text;
  EXPECT_TRUE(out.good()) << path;
  return path;
}

// ---- Statements ------------------------------------------------------------------------------

namespace {

std::string AgentJson(const std::string& name) {
  return "{\"objectType\":\"Agent\",\"name\":" + Quote(name) +
         ",\"mbox\":" + Quote("mailto:" + name + "@example.com") + "}";
}

std::string ActivityJson(const std::string& iri) {
  return "{\"objectType\":\"Activity\",\"id\":" + Quote(iri) + "}";
}

std::string ActivityList(const std::vector<std::string>& iris) {
  std::vector<std::string> items;
  for (const std::string& iri : iris)
    items.push_back(ActivityJson(iri));
  return JsonArray(items);
}

std::string Members(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += ",";
    out += Quote(members[i].first) + ":" + members[i].second;
  }
  return out + "}";
}

}  // namespace

StatementJson::StatementJson(std::string id) : id_(id.empty() ? NewId() : std::move(id)) {
  Verb(kVerbExperienced);
  Object("http://example.com/activities/thing");
}

StatementJson& StatementJson::Actor(const std::string& name) {
  actor_ = name;
  return *this;
}

StatementJson& StatementJson::Verb(const std::string& iri) {
  const std::string display = iri.substr(iri.find_last_of('/') + 1);
  verb_ = "{\"id\":" + Quote(iri) + ",\"display\":{\"en-US\":" + Quote(display) + "}}";
  return *this;
}

StatementJson& StatementJson::Object(const std::string& activity_iri, const std::string& type) {
  object_ = "{\"objectType\":\"Activity\",\"id\":" + Quote(activity_iri);
  if (!type.empty()) object_ += ",\"definition\":{\"type\":" + Quote(type) + "}";
  object_ += "}";
  return *this;
}

StatementJson& StatementJson::Voids(const std::string& target) {
  Verb("http://adlnet.gov/expapi/verbs/voided");
  object_ = "{\"objectType\":\"StatementRef\",\"id\":" + Quote(target) + "}";
  return *this;
}

StatementJson& StatementJson::Parent(const std::string& iri) {
  parent_.push_back(iri);
  return *this;
}
StatementJson& StatementJson::Grouping(const std::string& iri) {
  grouping_.push_back(iri);
  return *this;
}
StatementJson& StatementJson::Category(const std::string& iri) {
  category_.push_back(iri);
  return *this;
}
StatementJson& StatementJson::Other(const std::string& iri) {
  other_.push_back(iri);
  return *this;
}
StatementJson& StatementJson::Instructor(const std::string& name) {
  instructor_ = name;
  return *this;
}
StatementJson& StatementJson::Registration(const std::string& uuid) {
  registration_ = uuid;
  return *this;
}
StatementJson& StatementJson::ContextExtension(const std::string& key, const std::string& value) {
  context_extensions_.emplace_back(key, value);
  return *this;
}
StatementJson& StatementJson::ResultExtension(const std::string& key, const std::string& value) {
  result_extensions_.emplace_back(key, value);
  return *this;
}
StatementJson& StatementJson::Success(bool success) {
  success_ = success ? "true" : "false";
  return *this;
}
StatementJson& StatementJson::Completion(bool completion) {
  completion_ = completion ? "true" : "false";
  return *this;
}
StatementJson& StatementJson::Timestamp(const std::string& iso) {
  timestamp_ = iso;
  return *this;
}
StatementJson& StatementJson::Scaled(double scaled) {
  scaled_ = json::Write(json::Value(scaled));
  return *this;
}

std::string StatementJson::Json() const {
  std::vector<std::pair<std::string, std::string>> members = {
      {"id", Quote(id_)}, {"actor", AgentJson(actor_)}, {"verb", verb_}, {"object", object_}};
  if (!timestamp_.empty()) members.emplace_back("timestamp", Quote(timestamp_));
  std::vector<std::pair<std::string, std::string>> context;
  std::vector<std::pair<std::string, std::string>> activities;
  if (!parent_.empty()) activities.emplace_back("parent", ActivityList(parent_));
  if (!grouping_.empty()) activities.emplace_back("grouping", ActivityList(grouping_));
  if (!category_.empty()) activities.emplace_back("category", ActivityList(category_));
  if (!other_.empty()) activities.emplace_back("other", ActivityList(other_));
  if (!activities.empty()) context.emplace_back("contextActivities", Members(activities));
  if (!instructor_.empty()) context.emplace_back("instructor", AgentJson(instructor_));
  if (!registration_.empty()) context.emplace_back("registration", Quote(registration_));
  if (!context_extensions_.empty()) {
    context.emplace_back("extensions", Members(context_extensions_));
  }
  if (!context.empty()) members.emplace_back("context", Members(context));
  std::vector<std::pair<std::string, std::string>> result;
  if (!scaled_.empty()) result.emplace_back("score", Members({{"scaled", scaled_}}));
  if (!success_.empty()) result.emplace_back("success", success_);
  if (!completion_.empty()) result.emplace_back("completion", completion_);
  if (!result_extensions_.empty()) result.emplace_back("extensions", Members(result_extensions_));
  if (!result.empty()) members.emplace_back("result", Members(result));
  return Members(members);
}

std::string JsonArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ",";
    out += items[i];
  }
  return out + "]";
}

std::string NewId() {
  return lrs::uuid::NewV4();
}

std::string Quote(std::string_view s) {
  json::Value v(rapidjson::StringRef(s.data(), s.size()));
  return json::Write(v);
}

// ---- Declarations ----------------------------------------------------------------------------

std::string ExampleDeclaration(const std::string& name) {
  const std::string path =
      std::string(OUTCOME_LRS_SOURCE_DIR) + "/schemas/examples/outcomes/" + name + ".json";
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Declaration(const std::string& id, const std::string& rules, const std::string& name) {
  std::string out = "{";
  if (!id.empty()) out += "\"id\":" + Quote(id) + ",";
  out += "\"name\":" + Quote(name) +
         ",\"kpi\":{\"name\":\"Errors per order\",\"unit\":\"errors\",\"direction\":\"decrease\","
         "\"baseline\":{\"value\":10,\"date\":\"2026-01-01\"},"
         "\"target\":{\"value\":5,\"date\":\"2026-12-31\"}},"
         "\"audience\":{\"segment\":\"employees\",\"size\":100},\"rules\":" +
         rules + "}";
  return out;
}

std::string Edited(const std::string& declaration, const std::string& pointer,
                   const std::string& value) {
  json::Document doc;
  if (!json::Parse(declaration, &doc).ok()) {
    ADD_FAILURE() << "not JSON: " << declaration;
    return declaration;
  }
  rapidjson::Pointer p(pointer.c_str());
  if (value.empty()) {
    p.Erase(doc);
  } else {
    json::Document v;
    if (!json::Parse(value, &v).ok()) ADD_FAILURE() << "not JSON: " << value;
    p.Set(doc, json::Value(v, doc.GetAllocator()));
  }
  return json::Write(doc);
}

// ---- History ---------------------------------------------------------------------------------

namespace {

constexpr char kCri[] = "cut-recordable-incidents";
constexpr char kNh[] = "new-hire-time-to-proficiency";
constexpr char kRad[] = "reduce-average-discount";
constexpr char kMix[] = "custom-mix";
constexpr char kCriIri[] = "https://outcomes.example.com/outcomes/cut-recordable-incidents";
constexpr char kNhIri[] = "urn:outcome-lrs:outcome:new-hire-time-to-proficiency";
constexpr char kMixRegistration[] = "6f1c2d3e-4b5a-4c6d-8e7f-901234567890";
constexpr char kTypeSimulation[] = "http://adlnet.gov/expapi/activities/simulation";
constexpr char kTypeRoleplay[] = "https://example.com/activity-types/roleplay";
constexpr char kTypeAssessment[] = "http://adlnet.gov/expapi/activities/assessment";
constexpr char kTeam[] = "https://example.com/extensions/team";
constexpr char kLevel[] = "https://example.com/extensions/level";
constexpr char kPlantSafety[] = "https://lms.example.com/programs/plant-safety";
constexpr char kOnboarding[] = "https://lms.example.com/paths/support-onboarding";

// Statement `i` of a history and the tags it earns.
std::pair<StatementJson, Tags> Pattern(int i, const std::string& id) {
  static const char* const kActors[] = {"ann", "bob", "carol", "dave", "erin", "frank"};
  StatementJson s(id);
  s.Actor(kActors[(i * 3 + i / 20) % 6]);
  const std::string n = std::to_string(i);
  const bool alt = (i / 20) % 2 == 1;
  const std::string labs = "https://labs.example.com/support/lab-" + n;
  const std::string lesson = "https://lms.example.com/lessons/l-" + n;
  Tags tags;
  switch (i % 20) {
    case 0:
      s.Verb(kVerbCompleted).Object("https://lms.example.com/courses/forklift-safety/module-" + n);
      tags = {{kCri, "safety-courses"}};
      break;
    case 1:  // "forklift" and "forklift-basics" do not start with ".../forklift-safety"
      s.Verb(kVerbCompleted)
          .Object(std::string("https://lms.example.com/courses/forklift") + (alt ? "-basics" : ""));
      break;
    case 2:
      s.Object(lesson).Parent("https://lms.example.com/courses/lockout-tagout/unit-" + n);
      tags = {{kCri, "lockout-tagout"}};
      break;
    case 3:  // the lockout-tagout rule asks for a parent
      if (alt) {
        s.Object(lesson).Other("https://lms.example.com/courses/lockout-tagout/unit-" + n);
      } else {
        s.Object(lesson).Grouping("https://lms.example.com/courses/lockout-tagout/unit-" + n);
      }
      break;
    case 4:
      s.Verb(kVerbPassed).Object("https://sims.example.com/sim-" + n, kTypeSimulation);
      s.Grouping(kPlantSafety);
      tags = {{kCri, "simulator-passes"}};
      break;
    case 5:  // one of the three conditions of simulator-passes fails
      if (alt) {
        s.Verb(kVerbFailed).Object("https://sims.example.com/sim-" + n, kTypeSimulation);
        s.Grouping(kPlantSafety);
      } else {
        s.Verb(kVerbPassed).Object("https://sims.example.com/sim-" + n, kTypeSimulation);
        s.Parent(kPlantSafety);
      }
      break;
    case 6:
      s.Object(lesson).Grouping(kOnboarding);
      tags = {{kNh, "onboarding-path"}};
      break;
    case 7:
      s.Verb(alt ? kVerbCompleted : kVerbPassed).Object(labs);
      tags = {{kNh, "product-labs"}};
      break;
    case 8:
      s.Verb(kVerbAttempted).Object(labs);
      break;
    case 9:  // a rule of one outcome, and an explicit tag of another
      s.Verb(kVerbCompleted).Object("https://lms.example.com/courses/negotiation/m-" + n);
      s.Category(kCriIri);
      tags = {{kCri, "explicit"}, {kRad, "negotiation-course"}};
      break;
    case 10:
      s.Object("https://roleplays.example.com/rp-" + n, kTypeRoleplay);
      s.ContextExtension(kTeam, "\"emea-mid-market\"");
      tags = {{kRad, "roleplay-scores"}};
      break;
    case 11:  // another team, or the right team in result extensions
      s.Object("https://roleplays.example.com/rp-" + n, kTypeRoleplay);
      if (alt) {
        s.ContextExtension(kTeam, "\"emea-enterprise\"");
      } else {
        s.ResultExtension(kTeam, "\"emea-mid-market\"");
      }
      break;
    case 12:  // explicit wins over the product-labs rule it also meets
      if (alt) {
        s.Verb(kVerbAttempted).Object(labs).Category(kNhIri);
      } else {
        s.Verb(kVerbPassed).Object(labs).Grouping(kNhIri);
      }
      tags = {{kNh, "explicit"}};
      break;
    case 13:  // a parent is no explicit tag
      s.Object("http://example.com/activities/unrelated-" + n);
      if (alt) s.Parent(kNhIri);
      break;
    case 14:  // meets safety-courses and lockout-tagout: the first declared wins
      s.Verb(kVerbCompleted).Object("https://lms.example.com/courses/forklift-safety/x-" + n);
      s.Parent("https://lms.example.com/courses/lockout-tagout");
      tags = {{kCri, "safety-courses"}};
      break;
    case 15:
      s.Verb(kVerbCompleted)
          .Object(alt ? "https://lms.example.com/capstone/extra"
                      : "https://lms.example.com/capstone");
      if (!alt) tags = {{kMix, "exact-activity"}};
      break;
    case 16:
      s.Object("http://example.com/activities/any-" + n)
          .Registration(alt ? NewId() : kMixRegistration);
      if (!alt) tags = {{kMix, "registered"}};
      break;
    case 17:
      s.Verb(kVerbAnswered).Object("https://quiz.example.com/q-" + n, kTypeAssessment);
      s.Success(!alt);
      if (!alt) tags = {{kMix, "passed-assessment"}};
      break;
    case 18:
      s.Object("http://example.com/activities/lvl-" + n).ResultExtension(kLevel, alt ? "2" : "3");
      if (!alt) tags = {{kMix, "level-three"}};
      break;
    case 19:
      s.Verb(kVerbMastered).Completion(true);
      if (alt) {
        s.Other("https://lms.example.com/categories/safety-" + n);
        tags = {{kMix, "mastery"}};
      } else {
        s.Category("https://lms.example.com/categories/safety-" + n);
        tags = {{kMix, "category-kind"}};
      }
      break;
  }
  std::sort(tags.begin(), tags.end());
  return {std::move(s), std::move(tags)};
}

}  // namespace

std::string MixDeclaration() {
  // The IRIs of kMixRegistration, kTypeAssessment, kLevel and kVerbMastered.
  return Declaration(kMix, R"([
    {"id": "exact-activity", "activity": {"id": "https://lms.example.com/capstone"}},
    {"id": "registered", "registration": "6f1c2d3e-4b5a-4c6d-8e7f-901234567890"},
    {"id": "passed-assessment", "activity_type": "http://adlnet.gov/expapi/activities/assessment",
     "success": true},
    {"id": "level-three",
     "extension": {"in": "result", "key": "https://example.com/extensions/level", "equals": 3}},
    {"id": "category-kind",
     "context_activity": {"prefix": "https://lms.example.com/categories/", "kind": "category"}},
    {"id": "mastery", "completion": true,
     "verb": ["http://adlnet.gov/expapi/verbs/mastered", "https://w3id.org/xapi/adl/verbs/mastered"]}
  ])",
                     "A mix of every kind of rule");
}

std::vector<std::pair<std::string, std::string>> HistoryOutcomes() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& name : ExampleNames())
    out.emplace_back(name, ExampleDeclaration(name));
  out.emplace_back(kMix, MixDeclaration());
  return out;
}

std::vector<std::string> History::TaggedBy(const std::string& outcome) const {
  std::vector<std::string> ids;
  for (const auto& [id, tags] : expected) {
    for (const auto& tag : tags) {
      if (tag.first == outcome) ids.push_back(id);
    }
  }
  return Sorted(ids);
}

History MakeHistory(int count) {
  History h;
  std::vector<std::string> ids(static_cast<size_t>(count));
  for (std::string& id : ids)
    id = NewId();
  std::map<int, std::vector<std::string>> delayed;  // voiding statements to add after i
  std::vector<bool> voided_before(static_cast<size_t>(count), false);
  auto add = [&h](const std::string& id, const std::string& text, Tags tags) {
    h.statements.push_back(text);
    h.ids.push_back(id);
    h.expected[id] = std::move(tags);
  };
  auto voiding = [&add](const std::string& target) {
    StatementJson v;
    v.Actor("admin").Voids(target);
    add(v.id(), v.Json(), {});
  };
  for (int i = 0; i < count; ++i) {
    const size_t at = static_cast<size_t>(i);
    if (i % 50 == 22 && i + 10 < count) {
      voiding(ids[at + 10]);  // it arrives voided
      voided_before[at + 10] = true;
    }
    auto [statement, tags] = Pattern(i, ids[at]);
    const bool voided_later = i % 50 == 7;
    const bool voided_next = i % 100 == 54;
    add(ids[at], statement.Json(),
        voided_before[at] || voided_later || voided_next ? Tags{} : std::move(tags));
    if (voided_next) voiding(ids[at]);
    if (voided_later) delayed[i + 3].push_back(ids[at]);
    if (auto d = delayed.find(i); d != delayed.end()) {
      for (const std::string& target : d->second)
        voiding(target);
      delayed.erase(d);
    }
  }
  for (const auto& [after, targets] : delayed) {
    for (const std::string& target : targets)
      voiding(target);
  }
  return h;
}

std::string Show(const Tags& tags) {
  std::string out = "[";
  for (const auto& [outcome, rule] : tags) {
    if (out.size() > 1) out += ", ";
    out += outcome + "/" + rule;
  }
  return out + "]";
}

void DeclareHistoryOutcomes(OutcomeServer& server, int64_t history) {
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    SCOPED_TRACE(outcome);
    HttpResult r = server.Put(outcome, declaration);
    ASSERT_TRUE(HasStatus(r, 201));
    auto doc = ParseJson(r.body);
    EXPECT_EQ(IntAt(*doc, "tagging.total"), history) << r.body;
    EXPECT_EQ(IntAt(*doc, "tagging.processed"), 0) << r.body;
    EXPECT_EQ(StringAt(*doc, "tagging.state"), history > 0 ? "running" : "done") << r.body;
    EXPECT_EQ(IntAt(*doc, "tagged_statements"), 0) << r.body;
  }
}

void ExpectListings(OutcomeServer& server, const History& h, const std::string& label) {
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    SCOPED_TRACE(label + ": " + outcome);
    const std::vector<std::string> want = h.TaggedBy(outcome);
    EXPECT_GE(want.size(), 3u) << "the history should exercise every outcome";
    const std::vector<std::string> listed = server.TaggedIds(outcome, {{"limit", "250"}});
    EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), listed.size())
        << "a statement is listed twice";
    EXPECT_EQ(Sorted(listed), want);
    EXPECT_EQ(server.TaggedCount(outcome), static_cast<int64_t>(want.size()));
  }
}

void ExpectTags(OutcomeServer& server, const History& h, const std::string& label) {
  int mismatches = 0;
  for (size_t i = 0; i < h.ids.size(); ++i) {
    const Tags got = server.TagsOf(h.ids[i]);
    const Tags& want = h.expected.at(h.ids[i]);
    if (got != want && ++mismatches <= 10) {
      ADD_FAILURE() << label << ": statement #" << i << " " << h.statements[i] << "\n  has tags "
                    << Show(got) << ", expected " << Show(want);
    }
  }
  EXPECT_EQ(mismatches, 0) << label << ": statements with other tags than expected";
}

// ---- Reading answers ----------------------------------------------------------------------------

std::unique_ptr<json::Document> ParseJson(const std::string& text) {
  auto doc = std::make_unique<json::Document>();
  lrs::Status parsed = json::Parse(text, doc.get());
  if (!parsed.ok()) {
    ADD_FAILURE() << "not JSON (" << parsed.error().message()
                  << "): " << (text.size() > 600 ? text.substr(0, 600) + "..." : text);
    doc->SetNull();
  }
  return doc;
}

std::string Canonical(const std::string& text) {
  json::Document doc;
  if (!json::Parse(text, &doc).ok()) {
    ADD_FAILURE() << "not JSON: " << text;
    return "";
  }
  return json::WriteCanonical(doc);
}

::testing::AssertionResult HasStatus(const HttpResult& result, int status) {
  if (result.status == status) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected HTTP " << status << ", got " << result.Describe();
}

::testing::AssertionResult IsError(const HttpResult& result, int status,
                                   const std::vector<std::string>& fragments) {
  if (result.status != status) {
    return ::testing::AssertionFailure()
           << "expected HTTP " << status << ", got " << result.Describe();
  }
  json::Document doc;
  if (!json::Parse(result.body, &doc).ok()) {
    return ::testing::AssertionFailure() << "the error body is not JSON: " << result.body;
  }
  const std::string message = StringAt(doc, "error.message");
  if (message.empty()) {
    return ::testing::AssertionFailure() << "the error body has no error.message: " << result.body;
  }
  for (const std::string& fragment : fragments) {
    if (message.find(fragment) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "the error message does not mention \"" << fragment << "\": " << message;
    }
  }
  return ::testing::AssertionSuccess();
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace outcomes::http_test
