// The example files shipped in schemas/examples/ (used by the README) stay valid.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "lrs/core/json.h"
#include "lrs/xapi/validator.h"

namespace lrs {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ExamplesTest, EveryStatementExampleIsValid) {
  const std::filesystem::path dir =
      std::filesystem::path(OUTCOME_LRS_SOURCE_DIR) / "schemas" / "examples";
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("statement", 0) != 0 || entry.path().extension() != ".json") continue;
    json::Document doc;
    Status parsed = json::Parse(ReadFile(entry.path()), &doc);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.error().message();
    if (doc.IsArray()) {
      for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
        Status valid = xapi::ValidateStatement(doc[i], name);
        EXPECT_TRUE(valid.ok()) << valid.error().message();
      }
    } else {
      Status valid = xapi::ValidateStatement(doc, name);
      EXPECT_TRUE(valid.ok()) << valid.error().message();
    }
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

}  // namespace
}  // namespace lrs
