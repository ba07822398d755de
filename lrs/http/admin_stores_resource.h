// /admin/stores: the stores (tenants).
//   GET  /admin/stores                  the stores the administrator manages
//   POST /admin/stores {"name": N}      creates store N (201; default store's admins only)
//   GET  /admin/stores/N                one store
//   POST /admin/stores/N/disable        its credentials are refused (403) until it is enabled
//   POST /admin/stores/N/enable
// A store is {"name", "created", "enabled", "disabled": time or null}.
#pragma once

#include "lrs/http/admin_resource.h"

namespace lrs::http {

class AdminStoresResource : public AdminResource {
 public:
  explicit AdminStoresResource(service::Administration& administration);

  std::string Allow(std::string_view subpath) const override;
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Administrator& admin,
                              std::string_view subpath) override;

 private:
  service::Administration& administration_;
};

}  // namespace lrs::http
