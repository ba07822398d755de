// Signed dashboard links (the outcome plugin's embed tokens): parsing and verification of what
// an iframe's URL carries. Property: a token that verifies, signed again from its grant, verifies
// to the same grant.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/embed/link.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const std::string kKey(32, 'k');

lrs::Result<std::optional<std::string>> KeyOf(int64_t store_id) {
  if (store_id == 1) return std::optional<std::string>(kKey);
  return std::optional<std::string>();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  (void)outcomes::ParseTtl(token);
  auto grant = outcomes::VerifyEmbedToken(token, KeyOf, /*now_s=*/1'700'000'000);
  if (!grant.ok()) return 0;
  const std::string again = outcomes::SignEmbedToken(grant.value(), kKey);
  auto regrant = outcomes::VerifyEmbedToken(again, KeyOf, 1'700'000'000);
  FUZZ_CHECK(regrant.ok(), "a grant signed again does not verify");
  FUZZ_CHECK(regrant.value().outcomes == grant.value().outcomes &&
                 regrant.value().team == grant.value().team &&
                 regrant.value().manager == grant.value().manager &&
                 regrant.value().expires_s == grant.value().expires_s &&
                 regrant.value().store_id == grant.value().store_id,
             "a grant changed through signing");
  return 0;
}
