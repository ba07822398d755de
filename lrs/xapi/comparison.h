// Statement comparison (Part Two §2.3.1, "Statement Comparison Requirements"): used to decide
// whether a statement re-sent with a known id is the same statement (accepted, nothing changes)
// or a different one (409 Conflict).
#pragma once

#include <string>

#include "lrs/core/json.h"

namespace lrs::xapi {

// A string that is equal for two valid statements exactly when they are the same statement.
// Differences the immutability exceptions allow are ignored: the LRS-assigned "id", "authority",
// "stored", "timestamp" and "version"; Verb "display"; Activity definitions; the serialization of
// timestamps (compared as instants) and of contextActivities (single Activity vs array); the
// order of Group members; objectType defaults ("Agent", "Activity"); the case of
// case-insensitive values (UUIDs, e-mail domains, SHA-1 hex, language tags); Result duration
// precision beyond 0.01 s; JSON member order and number spelling. Everything else counts.
std::string ComparisonForm(const json::Value& statement);

// ComparisonForm(a) == ComparisonForm(b).
bool StatementsEquivalent(const json::Value& a, const json::Value& b);

}  // namespace lrs::xapi
