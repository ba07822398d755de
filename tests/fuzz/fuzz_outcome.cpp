// Outcome declarations and their tagging rules (the outcome plugin). The input is a declaration
// (JSON), optionally followed by a line holding only "---" and a statement (JSON) to tag with it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lrs/core/json.h"
#include "plugin/model/outcome.h"
#include "plugin/tagging/rule_index.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find("\n---\n");
  const std::string_view declaration_text = input.substr(0, split);
  (void)outcomes::ParseStoredOutcome(declaration_text);
  lrs::json::Document declaration;
  if (!lrs::json::Parse(declaration_text, &declaration).ok()) return 0;
  auto outcome = outcomes::ParseOutcome(declaration);
  if (!outcome.ok()) return 0;
  // What was accepted is stored as its text, and read back from it.
  FUZZ_CHECK(outcomes::ParseStoredOutcome(lrs::json::Write(declaration)).ok(),
             "an accepted declaration does not read back from its stored text");
  if (split == std::string_view::npos) return 0;
  lrs::json::Document statement;
  if (!lrs::json::Parse(input.substr(split + 5), &statement).ok()) return 0;
  outcomes::RuleIndex::Entry entry;
  entry.outcome_key = 1;
  entry.iri = outcome.value().iri;
  entry.rules = outcome.value().rules;
  outcomes::RuleIndex index({entry});
  const auto matches = index.Matches(statement);
  FUZZ_CHECK(matches.size() <= 1, "one outcome matched more than once");
  return 0;
}
