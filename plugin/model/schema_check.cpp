#include "plugin/model/schema_check.h"

#include <cstdio>
#include <cstdlib>

#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>

namespace outcomes {

namespace {

namespace json = lrs::json;
using json::Value;

// The path of `pointer` into `document` below `root`: "rules[0].verb".
std::string PathOf(const rapidjson::Pointer& pointer, const Value& document,
                   std::string_view root) {
  std::string path;
  const Value* at = &document;
  for (size_t i = 0; i < pointer.GetTokenCount(); ++i) {
    const rapidjson::Pointer::Token& token = pointer.GetTokens()[i];
    if (at != nullptr && at->IsArray()) {
      path += "[" + std::to_string(token.index) + "]";
      at = token.index < at->Size() ? &(*at)[static_cast<rapidjson::SizeType>(token.index)]
                                    : nullptr;
    } else {
      if (!path.empty()) path.push_back('.');
      path.append(token.name, token.length);
      at = (at != nullptr && at->IsObject())
               ? json::Find(*at, std::string_view(token.name, token.length))
               : nullptr;
    }
  }
  if (path.empty()) return std::string(root);
  if (root.empty() || path[0] == '[') return std::string(root) + path;
  return root == "declaration" ? path : std::string(root) + "." + path;
}

// What `value` does wrong against the schema node `schema`, failing `keyword`.
std::string Describe(const Value* schema, std::string_view keyword, const Value* value) {
  // RapidJSON points these at the offending member or item itself.
  if (keyword == "additionalProperties") return "unknown property";
  if (keyword == "uniqueItems") return "repeats an earlier item";
  if (schema != nullptr && schema->IsObject()) {
    if (keyword == "required" && value != nullptr && value->IsObject()) {
      if (const Value* required = json::Find(*schema, "required")) {
        for (const Value& name : required->GetArray()) {
          if (!value->HasMember(name)) {
            return "missing required property \"" + std::string(json::View(name)) + "\"";
          }
        }
      }
    }
    const std::string k(keyword);
    if (const Value* limit = json::Find(*schema, k)) {
      if (k == "enum") return "must be one of " + json::Write(*limit);
      if (k == "type") return "must be of type " + json::Write(*limit);
      if (k == "pattern") return "does not match the pattern " + json::Write(*limit);
      if (k == "minimum" || k == "maximum" || k == "minLength" || k == "maxLength" ||
          k == "minItems" || k == "maxItems" || k == "minProperties" || k == "maxProperties") {
        return "violates " + k + " " + json::Write(*limit);
      }
    }
  }
  if (keyword == "oneOf") return "must be one IRI (a string) or a non-empty list of IRIs";
  return "is not valid (JSON Schema keyword \"" + std::string(keyword) + "\")";
}

}  // namespace

struct SchemaCheck::Compiled {
  json::Document source;
  std::unique_ptr<rapidjson::SchemaDocument> schema;
};

SchemaCheck::SchemaCheck(std::string_view schema_text) : compiled_(new Compiled()) {
  lrs::Status parsed = json::Parse(schema_text, &compiled_->source);
  if (!parsed.ok()) {
    std::fprintf(stderr, "fatal: a compiled-in JSON Schema is invalid: %s\n",
                 parsed.error().message().c_str());
    std::abort();
  }
  compiled_->schema = std::make_unique<rapidjson::SchemaDocument>(compiled_->source);
}

SchemaCheck::~SchemaCheck() = default;

lrs::Status SchemaCheck::Check(const Value& document, std::string_view root) const {
  std::lock_guard<std::mutex> lock(mu_);
  rapidjson::SchemaValidator validator(*compiled_->schema);
  if (document.Accept(validator)) return lrs::Status();
  const rapidjson::Pointer document_pointer = validator.GetInvalidDocumentPointer();
  const Value* schema_node = validator.GetInvalidSchemaPointer().Get(compiled_->source);
  const Value* value = document_pointer.Get(document);
  return lrs::Error::BadRequest(PathOf(document_pointer, document, root) + ": " +
                                Describe(schema_node, validator.GetInvalidSchemaKeyword(), value));
}

}  // namespace outcomes
