// The LTI 1.3 tables (schemas/{sqlite,postgres}/outcomes/migrations/006_lti.sql, 007, 008):
// platform registrations, the tool's keys, logins awaiting their launch, the courses launched
// from (their NRPS memberships URL, their last roster sync).
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
  std::string
      storage_target;  // the frame lti_storage_target named at the login ("" unless storage)
};

// A course (LTI context) of a platform registration: the NRPS memberships URL its last launch
// offered, and when its roster was last synced from the LMS (0: never).
struct LtiContextRow {
  std::string memberships_url;
  int64_t synced_us = 0;
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
// Removes platform `id` of `store_id`, its logins and its courses; whether there was one.
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

// The frame named by lti_storage_target at the unexpired login of `platform_id` with `state`
// that kept its secret in the platform's storage; nullopt when there is no such login. The
// login stays (its launch uses it up).
Result<std::optional<std::string>> LtiLoginStorageTarget(SqlConnection& txn, int64_t platform_id,
                                                         const std::string& state, int64_t now_us);

// Remembers `memberships_url` for course `context_id` of `platform_id` (inserted or replaced);
// when it was last synced stays.
Status RememberLtiContext(SqlConnection& txn, int64_t platform_id, const std::string& context_id,
                          const std::string& memberships_url);
// Course `context_id` of `platform_id` was synced from `memberships_url` at `synced_us`.
Status MarkLtiContextSynced(SqlConnection& txn, int64_t platform_id, const std::string& context_id,
                            const std::string& memberships_url, int64_t synced_us);
// Course `context_id` of `platform_id`; nullopt when no launch or sync named it.
Result<std::optional<LtiContextRow>> GetLtiContext(SqlConnection& txn, int64_t platform_id,
                                                   const std::string& context_id);

}  // namespace outcomes::store
