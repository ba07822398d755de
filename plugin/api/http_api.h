// The HTTP API of the outcome plugin, under /outcomes: a router and its route table. Every route
// says, in one place (http_api.cpp), its method, the scope a credential needs and what a
// dashboard link may read; the handlers (http_*.cpp, one file per resource) run only once the
// router has allowed the request.
//
//   GET    /outcomes                     every outcome of the caller's store
//   GET    /outcomes?statementId=ID      the outcomes that tag one statement, and by which rule
//   PUT    /outcomes/{id}                declare or re-declare (201 when new, else 200)
//   GET    /outcomes/{id}                the declaration, its tagging progress and tag count
//   DELETE /outcomes/{id}                retire it (204)
//   GET    /outcomes/{id}/statements     the statements it tags (a StatementResult with "more")
//   POST   /outcomes/{id}/kpi            record KPI observations (JSON: one or an array; or CSV)
//   GET    /outcomes/{id}/kpi            its KPI observations (?from=&to=)
//   GET    /outcomes/{id}/dashboard      the double bottom line (?from=&to=&bucket=)
//   GET    /outcomes/{id}/learners       each learner as the dashboard counts them (?from=&to=)
//   GET    /outcomes/{id}/export/statements  its tagged statements as CSV or NDJSON rows
//   GET    /outcomes/{id}/export/series      its dashboard's series as CSV or NDJSON rows
//   GET    /outcomes/{id}/impact         did the learning move the KPI?
//   (plugin/api/impact_service.h) GET    /outcomes/{id}/export/impact  the impact estimate's cells
//   and event study as rows POST   /outcomes/embed               issue a signed dashboard link
//   (plugin/embed/link.h) GET    /outcomes/ui/...              the web dashboard
//   (plugin/api/web_assets.h), public PUT    /outcomes/roster              replace the roster
//   (text/csv: learner, team, manager...) GET    /outcomes/roster              the roster (?team=
//   or ?manager=)
//   GET    /outcomes/lti/jwks            the LTI tool's public keys (public)
//   GET|POST /outcomes/lti/login         LTI OIDC login initiation (public)
//   POST   /outcomes/lti/launch          LTI resource-link launch (public; checks its id_token)
//   GET|POST /outcomes/lti/platforms     the store's LTI platforms (outcomes/write)
//   DELETE /outcomes/lti/platforms/{id}  remove one (outcomes/write)
// GET routes answer HEAD too. Reading needs the scope outcomes/read (or outcomes/write,
// all/read, all); writing needs outcomes/write (or all). A request with "Authorization: Bearer
// TOKEN", TOKEN a signed dashboard link, is authenticated by the plugin itself: it may read the
// routes the table opens to links, for the outcomes the link names only, in the team view it
// names (a team or manager link sees only that team's learners, on every route and every page
// a "more" link continues), and never write.
#pragma once

#include <string>
#include <string_view>

#include "lrs/extension/extension.h"
#include "plugin/api/http_context.h"

namespace outcomes {

class HttpApi {
 public:
  HttpApi(OutcomeService& service, DashboardService& dashboards, RosterService& roster,
          EmbedService& embeds, ImpactService& impacts, LtiService& lti)
      : services_{service, dashboards, roster, embeds, impacts, lti} {}

  // Whether the plugin authenticates `request` itself: the web dashboard's files and the public
  // LTI routes (the launch checks its own token), or a bearer token (a dashboard link).
  bool AuthenticatesItself(const HttpRequest& request) const;
  // A request from a caller the LRS authenticated, or (caller.authenticated false) one that
  // AuthenticatesItself. Errors are the LRS's to map to statuses: kUnauthorized for a link that
  // is malformed, altered or expired; kNotFound for no route; kMethodNotAllowed; kForbidden
  // for a caller the route table does not admit, saying why.
  Result<HttpResponse> Handle(const HttpRequest& request, const lrs::ext::Caller& caller);
  // The methods `path` answers ("GET, HEAD, PUT"), "" when no route matches it.
  std::string Allow(std::string_view path) const;

 private:
  // Routes `request` for the caller of `store_id` (a credential's `caller`, or a link's
  // `grant`).
  Result<HttpResponse> Route(const HttpRequest& request, const lrs::ext::Caller* caller,
                             const EmbedGrant* grant);

  Services services_;
};

}  // namespace outcomes
