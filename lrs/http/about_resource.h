// The About resource, /about (Part Three §2.8): open to everyone, whatever version header.
#pragma once

#include <string>
#include <string_view>

#include "lrs/http/http_types.h"

namespace lrs::http {

// The IRI of the About extension that names the server: {"name": ..., "version": ...}.
inline constexpr std::string_view kServerExtension = "urn:x-outcome-lrs:about:server";

class AboutResource {
 public:
  static constexpr std::string_view kAllow = "GET, HEAD";

  // `server_version`: this build's version, reported in the kServerExtension extension.
  explicit AboutResource(std::string server_version = "")
      : server_version_(std::move(server_version)) {}

  // {"version": [...], "extensions": {...}}: every xAPI version served (1.0.3 being the latest
  // 1.0 patch) and, under kServerExtension, the product and its version. Nothing else, as §2.8
  // requires.
  HttpResponse Handle() const;

 private:
  std::string server_version_;
};

}  // namespace lrs::http
