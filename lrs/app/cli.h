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
  // Removes flag `name`; whether it was present.
  bool TakeFlag(const std::string& name);
  // kBadRequest naming the first argument nobody took.
  Status Finish() const;

 private:
  std::vector<std::string> args_;
};

// Parses "HOST:PORT" (PORT 0-65535; HOST may be empty for 127.0.0.1).
Status ParseListen(const std::string& text, std::string* host, int* port);

// Runs a subcommand; returns the process exit status (0 ok, 1 failure, 2 usage error).
int RunServe(Args args);
int RunCredentials(const std::string& action, Args args);

}  // namespace lrs::app
