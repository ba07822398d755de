// The rows an erasure of a person reads and writes (lrs/service/forget.h decides what to erase;
// this only runs the SQL, schemas/<backend>/queries/erasure_*.sql). Every method runs inside
// the transaction of one ErasureStore::WriteErasure job, on the writer's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/store/store.h"

namespace lrs::store {

// A stored statement as an erasure reads it.
struct ErasureStatement {
  std::string id;  // lower-case statement id
  std::string body;
  bool is_voiding = false;
};

class ErasureRows {
 public:
  virtual ~ErasureRows() = default;

  // The interned index key of agent `agent_key` (xapi::AgentKey) in `store`; nullopt when no
  // statement ever carried it.
  virtual Result<std::optional<int64_t>> FindAgentKey(StoreId store,
                                                      const std::string& agent_key) = 0;
  // The same, interned now when it is new.
  virtual Result<int64_t> InternAgentKey(StoreId store, const std::string& agent_key) = 0;
  // The seqs of the statements carrying index key `key_id` with any flag, appended to `seqs`.
  virtual Status StatementsWithKey(int64_t key_id, std::vector<int64_t>* seqs) = 0;
  // Statement `seq`; nullopt when there is none (deleted already).
  virtual Result<std::optional<ErasureStatement>> GetStatement(int64_t seq) = 0;
  // The seqs of the voiding statements of `store` that target statement `id`, appended.
  virtual Status VoidersOf(StoreId store, const std::string& id, std::vector<int64_t>* seqs) = 0;

  // Deletes statement `seq` and its index entries.
  virtual Status DeleteStatement(int64_t seq) = 0;
  // Replaces the body of statement `seq` with `body`, and in its terms and index entries each
  // key of `from_keys` with `to_key` (flags OR-ed together).
  virtual Status RewriteStatement(int64_t seq, const std::string& body,
                                  const std::vector<int64_t>& from_keys, int64_t to_key) = 0;
  // Deletes interned index key `key_id` (no statement may carry it any more).
  virtual Status DeleteIndexKey(int64_t key_id) = 0;

  // Deletes the names statements of `store` gave agent `agent_key`.
  virtual Status DeleteAgentNames(StoreId store, const std::string& agent_key) = 0;
  // Deletes the State and Agent Profile documents of agent `agent_key` in `store` (every
  // activity, every registration); how many there were.
  virtual Result<int64_t> DeleteAgentDocuments(StoreId store, const std::string& agent_key) = 0;
  // Whether a statement of `store` still names attachment hash `sha2` (lower-case hex).
  virtual Result<bool> AttachmentReferenced(StoreId store, const std::string& sha2) = 0;
  // Deletes the attachment data of `store` with hash `sha2`; whether there was some.
  virtual Result<bool> DeleteAttachment(StoreId store, const std::string& sha2) = 0;

  // The database's erasure salt, `candidate` stored as it when there is none yet.
  virtual Result<std::string> Salt(const std::string& candidate) = 0;
  // Records (or updates) the block entry `key_hash` (BlockHash) of `store`.
  virtual Status PutBlockEntry(StoreId store, const std::string& key_hash, bool blocked,
                               const std::string& erased_at) = 0;
};

// The block entry of `agent_key` (xapi::AgentKey) under `salt`: the lower-case hex SHA-256 of
// the salt, a 0x1f separator and the key. The identifier cannot be read back from it; it can
// only be recognised by someone who has both the salt and the identifier.
std::string BlockHash(std::string_view salt, std::string_view agent_key);

}  // namespace lrs::store
