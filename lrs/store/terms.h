// The index terms a stored statement carries, as every backend records them (internal to
// lrs/store and its backends): interned key ids with their flags (xapi::IndexFlag), and their
// text form in the `terms` column of `statements`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lrs::store {

// Key id -> flags, each key at most once.
using IndexTerms = std::vector<std::pair<int64_t, uint8_t>>;

// "key:flags" items joined by ' ' ("12:1 40:3"); empty for no terms.
std::string EncodeTerms(const IndexTerms& terms);
// The inverse of EncodeTerms; malformed items are skipped.
IndexTerms DecodeTerms(std::string_view text);

// Adds `extra` into `terms` (flags OR-ed); returns whether anything changed.
bool MergeTerms(IndexTerms* terms, const IndexTerms& extra);
// Adds `extra` into `terms` like MergeTerms and returns what was new: each key with the flags
// it gained.
IndexTerms MergeTermsGained(IndexTerms* terms, const IndexTerms& extra);
// The terms a statement targeting one carrying `terms` inherits (xapi::kIndexInheritable).
IndexTerms InheritableTerms(const IndexTerms& terms);

}  // namespace lrs::store
