// `outcome-lrs COMMAND ...` for a command a plugin provides: the database is opened, the plugins
// started (as for serve), and the command handed to its plugin.
#include <cstdio>

#include "lrs/app/cli.h"
#include "lrs/extension/extension_host.h"
#include "lrs/store/database.h"

namespace lrs::app {

int RunPluginCommand(const std::string& command, Args args) {
  auto plugin_paths = PluginPaths(args);
  auto db = args.Take("--db");
  if (!plugin_paths.ok() || !db.ok()) {
    std::fprintf(stderr, "outcome-lrs %s: %s\n", command.c_str(),
                 (!plugin_paths.ok() ? plugin_paths.error() : db.error()).message().c_str());
    return 2;
  }
  if (plugin_paths.value().empty()) {
    std::fprintf(stderr,
                 "outcome-lrs: unknown command \"%s\" (commands of plugins need --plugin PATH "
                 "or OUTCOME_LRS_PLUGINS; see outcome-lrs --help)\n",
                 command.c_str());
    return 2;
  }
  if (!db.value()) {
    std::fprintf(stderr, "outcome-lrs %s: --db is required\n", command.c_str());
    return 2;
  }
  store::DatabaseOptions options;
  options.pool_size = 2;
  auto database = store::OpenDatabase(*db.value(), options);
  if (!database.ok()) {
    std::fprintf(stderr, "outcome-lrs %s: %s\n", command.c_str(),
                 database.error().message().c_str());
    return database.error().code() == ErrorCode::kBadRequest ? 2 : 1;
  }
  extension::ExtensionHost extensions(*database.value(), *database.value());
  Status loaded = extensions.Load(plugin_paths.value());
  if (!loaded.ok()) {
    std::fprintf(stderr, "outcome-lrs: %s\n", loaded.error().message().c_str());
    return 1;
  }
  ext::Plugin* plugin = extensions.PluginForCommand(command);
  if (plugin == nullptr) {
    std::fprintf(stderr, "outcome-lrs: unknown command \"%s\" (see outcome-lrs --help)\n",
                 command.c_str());
    return 2;
  }
  Status started = extensions.Start();
  if (!started.ok()) {
    std::fprintf(stderr, "outcome-lrs: %s\n", started.error().message().c_str());
    return 1;
  }
  // A plugin's exception ends its command with a message and status 1, never with a crash that
  // skips Stop (which finishes the plugin's writes).
  int code = 1;
  try {
    code = plugin->RunCommand(command, args.rest());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "outcome-lrs %s: the plugin failed: %s\n", command.c_str(), e.what());
  } catch (...) {
    std::fprintf(stderr, "outcome-lrs %s: the plugin failed (an unknown exception)\n",
                 command.c_str());
  }
  extensions.Stop();
  return code;
}

}  // namespace lrs::app
