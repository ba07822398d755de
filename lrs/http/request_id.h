// Request ids (X-Request-Id): one per request, on its response and in its log line, so that a
// client's report, a proxy's log and the server's log name the same request.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lrs::http {

// The longest X-Request-Id a client may choose.
inline constexpr size_t kMaxRequestIdLength = 128;

// Whether `id` is a request id the server may repeat in headers and logs as it is: 1 to
// kMaxRequestIdLength visible ASCII characters (0x21 to 0x7E; no spaces, no control bytes).
bool IsSaneRequestId(std::string_view id);

// The id of a request whose X-Request-Id is `sent`: `sent` itself when it is sane, else a new
// random one (32 lower-case hex digits, 128 random bits).
std::string RequestIdFor(std::optional<std::string_view> sent);

}  // namespace lrs::http
