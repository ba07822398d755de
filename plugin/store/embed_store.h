// The keys that sign dashboard links, one per store (outcome_embed_keys).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/store/outcome_store.h"

namespace outcomes::store {

// The signing key of `store_id`, nullopt when it has none yet.
Result<std::optional<std::string>> EmbedKey(SqlConnection& txn, int64_t store_id);
// Gives `store_id` the key `key` unless it has one already (the existing key then stays).
Status AddEmbedKey(SqlConnection& txn, int64_t store_id, std::string_view key,
                   const std::string& created);

}  // namespace outcomes::store
