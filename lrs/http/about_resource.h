// The About resource, /about (Part Three §2.8): open to everyone, whatever version header.
#pragma once

#include "lrs/http/http_types.h"

namespace lrs::http {

class AboutResource {
 public:
  static constexpr std::string_view kAllow = "GET, HEAD";

  // {"version": [...]} listing every xAPI version served.
  HttpResponse Handle() const;
};

}  // namespace lrs::http
