#include "plugin/api/commands.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"

namespace outcomes {

namespace {

constexpr char kUsage[] =
    "Usage:\n"
    "  outcome-lrs outcomes apply --db PATH --plugin PATH [--store NAME] FILE...\n"
    "  outcome-lrs outcomes list  --db PATH --plugin PATH [--store NAME]\n"
    "  outcome-lrs outcomes check --db PATH --plugin PATH [--store NAME] [--repair]\n"
    "\n"
    "apply  Declares the outcomes in each FILE (a declaration, or an array of them, following\n"
    "       schemas/outcome.schema.json). Every file is checked before anything is written;\n"
    "       an invalid one stops the command with the field at fault. A new outcome, or one\n"
    "       whose rules changed, is tagged against the stored history in the background by\n"
    "       the running server (GET /outcomes/{id} shows the progress).\n"
    "list   The outcomes of the store, with their tagging progress and tag counts.\n"
    "check  Checks every outcome's rollups (what dashboards count) against its tags, recomputed\n"
    "       with plain GROUP BY queries; lists each row that differs and exits 1 when any does.\n"
    "       With --repair, rewrites those rows from the tags (a damaged row included). Without\n"
    "       --store it checks every store.\n"
    "--store NAME  The store (tenant), default \"default\".\n";

constexpr char kKpiUsage[] =
    "Usage:\n"
    "  outcome-lrs kpi import --db PATH --plugin PATH --outcome ID [--store NAME] FILE.csv\n"
    "  outcome-lrs kpi list   --db PATH --plugin PATH --outcome ID [--store NAME]\n"
    "\n"
    "import  Records the KPI observations of a CSV export (from an ERP, CRM or HR system) for\n"
    "        outcome ID. With a header row, columns are found by name: date (or day, period),\n"
    "        value (or kpi, metric), and optionally agent (or learner, email, mbox, user: an\n"
    "        e-mail address or an xAPI Agent in JSON) or team (or group); without one they are\n"
    "        date, value, agent, team in that order. Dates are YYYY-MM-DD or ISO 8601\n"
    "        timestamps. Every row is checked first: any bad row stops the import, naming its\n"
    "        line, and nothing is recorded. A row for a date and learner, team or whole\n"
    "        audience already recorded replaces the earlier value.\n"
    "list    The outcome's observations, by date.\n"
    "--store NAME  The store (tenant), default \"default\".\n";

constexpr char kRosterUsage[] =
    "Usage:\n"
    "  outcome-lrs roster import --db PATH --plugin PATH [--store NAME] FILE.csv\n"
    "  outcome-lrs roster list   --db PATH --plugin PATH [--store NAME] [--team T | --manager M]\n"
    "\n"
    "import  Replaces the store's roster (teams and managers) with FILE.csv. Its header row names\n"
    "        the columns, in any order: the learner by mbox (an e-mail address or mailto IRI),\n"
    "        mbox_sha1sum, or account_homepage and account_name (one of them per row); team;\n"
    "        and optionally manager (the manager's identifier) and segment. A learner is in one\n"
    "        team. Every row is checked first: any bad row stops the import, naming its line,\n"
    "        and the stored roster is left as it was.\n"
    "list    The roster, or one team's rows (--team), or the rows of a manager's teams.\n"
    "--store NAME  The store (tenant), default \"default\".\n";

constexpr char kEmbedUsage[] =
    "Usage:\n"
    "  outcome-lrs embed-url --db PATH --plugin PATH --outcome ID[,ID...]\n"
    "                        [--team T | --manager M] [--ttl 1h] [--base URL] [--store NAME]\n"
    "\n"
    "Prints a signed link to the dashboards of the outcomes, for embedding in an LMS page (an\n"
    "iframe) without sharing LRS credentials. Whoever has the link can read those dashboards,\n"
    "limited to team T or to the teams of manager M (both from the roster) when given, until\n"
    "it expires: --ttl is 90s, 15m, 1h (the default), 7d, up to 366d. --base is the LRS as\n"
    "the viewer's browser reaches it (default http://127.0.0.1:8080). A link that is expired,\n"
    "altered, or used for another outcome or team shows nothing and says why.\n"
    "--store NAME  The store (tenant), default \"default\".\n";

constexpr char kLtiUsage[] =
    "Usage:\n"
    "  outcome-lrs lti add-platform --db PATH --plugin PATH [--store NAME] --issuer ISS\n"
    "                  --client-id ID --auth-url URL --token-url URL --jwks-url URL\n"
    "                  --deployment ID [--deployment ID...] [--agent-match email|account]\n"
    "  outcome-lrs lti list         --db PATH --plugin PATH [--store NAME]\n"
    "  outcome-lrs lti remove       --db PATH --plugin PATH [--store NAME] ID\n"
    "  outcome-lrs lti rotate-key   --db PATH --plugin PATH\n"
    "  outcome-lrs lti sync-roster  --db PATH --plugin PATH [--store NAME] --platform ID\n"
    "                  --context CONTEXT_ID [--memberships-url URL]\n"
    "\n"
    "add-platform  Registers an LMS (an LTI 1.3 platform) for the store, with the values the LMS\n"
    "              shows for this tool: its issuer, the client id it gave the tool, its\n"
    "              authorization (OIDC auth), token and JWKS (public keyset) URLs, and the\n"
    "              deployment ids accepted. URLs must be https (http only for a loopback\n"
    "              address). A launch from it reaches this store only. A running server uses it\n"
    "              from its next request. --agent-match: how its users are matched to xAPI\n"
    "              agents: email (mbox mailto:, the default) or account (homePage the issuer,\n"
    "              name the LMS's user id).\n"
    "list          The store's platforms, with their ids.\n"
    "remove        Removes platform ID of the store.\n"
    "rotate-key    Makes a new tool signing key; /outcomes/lti/jwks publishes it and the one\n"
    "              before it.\n"
    "sync-roster   Fetches the course's memberships from the platform (LTI NRPS 2.0) and keeps\n"
    "              the course as the roster team CONTEXT_ID (its active learners). Without\n"
    "              --memberships-url: the URL the last launch from that course offered.\n"
    "--store NAME  The store (tenant), default \"default\".\n";

// One command's usage text and error reporting.
struct Cli {
  const char* name;
  const char* usage;

  int Usage(const std::string& message) const {
    std::fprintf(stderr, "outcome-lrs %s: %s\n\n%s", name, message.c_str(), usage);
    return 2;
  }
  int Fail(const std::string& message) const {
    std::fprintf(stderr, "outcome-lrs %s: %s\n", name, message.c_str());
    return 1;
  }
};

// Splits "--NAME VALUE" (or "--NAME=VALUE") options named in `values` off `args`; the rest stays
// in `rest`.
bool TakeOptions(const std::vector<std::string>& args,
                 const std::vector<std::pair<std::string, std::string*>>& values,
                 std::vector<std::string>* rest, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    bool taken = false;
    for (const auto& [name, value] : values) {
      const std::string flag = "--" + name;
      if (args[i] == flag) {
        if (i + 1 >= args.size()) {
          *error = flag + " needs a value";
          return false;
        }
        *value = args[++i];
        taken = true;
      } else if (args[i].rfind(flag + "=", 0) == 0) {
        *value = args[i].substr(flag.size() + 1);
        taken = true;
      }
      if (taken) break;
    }
    if (!taken) rest->push_back(args[i]);
  }
  return true;
}

// The id of store `name`.
Result<int64_t> StoreId(lrs::ext::Host& host, const std::string& name) {
  auto store = host.FindStore(name);
  if (!store.ok()) return store.error();
  if (!store.value()) return lrs::Error::NotFound("no store named \"" + name + "\"");
  return *store.value();
}

Result<std::string> ReadFile(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return lrs::Error::BadRequest("cannot read " + file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int RunOutcomesCommand(lrs::ext::Host& host, OutcomeService& service,
                       const std::vector<std::string>& args) {
  const Cli cli{"outcomes", kUsage};
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string store_name;
  std::vector<std::string> rest;
  std::string error;
  if (!TakeOptions({args.begin() + 1, args.end()}, {{"store", &store_name}}, &rest, &error)) {
    return cli.Usage(error);
  }
  if (args[0] == "check") {
    const bool repair = std::find(rest.begin(), rest.end(), "--repair") != rest.end();
    if (rest.size() > (repair ? 1u : 0u)) {
      return cli.Usage("unexpected argument \"" + (rest[0] == "--repair" ? rest[1] : rest[0]) +
                       "\"");
    }
    std::optional<int64_t> only;
    if (!store_name.empty()) {
      auto store = StoreId(host, store_name);
      if (!store.ok()) return cli.Fail(store.error().message());
      only = store.value();
    }
    auto audit = service.CheckRollups(only, repair);
    if (!audit.ok()) return cli.Fail(audit.error().message());
    const RollupAudit& a = audit.value();
    for (const std::string& difference : a.differences)
      std::printf("%s%s\n", a.repaired ? "repaired: " : "", difference.c_str());
    std::printf(
        "%lld generations, %lld learner-days, %lld learners checked against their tags, "
        "%lld KPI series against their observations: %s\n",
        static_cast<long long>(a.generations), static_cast<long long>(a.days),
        static_cast<long long>(a.learners), static_cast<long long>(a.kpi_series),
        a.differences.empty() ? "the rollups are right"
        : a.repaired          ? "the differing rows were rebuilt from the tags"
                              : "the rollups differ (outcome-lrs outcomes check --repair "
                                "rebuilds them from the tags)");
    return a.differences.empty() || a.repaired ? 0 : 1;
  }
  if (store_name.empty()) store_name = "default";
  auto store = StoreId(host, store_name);
  if (!store.ok()) return cli.Fail(store.error().message());
  const int64_t store_id = store.value();

  if (args[0] == "list") {
    if (!rest.empty()) return cli.Usage("unexpected argument \"" + rest[0] + "\"");
    auto views = service.List(store_id);
    if (!views.ok()) return cli.Fail(views.error().message());
    std::printf("%-32s %-9s %21s %12s\n", "OUTCOME", "TAGGING", "PROCESSED/TOTAL", "TAGGED");
    for (const OutcomeView& v : views.value().outcomes) {
      std::printf("%-32s %-9s %10lld/%-10lld %12lld\n", v.row.outcome_id.c_str(),
                  v.row.tagging_state.c_str(), static_cast<long long>(v.row.tagging_processed),
                  static_cast<long long>(v.row.tagging_total),
                  static_cast<long long>(v.tagged_statements));
    }
    return 0;
  }
  if (args[0] != "apply") return cli.Usage("unknown action \"" + args[0] + "\"");
  if (rest.empty()) return cli.Usage("apply needs at least one FILE");

  // Read and check everything first: an invalid file stops the command before any write.
  std::vector<std::pair<std::string, json::Document>> declarations;
  for (const std::string& file : rest) {
    auto text = ReadFile(file);
    if (!text.ok()) return cli.Fail(text.error().message());
    json::Document doc;
    lrs::Status parsed = json::Parse(text.value(), &doc);
    if (!parsed.ok()) return cli.Fail(file + ": " + parsed.error().message());
    auto check = [&](const json::Value& d, const std::string& where) -> bool {
      auto outcome = ParseOutcome(d);
      if (!outcome.ok()) {
        std::fprintf(stderr, "outcome-lrs outcomes: %s: %s\n", where.c_str(),
                     outcome.error().message().c_str());
        return false;
      }
      json::Document copy;
      copy.CopyFrom(d, copy.GetAllocator());
      declarations.emplace_back(where, std::move(copy));
      return true;
    };
    if (doc.IsArray()) {
      for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
        if (!check(doc[i], file + "[" + std::to_string(i) + "]")) return 1;
      }
    } else if (!check(doc, file)) {
      return 1;
    }
  }
  for (auto& [where, declaration] : declarations) {
    auto put = service.Put(store_id, declaration, std::nullopt);
    if (!put.ok()) return cli.Fail(where + ": " + put.error().message());
    const PutOutcome& p = put.value();
    const char* what = p.created ? "created" : p.changed ? "updated" : "unchanged";
    std::printf("%s %s", what, p.outcome.row.outcome_id.c_str());
    if (p.retagging) {
      std::printf(" (tagging %lld stored statements in the background)",
                  static_cast<long long>(p.outcome.row.tagging_total));
    }
    std::printf("\n");
  }
  return 0;
}

int RunKpiCommand(lrs::ext::Host& host, DashboardService& dashboards,
                  const std::vector<std::string>& args) {
  const Cli cli{"kpi", kKpiUsage};
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::fputs(kKpiUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string store_name = "default";
  std::string outcome;
  std::vector<std::string> rest;
  std::string error;
  if (!TakeOptions({args.begin() + 1, args.end()}, {{"store", &store_name}, {"outcome", &outcome}},
                   &rest, &error)) {
    return cli.Usage(error);
  }
  if (args[0] != "import" && args[0] != "list") {
    return cli.Usage("unknown action \"" + args[0] + "\"");
  }
  if (outcome.empty()) return cli.Usage(args[0] + " needs --outcome ID");
  auto store = StoreId(host, store_name);
  if (!store.ok()) return cli.Fail(store.error().message());

  if (args[0] == "list") {
    if (!rest.empty()) return cli.Usage("unexpected argument \"" + rest[0] + "\"");
    auto kpi = dashboards.Kpi(store.value(), outcome, KpiQuery{});
    if (!kpi.ok()) return cli.Fail(kpi.error().message());
    std::printf("%-10s %16s  %s\n", "DATE", "VALUE", "FOR");
    for (const KpiObservation& o : kpi.value().observations) {
      const std::string subject = o.agent ? *o.agent : o.team ? "team " + *o.team : "audience";
      std::printf("%-10s %16.6g  %s\n", o.date.c_str(), o.value, subject.c_str());
    }
    return 0;
  }
  if (rest.size() != 1) return cli.Usage("import needs exactly one FILE.csv");
  auto text = ReadFile(rest[0]);
  if (!text.ok()) return cli.Fail(text.error().message());
  auto observations = ParseKpiCsv(text.value());
  if (!observations.ok()) return cli.Fail(rest[0] + ": " + observations.error().message());
  Status recorded = dashboards.RecordKpi(store.value(), outcome, observations.value());
  if (!recorded.ok()) return cli.Fail(recorded.error().message());
  std::printf("imported %zu observations of %s from %s\n", observations.value().size(),
              outcome.c_str(), rest[0].c_str());
  return 0;
}

int RunRosterCommand(lrs::ext::Host& host, RosterService& roster,
                     const std::vector<std::string>& args) {
  const Cli cli{"roster", kRosterUsage};
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::fputs(kRosterUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string store_name = "default";
  std::string team, manager;
  std::vector<std::string> rest;
  std::string error;
  if (!TakeOptions({args.begin() + 1, args.end()},
                   {{"store", &store_name}, {"team", &team}, {"manager", &manager}}, &rest,
                   &error)) {
    return cli.Usage(error);
  }
  if (args[0] != "import" && args[0] != "list") {
    return cli.Usage("unknown action \"" + args[0] + "\"");
  }
  auto store = StoreId(host, store_name);
  if (!store.ok()) return cli.Fail(store.error().message());

  if (args[0] == "list") {
    if (!rest.empty()) return cli.Usage("unexpected argument \"" + rest[0] + "\"");
    TeamFilter filter;
    if (!team.empty()) filter.team = team;
    if (!manager.empty()) filter.manager = manager;
    auto listing = roster.List(store.value(), filter);
    if (!listing.ok()) return cli.Fail(listing.error().message());
    std::printf("%-24s %-24s %-16s %s\n", "TEAM", "MANAGER", "SEGMENT", "LEARNER");
    for (const RosterEntry& e : listing.value().entries) {
      std::printf("%-24s %-24s %-16s %s\n", e.team.c_str(), e.manager.c_str(), e.segment.c_str(),
                  e.agent.c_str());
    }
    return 0;
  }
  if (!team.empty() || !manager.empty()) return cli.Usage("import takes no --team or --manager");
  if (rest.size() != 1) return cli.Usage("import needs exactly one FILE.csv");
  auto text = ReadFile(rest[0]);
  if (!text.ok()) return cli.Fail(text.error().message());
  auto entries = ParseRosterCsv(text.value());
  if (!entries.ok()) return cli.Fail(rest[0] + ": " + entries.error().message());
  Status replaced = roster.Replace(store.value(), entries.value());
  if (!replaced.ok()) return cli.Fail(replaced.error().message());
  std::printf("imported a roster of %zu learners from %s (it replaces the earlier one)\n",
              entries.value().size(), rest[0].c_str());
  return 0;
}

int RunEmbedUrlCommand(lrs::ext::Host& host, EmbedService& embeds,
                       const std::vector<std::string>& args) {
  const Cli cli{"embed-url", kEmbedUsage};
  if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
    std::fputs(kEmbedUsage, stdout);
    return 0;
  }
  std::string store_name = "default";
  std::string outcome_list;
  std::string team;
  std::string manager;
  std::string ttl = "1h";
  std::string base = "http://127.0.0.1:8080";
  std::vector<std::string> rest;
  std::string error;
  if (!TakeOptions(args,
                   {{"store", &store_name},
                    {"outcome", &outcome_list},
                    {"team", &team},
                    {"manager", &manager},
                    {"ttl", &ttl},
                    {"base", &base}},
                   &rest, &error)) {
    return cli.Usage(error);
  }
  if (!rest.empty()) return cli.Usage("unexpected argument \"" + rest[0] + "\"");
  std::vector<std::string> outcome_ids;
  for (std::string_view id : lrs::Split(outcome_list, ',')) {
    if (!lrs::Trim(id).empty()) outcome_ids.emplace_back(lrs::Trim(id));
  }
  if (outcome_ids.empty()) return cli.Usage("--outcome ID is required");
  auto ttl_s = ParseTtl(ttl);
  if (!ttl_s.ok()) return cli.Usage(ttl_s.error().message());
  auto store = StoreId(host, store_name);
  if (!store.ok()) return cli.Fail(store.error().message());
  TeamFilter filter;
  if (!team.empty()) filter.team = team;
  if (!manager.empty()) filter.manager = manager;
  auto link = embeds.Issue(store.value(), outcome_ids, filter, ttl_s.value(), base);
  if (!link.ok()) return cli.Fail(link.error().message());
  std::printf("%s\n", link.value().url.c_str());
  std::fprintf(stderr, "valid until %s\n",
               lrs::FormatMillisUtc(link.value().grant.expires_s * 1'000'000).c_str());
  return 0;
}

int RunLtiCommand(lrs::ext::Host& host, LtiService& lti, const std::vector<std::string>& args) {
  const Cli cli{"lti", kLtiUsage};
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::fputs(kLtiUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  const std::string& action = args[0];
  if (action == "rotate-key") {
    if (args.size() > 1) return cli.Usage("unexpected argument \"" + args[1] + "\"");
    auto key = lti.RotateKey();
    if (!key.ok()) return cli.Fail(key.error().message());
    std::printf("new tool key %s (the JWKS now publishes it and the one before it)\n",
                key.value().kid.c_str());
    return 0;
  }
  std::string store_name = "default";
  std::string platform_id;
  std::string context_id;
  std::string memberships_url;
  LtiPlatformRow row;
  std::vector<std::string> rest;
  std::string error;
  std::vector<std::string> options;
  // --deployment may repeat: take each occurrence out first.
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--deployment" && i + 1 < args.size()) {
      row.deployments.push_back(args[++i]);
    } else if (args[i].rfind("--deployment=", 0) == 0) {
      row.deployments.push_back(args[i].substr(13));
    } else {
      options.push_back(args[i]);
    }
  }
  if (!TakeOptions(options,
                   {{"store", &store_name},
                    {"issuer", &row.issuer},
                    {"client-id", &row.client_id},
                    {"auth-url", &row.auth_url},
                    {"token-url", &row.token_url},
                    {"jwks-url", &row.jwks_url},
                    {"agent-match", &row.agent_match},
                    {"platform", &platform_id},
                    {"context", &context_id},
                    {"memberships-url", &memberships_url}},
                   &rest, &error)) {
    return cli.Usage(error);
  }
  auto store = StoreId(host, store_name);
  if (!store.ok()) return cli.Fail(store.error().message());
  if (action == "add-platform") {
    if (!rest.empty()) return cli.Usage("unexpected argument \"" + rest[0] + "\"");
    auto added = lti.AddPlatform(store.value(), std::move(row));
    if (!added.ok()) return cli.Fail(added.error().message());
    std::printf("registered platform %lld: issuer %s, client id %s\n",
                static_cast<long long>(added.value().id), added.value().issuer.c_str(),
                added.value().client_id.c_str());
    return 0;
  }
  if (action == "sync-roster") {
    if (!rest.empty()) return cli.Usage("unexpected argument \"" + rest[0] + "\"");
    char* end = nullptr;
    const long long id = std::strtoll(platform_id.c_str(), &end, 10);
    if (platform_id.empty() || *end != '\0' || id <= 0) {
      return cli.Usage("--platform ID (a number, as lti list shows) is required");
    }
    auto sync = lti.SyncRoster(store.value(), id, context_id, memberships_url);
    if (!sync.ok()) return cli.Fail(sync.error().message());
    std::printf("team %s: %lld learners of %lld members (%lld pages)\n", sync.value().team.c_str(),
                static_cast<long long>(sync.value().learners),
                static_cast<long long>(sync.value().members),
                static_cast<long long>(sync.value().pages));
    for (const std::string& why : sync.value().skipped)
      std::printf("skipped %s\n", why.c_str());
    return 0;
  }
  if (action == "list") {
    if (!rest.empty()) return cli.Usage("unexpected argument \"" + rest[0] + "\"");
    auto rows = lti.ListPlatforms(store.value());
    if (!rows.ok()) return cli.Fail(rows.error().message());
    for (const LtiPlatformRow& p : rows.value()) {
      std::string deployments;
      for (const std::string& d : p.deployments)
        deployments += (deployments.empty() ? "" : ",") + d;
      std::printf(
          "%lld\tissuer=%s\tclient_id=%s\tauth_url=%s\ttoken_url=%s\tjwks_url=%s\t"
          "deployments=%s\tagent_match=%s\n",
          static_cast<long long>(p.id), p.issuer.c_str(), p.client_id.c_str(), p.auth_url.c_str(),
          p.token_url.c_str(), p.jwks_url.c_str(), deployments.c_str(), p.agent_match.c_str());
    }
    return 0;
  }
  if (action == "remove") {
    if (rest.size() != 1) return cli.Usage("remove needs one platform ID (see lti list)");
    char* end = nullptr;
    const long long id = std::strtoll(rest[0].c_str(), &end, 10);
    if (*end != '\0' || id <= 0) return cli.Usage("\"" + rest[0] + "\" is not a platform id");
    Status removed = lti.RemovePlatform(store.value(), id);
    if (!removed.ok()) return cli.Fail(removed.error().message());
    std::printf("removed platform %lld\n", id);
    return 0;
  }
  return cli.Usage("unknown action \"" + action + "\"");
}

}  // namespace outcomes
