// Statements as a client sends them: JSON parsing with its depth limit, validation under each
// version, and for a valid statement everything the store does with it before writing (index
// terms, StatementRef target, names, definitions, preparation for storage, signatures) and the
// comparison of a re-sent statement. Properties: a valid statement is equivalent to its own
// serialization read back, and to itself prepared for storage once more.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lrs/core/json.h"
#include "lrs/xapi/comparison.h"
#include "lrs/xapi/signature.h"
#include "lrs/xapi/statement.h"
#include "lrs/xapi/validator.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using lrs::json::Document;
using lrs::xapi::Version;

const char kAuthority[] =
    R"({"objectType":"Agent","account":{"homePage":"https://lrs.example.com","name":"fuzz"}})";

void OneStatement(const lrs::json::Value& statement, Version version) {
  lrs::xapi::ValidationOptions options;
  options.version = version;
  options.attachments_need_file_url = false;
  if (!lrs::xapi::ValidateStatement(statement, "statement", options).ok()) return;

  (void)lrs::xapi::ExtractIndexTerms(statement);
  (void)lrs::xapi::StatementRefTarget(statement);
  (void)lrs::xapi::IsVoiding(statement);
  (void)lrs::xapi::AgentNames(statement);
  (void)lrs::xapi::ActivityDefinitions(statement);
  (void)lrs::xapi::VerifyStatementSignatures(statement, "statement", {}, version);

  // Read back from its own text, it is the same statement.
  const std::string text = lrs::json::Write(statement);
  Document again;
  FUZZ_CHECK(lrs::json::Parse(text, &again).ok(), "a valid statement's text does not parse");
  FUZZ_CHECK(lrs::xapi::StatementsEquivalent(statement, again, version),
             "a statement is not equivalent to its own serialization");

  // Prepared for storage, it is what the store keeps; prepared again, it does not change.
  Document authority;
  FUZZ_CHECK(lrs::json::Parse(kAuthority, &authority).ok(), "the authority does not parse");
  lrs::xapi::PrepareForStorage(again, authority, version);
  Document twice;
  twice.CopyFrom(again, twice.GetAllocator());
  lrs::xapi::PrepareForStorage(twice, authority, version);
  FUZZ_CHECK(lrs::xapi::StatementsEquivalent(again, twice, version),
             "preparing a stored statement again changes it");
  (void)lrs::xapi::ComparisonForm(twice, version);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Document doc;
  if (!lrs::json::Parse(text, &doc).ok()) return 0;
  for (Version version : {Version::k1_0_3, Version::k2_0_0}) {
    if (doc.IsArray()) {
      for (const auto& statement : doc.GetArray())
        OneStatement(statement, version);
    } else {
      OneStatement(doc, version);
    }
  }
  return 0;
}
