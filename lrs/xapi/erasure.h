// Erasing a person from statements (the statement model's part of lrs/service/forget.h): who
// the person is, by their inverse functional identifiers, and what replaces them where they
// appear in statements that are not theirs. Pure: no storage.
#pragma once

#include <string>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"

namespace lrs::xapi {

// The identity keys (AgentKey) that stand for the person `agent` names: its own, and for an
// mbox also the mbox_sha1sum forms of it (the SHA-1 of the mailto IRI as given and with the
// domain in lower case), since a statement may name the same person either way. `agent` must
// carry exactly one inverse functional identifier (an Agent, or an Identified Group, which is
// the person only as that identifier). kBadRequest, naming the problem, otherwise.
Result<std::vector<std::string>> ErasedAgentKeys(const json::Value& agent);

// Whether `actor` (an Agent or Group) is the person: its own identifier is one of `keys`.
// Members of a Group do not make the Group the person.
bool IsErasedAgent(const json::Value& actor, const std::vector<std::string>& keys);

// Replaces the person (`keys`) wherever they appear in `statement` as an Agent or Identified
// Group (object, context instructor and team, members of any Group, context agents and groups,
// authority, the parts of a SubStatement, and any object of that shape elsewhere): their
// identifier and name are removed and `pseudonym_account` (an xAPI Account object) put in their
// place; objectType and members stay. Returns how many places were replaced.
int ReplaceErasedAgent(json::Value& statement, const std::vector<std::string>& keys,
                       const json::Value& pseudonym_account, json::Allocator& alloc);

}  // namespace lrs::xapi
