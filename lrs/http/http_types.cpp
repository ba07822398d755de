#include "lrs/http/http_types.h"

#include "lrs/core/strings.h"

namespace lrs::http {

void Headers::Set(std::string_view name, std::string_view value) {
  for (auto& entry : entries_) {
    if (EqualsIgnoreCase(entry.first, name)) {
      entry.second = std::string(value);
      return;
    }
  }
  entries_.emplace_back(std::string(name), std::string(value));
}

void Headers::Remove(std::string_view name) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (EqualsIgnoreCase(it->first, name)) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<std::string_view> Headers::Get(std::string_view name) const {
  for (const auto& entry : entries_) {
    if (EqualsIgnoreCase(entry.first, name)) return std::string_view(entry.second);
  }
  return std::nullopt;
}

Result<Params> ParseParams(std::string_view encoded) {
  Params params;
  if (encoded.empty()) return params;
  for (std::string_view item : Split(encoded, '&')) {
    if (item.empty()) continue;
    size_t eq = item.find('=');
    std::string_view raw_name = item.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? "" : item.substr(eq + 1);
    auto name = PercentDecode(raw_name, /*plus_is_space=*/true);
    auto value = PercentDecode(raw_value, /*plus_is_space=*/true);
    if (!name || !value) {
      return Error::BadRequest("malformed parameter encoding in \"" + std::string(item) + "\"");
    }
    if (!params.emplace(std::move(*name), std::move(*value)).second) {
      return Error::BadRequest("parameter \"" + std::string(raw_name) +
                               "\" is given more than once");
    }
  }
  return params;
}

std::string EncodeParams(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += PercentEncode(name);
    out.push_back('=');
    out += PercentEncode(value);
  }
  return out;
}

std::string MediaType(std::string_view content_type) {
  return AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
}

HttpResponse JsonResponse(int status, std::string json) {
  HttpResponse response;
  response.status = status;
  response.headers.Set("Content-Type", "application/json");
  response.body = std::move(json);
  return response;
}

}  // namespace lrs::http
