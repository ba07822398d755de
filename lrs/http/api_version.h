// xAPI version negotiation (Part Three §3.3), in one place: which X-Experience-API-Version
// request headers are served, and what every response carries. xAPI 2.0.0 will be added here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"

namespace lrs::http {

enum class ApiVersion { kV1_0_3 };

// The version a request is served under, from its X-Experience-API-Version header (nullopt when
// absent). Accepts "1.0" and "1.0.x" (served as 1.0.3); rejects a missing header, versions
// before 1.0.0 and 1.1.0 or later, with kBadRequest saying why.
Result<ApiVersion> NegotiateVersion(std::optional<std::string_view> header);

// The X-Experience-API-Version value responses to `version` carry: the latest patch version.
std::string_view ResponseVersionHeader(ApiVersion version);

// The versions the About resource lists.
std::vector<std::string> SupportedVersions();

}  // namespace lrs::http
