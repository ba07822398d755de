// Operations of the Activities resource (Part Three §2.5) and the Agents resource (§2.4): what the
// LRS knows of one Activity or one Agent, built from the statements it accepted. HTTP-agnostic.
#pragma once

#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/service/auth.h"
#include "lrs/store/store.h"

namespace lrs::service {

class LookupService {
 public:
  explicit LookupService(store::StatementStore& store) : store_(store) {}

  // The Activity Object of `activity_id` as JSON: {"objectType":"Activity","id":...} with the
  // canonical "definition" the LRS built from the statements it accepted (merged as Part Two
  // §2.4.4.1 says), or without one when it knows none (§2.5: an Activity Object is returned
  // anyway). kBadRequest when `activity_id` is not an absolute IRI; kForbidden without
  // statements/read, all/read or all.
  Result<std::string> Activity(const Principal& principal, std::string_view activity_id);

  // The Person Object (§2.4) for the Agent given as JSON text `agent_json`: "objectType":
  // "Person", the agent's identifier as a one-element array, and "name" holding every name
  // stored statements gave that agent together with the one in the request (when any), sorted;
  // no "name" when there is none. kBadRequest when `agent_json` is not JSON or not a valid Agent
  // with exactly one identifier (a Group is refused: the parameter is an Agent); kForbidden
  // without statements/read, all/read or all.
  Result<std::string> Person(const Principal& principal, std::string_view agent_json);

 private:
  store::StatementStore& store_;
};

}  // namespace lrs::service
