// JWS signatures of signed statements (Part Two §2.6): the compact serialization, its JOSE
// header, its payload compared with the statement, and the x5c certificate and signature when
// present. The input is the JWS text; the statement is a fixed valid one.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lrs/core/json.h"
#include "lrs/xapi/signature.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const char kStatement[] = R"({"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
  "actor":{"mbox":"mailto:ann@example.com","name":"Ann"},
  "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
  "object":{"id":"http://example.com/activities/course"},
  "timestamp":"2026-01-02T03:04:05.678Z"})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static lrs::json::Document* statement = [] {
    auto* doc = new lrs::json::Document();
    FUZZ_CHECK(lrs::json::Parse(kStatement, doc).ok(), "the fixed statement does not parse");
    return doc;
  }();
  const std::string_view jws(reinterpret_cast<const char*>(data), size);
  for (auto version : {lrs::xapi::Version::k1_0_3, lrs::xapi::Version::k2_0_0}) {
    (void)lrs::xapi::VerifyJws(jws, *statement, version);
  }
  return 0;
}
