#include "lrs/extension/plugin_library.h"

#include <dlfcn.h>

namespace lrs::extension {

Result<std::unique_ptr<PluginLibrary>> PluginLibrary::Load(const std::string& path) {
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return Error::BadRequest("cannot load plugin " + path + ": " + (why ? why : "unknown error"));
  }
  using AbiFn = int (*)();
  using CreateFn = ext::Plugin* (*)();
  auto abi = reinterpret_cast<AbiFn>(dlsym(handle, OUTCOME_LRS_PLUGIN_ABI_SYMBOL));
  auto create = reinterpret_cast<CreateFn>(dlsym(handle, OUTCOME_LRS_PLUGIN_CREATE_SYMBOL));
  if (abi == nullptr || create == nullptr) {
    dlclose(handle);
    return Error::BadRequest(path + " is not an Outcome LRS plugin: it does not export " +
                             OUTCOME_LRS_PLUGIN_ABI_SYMBOL + " and " +
                             OUTCOME_LRS_PLUGIN_CREATE_SYMBOL);
  }
  const int version = abi();
  if (version != ext::kAbiVersion) {
    dlclose(handle);
    return Error::BadRequest("plugin " + path + " was built for extension interface version " +
                             std::to_string(version) + ", but this outcome-lrs provides version " +
                             std::to_string(ext::kAbiVersion) +
                             "; rebuild the plugin with this outcome-lrs");
  }
  ext::Plugin* plugin = create();
  if (plugin == nullptr) {
    dlclose(handle);
    return Error::BadRequest("plugin " + path + " failed to create itself");
  }
  return std::unique_ptr<PluginLibrary>(new PluginLibrary(path, handle, plugin));
}

PluginLibrary::~PluginLibrary() {
  delete plugin_;
  dlclose(handle_);
}

}  // namespace lrs::extension
