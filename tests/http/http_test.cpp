#include "tests/http/http_test.h"

#include <cstdlib>
#include <iostream>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/uuid.h"

namespace lrs::http_test {

void LrsHttpTest::SetUp() {
  LRS_SKIP_WITHOUT_BACKEND();
  auto created = LrsProcess::Create();
  ASSERT_TRUE(created.ok()) << created.error().message();
  lrs_ = std::move(created).value();
  Status added = lrs_->AddCredential(kAdminKey, kAdminSecret, "all");
  ASSERT_TRUE(added.ok()) << added.error().message();
  Status started = lrs_->Start(ServeArgs());
  ASSERT_TRUE(started.ok()) << started.error().message();
  admin_ = std::make_unique<XapiClient>(ClientFor(kAdminKey, kAdminSecret));
}

void LrsHttpTest::TearDown() {
  if (!lrs_) return;
  if (lrs_->running()) {
    const test_support::ExitStatus status = lrs_->Stop();
    EXPECT_TRUE(status.clean()) << "outcome-lrs serve ended with " << status.ToString()
                                << " on SIGTERM";
  } else if (!stopped_by_test_) {
    ADD_FAILURE() << "outcome-lrs serve died during the test: " << lrs_->last_exit().ToString();
  }
  if (HasFailure()) {
    const std::string log = lrs_->ServerLog();
    std::cerr << "---- outcome-lrs server log ----\n"
              << (log.size() > 8000 ? "..." + log.substr(log.size() - 8000) : log)
              << "---- end of server log ----\n";
  }
}

XapiClient LrsHttpTest::ClientFor(const std::string& key, const std::string& secret) const {
  XapiClient client(lrs_->base_url());
  client.SetBasicAuth(key, secret);
  return client;
}

XapiClient LrsHttpTest::AnonymousClient() const {
  return XapiClient(lrs_->base_url());
}

test_support::ExitStatus LrsHttpTest::StopServer() {
  stopped_by_test_ = true;
  return lrs_->Stop();
}

::testing::AssertionResult LrsHttpTest::RestartServer() {
  Status restarted = lrs_->Restart();
  if (!restarted.ok()) {
    stopped_by_test_ = true;
    return ::testing::AssertionFailure() << restarted.error().message();
  }
  stopped_by_test_ = false;
  admin_ = std::make_unique<XapiClient>(ClientFor(kAdminKey, kAdminSecret));
  return ::testing::AssertionSuccess();
}

std::string LrsHttpTest::Store(const std::string& statement, const XapiClient* client) {
  HttpResult r = (client ? *client : admin()).Post(kStatements, statement);
  if (r.status != 200) {
    ADD_FAILURE() << "POST " << statement << " -> " << r.Describe();
    return "";
  }
  auto doc = ParseJson(r.body);
  if (!doc->IsArray() || doc->Size() != 1 || !(*doc)[0].IsString()) {
    ADD_FAILURE() << "POST answered " << r.body << ", not an array of one id";
    return "";
  }
  return (*doc)[0].GetString();
}

HttpResult LrsHttpTest::GetStatement(const std::string& id, bool voided, const XapiClient* client) {
  return (client ? *client : admin())
      .Get(kStatements, {{voided ? "voidedStatementId" : "statementId", id}});
}

std::vector<std::string> LrsHttpTest::QueryIds(const ParamList& params, const XapiClient* client,
                                               int max_pages) {
  const XapiClient& c = client ? *client : admin();
  std::vector<std::string> ids;
  HttpResult page = c.Get(kStatements, params);
  for (int n = 0; n < max_pages; ++n) {
    if (page.status != 200) {
      ADD_FAILURE() << "query page " << n << " -> " << page.Describe();
      return ids;
    }
    auto doc = ParseJson(page.body);
    std::vector<std::string> page_ids = StatementIds(*doc);
    ids.insert(ids.end(), page_ids.begin(), page_ids.end());
    const json::Value* more = At(*doc, "more");
    if (more == nullptr || !more->IsString()) {
      ADD_FAILURE() << "StatementResult without a string \"more\": " << page.body;
      return ids;
    }
    const std::string link = more->GetString();
    if (link.empty()) return ids;
    page = c.Get(link);
  }
  ADD_FAILURE() << "the query did not end within " << max_pages << " pages";
  return ids;
}

std::string Quote(std::string_view s) {
  json::Value v(rapidjson::StringRef(s.data(), s.size()));
  return json::Write(v);
}

std::string Mbox(const std::string& name) {
  return "mailto:" + name + "@example.com";
}

std::string Agent(const std::string& name) {
  return "{\"objectType\":\"Agent\",\"name\":" + Quote(name) + ",\"mbox\":" + Quote(Mbox(name)) +
         "}";
}

std::string VerbId(const std::string& name) {
  return "http://example.com/verbs/" + name;
}

std::string Verb(const std::string& name) {
  return "{\"id\":" + Quote(VerbId(name)) + ",\"display\":{\"en-US\":" + Quote(name) + "}}";
}

std::string ActivityId(const std::string& name) {
  return "http://example.com/activities/" + name;
}

std::string Activity(const std::string& name) {
  return "{\"objectType\":\"Activity\",\"id\":" + Quote(ActivityId(name)) + "}";
}

std::string StatementRef(const std::string& id) {
  return "{\"objectType\":\"StatementRef\",\"id\":" + Quote(id) + "}";
}

std::string Statement(const std::string& actor, const std::string& verb, const std::string& object,
                      const std::string& extra) {
  std::string s = "{\"actor\":" + actor + ",\"verb\":" + verb + ",\"object\":" + object;
  if (!extra.empty()) s += "," + extra;
  return s + "}";
}

std::string SimpleStatement(const std::string& id, const std::string& actor_name,
                            const std::string& verb_name, const std::string& activity_name) {
  return Statement(Agent(actor_name), Verb(verb_name), Activity(activity_name),
                   id.empty() ? "" : "\"id\":" + Quote(id));
}

std::string VoidingStatement(const std::string& id, const std::string& target_id) {
  return Statement(Agent("admin"), "{\"id\":" + Quote(kVoided) + "}", StatementRef(target_id),
                   id.empty() ? "" : "\"id\":" + Quote(id));
}

std::string NewId() {
  return uuid::NewV4();
}

std::string CourseBatch(int count, std::vector<std::string>* ids) {
  std::string batch = "[";
  for (int i = 0; i < count; ++i) {
    ids->push_back(NewId());
    if (i > 0) batch += ",";
    batch += SimpleStatement(ids->back(), "ann", "completed", "course-" + std::to_string(i));
  }
  return batch + "]";
}

std::string UpperCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::unique_ptr<json::Document> ParseJson(const std::string& text) {
  auto doc = std::make_unique<json::Document>();
  Status parsed = json::Parse(text, doc.get());
  if (!parsed.ok()) {
    ADD_FAILURE() << "not JSON (" << parsed.error().message()
                  << "): " << (text.size() > 600 ? text.substr(0, 600) + "..." : text);
    doc->SetNull();
  }
  return doc;
}

std::vector<std::string> StatementIds(const json::Value& result) {
  std::vector<std::string> ids;
  const json::Value* statements = At(result, "statements");
  if (statements == nullptr || !statements->IsArray()) {
    ADD_FAILURE() << "not a StatementResult: " << json::Write(result);
    return ids;
  }
  for (const json::Value& s : statements->GetArray()) {
    const std::string id = StringAt(s, "id");
    if (id.empty()) ADD_FAILURE() << "statement without an id: " << json::Write(s);
    ids.push_back(id);
  }
  return ids;
}

::testing::AssertionResult HasStatus(const HttpResult& result, int status) {
  if (result.status == status) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected HTTP " << status << ", got " << result.Describe();
}

::testing::AssertionResult IsError(const HttpResult& result, int status,
                                   std::string_view fragment) {
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
  if (message.find(fragment) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "the error message does not mention \"" << fragment << "\": " << message;
  }
  return ::testing::AssertionSuccess();
}

std::vector<Part> MultipartParts(const HttpResult& r) {
  std::vector<Part> parts;
  const std::string type = r.Header("Content-Type").value_or("");
  if (AsciiLower(type).rfind("multipart/mixed", 0) != 0) {
    ADD_FAILURE() << "Content-Type is \"" << type << "\", not multipart/mixed";
    return parts;
  }
  const size_t at = type.find("boundary=");
  if (at == std::string::npos) {
    ADD_FAILURE() << "no boundary in \"" << type << "\"";
    return parts;
  }
  std::string boundary = type.substr(at + 9);
  boundary = boundary.substr(0, boundary.find(';'));
  if (boundary.size() >= 2 && boundary.front() == '"')
    boundary = boundary.substr(1, boundary.size() - 2);
  const std::string delimiter = "--" + boundary;
  size_t pos = r.body.find(delimiter);
  if (pos == std::string::npos) {
    ADD_FAILURE() << "no delimiter " << delimiter << " in " << r.body;
    return parts;
  }
  while (true) {
    pos += delimiter.size();
    if (r.body.compare(pos, 2, "--") == 0) return parts;  // the close delimiter
    if (r.body.compare(pos, 2, "\r\n") != 0) {
      ADD_FAILURE() << "malformed delimiter line in " << r.body;
      return {};
    }
    pos += 2;
    const size_t headers_end = r.body.find("\r\n\r\n", pos);
    const size_t next = r.body.find("\r\n" + delimiter, pos);
    if (headers_end == std::string::npos || next == std::string::npos || headers_end > next) {
      ADD_FAILURE() << "malformed part in " << r.body;
      return {};
    }
    parts.push_back({r.body.substr(pos, headers_end - pos),
                     r.body.substr(headers_end + 4, next - headers_end - 4)});
    pos = next + 2;
  }
}

std::optional<std::string> PartHeader(const Part& part, std::string_view name) {
  for (std::string_view line : Split(part.headers, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && EqualsIgnoreCase(Trim(line.substr(0, colon)), name)) {
      return std::string(Trim(line.substr(colon + 1)));
    }
  }
  return std::nullopt;
}

std::string Sha256Hex(std::string_view data) {
  return crypto::HexEncode(crypto::Sha256(data));
}

std::string AttachmentObject(const std::string& name, std::string_view data,
                             const std::string& content_type, const std::string& file_url) {
  std::string a =
      "{\"usageType\":\"http://example.com/usage/" + name +
      "\",\"display\":{\"en-US\":" + Quote(name) + "},\"contentType\":" + Quote(content_type) +
      ",\"length\":" + std::to_string(data.size()) + ",\"sha2\":" + Quote(Sha256Hex(data));
  if (!file_url.empty()) a += ",\"fileUrl\":" + Quote(file_url);
  return a + "}";
}

std::string MultipartBody(const std::string& json, const std::vector<AttachmentPart>& parts) {
  const std::string delimiter = std::string("--") + kBoundary;
  std::string body = delimiter + "\r\nContent-Type: application/json\r\n\r\n" + json + "\r\n";
  for (const AttachmentPart& p : parts) {
    HeaderList fields = {{"Content-Type", p.content_type},
                         {"Content-Transfer-Encoding", "binary"},
                         {"X-Experience-API-Hash", p.hash.empty() ? Sha256Hex(p.data) : p.hash}};
    for (const auto& [name, value] : p.headers) {
      bool replaced = false;
      for (auto& field : fields) {
        if (EqualsIgnoreCase(field.first, name)) {
          field.second = value;
          replaced = true;
        }
      }
      if (!replaced) fields.emplace_back(name, value);
    }
    body += delimiter + "\r\n";
    for (const auto& [name, value] : fields) {
      if (!value.empty()) body += name + ": " + value + "\r\n";
    }
    body += "\r\n" + p.data + "\r\n";
  }
  return body + delimiter + "--\r\n";
}

std::string MultipartType() {
  return std::string("multipart/mixed; boundary=") + kBoundary;
}

}  // namespace lrs::http_test
