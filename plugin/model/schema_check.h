// Checking JSON documents against the plugin's JSON Schemas (draft-04, RapidJSON's validator),
// with error messages that name the field ("rules[0].verb: must be ...").
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/core/json.h"

namespace outcomes {

class SchemaCheck {
 public:
  // Compiles `schema_text`; aborts the process when it is not a valid schema (it is compiled
  // into the plugin, so that is a build error).
  explicit SchemaCheck(std::string_view schema_text);
  ~SchemaCheck();
  SchemaCheck(const SchemaCheck&) = delete;
  SchemaCheck& operator=(const SchemaCheck&) = delete;

  // OK when `document` follows the schema; else kBadRequest "PATH: what is wrong", where PATH
  // is the failing value's path under `root` ("rules[0].verb"; `root` itself for the top).
  // Thread-safe: checks run one at a time, since RapidJSON's schema keeps the state of its
  // "pattern" regular expressions in the shared schema document (it is not reentrant).
  lrs::Status Check(const lrs::json::Value& document, std::string_view root) const;

 private:
  struct Compiled;
  std::unique_ptr<Compiled> compiled_;
  mutable std::mutex mu_;
};

}  // namespace outcomes
