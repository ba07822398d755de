// Operations of the three document resources (Part Three §2.2-2.7, concurrency §3.1): State
// (/activities/state), Activity Profile (/activities/profile) and Agent Profile
// (/agents/profile). Checks scopes, validates the parameters' values, evaluates If-Match /
// If-None-Match and merges JSON documents. HTTP-agnostic: the HTTP layer checks which parameters
// are present and turns results into responses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/service/auth.h"
#include "lrs/store/store.h"
#include "lrs/xapi/version.h"

namespace lrs::service {

using store::DocumentKind;

// The parameters addressing documents, as given; validated here (kBadRequest naming the
// parameter): activity_id is required for State and Activity Profile, agent for State and Agent
// Profile, and registration is State's alone. Unknown parameters are the HTTP layer's to reject.
struct DocumentParams {
  std::optional<std::string> activity_id;   // "activityId": an absolute IRI
  std::optional<std::string> agent;         // "agent": JSON text of an Agent (not a Group)
  std::optional<std::string> registration;  // "registration": a UUID
  std::optional<std::string> id;            // "stateId" / "profileId": a non-empty string
};

// The If-Match and If-None-Match header values of a request, as given.
struct Preconditions {
  std::optional<std::string> if_match;
  std::optional<std::string> if_none_match;
};

// A document sent by a client.
struct DocumentContent {
  std::string content_type;  // as given; empty when the request had none
  std::string contents;
};

// A document as written.
struct DocumentVersion {
  std::string etag;  // lower-case hex SHA-1 of the contents, unquoted
};

// The ids of documents and when the most recently written of them was written (0 when none).
using DocumentIdList = store::DocumentIds;

// The parameter that names a document of `kind`: "stateId" or "profileId".
std::string_view DocumentIdParameter(DocumentKind kind);

class DocumentService {
 public:
  explicit DocumentService(store::DocumentStore& store) : store_(store) {}

  // The document addressed by `params` (id required). kForbidden without the read scope
  // ("state" or "profile", "all/read", "all"); kBadRequest naming the parameter when one is
  // invalid; kNotFound when there is no such document.
  Result<store::StoredDocument> Get(const Principal& principal, DocumentKind kind,
                                    const DocumentParams& params);

  // The ids of the documents in the context of `params` (id not given; for State without a
  // registration, the documents of every registration), written strictly after `since` (a
  // timestamp of `version`, xapi/timestamp.h) when given. Errors as Get, but never kNotFound.
  Result<DocumentIdList> ListIds(const Principal& principal, DocumentKind kind,
                                 const DocumentParams& params,
                                 const std::optional<std::string>& since, xapi::Version version);

  // Stores `content` as the document addressed by `params`, replacing any. kForbidden without
  // the write scope ("state" or "profile", "all"); kBadRequest for invalid parameters or
  // preconditions; kPreconditionFailed when `preconditions` do not hold for the current
  // document. Without either precondition, by the concurrency rules of `version`: under 1.0.3
  // (Part Three §3.1) a State document is written, and a profile document gets kConflict when
  // it exists and kBadRequest when it does not; under 2.0.0 (9274.1.1 §4.1.4, the same for all
  // three resources) kConflict when the document exists, else it is created. On any error
  // nothing changes.
  Result<DocumentVersion> Put(const Principal& principal, DocumentKind kind,
                              const DocumentParams& params, DocumentContent content,
                              const Preconditions& preconditions, xapi::Version version);

  // Like Put, but `content` of type application/json must be a JSON object (else kBadRequest),
  // and when a document exists both it and `content` must be application/json JSON objects
  // (else kBadRequest and nothing changes): the stored document becomes the existing object with
  // each top-level property of `content` set on it. Without an existing document `content` is
  // stored as it is. No kConflict: the preconditions are optional.
  Result<DocumentVersion> Post(const Principal& principal, DocumentKind kind,
                               const DocumentParams& params, DocumentContent content,
                               const Preconditions& preconditions, xapi::Version version);

  // Deletes the document addressed by `params`; deleting none is not an error, unless an
  // If-Match precondition was given (kPreconditionFailed). Errors as Put, but no kConflict.
  Status Delete(const Principal& principal, DocumentKind kind, const DocumentParams& params,
                const Preconditions& preconditions);

  // State only: deletes every document in the context of `params` (id not given; without a
  // registration, the documents of every registration). Errors as Put, no kPreconditionFailed.
  Status DeleteAll(const Principal& principal, DocumentKind kind, const DocumentParams& params);

 private:
  enum class WriteMethod { kPut, kPost, kDelete };
  Result<DocumentVersion> Write(const Principal& principal, DocumentKind kind,
                                const DocumentParams& params, DocumentContent content,
                                const Preconditions& preconditions, WriteMethod method,
                                xapi::Version version);

  store::DocumentStore& store_;
};

}  // namespace lrs::service
