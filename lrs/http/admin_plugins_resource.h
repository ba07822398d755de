// /admin/plugins: the plugins this server loaded, and what the database records of each.
//   GET /admin/plugins  {"interface_version": N, "plugins": [{"name", "interface_version",
//                        "http_prefix", "scopes": [...], "commands": [...],
//                        "migrations": [{"name", "applied"}]}]}
// Plugins are loaded per server process (--plugin) and serve every store alike: the product
// keeps no registration of a plugin per store, so there is none to list or change here (a
// plugin's own per-store settings, such as the outcome plugin's LTI platforms, are the
// plugin's API). Plugins have no version of their own but the extension interface's.
#pragma once

#include <vector>

#include "lrs/extension/extension.h"
#include "lrs/http/admin_resource.h"

namespace lrs::http {

class AdminPluginsResource : public AdminResource {
 public:
  AdminPluginsResource(std::vector<ext::Plugin*> plugins, store::AdminStore& store);

  std::string Allow(std::string_view subpath) const override;
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Administrator& admin,
                              std::string_view subpath) override;

 private:
  std::vector<ext::Plugin*> plugins_;
  store::AdminStore& store_;
};

}  // namespace lrs::http
