// LTI 1.3 resource-link launches into the outcome dashboards (1EdTech LTI Core 1.3, Security
// Framework 1.0): platform registrations per store, the tool's signing keys, OIDC login
// initiation and the launch. Everything is read from the database per request (a registration
// or key made by the CLI while the server runs counts from the next request); only the
// platforms' public keys are cached in memory, per registration, and fetched again on an
// unknown kid. Logins (state, nonce) are rows, so any server process can finish a launch.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
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
// At most this many logins of one platform registration await their launch at once; more are
// refused (kUnavailable: 503 with Retry-After) until some finish or expire.
inline constexpr int64_t kLtiLiveLoginsPerPlatform = 1000;
// A platform's JWKS is fetched again on an unknown kid at most once in this many seconds (per
// registration): a stream of made-up kids costs the platform one fetch per interval.
inline constexpr int64_t kLtiJwksRefetchSeconds = 10;

// A login started: where the browser goes next, and the secret that binds the login to it.
struct LtiLoginStart {
  std::string location;  // the platform's authorization URL with the request's parameters
  std::string state;
  // A random secret only this browser gets; the launch must show it back. Kept in the
  // platform's storage when `storage` (the login named an lti_storage_target), else in a cookie
  // (LtiCookieName).
  std::string browser_secret;
  bool storage = false;
  std::string storage_target;   // the frame named by lti_storage_target
  std::string platform_origin;  // the origin of the authorization URL (postMessage's target)
};

// What the browser showed at the launch to prove it started the login.
struct LtiBrowserProof {
  std::string cookie_secret;   // the login's cookie (LtiCookieName of the posted state)
  std::string storage_secret;  // the value read back from the platform's storage
  // Whether the POST carrying storage_secret came from a page of this tool (its Origin header
  // names this host): a page of another site cannot post a secret it read elsewhere.
  bool same_origin = false;
};

// The name of the cookie binding the login of `state` to its browser.
std::string LtiCookieName(const std::string& state);
// The key under which the secret of the login of `state` is kept in the platform's storage.
std::string LtiStorageKey(const std::string& state);

// A learner's progress on one outcome, from their own tagged statements and rollup only.
struct LtiRuleProgress {
  std::string rule;      // the rule's id
  std::string activity;  // what it asks for: its activity IRI ("..." after a prefix), else ""
  bool done = false;     // a completing statement of theirs meets the rule
};
struct LtiOutcomeProgress {
  std::string id;
  std::string name;
  std::optional<int64_t> first_us;      // their first tagged statement
  std::optional<int64_t> completed_us;  // their first completing one
  int64_t statements = 0;               // theirs tagged for it (read up to kLtiProgressStatements)
  std::vector<LtiRuleProgress> rules;   // what they completed, and what is left
  // Every rule done (an outcome without rules: a completing statement tagged explicitly).
  bool complete = false;
};
struct LtiLearnerProgress {
  std::string who;        // the name shown
  std::string agent;      // xapi::AgentKey; empty when the launch cannot name an agent
  std::string unmatched;  // why not, when `agent` is empty
  std::vector<LtiOutcomeProgress> outcomes;
};
// Statements of one learner read per outcome to tell which rules they completed.
inline constexpr int64_t kLtiProgressStatements = 2000;
// Mentees shown to a mentor at most.
inline constexpr size_t kLtiMaxMentees = 100;

// How long a deep linking picker may be submitted after its launch.
inline constexpr int64_t kLtiDeepLinkSeconds = 600;

// A deep linking request's picker (administrators and instructors): what may be chosen, and the
// session the choice is posted with (a JWS signed by the tool's key, binding the platform,
// deployment, return URL and data of the request).
struct LtiDeepLinkPicker {
  std::string session;
  std::vector<std::pair<std::string, std::string>> outcomes;  // (id, name)
  std::vector<std::string> teams;                             // the roster's, sorted
};

// What is placed: one dashboard, as the picker's form posts it.
struct LtiDeepLinkChoice {
  std::string outcome;
  std::string team;    // "" for the course's (or everyone's)
  std::string from;    // YYYY-MM-DD or ""
  std::string to;      // YYYY-MM-DD or ""
  std::string bucket;  // day, week, month or ""
  std::string title;   // of the link in the course; "" for the outcome's name
};

// The answer to a deep linking request: post `jwt` as JWT to `return_url`.
struct LtiDeepLinkResponse {
  std::string return_url;
  std::string jwt;
};

// What a roster sync (NRPS 2.0) did: the course kept as the roster team `team`.
struct LtiRosterSync {
  std::string team;                  // the course's context id
  int64_t members = 0;               // memberships read
  int64_t pages = 0;                 // pages fetched
  int64_t learners = 0;              // members with a learner role, active, matched to an agent
  std::vector<std::string> skipped;  // why others were left out ("u-3: no e-mail", ...)
  int64_t synced_us = 0;             // when it was kept (microseconds)
};
// Memberships read per sync at most, and pages followed.
inline constexpr int64_t kLtiMaxMembers = 100'000;
inline constexpr int64_t kLtiMaxMembershipPages = 1'000;
inline constexpr std::string_view kNrpsScope =
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

// Roster syncs at launch: how long the first launch of a course (never synced) waits for its
// sync before it answers (the sync then finishes in the background), and the age of the last
// sync past which a launch refreshes the roster in the background (younger: nothing is
// fetched). From the environment (docs/LTI.md): OUTCOME_LRS_LTI_ROSTER_WAIT_MS and
// OUTCOME_LRS_LTI_ROSTER_MAX_AGE (seconds); a value that is not a number >= 0 is ignored.
struct LtiRosterTiming {
  int64_t wait_ms = 3000;
  int64_t max_age_s = 600;
  static LtiRosterTiming FromEnvironment();
};

// What a successful launch shows.
struct LtiLaunchResult {
  lti::Launch launch;
  lti::View view = lti::View::kNone;
  int64_t store_id = 0;
  // For administrators and instructors: the dashboard link (its grant and token). An
  // instructor's is limited to the deep-linked team, else to the course's team (its context
  // id); an administrator's to the deep-linked team, else none (the whole store).
  std::optional<IssuedLink> link;
  // For an instructor's link limited to the course's team: the roster has no such team yet (its
  // dashboards answer "no team ..." until the roster arrives from the LMS or is imported).
  bool course_team_missing = false;
  // For an administrator or instructor, when the link's custom parameter `activity` names the
  // course's Activity IRIs: the outcomes they serve (id, name), "this course serves: ...".
  std::vector<std::pair<std::string, std::string>> serves;
  // For an administrator's or instructor's launch offering NRPS, the course's roster: the sync
  // this launch waited for (the course's first), or why it failed (the launch goes on with the
  // roster as it was); when it was last synced (0: never); whether a sync is running in the
  // background (the first one outlasted the wait, or a refresh of a roster older than the
  // maximum age).
  std::optional<LtiRosterSync> roster_sync;
  std::string roster_sync_error;
  int64_t roster_synced_us = 0;
  bool roster_fetching = false;
  // For a deep linking request (an administrator's or instructor's): the picker.
  std::optional<LtiDeepLinkPicker> picker;
  // The dashboard's range and bucket chosen for the link (from, to, bucket), for its page.
  std::map<std::string, std::string> dashboard_params;
  // For a learner: their own progress; for a mentor: each mentee's (role_scope_mentor). No link.
  std::vector<LtiLearnerProgress> progress;
  // The origins allowed to frame the answer: those of the store's platforms (issuer, auth URL).
  std::vector<std::string> frame_ancestors;
};

class LtiService {
 public:
  LtiService(lrs::ext::Host& host, OutcomeService& outcomes, RosterService& roster,
             EmbedService& embeds, LtiRosterTiming timing = LtiRosterTiming::FromEnvironment())
      : host_(host), outcomes_(outcomes), roster_(roster), embeds_(embeds), timing_(timing) {}
  ~LtiService() { Stop(); }
  LtiService(const LtiService&) = delete;
  LtiService& operator=(const LtiService&) = delete;

  // Ends the background roster syncs: a sync between two pages stops there, one waiting for
  // the platform stops when its request ends (10 s at most); returns once every one has ended.
  // No sync starts afterwards (launches then answer without one). Idempotent; called by the
  // plugin's Stop, before the host goes.
  void Stop();

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
  // target_link_uri that is not this tool's launch URL; kUnavailable when the platform has
  // kLtiLiveLoginsPerPlatform logins awaiting their launch already. Logins expired are purged.
  Result<LtiLoginStart> Login(const lrs::http::Params& params);

  // A launch: the id_token and state the platform posted, checked in the order of
  // plugin/lti/jwt.h; each failure kUnauthorized or kBadRequest naming the check. Then the view
  // the roles allow, and for an administrator or instructor a dashboard link (kNotFound when the
  // store or the link's custom outcome has no such outcome; kForbidden for an instructor's
  // launch that names no course and no deep-linked team: see DashboardLink).
  // The login must be bound to this browser: `proof` holds the secret its login left in the
  // cookie or in the platform's storage (kUnauthorized naming what is missing or wrong).
  Result<LtiLaunchResult> Launch(const std::string& id_token, const std::string& state,
                                 const LtiBrowserProof& proof);

  // The signed LtiDeepLinkingResponse for the picker's `session` and `choice`: one
  // ltiResourceLink content item whose custom parameters carry the choice (outcome, team, from,
  // to, bucket), iss the client id, aud the platform's issuer, the request's deployment id and
  // data echoed. kUnauthorized when the session is not one this tool signed or expired;
  // kBadRequest (or kNotFound for an unknown outcome or team) naming the field of `choice`.
  Result<LtiDeepLinkResponse> DeepLink(const std::string& session, const LtiDeepLinkChoice& choice);

  // Names and Role Provisioning Services 2.0: fetches the memberships of course `context_id`
  // at `memberships_url` (following Link rel="next") with an OAuth2 token got by client
  // credentials with a JWT assertion signed by the tool's key, and keeps the course as the
  // roster team named by `context_id`: its active members with a learner role, matched to xAPI
  // agents as the platform's agent_match says. The roster's other teams are kept; a learner in
  // another team already stays there (listed in `skipped`). An empty `memberships_url` is the
  // one the last launch from that course offered (kBadRequest when none did). A sync of the
  // same course running in this process (a launch's) is waited for first: one at a time.
  // kNotFound for an unknown platform of `store_id`; kUnauthorized / kUnavailable when the
  // platform refuses or cannot be reached.
  Result<LtiRosterSync> SyncRoster(int64_t store_id, int64_t platform_id,
                                   const std::string& context_id,
                                   const std::string& memberships_url);

  // The origin of the authorization URL of the platform `id_token` says it is from, read
  // without verifying the token: only where the tool's page sends its platform-storage messages
  // (the launch then checks everything). kUnauthorized when no registration matches.
  Result<std::string> StorageOrigin(const std::string& id_token);
  // The frame named by lti_storage_target at the login of `state` of the platform `id_token`
  // says it is from (read without verifying the token, as StorageOrigin), for a platform that
  // does not post it again with the launch: "" when that login used the cookie, or there is no
  // such login awaiting its launch (the launch then says what is wrong).
  Result<std::string> LoginStorageTarget(const std::string& id_token, const std::string& state);

 private:
  struct CachedJwks {
    std::string url;
    std::vector<lti::Jwk> keys;
    int64_t refetched_us = 0;  // when an unknown kid last made us fetch it again
  };
  // The registration a token's payload names (iss with azp or aud); kUnauthorized when none.
  Result<LtiPlatformRow> ClaimedPlatform(const json::Value& payload);
  // The key `kid` of `platform`: cached, else fetched (once per call).
  Result<lti::RsaPublicKey> PlatformKey(const LtiPlatformRow& platform, const std::string& kid);
  Result<std::vector<LtiKeyRow>> NewestKeys(bool create);
  // A JWS of `payload` signed by the tool's newest key.
  Result<std::string> SignWithToolKey(const json::Value& payload);
  Result<LtiRosterSync> Sync(const LtiPlatformRow& platform, const std::string& context_id,
                             const std::string& memberships_url);

  // One roster sync of a (platform id, context id), on a thread of its own (a launch's) or on
  // the caller's (SyncRoster); at most one per course runs at once in this process.
  using CourseKey = std::pair<int64_t, std::string>;
  struct SyncJob {
    bool done = false;
    std::optional<Result<LtiRosterSync>> result;
    std::thread thread;  // not joinable for a sync on the caller's thread
  };
  // The background sync of the course running now, or a new one; null once stopping.
  std::shared_ptr<SyncJob> StartSync(const LtiPlatformRow& platform, const std::string& context_id,
                                     const std::string& memberships_url);
  // The course's roster at an administrator's or instructor's launch (LtiLaunchResult).
  Status RosterAtLaunch(const LtiPlatformRow& platform, LtiLaunchResult& result);
  bool Stopping();
  // An NRPS access token from `platform`'s token URL.
  Result<std::string> NrpsToken(const LtiPlatformRow& platform);
  Result<LtiDeepLinkPicker> Picker(const LtiPlatformRow& platform, const lti::Launch& launch);
  // The progress of the user `user_id` (with e-mail `email`, when known) of `platform`, matched
  // to an xAPI agent as the platform's agent_match says, on the outcomes `only` (the link's
  // custom parameter) or, when empty, on those that tagged statements of theirs.
  Result<LtiLearnerProgress> ProgressOf(const LtiPlatformRow& platform, const std::string& user_id,
                                        const std::string& email, const std::string& who,
                                        const std::vector<std::string>& only);
  // The outcomes the Activities of the link's custom parameter `activity` serve (id, name).
  Result<std::vector<std::pair<std::string, std::string>>> Serves(int64_t store_id,
                                                                  const lti::Launch& launch);
  // The dashboard link of an administrator's or instructor's launch `result` (its link and
  // course_team_missing; serves already set): the link's outcomes (custom `outcome`, else those
  // the course serves for an instructor, else every one of the store) for the deep-linked team
  // (custom `team`), else for an instructor the course's team (its context id) whether the
  // roster has it yet or not, else (an administrator) everyone. kForbidden for an instructor's
  // launch naming no course; kNotFound for an unknown outcome or deep-linked team, or a store
  // without outcomes.
  Status DashboardLink(int64_t store_id, LtiLaunchResult& result);

  lrs::ext::Host& host_;
  OutcomeService& outcomes_;
  RosterService& roster_;
  EmbedService& embeds_;
  const LtiRosterTiming timing_;
  std::mutex mu_;
  std::map<int64_t, CachedJwks> jwks_;  // by platform id
  // The roster syncs: running ones by course, finished ones whose threads are still to join.
  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::map<CourseKey, std::shared_ptr<SyncJob>> syncs_;
  std::vector<std::shared_ptr<SyncJob>> finished_;
  bool stopping_ = false;
  std::mutex roster_mu_;  // a sync's read and replacement of the roster
};

}  // namespace outcomes
