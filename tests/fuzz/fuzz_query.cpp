// Query strings and the parameters read from them: form decoding, the "agent" parameter (an
// Agent for documents, an Agent or identified Group for statement queries), timestamps of
// since/until under each version, and durations. Property: decoded parameters, encoded again,
// decode to the same parameters.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lrs/core/json.h"
#include "lrs/http/http_types.h"
#include "lrs/xapi/duration.h"
#include "lrs/xapi/timestamp.h"
#include "lrs/xapi/validator.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto params = lrs::http::ParseParams(input);
  if (!params.ok()) return 0;
  auto again = lrs::http::ParseParams(lrs::http::EncodeParams(params.value()));
  FUZZ_CHECK(again.ok(), "encoded parameters do not decode");
  FUZZ_CHECK(again.value() == params.value(), "parameters changed through encoding");

  for (const auto& [name, value] : params.value()) {
    lrs::json::Document agent;
    (void)lrs::xapi::ParseAgentOnlyParameter(value, name, &agent);
    lrs::json::Document any;
    if (lrs::json::Parse(value, &any).ok()) {
      (void)lrs::xapi::ValidateAgentParameter(any, name);
    }
    for (auto version : {lrs::xapi::Version::k1_0_3, lrs::xapi::Version::k2_0_0}) {
      (void)lrs::xapi::ParseStatementTimestamp(value, version);
    }
    if (lrs::xapi::IsDuration(value)) (void)lrs::xapi::DurationForComparison(value);
  }
  return 0;
}
