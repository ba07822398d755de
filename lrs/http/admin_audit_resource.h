// /admin/audit: the audit log of administrative changes (lrs/service/audit.h), newest first.
//   GET /admin/audit[?store=S][&limit=N][&before=ID]
//   {"entries": [{"id", "time", "store", "actor", "action", "target", "detail"}, ...],
//    "more": "/admin/audit?...before=ID" when older entries exist, else ""}
// An administrator of another store than the default sees its own store's entries alone.
#pragma once

#include "lrs/http/admin_resource.h"

namespace lrs::http {

class AdminAuditResource : public AdminResource {
 public:
  explicit AdminAuditResource(service::Administration& administration, store::AdminStore& store);

  std::string Allow(std::string_view subpath) const override;
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Administrator& admin,
                              std::string_view subpath) override;

 private:
  service::Administration& administration_;
  store::AdminStore& store_;
};

}  // namespace lrs::http
