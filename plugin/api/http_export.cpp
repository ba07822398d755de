// GET /outcomes/{id}/export/statements and /outcomes/{id}/export/series: rows for BI tools
// (plugin/export/rows.h), as CSV or NDJSON (?format=csv|ndjson) with the listing's or the
// dashboard's filters. Statements are streamed a page at a time.
#include <algorithm>
#include <memory>
#include <unordered_map>

#include "lrs/xapi/agent.h"
#include "plugin/api/http_handlers.h"
#include "plugin/export/rows.h"

namespace outcomes {

namespace {

using lrs::Error;

// The format asked for (and the parameters without it), with the download's headers.
Result<ExportFormat> Prepare(const RequestContext& ctx, const std::string& what, Params* params,
                             HttpResponse* response) {
  *params = ctx.params;
  auto given = params->find("format");
  auto format = ParseExportFormat(given == params->end() ? std::string_view() : given->second);
  if (!format.ok()) return format.error();
  params->erase("format");
  response->headers.Set("Content-Type", ExportContentType(format.value()));
  response->headers.Set("Content-Disposition",
                        "attachment; filename=\"" + ctx.outcome_id + "-" + what +
                            (format.value() == ExportFormat::kCsv ? ".csv\"" : ".ndjson\""));
  return format;
}

}  // namespace

Result<HttpResponse> ExportSeries(const Services& s, const RequestContext& ctx) {
  HttpResponse response;
  Params params;
  auto format = Prepare(ctx, "series", &params, &response);
  if (!format.ok()) return format.error();
  DashboardQuery query;
  auto dashboard = ReadDashboard(s, ctx, params, &query);
  if (!dashboard.ok()) return dashboard.error();
  AppendHeader(format.value(), SeriesColumns(), &response.body);
  for (const auto& row : SeriesRows(dashboard.value()))
    AppendRow(format.value(), SeriesColumns(), row, &response.body);
  return response;
}

Result<HttpResponse> ExportStatements(const Services& s, const RequestContext& ctx) {
  HttpResponse response;
  Params params;
  auto format = Prepare(ctx, "statements", &params, &response);
  if (!format.ok()) return format.error();
  // Tagged statements, streamed a page at a time: memory stays that of one page however many
  // statements the export holds.
  for (const char* name : {"limit", "more"}) {
    if (params.count(name) > 0) {
      return Error::BadRequest(std::string(name) + ": an export always holds every statement");
    }
  }
  auto query = TaggedQueryOf(ctx, params);
  if (!query.ok()) return query.error();
  query.value().limit = 1000;
  // Oldest first unless asked otherwise: the order BI tools load history in.
  if (params.count("ascending") == 0) query.value().ascending = true;
  // The first page is read here, so that an unknown outcome or a bad filter is an error status
  // rather than a broken download.
  auto first = s.outcomes.Statements(ctx.store_id, ctx.outcome_id, query.value());
  if (!first.ok()) return first.error();
  auto roster = s.roster.List(ctx.store_id, TeamFilter{});
  if (!roster.ok()) return roster.error();

  struct State {
    OutcomeService* outcomes;
    int64_t store_id;
    std::string id;
    TaggedQuery query;
    ExportFormat format;
    std::unordered_map<std::string, std::string> team_of;  // AgentKey -> team
    std::optional<EmbedGrant> grant;  // a link lists only its own outcomes among the tags
    std::optional<TaggedPage> next;   // the page to write next; empty when done
    bool header = false;
  };
  auto state = std::make_shared<State>();
  state->outcomes = &s.outcomes;
  state->store_id = ctx.store_id;
  state->id = ctx.outcome_id;
  state->query = query.value();
  state->format = format.value();
  if (ctx.grant != nullptr) state->grant = *ctx.grant;
  for (RosterEntry& e : roster.value().entries)
    state->team_of.emplace(std::move(e.agent), std::move(e.team));
  state->next = std::move(first).value();

  response.stream = [state](std::string& out) -> Result<bool> {
    if (!state->header) {
      AppendHeader(state->format, StatementColumns(), &out);
      state->header = true;
    }
    if (!state->next) return false;
    TaggedPage page = std::move(*state->next);
    state->next.reset();
    auto outcome_ids = state->outcomes->OutcomeIdsOf(state->store_id, page.seqs);
    if (!outcome_ids.ok()) return outcome_ids.error();
    const std::vector<std::string> none;
    if (state->grant) {
      for (auto& [seq, ids] : outcome_ids.value()) {
        ids.erase(
            std::remove_if(ids.begin(), ids.end(),
                           [&](const std::string& id) { return !state->grant->AllowsOutcome(id); }),
            ids.end());
      }
    }
    for (size_t i = 0; i < page.statements.size(); ++i) {
      json::Document statement;
      LRS_RETURN_IF_ERROR(json::Parse(page.statements[i], &statement));
      std::optional<std::string> team;
      if (const json::Value* actor = json::Find(statement, "actor")) {
        if (auto key = lrs::xapi::AgentKey(*actor)) {
          auto it = state->team_of.find(*key);
          if (it != state->team_of.end()) team = it->second;
        }
      }
      auto ids = outcome_ids.value().find(page.seqs[i]);
      AppendRow(
          state->format, StatementColumns(),
          StatementRow(statement, ids == outcome_ids.value().end() ? none : ids->second, team),
          &out);
    }
    if (!page.next_after_seq) return false;
    state->query.after_seq = page.next_after_seq;
    auto more = state->outcomes->Statements(state->store_id, state->id, state->query);
    if (!more.ok()) return more.error();
    state->next = std::move(more).value();
    return true;
  };
  return response;
}

}  // namespace outcomes
