#include "lrs/http/params.h"

#include <algorithm>

#include "lrs/core/strings.h"

namespace lrs::http {

Status RejectUnknown(const Params& params, const std::string_view* known, size_t count) {
  for (const auto& [name, value] : params) {
    if (std::find(known, known + count, name) != known + count) continue;
    for (size_t i = 0; i < count; ++i) {
      if (EqualsIgnoreCase(name, known[i])) {
        return Error::BadRequest("unknown parameter \"" + name +
                                 "\": parameter names are case sensitive (\"" +
                                 std::string(known[i]) + "\")");
      }
    }
    return Error::BadRequest("unknown parameter \"" + name + "\" for this request");
  }
  return Status();
}

std::optional<std::string> Optional(const Params& params, std::string_view name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

}  // namespace lrs::http
