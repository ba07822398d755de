#include "plugin/api/commands.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace outcomes {

namespace {

constexpr char kUsage[] =
    "Usage:\n"
    "  outcome-lrs outcomes apply --db PATH --plugin PATH [--store NAME] FILE...\n"
    "  outcome-lrs outcomes list  --db PATH --plugin PATH [--store NAME]\n"
    "\n"
    "apply  Declares the outcomes in each FILE (a declaration, or an array of them, following\n"
    "       schemas/outcome.schema.json). Every file is checked before anything is written;\n"
    "       an invalid one stops the command with the field at fault. A new outcome, or one\n"
    "       whose rules changed, is tagged against the stored history in the background by\n"
    "       the running server (GET /outcomes/{id} shows the progress).\n"
    "list   The outcomes of the store, with their tagging progress and tag counts.\n"
    "--store NAME  The store (tenant), default \"default\".\n";

int Usage(const std::string& message) {
  std::fprintf(stderr, "outcome-lrs outcomes: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "outcome-lrs outcomes: %s\n", message.c_str());
  return 1;
}

// Splits "--store NAME" off `args`; the rest stays in `rest`.
bool TakeStore(const std::vector<std::string>& args, std::string* store,
               std::vector<std::string>* rest, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--store") {
      if (i + 1 >= args.size()) {
        *error = "--store needs a value";
        return false;
      }
      *store = args[++i];
    } else if (args[i].rfind("--store=", 0) == 0) {
      *store = args[i].substr(8);
    } else {
      rest->push_back(args[i]);
    }
  }
  return true;
}

}  // namespace

int RunOutcomesCommand(lrs::ext::Host& host, OutcomeService& service,
                       const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string store_name = "default";
  std::vector<std::string> rest;
  std::string error;
  if (!TakeStore({args.begin() + 1, args.end()}, &store_name, &rest, &error)) return Usage(error);
  auto store = host.FindStore(store_name);
  if (!store.ok()) return Fail(store.error().message());
  if (!store.value()) return Fail("no store named \"" + store_name + "\"");
  const int64_t store_id = *store.value();

  if (args[0] == "list") {
    if (!rest.empty()) return Usage("unexpected argument \"" + rest[0] + "\"");
    auto views = service.List(store_id);
    if (!views.ok()) return Fail(views.error().message());
    std::printf("%-32s %-9s %21s %12s\n", "OUTCOME", "TAGGING", "PROCESSED/TOTAL", "TAGGED");
    for (const OutcomeView& v : views.value()) {
      std::printf("%-32s %-9s %10lld/%-10lld %12lld\n", v.row.outcome_id.c_str(),
                  v.row.tagging_state.c_str(), static_cast<long long>(v.row.tagging_processed),
                  static_cast<long long>(v.row.tagging_total),
                  static_cast<long long>(v.tagged_statements));
    }
    return 0;
  }
  if (args[0] != "apply") return Usage("unknown action \"" + args[0] + "\"");
  if (rest.empty()) return Usage("apply needs at least one FILE");

  // Read and check everything first: an invalid file stops the command before any write.
  std::vector<std::pair<std::string, json::Document>> declarations;
  for (const std::string& file : rest) {
    std::ifstream in(file);
    if (!in) return Fail("cannot read " + file);
    std::stringstream text;
    text << in.rdbuf();
    json::Document doc;
    lrs::Status parsed = json::Parse(text.str(), &doc);
    if (!parsed.ok()) return Fail(file + ": " + parsed.error().message());
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
    if (!put.ok()) return Fail(where + ": " + put.error().message());
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

}  // namespace outcomes
