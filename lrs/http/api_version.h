// xAPI version negotiation, in one place: which X-Experience-API-Version request headers are
// served and under which rule set (xapi::Version), and which version every response names.
// xAPI 1.0.3 (Part Three §3.3) and xAPI 2.0.0 (IEEE 9274.1.1-2023 §4.1.7) are served side by side.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/xapi/version.h"

namespace lrs::http {

// The version a request is served under, from its X-Experience-API-Version header (nullopt
// when absent): "1.0" and every "1.0.x" under 1.0.3 (1.0.3 asks an LRS to accept any 1.0 patch),
// "2.0" and every "2.0.x" under 2.0.0 (9274.1.1 names only the 2.0 patch level). kBadRequest
// saying why for a missing header, a malformed value, and every other version (0.9, 0.95, 1.1,
// 2.1 and later, 3.0, ...).
Result<xapi::Version> NegotiateVersion(std::optional<std::string_view> header);

// The X-Experience-API-Version of a response to a request whose header is `header`: the version
// the request is served under when NegotiateVersion accepts it, else (no header, or one this LRS
// does not serve) the newest version served, 2.0.0.
std::string_view ResponseVersionFor(std::optional<std::string_view> header);

// The versions the About resource lists: every 1.0 patch and 2.0.0.
std::vector<std::string> SupportedVersions();

}  // namespace lrs::http
