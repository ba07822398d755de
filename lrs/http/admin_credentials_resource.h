// /admin/credentials: HTTP Basic credentials. Secrets are shown once, when made; never their
// hashes.
//   GET  /admin/credentials[?store=S]      the credentials of the stores managed (of S alone)
//   POST /admin/credentials {"store", "scopes", "key"?, "secret"?, "name"?, "home_page"?}
//                                          creates one (201, with its "secret"); "scopes" a
//                                          list of names or one string of them
//   GET  /admin/credentials/K              one credential
//   POST /admin/credentials/K/revoke       revokes it (from the next request on)
//   POST /admin/credentials/K/rotate       a new secret (answered once); the old one stops working
// A credential is {"key", "store", "name", "scopes": [...], "created", "active", "revoked"}.
#pragma once

#include "lrs/http/admin_resource.h"

namespace lrs::http {

class AdminCredentialsResource : public AdminResource {
 public:
  explicit AdminCredentialsResource(service::Administration& administration);

  std::string Allow(std::string_view subpath) const override;
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Administrator& admin,
                              std::string_view subpath) override;

 private:
  Result<HttpResponse> Create(const HttpRequest& request, const service::Administrator& admin);

  service::Administration& administration_;
};

}  // namespace lrs::http
