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
//   PUT    /outcomes/roster              replace the roster (text/csv: learner, team, manager...)
//   GET    /outcomes/roster              the roster (?team= or ?manager=)
// GET /outcomes, and the statements, kpi, dashboard and learners of an outcome, take team=T (a
// team of the roster) or manager=M (every team of that manager): a team view.
// Reading needs the scope outcomes/read (or outcomes/write, all/read, all); writing needs
// outcomes/write (or all).
#pragma once

#include <string>
#include <string_view>

#include "lrs/extension/extension.h"
#include "plugin/api/dashboard_service.h"
#include "plugin/api/outcome_service.h"
#include "plugin/api/roster_service.h"

namespace outcomes {

class HttpApi {
 public:
  HttpApi(OutcomeService& service, DashboardService& dashboards, RosterService& roster)
      : service_(service), dashboards_(dashboards), roster_(roster) {}

  Result<lrs::http::HttpResponse> Handle(const lrs::http::HttpRequest& request,
                                         const lrs::ext::Caller& caller);
  // The methods `path` answers.
  std::string Allow(std::string_view path) const;

 private:
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
};

}  // namespace outcomes
