#include "lrs/app/cli.h"

#include <cstdlib>

#include "lrs/core/strings.h"

namespace lrs::app {

Result<std::optional<std::string>> Args::Take(const std::string& name) {
  std::optional<std::string> value;
  for (size_t i = 0; i < args_.size();) {
    std::string& a = args_[i];
    if (a == name) {
      if (value) return Error::BadRequest(name + " is given more than once");
      if (i + 1 >= args_.size()) return Error::BadRequest(name + " needs a value");
      value = args_[i + 1];
      args_.erase(args_.begin() + static_cast<long>(i), args_.begin() + static_cast<long>(i) + 2);
    } else if (StartsWith(a, name + "=")) {
      if (value) return Error::BadRequest(name + " is given more than once");
      value = a.substr(name.size() + 1);
      args_.erase(args_.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
  return value;
}

Result<std::vector<std::string>> Args::TakeAll(const std::string& name) {
  std::vector<std::string> values;
  for (size_t i = 0; i < args_.size();) {
    if (args_[i] == name) {
      if (i + 1 >= args_.size()) return Error::BadRequest(name + " needs a value");
      values.push_back(args_[i + 1]);
      args_.erase(args_.begin() + static_cast<long>(i), args_.begin() + static_cast<long>(i) + 2);
    } else if (StartsWith(args_[i], name + "=")) {
      values.push_back(args_[i].substr(name.size() + 1));
      args_.erase(args_.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
  return values;
}

Result<std::vector<std::string>> PluginPaths(Args& args) {
  auto paths = args.TakeAll("--plugin");
  if (!paths.ok()) return paths.error();
  if (!paths.value().empty()) return paths;
  std::vector<std::string> from_env;
  if (const char* env = std::getenv("OUTCOME_LRS_PLUGINS")) {
    for (std::string_view p : Split(env, ':')) {
      if (!p.empty()) from_env.emplace_back(p);
    }
  }
  return from_env;
}

bool Args::TakeFlag(const std::string& name) {
  bool found = false;
  for (size_t i = 0; i < args_.size();) {
    if (args_[i] == name) {
      found = true;
      args_.erase(args_.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
  return found;
}

Status Args::Finish() const {
  if (args_.empty()) return Status();
  return Error::BadRequest("unexpected argument \"" + args_.front() + "\"");
}

Status ParseListen(const std::string& text, std::string* host, int* port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return Error::BadRequest("--listen must be HOST:PORT, such as 127.0.0.1:8080");
  }
  *host = text.substr(0, colon);
  if (host->empty()) *host = "127.0.0.1";
  auto p = ParseUnsigned(text.substr(colon + 1));
  if (!p || *p > 65535) return Error::BadRequest("--listen: the port must be 0 to 65535");
  *port = static_cast<int>(*p);
  return Status();
}

}  // namespace lrs::app
