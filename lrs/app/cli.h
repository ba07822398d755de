// Command-line parsing for outcome-lrs: "--name value" and "--name=value" options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lrs/core/error.h"

namespace lrs::app {

// The arguments after the subcommand, consumed option by option.
class Args {
 public:
  explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

  // Removes and returns the value of option `name` ("--db"); nullopt when absent.
  // kBadRequest when the option lacks a value or appears twice.
  Result<std::optional<std::string>> Take(const std::string& name);
  // Removes every occurrence of option `name` and returns their values in order (a repeatable
  // option). kBadRequest when one lacks a value.
  Result<std::vector<std::string>> TakeAll(const std::string& name);
  // Removes flag `name`; whether it was present.
  bool TakeFlag(const std::string& name);
  // The arguments nobody took yet.
  const std::vector<std::string>& rest() const { return args_; }
  // kBadRequest naming the first argument nobody took.
  Status Finish() const;

 private:
  std::vector<std::string> args_;
};

// Parses "HOST:PORT" (PORT 0-65535; HOST may be empty for 127.0.0.1).
Status ParseListen(const std::string& text, std::string* host, int* port);

// The plugin libraries to load: the --plugin options, or else the colon-separated paths of the
// environment variable OUTCOME_LRS_PLUGINS.
Result<std::vector<std::string>> PluginPaths(Args& args);

// Runs a subcommand; returns the process exit status (0 ok, 1 failure, 2 usage error).
int RunServe(Args args);
int RunCredentials(const std::string& action, Args args);
// `migrate`: 0 copied and verified, 1 failure or a verification difference, 2 usage error or
// refusal, 3 stopped by OUTCOME_LRS_MIGRATE_STOP_AFTER_BATCHES (tests).
int RunMigrate(Args args);
// `backup`: 0 copied and checked, 1 failure, 2 usage error or refusal (PostgreSQL, an existing
// target, a file that is not an LRS database).
int RunBackup(Args args);
// `forget`: 0 erased (the counts printed as JSON), 1 failure (nothing erased), 2 usage error or
// an invalid agent.
int RunForget(Args args);
// A subcommand provided by a plugin ("outcomes", "kpi").
int RunPluginCommand(const std::string& command, Args args);

}  // namespace lrs::app
