// A plugin shared library, loaded (internal to lrs/extension).
#pragma once

#include <memory>
#include <string>

#include "lrs/core/error.h"
#include "lrs/extension/extension.h"

namespace lrs::extension {

class PluginLibrary {
 public:
  // Loads the library at `path`, checks that its ABI version equals ext::kAbiVersion and creates
  // its plugin. kBadRequest, saying what is wrong and both versions on a mismatch, when the file
  // cannot be loaded, lacks the entry points, or was built against another interface version.
  static Result<std::unique_ptr<PluginLibrary>> Load(const std::string& path);
  // Destroys the plugin, then unloads the library.
  ~PluginLibrary();
  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  ext::Plugin& plugin() const { return *plugin_; }
  const std::string& path() const { return path_; }

 private:
  PluginLibrary(std::string path, void* handle, ext::Plugin* plugin)
      : path_(std::move(path)), handle_(handle), plugin_(plugin) {}

  std::string path_;
  void* handle_;
  ext::Plugin* plugin_;
};

}  // namespace lrs::extension
