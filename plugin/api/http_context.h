// What every handler of the outcome plugin's HTTP API works with (internal to plugin/api): the
// services, the request as the router has checked it, and the parameter readers the handlers
// share. The router (http_api.cpp) decides who may call a route; a handler only reads its
// parameters, asks a service and writes the answer.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "lrs/core/json.h"
#include "lrs/http/http_types.h"
#include "plugin/api/dashboard_service.h"
#include "plugin/api/embed_service.h"
#include "plugin/api/impact_service.h"
#include "plugin/api/lti_service.h"
#include "plugin/api/outcome_service.h"
#include "plugin/api/roster_service.h"
#include "plugin/embed/link.h"
#include "plugin/roster/roster.h"

namespace outcomes {

using lrs::Result;
using lrs::Status;
using lrs::http::HttpRequest;
using lrs::http::HttpResponse;
using lrs::http::Params;

// The path prefix of every route.
inline constexpr std::string_view kApiPrefix = "/outcomes";

struct Services {
  OutcomeService& outcomes;
  DashboardService& dashboards;
  RosterService& roster;
  EmbedService& embeds;
  ImpactService& impacts;
  LtiService& lti;
};

// A request the router has matched to a route and authorized.
struct RequestContext {
  const HttpRequest& request;
  Params params;            // the query's parameters, as the client sent them
  int64_t store_id = 0;     // the store of the credential or of the link; 0 on public routes
  std::string outcome_id;   // the {id} of the route's path; empty for routes without one
  const EmbedGrant* grant;  // the dashboard link the request came with; null otherwise

  // The team view asked for by `asked` (team= or manager=, at most one), within what the caller
  // may see: a credential sees any team; a link for a team or a manager sees that view only,
  // whatever it asks (asking for another is kForbidden, not ignored).
  Result<TeamFilter> Within(TeamFilter asked) const;
  // Within() of the team= and manager= parameters (kBadRequest when both or empty).
  Result<TeamFilter> TeamView() const;
};

using Handler = Result<HttpResponse> (*)(const Services&, const RequestContext&);

// ---- Parameters -----------------------------------------------------------------------------

// kBadRequest naming the first parameter of `params` not in `known`.
Status RejectUnknown(const Params& params, std::initializer_list<std::string_view> known);
// A true/false parameter (false when absent).
Result<bool> Flag(const Params& params, std::string_view name);
// A day from parameter `name` ("YYYY-MM-DD"), if given.
Result<std::optional<int64_t>> DateParam(const Params& params, std::string_view name);
// team= and manager= as given (at most one of them, not empty).
Result<TeamFilter> TeamParams(const Params& params);
// "&team=T" or "&manager=M", for links that keep a team view; "" for everyone.
std::string TeamSuffix(const TeamFilter& filter);
// from, to, bucket, team and manager of a dashboard in `params` (the request's, or a subset),
// within the caller's view (RequestContext::Within).
Result<DashboardQuery> DashboardQueryOf(const RequestContext& ctx, const Params& params);

// ---- Answers --------------------------------------------------------------------------------

// A JSON answer with `status`. Every JSON answer of the API is made here: figures are computed,
// so the writer is the checked one (json::WriteChecked) and a value that cannot be written is
// an error before anything is sent, never a truncated 200.
Result<HttpResponse> JsonAnswer(int status, const json::Value& value);

}  // namespace outcomes
