#include "lrs/http/api_version.h"

#include <algorithm>

#include "lrs/core/strings.h"

namespace lrs::http {

Result<ApiVersion> NegotiateVersion(std::optional<std::string_view> header) {
  if (!header) {
    return Error::BadRequest(
        "the X-Experience-API-Version header is required (this LRS serves 1.0.3)");
  }
  std::string_view v = Trim(*header);
  auto is_number = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (v == "1.0" || (StartsWith(v, "1.0.") && is_number(v.substr(4)))) return ApiVersion::kV1_0_3;
  return Error::BadRequest("X-Experience-API-Version \"" + std::string(v) +
                           "\" is not supported; this LRS serves 1.0.x (1.0.3)");
}

std::string_view ResponseVersionHeader(ApiVersion version) {
  switch (version) {
    case ApiVersion::kV1_0_3:
      return "1.0.3";
  }
  return "1.0.3";
}

std::vector<std::string> SupportedVersions() {
  return {"1.0.0", "1.0.1", "1.0.2", "1.0.3"};
}

}  // namespace lrs::http
