#include "lrs/core/log.h"

#include <unistd.h>

#include <atomic>
#include <string>

#include "lrs/core/time.h"

namespace lrs::log {

namespace {
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}
}  // namespace

std::optional<Level> ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "info") return Level::kInfo;
  if (name == "warn") return Level::kWarn;
  if (name == "error") return Level::kError;
  return std::nullopt;
}

void SetLevel(Level level) {
  g_level.store(static_cast<int>(level));
}

bool Enabled(Level level) {
  return static_cast<int>(level) >= g_level.load();
}

void Write(Level level, std::string_view message) {
  if (!Enabled(level)) return;
  std::string line = FormatMillisUtc(NowMicros());
  line.push_back(' ');
  line += LevelName(level);
  line.push_back(' ');
  line.append(message.data(), message.size());
  line.push_back('\n');
  // One write(2) per line keeps lines from different threads whole.
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + off, line.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

}  // namespace lrs::log
