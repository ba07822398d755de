// The Alternate Request Syntax (Part Three §1.3): a POST with a "method" query parameter and a
// form body carrying headers, parameters and content, for clients that cannot send arbitrary
// methods or headers. It is rewritten into the request it stands for before anything else.
#pragma once

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

// True when `request` is a POST whose query string has a "method" parameter.
bool UsesAlternateSyntax(const HttpRequest& request);

// Rewrites an alternate-syntax request in place: method from "method"; Authorization,
// X-Experience-API-Version, Content-Type, If-Match and If-None-Match form fields become headers;
// "content" becomes the body; every other form field becomes a query parameter. kBadRequest
// when the query string has anything besides "method", the method is not one xAPI uses, or the
// body is not application/x-www-form-urlencoded.
Status RewriteAlternateSyntax(HttpRequest* request);

}  // namespace lrs::http
