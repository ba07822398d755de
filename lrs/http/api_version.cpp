#include "lrs/http/api_version.h"

#include <algorithm>

#include "lrs/core/strings.h"

namespace lrs::http {

namespace {

bool IsNumber(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "MAJOR.MINOR" or "MAJOR.MINOR.PATCH" with `prefix` = "MAJOR.MINOR".
bool IsPatchOf(std::string_view v, std::string_view prefix) {
  if (v == prefix) return true;
  return StartsWith(v, prefix) && v.size() > prefix.size() && v[prefix.size()] == '.' &&
         IsNumber(v.substr(prefix.size() + 1));
}

}  // namespace

Result<xapi::Version> NegotiateVersion(std::optional<std::string_view> header) {
  if (!header) {
    return Error::BadRequest(
        "the X-Experience-API-Version header is required (this LRS serves 1.0.3 and 2.0.0)");
  }
  std::string_view v = Trim(*header);
  if (IsPatchOf(v, "1.0")) return xapi::Version::k1_0_3;
  if (IsPatchOf(v, "2.0")) return xapi::Version::k2_0_0;
  return Error::BadRequest("X-Experience-API-Version \"" + std::string(v) +
                           "\" is not supported; this LRS serves 1.0.x (as 1.0.3) and 2.0.x (as "
                           "2.0.0)");
}

std::string_view ResponseVersionFor(std::optional<std::string_view> header) {
  auto version = NegotiateVersion(header);
  return xapi::VersionName(version.ok() ? version.value() : xapi::Version::k2_0_0);
}

std::vector<std::string> SupportedVersions() {
  return {"1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"};
}

}  // namespace lrs::http
