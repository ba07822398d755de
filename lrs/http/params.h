// Checking the query parameters of a request, shared by the xAPI resources.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

// kBadRequest naming the first parameter of `params` that is not one of the `count` names of
// `known` (saying so when it differs from a known name only in case, since names are case
// sensitive); ok when every parameter is known.
Status RejectUnknown(const Params& params, const std::string_view* known, size_t count);

// The value of parameter `name`, nullopt when absent.
std::optional<std::string> Optional(const Params& params, std::string_view name);

}  // namespace lrs::http
