#include "lrs/store/erasure_rows.h"

#include "lrs/core/crypto.h"

namespace lrs::store {

std::string BlockHash(std::string_view salt, std::string_view agent_key) {
  std::string input(salt);
  input.push_back('\x1f');
  input.append(agent_key);
  return crypto::HexEncode(crypto::Sha256(input));
}

}  // namespace lrs::store
