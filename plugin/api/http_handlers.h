// The handlers of the outcome plugin's HTTP API, one file per resource (internal to
// plugin/api). The router (http_api.cpp) names each in its route table with the method, the
// scope a credential needs and what a dashboard link may read; a handler is only reached once
// the router has allowed the request, and reads only what its RequestContext says.
#pragma once

#include "plugin/api/http_context.h"

namespace outcomes {

// http_outcomes.cpp — declarations and headlines.
// GET /outcomes (?team=|manager=): every outcome with its headline; a link sees only its own.
Result<HttpResponse> ListOutcomes(const Services& s, const RequestContext& ctx);
// GET /outcomes?statementId=ID: the outcomes tagging one statement (of those a link names; for
// a team link, only statements of the team's learners).
Result<HttpResponse> OutcomesOfStatement(const Services& s, const RequestContext& ctx);
// GET, PUT, DELETE /outcomes/{id}.
Result<HttpResponse> GetOutcome(const Services& s, const RequestContext& ctx);
Result<HttpResponse> PutOutcome(const Services& s, const RequestContext& ctx);
Result<HttpResponse> DeleteOutcome(const Services& s, const RequestContext& ctx);

// http_statements.cpp — GET /outcomes/{id}/statements: the tagged statements, paged by a
// "more" token that carries the whole query.
Result<HttpResponse> ListTagged(const Services& s, const RequestContext& ctx);
// The listing's query from its parameters (or its "more" token), within the caller's view.
Result<TaggedQuery> TaggedQueryOf(const RequestContext& ctx, const Params& params);

// http_kpi.cpp — GET and POST /outcomes/{id}/kpi.
Result<HttpResponse> GetKpi(const Services& s, const RequestContext& ctx);
Result<HttpResponse> PostKpi(const Services& s, const RequestContext& ctx);

// http_dashboard.cpp — GET /outcomes/{id}/dashboard and /outcomes/{id}/learners.
Result<HttpResponse> GetDashboard(const Services& s, const RequestContext& ctx);
Result<HttpResponse> GetLearners(const Services& s, const RequestContext& ctx);
// The dashboard of ctx.outcome_id for `params` (checked here) and the query they make.
Result<Dashboard> ReadDashboard(const Services& s, const RequestContext& ctx, const Params& params,
                                DashboardQuery* query);

// http_export.cpp — GET /outcomes/{id}/export/statements and /export/series (CSV, NDJSON).
Result<HttpResponse> ExportStatements(const Services& s, const RequestContext& ctx);
Result<HttpResponse> ExportSeries(const Services& s, const RequestContext& ctx);

// http_impact.cpp — GET /outcomes/{id}/impact (the impact estimate) and /export/impact (its
// cells and event study as CSV or NDJSON rows).
Result<HttpResponse> GetImpact(const Services& s, const RequestContext& ctx);
Result<HttpResponse> ExportImpact(const Services& s, const RequestContext& ctx);

// http_roster.cpp — GET and PUT /outcomes/roster.
Result<HttpResponse> GetRoster(const Services& s, const RequestContext& ctx);
Result<HttpResponse> PutRoster(const Services& s, const RequestContext& ctx);

// http_embed.cpp — POST /outcomes/embed: a signed dashboard link.
Result<HttpResponse> IssueLink(const Services& s, const RequestContext& ctx);

// http_lti.cpp — LTI 1.3 (plugin/api/lti_service.h). Public (the platform and the browser call
// them; the launch authenticates its id_token itself):
// GET /outcomes/lti/jwks: the tool's public keys.
Result<HttpResponse> GetLtiJwks(const Services& s, const RequestContext& ctx);
// GET|POST /outcomes/lti/login: OIDC login initiation, a 302 to the platform's auth URL.
Result<HttpResponse> LtiLogin(const Services& s, const RequestContext& ctx);
// POST /outcomes/lti/launch: the launch; an HTML page framing the dashboard the roles allow,
// with Content-Security-Policy frame-ancestors naming the store's platforms.
Result<HttpResponse> LtiLaunch(const Services& s, const RequestContext& ctx);
// POST /outcomes/lti/deep-link: the deep linking picker's choice; a page posting the signed
// LtiDeepLinkingResponse to the platform's deep_link_return_url.
Result<HttpResponse> LtiDeepLink(const Services& s, const RequestContext& ctx);
// For a credential: GET and POST /outcomes/lti/platforms, DELETE /outcomes/lti/platforms/{id}.
Result<HttpResponse> ListLtiPlatforms(const Services& s, const RequestContext& ctx);
Result<HttpResponse> AddLtiPlatform(const Services& s, const RequestContext& ctx);
Result<HttpResponse> RemoveLtiPlatform(const Services& s, const RequestContext& ctx);
// POST /outcomes/lti/platforms/{id}/roster-sync {"context_id", "memberships_url"}: NRPS now.
Result<HttpResponse> SyncLtiRoster(const Services& s, const RequestContext& ctx);

}  // namespace outcomes
