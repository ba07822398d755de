// Attachments over HTTP (Part Three §1.5.2, Part Two §2.4.11): statements with attachment data
// sent as multipart/mixed (PUT, POST), stored once per store and hash with the statements, and
// returned after the statements by GET with attachments=true; fileUrl-only attachments as
// application/json; every malformed request rejected with 400 and nothing stored.
#include <string>
#include <vector>

#include "lrs/core/strings.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using namespace std::string_literals;
using HttpAttachments = LrsHttpTest;

// Binary data that a careless parser would cut short or split: NUL, CRLF, blank lines, dashes
// at line starts (but never the request's boundary) and bytes that are not UTF-8.
const std::string kBinary =
    "\0\x01\x02\xff\xfe\r\n\r\n--\r\n--not-the-boundary\r\n\0\0\r\n\x80\x81--"s;

// A statement with id `id` whose attachments are `attachments` (JSON objects joined by commas).
std::string WithAttachments(const std::string& id, const std::string& attachments,
                            const std::string& activity = "essay") {
  return Statement(
      Agent("ann"), Verb("submitted"), Activity(activity),
      (id.empty() ? "" : "\"id\":" + Quote(id) + ",") + "\"attachments\":[" + attachments + "]");
}

HttpResult PostMultipart(XapiClient& client, const std::string& json,
                         const std::vector<AttachmentPart>& parts) {
  return client.Post(kStatements, MultipartBody(json, parts), MultipartType());
}

// Checks that `part` carries `data` as the spec's attachment part: Content-Type,
// Content-Transfer-Encoding binary and its hash.
void ExpectDataPart(const Part& part, const std::string& data, const std::string& content_type) {
  EXPECT_EQ(PartHeader(part, "X-Experience-API-Hash"), Sha256Hex(data)) << part.headers;
  EXPECT_EQ(PartHeader(part, "Content-Transfer-Encoding"), "binary") << part.headers;
  EXPECT_EQ(PartHeader(part, "Content-Type"), content_type) << part.headers;
  EXPECT_EQ(part.content.size(), data.size());
  EXPECT_TRUE(part.content == data) << "the data came back changed";
}

TEST_F(HttpAttachments, PostedDataComesBackExactlyWithTheStatementAndInQueries) {
  const std::string id = NewId();
  const std::string json =
      WithAttachments(id, AttachmentObject("essay", kBinary, "application/octet-stream"));
  ASSERT_TRUE(HasStatus(PostMultipart(admin(), json, {{kBinary}}), 200));

  HttpResult single = admin().Get(kStatements, {{"statementId", id}, {"attachments", "true"}});
  ASSERT_TRUE(HasStatus(single, 200));
  std::vector<Part> parts = MultipartParts(single);
  ASSERT_EQ(parts.size(), 2u) << single.body;
  EXPECT_EQ(PartHeader(parts[0], "Content-Type"), "application/json");
  EXPECT_EQ(StringAt(*ParseJson(parts[0].content), "id"), id);
  ExpectDataPart(parts[1], kBinary, "application/octet-stream");

  HttpResult query = admin().Get(kStatements, {{"attachments", "true"}});
  ASSERT_TRUE(HasStatus(query, 200));
  parts = MultipartParts(query);
  ASSERT_EQ(parts.size(), 2u) << query.body;
  EXPECT_EQ(StatementIds(*ParseJson(parts[0].content)), std::vector<std::string>{id});
  ExpectDataPart(parts[1], kBinary, "application/octet-stream");

  // Without attachments=true: JSON only.
  HttpResult plain = GetStatement(id);
  ASSERT_TRUE(HasStatus(plain, 200));
  EXPECT_EQ(plain.Header("Content-Type").value_or("").rfind("application/json", 0), 0u);
  EXPECT_EQ(StringAt(*ParseJson(plain.body), "attachments.0.sha2"), Sha256Hex(kBinary));
}

TEST_F(HttpAttachments, PutMultipartStoresTheData) {
  const std::string id = NewId();
  const std::string text = "here is a simple attachment";
  const std::string json = WithAttachments("", AttachmentObject("note", text, "text/plain"));
  AttachmentPart part{text};
  part.content_type = "text/plain";
  HttpResult put =
      admin().Put(kStatements, {{"statementId", id}}, MultipartBody(json, {part}), MultipartType());
  ASSERT_TRUE(HasStatus(put, 204));
  HttpResult get = admin().Get(kStatements, {{"statementId", id}, {"attachments", "true"}});
  ASSERT_TRUE(HasStatus(get, 200));
  std::vector<Part> parts = MultipartParts(get);
  ASSERT_EQ(parts.size(), 2u) << get.body;
  ExpectDataPart(parts[1], text, "text/plain");
}

TEST_F(HttpAttachments, SpecExampleRequestIsAccepted) {
  // Part Three §1.5.2's example, byte for byte but for CRLF line ends and the id.
  const std::string id = NewId();
  const std::string boundary = "abcABC0123'()+_,-./:=?";
  const std::string body =
      "--" + boundary +
      "\r\nContent-Type:application/json\r\n\r\n"
      "{\"id\":" +
      Quote(id) +
      ",\"actor\":{\"mbox\":\"mailto:sample.agent@example.com\",\"name\":\"Sample Agent\","
      "\"objectType\":\"Agent\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\","
      "\"display\":{\"en-US\":\"answered\"}},\"object\":{\"id\":"
      "\"http://www.example.com/tincan/activities/multipart\",\"objectType\":\"Activity\"},"
      "\"attachments\":[{\"usageType\":\"http://example.com/attachment-usage/test\","
      "\"display\":{\"en-US\":\"A test attachment\"},\"description\":{\"en-US\":\"A test "
      "attachment (description)\"},\"contentType\":\"text/plain; charset=ascii\",\"length\":27,"
      "\"sha2\":\"495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a\"}]}\r\n"
      "--" +
      boundary +
      "\r\nContent-Type:text/plain\r\nContent-Transfer-Encoding:binary\r\n"
      "X-Experience-API-Hash:495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"
      "\r\n\r\nhere is a simple attachment\r\n--" +
      boundary + "--";
  ASSERT_TRUE(HasStatus(
      admin().Post(kStatements, body, "multipart/mixed; boundary=\"" + boundary + "\""), 200));
  HttpResult get = admin().Get(kStatements, {{"statementId", id}, {"attachments", "true"}});
  std::vector<Part> parts = MultipartParts(get);
  ASSERT_EQ(parts.size(), 2u) << get.body;
  EXPECT_EQ(parts[1].content, "here is a simple attachment");
}

TEST_F(HttpAttachments, SameDataInSeveralStatementsIsStoredAndReturnedOnce) {
  const std::string a = NewId(), b = NewId(), c = NewId();
  const std::string other = "other data";
  const std::string batch =
      "[" + WithAttachments(a, AttachmentObject("x", kBinary)) + "," +
      WithAttachments(b, AttachmentObject("y", kBinary) + "," + AttachmentObject("z", other)) + "]";
  // One copy of the shared data in the request, and a second copy is accepted too.
  ASSERT_TRUE(HasStatus(PostMultipart(admin(), batch, {{kBinary}, {other}, {kBinary}}), 200));
  // A later request sending the same data again.
  ASSERT_TRUE(HasStatus(
      PostMultipart(admin(), WithAttachments(c, AttachmentObject("x", kBinary)), {{kBinary}}),
      200));

  HttpResult query = admin().Get(kStatements, {{"attachments", "true"}, {"ascending", "true"}});
  ASSERT_TRUE(HasStatus(query, 200));
  std::vector<Part> parts = MultipartParts(query);
  ASSERT_EQ(parts.size(), 3u) << query.body;  // the statements, kBinary once, other once
  EXPECT_EQ(StatementIds(*ParseJson(parts[0].content)), (std::vector<std::string>{a, b, c}));
  ExpectDataPart(parts[1], kBinary, "application/octet-stream");
  ExpectDataPart(parts[2], other, "application/octet-stream");

  // Each statement still gets the shared data on its own.
  for (const std::string& id : {a, c}) {
    HttpResult single = admin().Get(kStatements, {{"statementId", id}, {"attachments", "true"}});
    parts = MultipartParts(single);
    ASSERT_EQ(parts.size(), 2u) << single.body;
    ExpectDataPart(parts[1], kBinary, "application/octet-stream");
  }
}

TEST_F(HttpAttachments, MorePagesCarryTheirOwnAttachments) {
  const std::string first = "first page data", second = "second page data";
  const std::string a = NewId(), b = NewId();
  ASSERT_TRUE(HasStatus(
      PostMultipart(admin(), WithAttachments(a, AttachmentObject("a", first)), {{first}}), 200));
  ASSERT_TRUE(HasStatus(
      PostMultipart(admin(), WithAttachments(b, AttachmentObject("b", second)), {{second}}), 200));

  HttpResult page1 =
      admin().Get(kStatements, {{"attachments", "true"}, {"ascending", "true"}, {"limit", "1"}});
  ASSERT_TRUE(HasStatus(page1, 200));
  std::vector<Part> parts = MultipartParts(page1);
  ASSERT_EQ(parts.size(), 2u) << page1.body;
  auto result = ParseJson(parts[0].content);
  EXPECT_EQ(StatementIds(*result), std::vector<std::string>{a});
  ExpectDataPart(parts[1], first, "application/octet-stream");
  const std::string more = StringAt(*result, "more");
  ASSERT_FALSE(more.empty());

  HttpResult page2 = admin().Get(more);
  ASSERT_TRUE(HasStatus(page2, 200));
  parts = MultipartParts(page2);
  ASSERT_EQ(parts.size(), 2u) << page2.body;
  EXPECT_EQ(StatementIds(*ParseJson(parts[0].content)), std::vector<std::string>{b});
  ExpectDataPart(parts[1], second, "application/octet-stream");
}

TEST_F(HttpAttachments, FileUrlOnlyAttachmentsWorkWithJsonAndMultipart) {
  const std::string id = NewId();
  const std::string url_only =
      AttachmentObject("cert", "certificate bytes", "application/pdf", "https://example.com/c.pdf");
  ASSERT_TRUE(HasStatus(admin().Post(kStatements, WithAttachments(id, url_only)), 200));
  // No data to return: the statements alone, still multipart.
  HttpResult get = admin().Get(kStatements, {{"statementId", id}, {"attachments", "true"}});
  std::vector<Part> parts = MultipartParts(get);
  ASSERT_EQ(parts.size(), 1u) << get.body;
  EXPECT_EQ(StringAt(*ParseJson(parts[0].content), "attachments.0.fileUrl"),
            "https://example.com/c.pdf");

  // multipart/mixed without attachment parts: fileUrl-only and attachment-free statements.
  const std::string id2 = NewId(), id3 = NewId();
  ASSERT_TRUE(HasStatus(PostMultipart(admin(), WithAttachments(id2, url_only), {}), 200));
  ASSERT_TRUE(HasStatus(PostMultipart(admin(), SimpleStatement(id3), {}), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id2), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id3), 200));
}

TEST_F(HttpAttachments, JsonWithoutFileUrlIsRejected) {
  const std::string id = NewId();
  EXPECT_TRUE(IsError(admin().Post(kStatements, WithAttachments(id, AttachmentObject("e", "x"))),
                      400, "fileUrl"));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

// A rejected request: its expected message fragment and how to send it.
struct Rejected {
  const char* name;
  const char* fragment;
  std::string body;
  std::string content_type = MultipartType();
};

TEST_F(HttpAttachments, MalformedRequestsAreRejectedAndStoreNothing) {
  const std::string id = NewId();
  const std::string json = WithAttachments(id, AttachmentObject("essay", kBinary));
  const std::string good_part = MultipartBody(json, {{kBinary}});
  AttachmentPart no_hash{kBinary};
  no_hash.headers = {{"X-Experience-API-Hash", ""}};
  AttachmentPart base64{kBinary};
  base64.headers = {{"Content-Transfer-Encoding", "base64"}};
  AttachmentPart wrong_hash{kBinary};
  wrong_hash.hash = Sha256Hex("something else");
  const std::string text_first = "--" + std::string(kBoundary) +
                                 "\r\nContent-Type: text/plain\r\n\r\n" + json + "\r\n--" +
                                 kBoundary + "--\r\n";
  const std::string untyped_first =
      "--" + std::string(kBoundary) + "\r\n\r\n" + json + "\r\n--" + kBoundary + "--\r\n";

  const std::vector<Rejected> cases = {
      {"no data for an Attachment without fileUrl", "has no fileUrl", MultipartBody(json, {})},
      {"data no Attachment refers to", "no Attachment",
       MultipartBody(json, {{kBinary}, {"unreferenced"}})},
      {"data that does not hash to its header", "does not hash",
       MultipartBody(json, {{kBinary + "x", Sha256Hex(kBinary)}})},
      {"a hash header of other data", "does not hash", MultipartBody(json, {wrong_hash})},
      {"no X-Experience-API-Hash", "X-Experience-API-Hash", MultipartBody(json, {no_hash})},
      {"Content-Transfer-Encoding other than binary", "binary", MultipartBody(json, {base64})},
      {"first part not application/json", "application/json", text_first},
      {"first part without Content-Type", "application/json", untyped_first},
      {"no boundary parameter", "boundary", good_part, "multipart/mixed"},
      {"a boundary the body does not use", "boundary", good_part,
       "multipart/mixed; boundary=another-boundary"},
      {"no close delimiter", "close delimiter",
       good_part.substr(0, good_part.size() - std::string(kBoundary).size() - 6)},
      {"an empty body", "boundary", ""},
      {"a part header without a colon", "colon",
       "--" + std::string(kBoundary) + "\r\nContent-Type: application/json\r\n\r\n" + json +
           "\r\n--" + kBoundary + "\r\nbroken header\r\n\r\n" + kBinary + "\r\n--" + kBoundary +
           "--\r\n"},
      {"another media type", "Content-Type", json, "text/plain"},
  };
  for (const Rejected& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(IsError(admin().Post(kStatements, c.body, c.content_type), 400, c.fragment));
    EXPECT_TRUE(HasStatus(GetStatement(id), 404));
  }
  // The same statement with its data is accepted (the cases above failed for their reason).
  ASSERT_TRUE(HasStatus(admin().Post(kStatements, good_part, MultipartType()), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
}

TEST_F(HttpAttachments, ARejectedBatchStoresNoData) {
  // A stored statement, then a batch with new data and a conflicting re-send of it: 409.
  const std::string existing = NewId();
  Store(SimpleStatement(existing));
  const std::string fresh = NewId();
  const std::string batch = "[" + WithAttachments(fresh, AttachmentObject("essay", kBinary)) + "," +
                            SimpleStatement(existing, "bob") + "]";
  EXPECT_TRUE(IsError(PostMultipart(admin(), batch, {{kBinary}}), 409));
  EXPECT_TRUE(HasStatus(GetStatement(fresh), 404));

  // A statement referencing the same data by fileUrl only: had the data been kept, GET with
  // attachments=true would return it.
  const std::string later = NewId();
  ASSERT_TRUE(HasStatus(
      admin().Post(kStatements, WithAttachments(later, AttachmentObject("essay", kBinary,
                                                                        "application/octet-stream",
                                                                        "https://example.com/e"))),
      200));
  HttpResult get = admin().Get(kStatements, {{"statementId", later}, {"attachments", "true"}});
  std::vector<Part> parts = MultipartParts(get);
  EXPECT_EQ(parts.size(), 1u) << get.body;

  // Control: once the data is stored, the same GET returns it.
  ASSERT_TRUE(
      HasStatus(PostMultipart(admin(), WithAttachments(fresh, AttachmentObject("essay", kBinary)),
                              {{kBinary}}),
                200));
  get = admin().Get(kStatements, {{"statementId", later}, {"attachments", "true"}});
  parts = MultipartParts(get);
  ASSERT_EQ(parts.size(), 2u) << get.body;
  ExpectDataPart(parts[1], kBinary, "application/octet-stream");
}

TEST_F(HttpAttachments, DataBelongsToItsStore) {
  ASSERT_TRUE(lrs().AddCredential("tenant", "tenant-secret", "all", "tenant").ok());
  XapiClient tenant = ClientFor("tenant", "tenant-secret");
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(
      PostMultipart(admin(), WithAttachments(id, AttachmentObject("essay", kBinary)), {{kBinary}}),
      200));
  // The other store references the same data by fileUrl: it has no copy of the data.
  const std::string theirs = NewId();
  ASSERT_TRUE(HasStatus(
      tenant.Post(kStatements, WithAttachments(theirs, AttachmentObject("essay", kBinary,
                                                                        "application/octet-stream",
                                                                        "https://example.com/e"))),
      200));
  HttpResult get = tenant.Get(kStatements, {{"statementId", theirs}, {"attachments", "true"}});
  std::vector<Part> parts = MultipartParts(get);
  EXPECT_EQ(parts.size(), 1u) << get.body;
}

}  // namespace
}  // namespace lrs::http_test
