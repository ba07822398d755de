// Identity of Agents and Identified Groups (Part Two §2.4.2.3): two actors are the same when they
// use the same inverse functional identifier with equal values.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lrs/core/json.h"

namespace lrs::xapi {

// The identity key of a valid Agent or Identified Group: "mbox|mailto:local@domain" (domain in
// lower case, being case-insensitive), "mbox_sha1sum|<lower-case hex>", "openid|<iri>" or
// "account|<homePage>|<name>" ('|' cannot occur in a valid IRI, so keys are unambiguous).
// nullopt for an Anonymous Group or anything without an identifier.
std::optional<std::string> AgentKey(const json::Value& agent);

// The inverse functional identifier a key stands for, as an object holding only it (e.g.
// {"mbox": "mailto:ann@example.com"}); null for a string that is not a key.
json::Value IdentifierOfKey(std::string_view key, json::Allocator& alloc);

// True when `actor` has objectType "Group".
bool IsGroup(const json::Value& actor);

}  // namespace lrs::xapi
