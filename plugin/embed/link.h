// Signed, expiring dashboard links (embedding in an LMS without sharing LRS credentials).
//
// A link grants read access to the dashboards of some outcomes of one store, optionally
// limited to one team or to the teams of one manager (plugin/roster), until it expires. Its
// token is
//     base64url(payload) "." base64url(HMAC-SHA-256(key of the store, base64url(payload)))
// where payload is the JSON {"v":1,"s":STORE_ID,"o":[OUTCOME_ID,...],"t":TEAM,"m":MANAGER,
// "e":EXPIRY} ("t" only for a team link, "m" only for a manager's; EXPIRY in seconds since the
// epoch). Each store has its own random
// 256-bit key, kept in the database (plugin/store/embed_store.h), so a link made for one LRS or
// store is worthless on another. Pure functions: no database, no clock.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"

namespace outcomes {

using lrs::Result;

struct EmbedGrant {
  int64_t store_id = 0;
  std::vector<std::string> outcomes;  // at least one
  std::optional<std::string> team;
  std::optional<std::string> manager;  // never with `team`
  int64_t expires_s = 0;               // seconds since the epoch

  bool AllowsOutcome(std::string_view id) const;
};

// The token of `grant`, signed with `key`.
std::string SignEmbedToken(const EmbedGrant& grant, std::string_view key);

// The grant of `token` when it is well formed, its signature matches the key `key_of` gives for
// its store, and it has not expired at `now_s`. kUnauthorized otherwise, with a message saying
// which ("malformed", "altered or not made by this LRS", "expired at ..."); errors of `key_of`
// are passed on (it answers nullopt when the store has no key: the link cannot be genuine).
Result<EmbedGrant> VerifyEmbedToken(
    std::string_view token,
    const std::function<Result<std::optional<std::string>>(int64_t store_id)>& key_of,
    int64_t now_s);

// A duration such as "90s", "15m", "1h", "7d" (a positive integer and one unit), in seconds, at
// most 366 days. kBadRequest otherwise.
Result<int64_t> ParseTtl(std::string_view text);

}  // namespace outcomes
