// LTI 1.3 resource-link launches into the outcome dashboards (1EdTech LTI Core 1.3, Security
// Framework 1.0): platform registrations per store, the tool's signing keys, OIDC login
// initiation and the launch. Everything is read from the database per request (a registration
// or key made by the CLI while the server runs counts from the next request); only the
// platforms' public keys are cached in memory, per registration, and fetched again on an
// unknown kid. Logins (state, nonce) are rows, so any server process can finish a launch.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lrs/extension/extension.h"
#include "lrs/http/http_types.h"
#include "plugin/api/embed_service.h"
#include "plugin/api/outcome_service.h"
#include "plugin/api/roster_service.h"
#include "plugin/lti/jwt.h"
#include "plugin/lti/roles.h"
#include "plugin/store/lti_store.h"

namespace outcomes {

using store::LtiKeyRow;
using store::LtiPlatformRow;

// How long a login waits for its launch, and a launch's dashboard link lasts.
inline constexpr int64_t kLtiLoginSeconds = 600;
inline constexpr int64_t kLtiLinkSeconds = 900;

// What a successful launch shows.
struct LtiLaunchResult {
  lti::Launch launch;
  lti::View view = lti::View::kNone;
  int64_t store_id = 0;
  // For administrators and instructors: the dashboard link (its grant and token).
  std::optional<IssuedLink> link;
  // The origins allowed to frame the answer: those of the store's platforms (issuer, auth URL).
  std::vector<std::string> frame_ancestors;
};

class LtiService {
 public:
  LtiService(lrs::ext::Host& host, OutcomeService& outcomes, RosterService& roster,
             EmbedService& embeds)
      : host_(host), outcomes_(outcomes), roster_(roster), embeds_(embeds) {}

  // Registers `row` for `store_id` (row.store_id and row.id are ignored). kBadRequest when a
  // field is empty, a URL is not https (http only for loopback) or no deployment is given;
  // kConflict when the issuer and client id are registered already (in any store).
  Result<LtiPlatformRow> AddPlatform(int64_t store_id, LtiPlatformRow row);
  Result<std::vector<LtiPlatformRow>> ListPlatforms(int64_t store_id);
  // kNotFound when `store_id` has no platform `id`.
  Status RemovePlatform(int64_t store_id, int64_t id);

  // The tool's public keys as a JWK Set: the newest and the one before it. Makes the first key
  // when there is none.
  Result<std::string> Jwks();
  // Makes a new key, the newest from now on; returns it.
  Result<LtiKeyRow> RotateKey();

  // OIDC third-party-initiated login: from the parameters `params` (iss, login_hint,
  // target_link_uri, optional lti_message_hint, lti_deployment_id, client_id), the URL of the
  // platform's authorization endpoint to redirect to, with a new state and nonce stored.
  // kBadRequest naming the parameter missing, an unknown issuer or client id, or a
  // target_link_uri that is not this tool's launch URL.
  Result<std::string> Login(const lrs::http::Params& params);

  // A launch: the id_token and state the platform posted, checked in the order of
  // plugin/lti/jwt.h; each failure kUnauthorized or kBadRequest naming the check. Then the view
  // the roles allow, and for an administrator or instructor a dashboard link (kNotFound when the
  // store or the link's custom outcome has no such outcome).
  Result<LtiLaunchResult> Launch(const std::string& id_token, const std::string& state);

 private:
  struct CachedJwks {
    std::string url;
    std::vector<lti::Jwk> keys;
  };
  // The key `kid` of `platform`: cached, else fetched (once per call).
  Result<lti::RsaPublicKey> PlatformKey(const LtiPlatformRow& platform, const std::string& kid);
  Result<std::vector<LtiKeyRow>> NewestKeys(bool create);
  Result<IssuedLink> DashboardLink(int64_t store_id, lti::View view, const lti::Launch& launch);

  lrs::ext::Host& host_;
  OutcomeService& outcomes_;
  RosterService& roster_;
  EmbedService& embeds_;
  std::mutex mu_;
  std::map<int64_t, CachedJwks> jwks_;  // by platform id
};

}  // namespace outcomes
