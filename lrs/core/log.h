// Process-wide logging to stderr, one line per event, safe to call from any thread. Lines are
// text by default, or one JSON object each (SetFormat(Format::kJson)) for log collectors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lrs::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Parses "debug", "info", "warn" or "error".
std::optional<Level> ParseLevel(std::string_view name);

// Events below `level` are dropped. The default is kInfo.
void SetLevel(Level level);
bool Enabled(Level level);

enum class Format {
  kText,  // "<UTC time> <level> <message>"
  kJson,  // {"time":"<UTC time>","level":"<level>","message":"<message>"}
};

// Parses "text" or "json".
std::optional<Format> ParseFormat(std::string_view name);
// How lines are written from now on. The default is kText. Set it before starting threads.
void SetFormat(Format format);

// Writes one line for the event, as one write(2), so lines of different threads stay whole.
// Bytes of `message` that are not valid UTF-8 are written as '?' in JSON lines.
void Write(Level level, std::string_view message);

// One HTTP request, answered.
struct RequestLine {
  std::string request_id;  // its X-Request-Id
  std::string method;
  std::string path;  // without the query string, which may hold personal data
  int status = 0;
  double duration_ms = 0;
};

// Logs `request` at kInfo: as text "http METHOD PATH STATUS D.DDms request_id=ID"; as JSON with
// the members "request_id", "method", "path", "status" and "duration_ms" besides "time",
// "level" and "message" ("http METHOD PATH STATUS").
void Request(const RequestLine& request);

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
