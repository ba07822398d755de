#include "tests/support/json_path.h"

#include <cmath>
#include <cstdlib>

namespace lrs::test_support {

const json::Value* At(const json::Value& root, std::string_view path) {
  const json::Value* v = &root;
  while (!path.empty()) {
    const size_t dot = path.find('.');
    const std::string part(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (v->IsArray()) {
      char* end = nullptr;
      const unsigned long i = std::strtoul(part.c_str(), &end, 10);
      if (end == part.c_str() || *end != '\0' || i >= v->Size()) return nullptr;
      v = &(*v)[static_cast<rapidjson::SizeType>(i)];
    } else if (v->IsObject()) {
      v = json::Find(*v, part);
      if (v == nullptr) return nullptr;
    } else {
      return nullptr;
    }
  }
  return v;
}

std::string StringAt(const json::Value& root, std::string_view path) {
  const json::Value* v = At(root, path);
  return v != nullptr && v->IsString() ? std::string(json::View(*v)) : std::string();
}

std::string JsonAt(const json::Value& root, std::string_view path) {
  const json::Value* v = At(root, path);
  return v != nullptr ? json::Write(*v) : std::string();
}

int64_t IntAt(const json::Value& root, std::string_view path) {
  const json::Value* v = At(root, path);
  return v != nullptr && v->IsInt64() ? v->GetInt64() : -1;
}

double NumberAt(const json::Value& root, std::string_view path) {
  const json::Value* v = At(root, path);
  return v != nullptr && v->IsNumber() ? v->GetDouble() : std::nan("");
}

}  // namespace lrs::test_support
