// What every HTTP test shares: a fixture that runs a real outcome-lrs server with an
// administrator credential, and small builders and readers of statement JSON.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrs/core/json.h"
#include "tests/support/json_path.h"
#include "tests/support/lrs_process.h"
#include "tests/support/xapi_client.h"

namespace lrs::http_test {

using test_support::HeaderList;
using test_support::HttpRequestSpec;
using test_support::HttpResult;
using test_support::LrsProcess;
using test_support::ParamList;
using test_support::XapiClient;

inline constexpr char kStatements[] = "/xapi/statements";
inline constexpr char kAbout[] = "/xapi/about";
inline constexpr char kVoided[] = "http://adlnet.gov/expapi/verbs/voided";

// The administrator credential every fixture creates (scope "all", store "default").
inline constexpr char kAdminKey[] = "admin";
inline constexpr char kAdminSecret[] = "admin-secret";

// Runs one outcome-lrs server per test on a fresh database. TearDown checks that the server is
// still alive (unless the test stopped it) and that SIGTERM ends it with exit code 0, and prints
// the server log when the test failed.
class LrsHttpTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Extra `outcome-lrs serve` arguments for this fixture.
  virtual std::vector<std::string> ServeArgs() const { return {}; }

  LrsProcess& lrs() { return *lrs_; }
  // A client with the administrator credential.
  XapiClient& admin() { return *admin_; }
  // A client of the running server with the given credential.
  XapiClient ClientFor(const std::string& key, const std::string& secret) const;
  // A client of the running server without credentials.
  XapiClient AnonymousClient() const;

  // Stops the server (SIGTERM) and returns how it ended; TearDown then expects it stopped.
  test_support::ExitStatus StopServer();
  // Restarts the server on the same database and points admin() at the new port.
  ::testing::AssertionResult RestartServer();

  // POSTs one statement (JSON) with `client` (admin() by default) and returns its id; records a
  // failure and returns "" unless the answer is 200 with one id.
  std::string Store(const std::string& statement, const XapiClient* client = nullptr);
  // GET ?statementId=ID (or voidedStatementId when `voided`).
  HttpResult GetStatement(const std::string& id, bool voided = false,
                          const XapiClient* client = nullptr);
  // The ids of every statement a query returns, following "more" links to the end (at most
  // `max_pages` pages); records a failure on any non-200 page or malformed StatementResult.
  std::vector<std::string> QueryIds(const ParamList& params, const XapiClient* client = nullptr,
                                    int max_pages = 100);

 private:
  std::unique_ptr<LrsProcess> lrs_;
  std::unique_ptr<XapiClient> admin_;
  bool stopped_by_test_ = false;
};

// ---- Statement JSON builders (compact JSON text) ----

// {"objectType":"Agent","name":NAME,"mbox":"mailto:NAME@example.com"}
std::string Agent(const std::string& name);
// "mailto:NAME@example.com"
std::string Mbox(const std::string& name);
// {"id":"http://example.com/verbs/NAME","display":{"en-US":NAME}}
std::string Verb(const std::string& name);
// "http://example.com/verbs/NAME"
std::string VerbId(const std::string& name);
// {"objectType":"Activity","id":"http://example.com/activities/NAME"}
std::string Activity(const std::string& name);
// "http://example.com/activities/NAME"
std::string ActivityId(const std::string& name);
// {"objectType":"StatementRef","id":ID}
std::string StatementRef(const std::string& id);
// {"actor":ACTOR,"verb":VERB,"object":OBJECT,EXTRA} where `extra` is more members ("" for none).
std::string Statement(const std::string& actor, const std::string& verb, const std::string& object,
                      const std::string& extra = "");
// A statement with id `id` (or none when empty): ACTOR_NAME did VERB_NAME on ACTIVITY_NAME.
std::string SimpleStatement(const std::string& id, const std::string& actor_name = "ann",
                            const std::string& verb_name = "completed",
                            const std::string& activity_name = "course");
// A JSON array of `count` statements, "ann completed course-I" for I = 0..count-1, each with a
// new id appended to `ids`.
std::string CourseBatch(int count, std::vector<std::string>* ids);
// A voiding statement with id `id` (or none when empty) targeting `target_id`.
std::string VoidingStatement(const std::string& id, const std::string& target_id);
// JSON string literal of `s`, quoted and escaped.
std::string Quote(std::string_view s);
// A new random UUID, lower case.
std::string NewId();
// `s` with ASCII letters in upper case.
std::string UpperCase(std::string_view s);

// ---- Reading JSON ----

// Parses `text`; records a failure (naming `text`) and returns a null document when it is not
// JSON.
std::unique_ptr<json::Document> ParseJson(const std::string& text);
// Values by dotted path (tests/support/json_path.h).
using test_support::At;
using test_support::JsonAt;
using test_support::StringAt;
// The ids of a StatementResult's "statements" (records a failure when the shape is wrong).
std::vector<std::string> StatementIds(const json::Value& result);

// Success when `result` has the status `status`, else a failure that shows the response.
::testing::AssertionResult HasStatus(const HttpResult& result, int status);
// Success when `result` is an error response with `status` and a JSON body
// {"error": {"message": ...}} whose message contains `fragment`.
::testing::AssertionResult IsError(const HttpResult& result, int status,
                                   std::string_view fragment = "");

// ---- multipart/mixed (Part Three §1.5.2) ----

// One part of a multipart/mixed body: its header block (fields joined by CRLF) and content.
struct Part {
  std::string headers;
  std::string content;
};

// Splits a multipart/mixed response by the boundary its Content-Type names; records a failure
// and returns no parts when the body does not follow RFC 2046. Independent of the server's own
// multipart code, so it checks it.
std::vector<Part> MultipartParts(const HttpResult& r);
// The trimmed value of header field `name` (any case) of `part`; nullopt when absent.
std::optional<std::string> PartHeader(const Part& part, std::string_view name);

// The data of one attachment in a multipart/mixed request.
struct AttachmentPart {
  AttachmentPart(std::string data, std::string hash = "")  // NOLINT: implicit for {{data}} lists
      : data(std::move(data)), hash(std::move(hash)) {}

  std::string data;
  // The X-Experience-API-Hash sent; the SHA-256 of `data` when empty.
  std::string hash;
  std::string content_type = "application/octet-stream";
  // Header fields sent as given, replacing the defaults (Content-Type,
  // Content-Transfer-Encoding: binary, X-Experience-API-Hash) of the same name; an empty value
  // leaves that field out.
  HeaderList headers;
};

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// An Attachment Object with usage type http://example.com/usage/NAME for `data` (its SHA-256 and
// length), with "fileUrl" when `file_url` is not empty.
std::string AttachmentObject(const std::string& name, std::string_view data,
                             const std::string& content_type = "application/octet-stream",
                             const std::string& file_url = "");
// The boundary MultipartBody uses.
inline constexpr char kBoundary[] = "test-boundary-7f3a";
// A multipart/mixed body: `json` as the first part (Content-Type application/json), then `parts`.
std::string MultipartBody(const std::string& json, const std::vector<AttachmentPart>& parts);
// The Content-Type value for MultipartBody bodies.
std::string MultipartType();

}  // namespace lrs::http_test
