#include "lrs/xapi/conversion.h"

#include "lrs/core/strings.h"

namespace lrs::xapi {

namespace {

// Removes what 1.0.3 does not define from the context of a statement or SubStatement.
void RemoveContextAgents(json::Value& statement) {
  json::Value* context = json::Find(statement, "context");
  if (context == nullptr || !context->IsObject()) return;
  context->RemoveMember("contextAgents");
  context->RemoveMember("contextGroups");
}

}  // namespace

bool NeedsConversion(Version received, Version reader) {
  return received == Version::k2_0_0 && reader == Version::k1_0_3;
}

void ConvertForReader(json::Value& statement, json::Allocator& alloc, Version received,
                      Version reader) {
  if (!NeedsConversion(received, reader) || !statement.IsObject()) return;
  RemoveContextAgents(statement);
  if (json::Value* object = json::Find(statement, "object"); object && object->IsObject()) {
    const json::Value* type = json::Find(*object, "objectType");
    if (type != nullptr && type->IsString() && json::View(*type) == "SubStatement") {
      RemoveContextAgents(*object);
    }
  }
  if (json::Value* version = json::Find(statement, "version");
      version && version->IsString() && StartsWith(json::View(*version), "2.")) {
    version->SetString("1.0.0", alloc);
  }
}

}  // namespace lrs::xapi
