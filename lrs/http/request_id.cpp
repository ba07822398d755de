#include "lrs/http/request_id.h"

#include "lrs/core/crypto.h"

namespace lrs::http {

bool IsSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

std::string RequestIdFor(std::optional<std::string_view> sent) {
  if (sent && IsSaneRequestId(*sent)) return std::string(*sent);
  return crypto::HexEncode(crypto::RandomBytes(16));
}

}  // namespace lrs::http
