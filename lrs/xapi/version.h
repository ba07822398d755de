// The xAPI versions this LRS serves, each a rule set: xAPI 1.0.3 (ADL, Parts One to Three) and
// xAPI 2.0.0 (IEEE 9274.1.1-2023). A request is served under one of them, chosen from its
// X-Experience-API-Version header (lrs/http/api_version.h); validation, storage, queries and
// formatting then follow that version's rules, and every stored statement remembers the version
// it was received under.
#pragma once

#include <optional>
#include <string_view>

namespace lrs::xapi {

enum class Version { k1_0_3, k2_0_0 };

// "1.0.3" or "2.0.0": the latest patch of the version, as responses and the store name it.
std::string_view VersionName(Version version);

// The inverse of VersionName: nullopt for any other string.
std::optional<Version> VersionFromName(std::string_view name);

}  // namespace lrs::xapi
