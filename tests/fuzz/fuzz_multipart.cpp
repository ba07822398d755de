// multipart/mixed request bodies (statements with attachments). The input's first line is the
// Content-Type value, the rest the body. Property: parts that parse, written again with a
// boundary of our choosing, parse back into the same parts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lrs/http/multipart.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  auto boundary = lrs::http::MultipartBoundary(input.substr(0, newline));
  if (!boundary.ok()) return 0;
  auto parts = lrs::http::ParseMultipart(input.substr(newline + 1), boundary.value());
  if (!parts.ok()) return 0;

  const std::string chosen = lrs::http::ChooseBoundary(parts.value());
  const std::string written = lrs::http::WriteMultipart(parts.value(), chosen);
  auto again = lrs::http::ParseMultipart(written, chosen);
  FUZZ_CHECK(again.ok(), "parts written again do not parse");
  FUZZ_CHECK(again.value().size() == parts.value().size(), "the number of parts changed");
  for (size_t i = 0; i < parts.value().size(); ++i) {
    FUZZ_CHECK(again.value()[i].body == parts.value()[i].body, "a part's body changed");
  }
  return 0;
}
