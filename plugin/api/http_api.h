// The HTTP API of the outcome plugin, under /outcomes:
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
//   POST   /outcomes/embed               issue a signed dashboard link (plugin/embed/link.h)
//   GET    /outcomes/ui/...              the web dashboard (plugin/api/web_assets.h)
//   PUT    /outcomes/roster              replace the roster (text/csv: learner, team, manager...)
//   GET    /outcomes/roster              the roster (?team= or ?manager=)
// GET /outcomes, and the statements, kpi, dashboard and learners of an outcome, take team=T (a
// team of the roster) or manager=M (every team of that manager): a team view.
// Reading needs the scope outcomes/read (or outcomes/write, all/read, all); writing needs
// outcomes/write (or all). A request with "Authorization: Bearer TOKEN", TOKEN a signed
// dashboard link, is authenticated by the plugin itself: it may read (GET, HEAD) the outcomes
// the link names, as the team it names (a team link forces the team filter), and nothing else.
#pragma once

#include <string>
#include <string_view>

#include "lrs/extension/extension.h"
#include "plugin/api/dashboard_service.h"
#include "plugin/api/embed_service.h"
#include "plugin/api/outcome_service.h"
#include "plugin/api/roster_service.h"

namespace outcomes {

class HttpApi {
 public:
  HttpApi(OutcomeService& service, DashboardService& dashboards, RosterService& roster,
          EmbedService& embeds)
      : service_(service), dashboards_(dashboards), roster_(roster), embeds_(embeds) {}

  // Whether the plugin authenticates `request` itself: the web dashboard's files (public), or
  // a bearer token (a dashboard link).
  bool AuthenticatesItself(const lrs::http::HttpRequest& request) const;
  // A request from a caller the LRS authenticated, or (caller.authenticated false) one that
  // AuthenticatesItself.
  Result<lrs::http::HttpResponse> Handle(const lrs::http::HttpRequest& request,
                                         const lrs::ext::Caller& caller);
  // The methods `path` answers.
  std::string Allow(std::string_view path) const;

 private:
  // `grant`: the dashboard link the request came with, or null for a credential.
  Result<lrs::http::HttpResponse> Serve(const lrs::http::HttpRequest& request,
                                        const lrs::ext::Caller& caller, const EmbedGrant* grant);
  // A request with a bearer token: checked against the link it names (api/http_embed.cpp).
  Result<lrs::http::HttpResponse> HandleLink(const lrs::http::HttpRequest& request);
  // POST /outcomes/embed (api/http_embed.cpp).
  Result<lrs::http::HttpResponse> IssueLink(const lrs::http::HttpRequest& request,
                                            const lrs::ext::Caller& caller);
  // GET /outcomes/{id}/export/statements|series (?format=csv|ndjson and the listing's or the
  // dashboard's filters): rows for BI tools (plugin/export/rows.h); statements are streamed.
  Result<lrs::http::HttpResponse> Export(const lrs::http::HttpRequest& request,
                                         const lrs::ext::Caller& caller, const std::string& id,
                                         const std::string& what);
  // The dashboard of outcome `id` for the dashboard parameters `params` (checked here), and
  // the query they make.
  Result<json::Document> ReadDashboard(const lrs::http::Params& params,
                                       const lrs::ext::Caller& caller, const std::string& id,
                                       DashboardQuery* query);
  Result<lrs::http::HttpResponse> Statements(const lrs::http::HttpRequest& request,
                                             const lrs::ext::Caller& caller, const std::string& id);
  Result<lrs::http::HttpResponse> Kpi(const lrs::http::HttpRequest& request,
                                      const lrs::ext::Caller& caller, const std::string& id);
  Result<lrs::http::HttpResponse> Dashboard(const lrs::http::HttpRequest& request,
                                            const lrs::ext::Caller& caller, const std::string& id);
  Result<lrs::http::HttpResponse> Learners(const lrs::http::HttpRequest& request,
                                           const lrs::ext::Caller& caller, const std::string& id);
  Result<lrs::http::HttpResponse> Roster(const lrs::http::HttpRequest& request,
                                         const lrs::ext::Caller& caller);
  OutcomeService& service_;
  DashboardService& dashboards_;
  RosterService& roster_;
  EmbedService& embeds_;
};

}  // namespace outcomes
