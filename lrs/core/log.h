// Process-wide logging to stderr, one line per event, safe to call from any thread.
#pragma once

#include <optional>
#include <string_view>

namespace lrs::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Parses "debug", "info", "warn" or "error".
std::optional<Level> ParseLevel(std::string_view name);

// Events below `level` are dropped. The default is kInfo.
void SetLevel(Level level);
bool Enabled(Level level);

// Writes "<UTC time> <level> <message>\n" to stderr as one write.
void Write(Level level, std::string_view message);

inline void Debug(std::string_view m) {
  Write(Level::kDebug, m);
}
inline void Info(std::string_view m) {
  Write(Level::kInfo, m);
}
inline void Warn(std::string_view m) {
  Write(Level::kWarn, m);
}
inline void Error(std::string_view m) {
  Write(Level::kError, m);
}

}  // namespace lrs::log
