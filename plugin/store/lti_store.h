// The LTI 1.3 tables (schemas/{sqlite,postgres}/outcomes/migrations/006_lti.sql): platform
// registrations, the tool's keys, logins awaiting their launch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/store/outcome_store.h"

namespace outcomes::store {

// A platform (LMS) registered for a store.
struct LtiPlatformRow {
  int64_t id = 0;
  int64_t store_id = 0;
  std::string issuer;
  std::string client_id;
  std::string auth_url;
  std::string token_url;
  std::string jwks_url;
  std::vector<std::string> deployments;
  std::string created;
  // How its users are matched to xAPI agents: "email" (mbox mailto: of the email claim) or
  // "account" (homePage the issuer, name the LMS's user id).
  std::string agent_match = "email";
};

// One of the tool's signing keys.
struct LtiKeyRow {
  int64_t ordinal = 0;
  std::string kid;
  std::string private_pem;
  std::string created;
};

// A login awaiting its launch, bound to the browser that started it: browser_hash is the
// SHA-256 (hex) of a secret left in that browser only, in the platform's storage when `storage`
// (the LTI client-side postMessage flow), else in a cookie.
struct LtiLoginRow {
  int64_t platform_id = 0;
  std::string state;
  int64_t expires_us = 0;
  std::string browser_hash;
  bool storage = false;
};

// Adds `row` (its id and store_id ignored / taken as given); returns its id. kConflict when its
// issuer and client id are registered already (in any store).
Result<int64_t> AddLtiPlatform(SqlConnection& txn, const LtiPlatformRow& row);
// The platform with `issuer` and `client_id`, nullopt when none.
Result<std::optional<LtiPlatformRow>> FindLtiPlatform(SqlConnection& txn, const std::string& issuer,
                                                      const std::string& client_id);
// The platform `id`, nullopt when none.
Result<std::optional<LtiPlatformRow>> GetLtiPlatform(SqlConnection& txn, int64_t id);
// The platforms of `store_id`, oldest first.
Result<std::vector<LtiPlatformRow>> ListLtiPlatforms(SqlConnection& txn, int64_t store_id);
// Removes platform `id` of `store_id` and its logins; whether there was one.
Result<bool> RemoveLtiPlatform(SqlConnection& txn, int64_t store_id, int64_t id);

// Adds a tool key (the newest from now on).
Status AddLtiKey(SqlConnection& txn, const LtiKeyRow& row);
// The newest `count` tool keys, newest first.
Result<std::vector<LtiKeyRow>> LatestLtiKeys(SqlConnection& txn, int64_t count);

// Remembers a login; forgets logins expired before `now_us` first.
Status AddLtiLogin(SqlConnection& txn, const LtiLoginRow& row, const std::string& nonce,
                   int64_t now_us);
// How many logins of `platform_id` await their launch at `now_us`.
Result<int64_t> LiveLtiLogins(SqlConnection& txn, int64_t platform_id, int64_t now_us);
// The login that issued `nonce`, deleted in the same transaction (a nonce is used once);
// nullopt when there is none (never issued, or used already).
Result<std::optional<LtiLoginRow>> TakeLtiLogin(SqlConnection& txn, const std::string& nonce);

}  // namespace outcomes::store
