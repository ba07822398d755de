// multipart/mixed bodies (lrs/http/multipart.h, RFC 2046 §5.1): boundaries from Content-Type,
// parsing with preamble, epilogue, folded and case-insensitive headers and binary data, the
// malformed cases, and writing then reading back.
#include "lrs/http/multipart.h"

#include <string>

#include <gtest/gtest.h>

namespace lrs::http {
namespace {

using namespace std::string_literals;

TEST(MultipartBoundaryTest, TokenAndQuotedValues) {
  EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=abc123").value(), "abc123");
  EXPECT_EQ(MultipartBoundary("Multipart/Mixed;Boundary=\"abcABC0123'()+_,-./:=?\"").value(),
            "abcABC0123'()+_,-./:=?");
  EXPECT_EQ(MultipartBoundary("multipart/mixed; charset=x; boundary=\"a b\"; x=y").value(), "a b");
}

TEST(MultipartBoundaryTest, MissingOrInvalidIsBadRequest) {
  for (const char* type : {"multipart/mixed", "multipart/mixed;",
                           "multipart/mixed; boundary=", "multipart/mixed; boundary=\"unterminated",
                           "multipart/mixed; boundary=\"a \"", "multipart/mixed; boundary=a{b}",
                           "multipart/mixed; other=abc"}) {
    auto b = MultipartBoundary(type);
    ASSERT_FALSE(b.ok()) << type;
    EXPECT_EQ(b.error().code(), ErrorCode::kBadRequest) << type;
  }
  EXPECT_FALSE(MultipartBoundary("multipart/mixed; boundary=" + std::string(71, 'a')).ok());
  EXPECT_TRUE(MultipartBoundary("multipart/mixed; boundary=" + std::string(70, 'a')).ok());
}

TEST(ParseMultipartTest, TwoPartsWithPreambleAndEpilogue) {
  const std::string body =
      "this is the preamble\r\n"
      "--XyZ\r\n"
      "Content-Type: application/json\r\n"
      "\r\n"
      "{\"a\":1}\r\n"
      "--XyZ  \t\r\n"  // transport padding
      "content-type:text/plain\r\n"
      "X-EXPERIENCE-API-HASH:  abc \r\n"
      "\r\n"
      "hello\r\n"
      "--XyZ--\r\n"
      "epilogue --XyZ ignored";
  auto parts = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts.value().size(), 2u);
  EXPECT_EQ(parts.value()[0].headers.Get("Content-Type").value(), "application/json");
  EXPECT_EQ(parts.value()[0].body, "{\"a\":1}");
  EXPECT_EQ(parts.value()[1].headers.Get("Content-Type").value(), "text/plain");
  EXPECT_EQ(parts.value()[1].headers.Get("x-experience-api-hash").value(), "abc");
  EXPECT_EQ(parts.value()[1].body, "hello");
}

TEST(ParseMultipartTest, SpecExampleShapeWithLeadingCrlf) {
  // Part Three §1.5.2's example starts with an empty line before the first delimiter.
  const std::string body =
      "\r\n--abcABC0123'()+_,-./:=?\r\nContent-Type:application/json\r\n\r\n{}\r\n"
      "--abcABC0123'()+_,-./:=?\r\nContent-Type:text/plain\r\nContent-Transfer-Encoding:binary"
      "\r\nX-Experience-API-Hash:495395e7\r\n\r\nhere is a simple attachment\r\n"
      "--abcABC0123'()+_,-./:=?--";
  auto parts = ParseMultipart(body, "abcABC0123'()+_,-./:=?");
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts.value().size(), 2u);
  EXPECT_EQ(parts.value()[1].body, "here is a simple attachment");
  EXPECT_EQ(parts.value()[1].headers.Get("Content-Transfer-Encoding").value(), "binary");
}

TEST(ParseMultipartTest, BinaryDataWithNulCrlfAndDashesIsKeptExactly) {
  const std::string data = "\0\x01\xff\r\n\r\n--X\r\n-\r\n--\0"s;  // "--X" not at a line start
  // (the boundary below is "B1", which the data never contains)
  const std::string body = "--B1\r\nContent-Type: application/octet-stream\r\n\r\n" + data +
                           "\r\n--B1\r\n\r\n\r\n--B1--";
  auto parts = ParseMultipart(body, "B1");
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  ASSERT_EQ(parts.value().size(), 2u);
  EXPECT_EQ(parts.value()[0].body, data);
  // A part with no header fields and an empty body.
  EXPECT_TRUE(parts.value()[1].headers.entries().empty());
  EXPECT_EQ(parts.value()[1].body, "");
}

TEST(ParseMultipartTest, FoldedHeaderIsUnfolded) {
  auto parts =
      ParseMultipart("--b\r\nContent-Type: text/plain;\r\n charset=ascii\r\n\r\nx\r\n--b--", "b");
  ASSERT_TRUE(parts.ok()) << parts.error().message();
  EXPECT_EQ(parts.value()[0].headers.Get("content-type").value(), "text/plain; charset=ascii");
}

TEST(ParseMultipartTest, MalformedBodiesAreBadRequest) {
  const char* cases[] = {
      "",                                                 // no delimiter at all
      "--other\r\n\r\nx\r\n--other--",                    // another boundary
      "--b\r\nContent-Type: text/plain\r\n\r\nx",         // no close delimiter
      "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b",  // ends after a delimiter
      "--bb\r\n\r\nx\r\n--b--",                           // delimiter followed by text
      "--b\r\nno colon here\r\n\r\nx\r\n--b--",           // header line without colon
      "--b\r\n: no name\r\n\r\nx\r\n--b--",               // header without field name
      "--b\r\nA: 1\nB: 2\r\n\r\nx\r\n--b--",              // bare LF in the headers
  };
  for (const char* body : cases) {
    auto parts = ParseMultipart(body, "b");
    ASSERT_FALSE(parts.ok()) << body;
    EXPECT_EQ(parts.error().code(), ErrorCode::kBadRequest) << body;
  }
}

TEST(WriteMultipartTest, RoundTripsThroughTheParser) {
  std::vector<MultipartPart> parts(3);
  parts[0].headers.Set("Content-Type", "application/json");
  parts[0].body = "{\"statements\":[]}";
  parts[1].headers.Set("Content-Type", "application/octet-stream");
  parts[1].headers.Set("X-Experience-API-Hash", "00ff");
  parts[1].body = "\0\r\n--\r\n\xfe"s;
  parts[2].body = "";
  const std::string boundary = ChooseBoundary(parts);
  EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=" + boundary).value(), boundary);
  const std::string body = WriteMultipart(parts, boundary);
  EXPECT_EQ(body.substr(body.size() - boundary.size() - 6), "--" + boundary + "--\r\n");
  auto read = ParseMultipart(body, boundary);
  ASSERT_TRUE(read.ok()) << read.error().message();
  ASSERT_EQ(read.value().size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(read.value()[i].body, parts[i].body) << i;
    EXPECT_EQ(read.value()[i].headers.entries(), parts[i].headers.entries()) << i;
  }
}

}  // namespace
}  // namespace lrs::http
