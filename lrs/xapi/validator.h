// Validation of statements and statement-typed parameters against xAPI 1.0.3 Part Two, or
// against xAPI 2.0.0 (IEEE 9274.1.1-2023 §4.2) for statements received under 2.0.0.
#pragma once

#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/xapi/version.h"

namespace lrs::xapi {

// The reserved voiding verb (Part Two §2.3.2).
inline constexpr std::string_view kVoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

struct ValidationOptions {
  // True when the statements arrived as application/json, where every Attachment must carry a
  // fileUrl because no attachment data can accompany them (Part Three §1.5.2).
  bool attachments_need_file_url = true;
  // The rules to validate by: those of the version the request is served under.
  Version version = Version::k1_0_3;
};

// Validates one statement (Part Two §2 and §4). On failure returns a kBadRequest error whose
// message starts with the JSON path of the offending value under `path` (for example
// "statements[2].context.contextActivities.parent[0].id: ...") and says what rule it broke.
// Checks: JSON types (no nulls outside extensions), required and unknown properties, duplicate
// property names, UUIDs, timestamps, durations, IRIs, mailto IRIs, language tags, agents and
// groups and their identifiers, verbs (the voiding verb needs a StatementRef object), every
// object type with SubStatement restrictions, Activity definitions including interaction
// components, result and score bounds, context rules for non-Activity objects, the authority
// (an Agent, or the anonymous 3-legged OAuth pair), version, and attachments. Under 2.0.0
// besides: context.contextAgents and context.contextGroups (undefined, so rejected, under
// 1.0.3), timestamps in RFC 3339 form only (xapi/timestamp.h), and statement versions 2.0.0,
// 1.0 and 1.0.x (under 1.0.3: 1.0 and 1.0.x).
Status ValidateStatement(const json::Value& statement, std::string_view path,
                         const ValidationOptions& options = {});

// Validates an Agent or Identified Group given as a parameter (the "agent" parameter of GET
// statements): anything an Agent/Group may be in a statement, but it must carry an inverse
// functional identifier.
Status ValidateAgentParameter(const json::Value& agent, std::string_view path);

// Parses JSON text `text` of parameter `name` into `agent` and checks it is an Agent (not a
// Group) with exactly one inverse functional identifier: the "agent" parameter of the
// document, Agents and Agent Profile resources (Part Three §2.3-2.6). kBadRequest naming `name`.
Status ParseAgentOnlyParameter(std::string_view text, std::string_view name, json::Document* agent);

}  // namespace lrs::xapi
