#include "lrs/core/log.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>

#include "lrs/core/json.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"

namespace lrs::log {

namespace {
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::atomic<Format> g_format{Format::kText};

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

// `text` as a JSON string value; bytes of invalid UTF-8 become '?', so a line is always JSON.
json::Value JsonText(std::string_view text, json::Allocator& alloc) {
  if (IsValidUtf8(text)) return json::Copy(text, alloc);
  std::string ascii(text);
  for (char& c : ascii) {
    if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  }
  return json::Copy(ascii, alloc);
}

// The JSON line's object with "time", "level" and "message".
void StartJson(json::Document& doc, Level level, std::string_view message) {
  doc.SetObject();
  auto& a = doc.GetAllocator();
  doc.AddMember("time", json::Copy(FormatMillisUtc(NowMicros()), a), a);
  doc.AddMember("level", json::Ref(LevelName(level)), a);
  doc.AddMember("message", JsonText(message, a), a);
}

void WriteLine(std::string line) {
  line.push_back('\n');
  // One write(2) per line keeps lines from different threads whole.
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + off, line.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

std::string TextLine(Level level, std::string_view message) {
  std::string line = FormatMillisUtc(NowMicros());
  line.push_back(' ');
  line += LevelName(level);
  line.push_back(' ');
  line.append(message.data(), message.size());
  return line;
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

std::optional<Format> ParseFormat(std::string_view name) {
  if (name == "text") return Format::kText;
  if (name == "json") return Format::kJson;
  return std::nullopt;
}

void SetFormat(Format format) {
  g_format.store(format);
}

void Write(Level level, std::string_view message) {
  if (!Enabled(level)) return;
  if (g_format.load() == Format::kText) {
    WriteLine(TextLine(level, message));
    return;
  }
  json::Document doc;
  StartJson(doc, level, message);
  WriteLine(json::Write(doc));
}

void Request(const RequestLine& request) {
  if (!Enabled(Level::kInfo)) return;
  const std::string head =
      "http " + request.method + " " + request.path + " " + std::to_string(request.status);
  if (g_format.load() == Format::kText) {
    char duration[32];
    std::snprintf(duration, sizeof(duration), " %.2fms", request.duration_ms);
    WriteLine(TextLine(Level::kInfo, head + duration + " request_id=" + request.request_id));
    return;
  }
  json::Document doc;
  StartJson(doc, Level::kInfo, head);
  auto& a = doc.GetAllocator();
  doc.AddMember("request_id", JsonText(request.request_id, a), a);
  doc.AddMember("method", JsonText(request.method, a), a);
  doc.AddMember("path", JsonText(request.path, a), a);
  doc.AddMember("status", request.status, a);
  // Microseconds are enough; a finite number, as JSON needs.
  const double ms = static_cast<double>(static_cast<int64_t>(request.duration_ms * 1000)) / 1000;
  doc.AddMember("duration_ms", ms, a);
  WriteLine(json::Write(doc));
}

}  // namespace lrs::log
