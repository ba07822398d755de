// The LRS's canonical metadata: Activity definitions and Verb displays, merged from the
// statements it receives (Part Two §2.4.4.1 "LRS Requirements", §2.4.3).
#pragma once

#include "lrs/core/json.h"

namespace lrs::xapi {

// Merges `incoming` (a valid Activity Definition) into `canonical` (an object): language maps
// (name, description) and extensions are merged entry by entry, the newest value winning;
// "type" and "moreInfo" take the newest value. The interaction properties (interactionType,
// correctResponsesPattern and component lists) are taken only when the canonical definition has
// none, since the spec asks an LRS not to make significant changes such as to correct responses.
// Returns true when `canonical` changed.
bool MergeActivityDefinition(json::Value& canonical, const json::Value& incoming,
                             json::Allocator& alloc);

// Merges language map `incoming` into `canonical` entry by entry, the newest value winning.
// Returns true when `canonical` changed.
bool MergeLanguageMap(json::Value& canonical, const json::Value& incoming, json::Allocator& alloc);

}  // namespace lrs::xapi
