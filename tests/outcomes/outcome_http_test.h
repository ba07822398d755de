// What the outcome plugin's end-to-end tests share: OutcomeServer (a real outcome-lrs with the
// plugin loaded, on a fresh database, with an administrator credential), a fixture that runs
// one per test, builders of statements and declarations, a varied statement history whose
// expected tags are known, and readers of the plugin's answers.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrs/core/json.h"
#include "tests/support/json_path.h"
#include "tests/support/lrs_process.h"
#include "tests/support/xapi_client.h"

namespace outcomes::http_test {

namespace json = lrs::json;
using lrs::test_support::CommandOutput;
using lrs::test_support::HeaderList;
using lrs::test_support::HttpRequestSpec;
using lrs::test_support::HttpResult;
using lrs::test_support::LrsProcess;
using lrs::test_support::ParamList;
using lrs::test_support::XapiClient;

inline constexpr char kStatements[] = "/xapi/statements";
inline constexpr char kOutcomes[] = "/outcomes";
inline constexpr char kAdminKey[] = "admin";
inline constexpr char kAdminSecret[] = "admin-secret";

// "/outcomes/ID" and "/outcomes/ID/statements".
std::string OutcomePath(const std::string& id);
std::string TaggedPath(const std::string& id);

// (outcome id, rule) pairs, sorted: what GET /outcomes?statementId= says of one statement.
using Tags = std::vector<std::pair<std::string, std::string>>;

// One outcome-lrs installation with the outcome plugin: a temporary directory and database, the
// administrator credential (kAdminKey, scope all, store "default"), and the server started with
// --plugin OUTCOME_PLUGIN. Failures of the helpers below are recorded on the running test.
class OutcomeServer {
 public:
  // A fresh installation; its server is started unless `start` is false.
  static ::testing::AssertionResult Launch(std::unique_ptr<OutcomeServer>* out, bool start = true);
  // Another server (started) on the database `db` of a launched one, as several servers behind
  // a load balancer share one PostgreSQL database; its credentials are that database's.
  static ::testing::AssertionResult LaunchOn(const std::string& db,
                                             std::unique_ptr<OutcomeServer>* out);

  OutcomeServer(const OutcomeServer&) = delete;
  OutcomeServer& operator=(const OutcomeServer&) = delete;

  LrsProcess& lrs() { return *lrs_; }
  const std::string& db() const { return db_; }
  // A client of the running server with the administrator credential.
  const XapiClient& admin() const { return *admin_; }
  XapiClient ClientFor(const std::string& key, const std::string& secret) const;
  XapiClient Anonymous() const;

  // `outcome-lrs credentials add` with --plugin OUTCOME_PLUGIN, so that the plugin's scopes are
  // accepted.
  ::testing::AssertionResult AddCredential(const std::string& key, const std::string& secret,
                                           const std::string& scopes,
                                           const std::string& store = "");
  // `outcome-lrs ARGS... --db DB --plugin OUTCOME_PLUGIN`; records a failure (and returns a
  // default CommandOutput) when the command could not be run.
  CommandOutput Command(std::vector<std::string> args);

  ::testing::AssertionResult Start();
  // SIGTERM; a failure unless the server exits with status 0.
  ::testing::AssertionResult Stop();
  ::testing::AssertionResult Restart();
  // SIGKILL, on purpose.
  lrs::test_support::ExitStatus Kill();
  bool running() { return lrs_->running(); }
  // At the end of a test: the server must still run unless stopped on purpose, and stop
  // cleanly; its log is printed when `print_log`.
  void Finish(bool print_log);

  // PUT /outcomes/ID with an application/json body, by `client` (admin() when null).
  HttpResult Put(const std::string& id, const std::string& body,
                 const XapiClient* client = nullptr) const;
  HttpResult Get(const std::string& target, const ParamList& params = {},
                 const XapiClient* client = nullptr) const;
  HttpResult Delete(const std::string& target, const XapiClient* client = nullptr) const;

  // POSTs one statement; returns its id (a failure and "" unless 200 with one id).
  std::string Store(const std::string& statement);
  // POSTs a JSON array of statements; returns their ids (a failure unless 200).
  std::vector<std::string> StoreBatch(const std::string& array);
  // POSTs `statements[from, to)` in batches of `batch_size`.
  void StoreAll(const std::vector<std::string>& statements, size_t from, size_t to,
                size_t batch_size = 100);
  // The "stored" of statement `id` (GET /xapi/statements?statementId=, or voidedStatementId).
  std::string StoredOf(const std::string& id, bool voided = false);

  // Polls GET /outcomes/ID until tagging.state is "done" (at most `timeout`), checking on the way
  // that processed never exceeds total, and copies the last answer to `last` when given.
  ::testing::AssertionResult WaitUntilTagged(
      const std::string& id, json::Document* last = nullptr,
      std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // The ids of every statement GET /outcomes/ID/statements lists, in order, following "more"
  // to the end (a failure on a non-200 page, a malformed result, or more than `max_pages`).
  std::vector<std::string> TaggedIds(const std::string& id, const ParamList& params = {},
                                     const XapiClient* client = nullptr, int max_pages = 200);
  // GET /outcomes?statementId=ID as sorted pairs (a failure unless 200).
  Tags TagsOf(const std::string& statement_id, const XapiClient* client = nullptr);
  // tagged_statements of GET /outcomes/ID (-1 and a failure unless 200).
  int64_t TaggedCount(const std::string& id);

 private:
  OutcomeServer() = default;

  std::unique_ptr<LrsProcess> lrs_;
  std::string db_;
  std::unique_ptr<XapiClient> admin_;
  bool stopped_on_purpose_ = false;
};

// Runs one OutcomeServer per test (started unless StartServer() is false) and finishes every
// server the test launched.
class OutcomeHttpTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual bool StartServer() const { return true; }

  OutcomeServer& server() { return *servers_.front(); }
  const XapiClient& admin() { return server().admin(); }
  // Another fresh installation (started), finished in TearDown; nullptr after a failure.
  OutcomeServer* AnotherServer();
  // Writes `text` to a file of server()'s installation directory; returns its path.
  std::string WriteFile(const std::string& name, const std::string& text);

 private:
  std::vector<std::unique_ptr<OutcomeServer>> servers_;
};

// ---- Statements ------------------------------------------------------------------------------

// A statement under construction, serialized by Json(). Agents are mbox agents named NAME
// (mailto:NAME@example.com).
class StatementJson {
 public:
  // A statement with a new id (or `id`), actor "ann", verb experienced, object
  // http://example.com/activities/thing.
  explicit StatementJson(std::string id = "");

  StatementJson& Actor(const std::string& name);
  StatementJson& Verb(const std::string& iri);
  StatementJson& Object(const std::string& activity_iri, const std::string& type = "");
  // Voids `target`: verb voided, a StatementRef object (and no context).
  StatementJson& Voids(const std::string& target);
  StatementJson& Parent(const std::string& iri);
  StatementJson& Grouping(const std::string& iri);
  StatementJson& Category(const std::string& iri);
  StatementJson& Other(const std::string& iri);
  StatementJson& Instructor(const std::string& name);
  StatementJson& Registration(const std::string& uuid);
  // A context extension whose value is the JSON `value`.
  StatementJson& ContextExtension(const std::string& key, const std::string& value);
  StatementJson& ResultExtension(const std::string& key, const std::string& value);
  StatementJson& Success(bool success);
  StatementJson& Completion(bool completion);
  // "timestamp": `iso` (an ISO 8601 timestamp); none unless set.
  StatementJson& Timestamp(const std::string& iso);
  // "result": {"score": {"scaled": `scaled`}}; none unless set.
  StatementJson& Scaled(double scaled);

  const std::string& id() const { return id_; }
  std::string Json() const;

 private:
  std::string id_;
  std::string actor_ = "ann";
  std::string verb_;
  std::string object_;
  std::vector<std::string> parent_, grouping_, category_, other_;
  std::string instructor_;
  std::string registration_;
  std::vector<std::pair<std::string, std::string>> context_extensions_, result_extensions_;
  std::string success_, completion_;
  std::string timestamp_;
  std::string scaled_;  // JSON number, or empty
};

inline constexpr char kVerbCompleted[] = "http://adlnet.gov/expapi/verbs/completed";
inline constexpr char kVerbPassed[] = "http://adlnet.gov/expapi/verbs/passed";
inline constexpr char kVerbFailed[] = "http://adlnet.gov/expapi/verbs/failed";
inline constexpr char kVerbAttempted[] = "http://adlnet.gov/expapi/verbs/attempted";
inline constexpr char kVerbExperienced[] = "http://adlnet.gov/expapi/verbs/experienced";
inline constexpr char kVerbAnswered[] = "http://adlnet.gov/expapi/verbs/answered";
inline constexpr char kVerbMastered[] = "http://adlnet.gov/expapi/verbs/mastered";

// A JSON array of statement texts.
std::string JsonArray(const std::vector<std::string>& items);
// A new random UUID, lower case.
std::string NewId();
// JSON string literal of `s`.
std::string Quote(std::string_view s);

// ---- Declarations ----------------------------------------------------------------------------

// The example declaration schemas/examples/outcomes/NAME.json (its id is NAME).
std::string ExampleDeclaration(const std::string& name);
inline const std::vector<std::string>& ExampleNames() {
  static const std::vector<std::string> names = {
      "cut-recordable-incidents", "new-hire-time-to-proficiency", "reduce-average-discount"};
  return names;
}
// A valid declaration: id ID (left out when `id` is empty), name NAME, a decreasing KPI, and
// `rules` (a JSON array).
std::string Declaration(const std::string& id, const std::string& rules,
                        const std::string& name = "An outcome");
// `declaration` with the member at the JSON pointer `pointer` set to the JSON `value`, or
// removed when `value` is empty.
std::string Edited(const std::string& declaration, const std::string& pointer,
                   const std::string& value);

// ---- A varied history with known tags ---------------------------------------------------------

// The outcomes History knows the tags of: the three examples and "custom-mix" (MixDeclaration).
std::string MixDeclaration();
std::vector<std::pair<std::string, std::string>> HistoryOutcomes();  // (id, declaration)

// Statements of every kind the rules of HistoryOutcomes() tell apart (activity ids and
// prefixes, types, verbs, context activities of each kind, registrations, result and context
// extensions, success and completion, explicit tags by category and grouping), with voiding:
// some statements are voided a few statements later, some right after in the same batch, and
// some are voided before they arrive.
struct History {
  std::vector<std::string> statements;  // to store in this order
  std::vector<std::string> ids;         // of statements[i]
  // The tags each statement has once every outcome of HistoryOutcomes() is declared (none
  // for voided and voiding statements), by statement id.
  std::map<std::string, Tags> expected;

  // The ids `outcome` tags, sorted.
  std::vector<std::string> TaggedBy(const std::string& outcome) const;
};
// A history of `count` ordinary statements (and the voiding statements among them).
History MakeHistory(int count);

// "[outcome/rule, ...]", for messages.
std::string Show(const Tags& tags);
// PUTs every outcome of HistoryOutcomes(), expecting 201 and, in each answer, the tagging of a
// history of `history` statements not yet begun.
void DeclareHistoryOutcomes(OutcomeServer& server, int64_t history);
// Every outcome of HistoryOutcomes() lists exactly the statements `h` expects, and counts them.
void ExpectListings(OutcomeServer& server, const History& h, const std::string& label);
// Every statement of `h` has exactly its expected tags (GET /outcomes?statementId=); at most
// ten mismatches are shown.
void ExpectTags(OutcomeServer& server, const History& h, const std::string& label);

// ---- Reading answers ----------------------------------------------------------------------------

// Parses `text`; a failure and a null document when it is not JSON.
std::unique_ptr<json::Document> ParseJson(const std::string& text);
// Values by dotted path ("tagging.state", "outcomes.0.id"; tests/support/json_path.h).
using lrs::test_support::At;
using lrs::test_support::IntAt;
using lrs::test_support::JsonAt;
using lrs::test_support::NumberAt;
using lrs::test_support::StringAt;
// json::WriteCanonical of `text` (for order-insensitive comparisons of JSON texts).
std::string Canonical(const std::string& text);

// Success when `result` has `status`, else a failure showing the response.
::testing::AssertionResult HasStatus(const HttpResult& result, int status);
// Success when `result` is an error with `status` whose JSON body's error.message contains
// every fragment of `fragments`.
::testing::AssertionResult IsError(const HttpResult& result, int status,
                                   const std::vector<std::string>& fragments = {});

// Sorted copy.
std::vector<std::string> Sorted(std::vector<std::string> v);

}  // namespace outcomes::http_test
