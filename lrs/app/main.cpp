// outcome-lrs: the Outcome LRS server and its administration commands.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "lrs/app/cli.h"
#include "lrs/core/log.h"

#ifndef OUTCOME_LRS_VERSION
#define OUTCOME_LRS_VERSION "0.0.0"
#endif

namespace {

const char kUsage[] =
    "Usage:\n"
    "  outcome-lrs serve [--db PATH|URI] [--listen HOST:PORT] [--log-level LEVEL]\n"
    "                    [--max-body-bytes N] [--page-size N] [--threads N]\n"
    "                    [--synchronous full|normal] [--busy-timeout-ms N] [--pool-size N]\n"
    "                    [--statement-timeout-ms N] [--log-format text|json]\n"
    "                    [--metrics-listen HOST:PORT] [--rate-limit N] [--max-uploads N]\n"
    "                    [--plugin PATH]...\n"
    "  outcome-lrs credentials add --db PATH|URI --scopes LIST [--key KEY --secret SECRET]\n"
    "                    [--store NAME] [--name NAME] [--home-page IRL] [--plugin PATH]...\n"
    "  outcome-lrs credentials list --db PATH [--store NAME]\n"
    "  outcome-lrs credentials revoke --db PATH --key KEY\n"
    "  outcome-lrs migrate --from PATH --to URI [--plugin PATH]... [--without-plugin-data]\n"
    "                    [--verify] [--batch-rows N]\n"
    "  outcome-lrs backup --db PATH --to FILE\n"
    "  outcome-lrs forget --db PATH|URI --agent JSON [--store NAME] [--block]\n"
    "                    [--pseudonym-home-page IRL] [--plugin PATH]...\n"
    "  outcome-lrs COMMAND --db PATH --plugin PATH ...   (a command of a plugin)\n"
    "  outcome-lrs --help | --version\n"
    "\n"
    "credentials add  Create an HTTP Basic credential and print its key and secret (the secret\n"
    "                 is stored hashed and never shown again).\n"
    "  --scopes LIST      xAPI scopes, comma or space separated: statements/write,\n"
    "                     statements/read, statements/read/mine, all/read, all, define,\n"
    "                     state, profile; admin (metrics and administration; not\n"
    "                     included in all)\n"
    "  --key/--secret     Use these instead of generated ones (both or either)\n"
    "  --store NAME       The store (tenant) the credential belongs to, created when missing\n"
    "                     (default: default)\n"
    "  --name NAME        Who it is for; shown as the name of its authority Agent\n"
    "  --home-page IRL    The account homePage of its authority Agent\n"
    "credentials list   List credentials (never secrets), optionally of one store.\n"
    "credentials revoke Revoke a credential; a running server refuses it from the next request.\n"
    "migrate          Copy an SQLite LRS database into an empty PostgreSQL database (made by\n"
    "                 the PostgreSQL schema's own migrations), then verify it: rows and a\n"
    "                 SHA-256 per table on both sides, printed; any difference names the\n"
    "                 table and exits 1. Stop the server on the SQLite file first (each run\n"
    "                 reads one snapshot of it and never writes it). Copies in batches, each\n"
    "                 committed with its progress: after an interruption, run the same\n"
    "                 command again to resume.\n"
    "  --from PATH        The SQLite database file (of this outcome-lrs's schema version)\n"
    "  --to URI           postgresql://USER@HOST:PORT/DBNAME, empty or a partial copy of PATH\n"
    "                     (the password from PGPASSWORD, ~/.pgpass or a service file)\n"
    "  --plugin PATH      Also copy the tables of this plugin (repeatable; or\n"
    "                     OUTCOME_LRS_PLUGINS): build/plugin/liboutcomes.so for the outcome\n"
    "                     plugin's outcomes, tags, rollups, KPI, roster and link keys\n"
    "  --without-plugin-data  Copy the rest when the file holds data of a plugin not loaded,\n"
    "                     leaving that data behind; refused without it\n"
    "  --verify           Only verify a finished copy\n"
    "  --batch-rows N     Rows per batch (default: 2000; a batch also ends past 8 MiB)\n"
    "backup           Copy a live SQLite database, servers running, into the new file FILE\n"
    "                 (SQLite's online backup API: one consistent snapshot, every table,\n"
    "                 plugins' included), check it and print what it holds. Restore by\n"
    "                 serving the copy: outcome-lrs serve --db FILE. FILE is never\n"
    "                 overwritten. For PostgreSQL use pg_dump or your provider's backups.\n"
    "forget           Erase a person (GDPR Art. 17; xAPI only voids, this deletes): their\n"
    "                 statements and those voiding them, their State and Agent Profile\n"
    "                 documents, attachments no one else's statement names; in others'\n"
    "                 statements a pseudonym account takes their place. One transaction;\n"
    "                 prints the counts as JSON. Leaves a salted hash of the identifier.\n"
    "  --agent JSON       The Agent, by one identifier: {\"mbox\": \"mailto:ann@example.com\"}\n"
    "  --store NAME       The store to erase them from (default: default)\n"
    "  --block            Refuse statements whose actor is this person from now on (403)\n"
    "  --pseudonym-home-page IRL  The pseudonym account's homePage\n"
    "                     (default: https://outcome-lrs.invalid/erased)\n"
    "  --plugin PATH      Let this plugin erase its part too (repeatable; or\n"
    "                     OUTCOME_LRS_PLUGINS): build/plugin/liboutcomes.so\n"
    "COMMAND          A command of a loaded plugin; `outcome-lrs COMMAND --plugin PATH --help`\n"
    "                 describes it.\n";

// `outcome-lrs serve --help`, and the part of --help about serve.
const char kServeUsage[] =
    "serve            Serve xAPI 1.0.3 and 2.0.0 at http://HOST:PORT/xapi/ until SIGINT/SIGTERM.\n"
    "  --db PATH          SQLite database file, created with its directory on first use\n"
    "                     (default: data/lrs.db)\n"
    "  --db URI           or a PostgreSQL database: postgresql://USER@HOST:PORT/DBNAME\n"
    "                     (libpq URI, also postgres://; ?sslmode=... for TLS). Never a password\n"
    "                     in it: PGPASSWORD, ~/.pgpass (PGPASSFILE) or a service file. Every\n"
    "                     command takes the same --db.\n"
    "  --listen HOST:PORT Address to listen on (default: 127.0.0.1:8080)\n"
    "  --log-level LEVEL  debug, info, warn or error (default: info); info logs every request\n"
    "  --log-format F     text (default) or json: one JSON object per line (time, level,\n"
    "                     message; for requests also request_id, method, path, status,\n"
    "                     duration_ms). Every response carries X-Request-Id either way\n"
    "  --max-body-bytes N Largest request body accepted; larger ones get 413 (default: 16777216)\n"
    "  --page-size N      Most statements per GET /statements page (default: 500)\n"
    "  --threads N        HTTP worker threads (default: 16)\n"
    "  --synchronous M    full: acknowledge only what is on disk (default);\n"
    "                     normal: faster, may lose the last writes on power loss\n"
    "  --busy-timeout-ms N How long to wait for a database lock another process holds\n"
    "                     before answering 503 with Retry-After (default: 10000)\n"
    "  --pool-size N      Database connections for reads (default: 4 on SQLite, 8 on\n"
    "                     PostgreSQL, plus the writer's)\n"
    "  --statement-timeout-ms N  PostgreSQL only: cancel a statement running longer (503)\n"
    "  --metrics-listen HOST:PORT  Also serve GET /metrics (Prometheus text) without\n"
    "                     credentials on this address alone; on --listen it needs a\n"
    "                     credential with the admin scope\n"
    "  --rate-limit N     At most N requests per second per credential (without valid\n"
    "                     credentials: per client address), bursts of N; past it 429 with\n"
    "                     Retry-After (default: no limit; the health probes never count)\n"
    "  --max-uploads N    At most N request bodies received at once; past it 503 with\n"
    "                     Retry-After, so slow uploads cannot take every connection and\n"
    "                     buffer (default: no limit)\n"
    "  --plugin PATH      Load the plugin library PATH (repeatable); without --plugin, the\n"
    "                     colon-separated paths of OUTCOME_LRS_PLUGINS are loaded. Plugins add\n"
    "                     URL paths, scopes and commands (the outcome plugin: /outcomes,\n"
    "                     outcomes/read, outcomes/write, and the commands outcomes and kpi)\n"
    "Every serve option may instead be set by an environment variable (for containers and\n"
    "systemd units): OUTCOME_LRS_ and the option's name in capitals, dashes as underscores\n"
    "(OUTCOME_LRS_DB, OUTCOME_LRS_LISTEN, OUTCOME_LRS_LOG_LEVEL, OUTCOME_LRS_LOG_FORMAT,\n"
    "OUTCOME_LRS_MAX_BODY_BYTES, OUTCOME_LRS_PAGE_SIZE, OUTCOME_LRS_THREADS,\n"
    "OUTCOME_LRS_SYNCHRONOUS, OUTCOME_LRS_BUSY_TIMEOUT_MS, OUTCOME_LRS_POOL_SIZE,\n"
    "OUTCOME_LRS_STATEMENT_TIMEOUT_MS, OUTCOME_LRS_METRICS_LISTEN, OUTCOME_LRS_RATE_LIMIT,\n"
    "OUTCOME_LRS_MAX_UPLOADS;\n"
    "OUTCOME_LRS_PLUGINS for --plugin). An option on the command line wins over its variable.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = args[0];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    std::fputs("\n", stdout);
    std::fputs(kServeUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("outcome-lrs %s (xAPI 1.0.3, 2.0.0)\n", OUTCOME_LRS_VERSION);
    return 0;
  }
  // Commands other than serve print their results; only warnings and errors are logged.
  if (command != "serve") lrs::log::SetLevel(lrs::log::Level::kWarn);
  if (command == "serve") {
    if (std::find(args.begin(), args.end(), "--help") != args.end() ||
        std::find(args.begin(), args.end(), "-h") != args.end()) {
      std::fputs(kServeUsage, stdout);
      return 0;
    }
    return lrs::app::RunServe(lrs::app::Args({args.begin() + 1, args.end()}));
  }
  if (command == "credentials" && args.size() >= 2) {
    return lrs::app::RunCredentials(args[1], lrs::app::Args({args.begin() + 2, args.end()}));
  }
  if (command == "migrate") {
    return lrs::app::RunMigrate(lrs::app::Args({args.begin() + 1, args.end()}));
  }
  if (command == "backup") {
    return lrs::app::RunBackup(lrs::app::Args({args.begin() + 1, args.end()}));
  }
  if (command == "forget") {
    return lrs::app::RunForget(lrs::app::Args({args.begin() + 1, args.end()}));
  }
  if (command == "credentials" || command.rfind("-", 0) == 0) {
    std::fprintf(stderr, "outcome-lrs: unknown command \"%s\"\n\n%s", command.c_str(), kUsage);
    return 2;
  }
  return lrs::app::RunPluginCommand(command, lrs::app::Args({args.begin() + 1, args.end()}));
}
