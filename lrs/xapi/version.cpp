#include "lrs/xapi/version.h"

namespace lrs::xapi {

std::string_view VersionName(Version version) {
  switch (version) {
    case Version::k1_0_3:
      return "1.0.3";
    case Version::k2_0_0:
      return "2.0.0";
  }
  return "1.0.3";
}

std::optional<Version> VersionFromName(std::string_view name) {
  if (name == "1.0.3") return Version::k1_0_3;
  if (name == "2.0.0") return Version::k2_0_0;
  return std::nullopt;
}

}  // namespace lrs::xapi
