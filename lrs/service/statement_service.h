// Operations of the Statement resource (Part Three §2.1): storing, fetching and querying
// statements with the permissions of the requesting principal. HTTP-agnostic: the HTTP layer
// turns a request into these calls and their results into responses.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/service/auth.h"
#include "lrs/store/store.h"
#include "lrs/xapi/attachments.h"
#include "lrs/xapi/format.h"
#include "lrs/xapi/language.h"
#include "lrs/xapi/validator.h"

namespace lrs::service {

struct StatementServiceOptions {
  // Most statements one GET returns ("limit=0" means this many).
  size_t max_page_size = 500;
  // Where erased persons are blocked (lrs/service/forget.h): a statement whose actor is blocked
  // is refused with kForbidden. nullptr: no statement is refused for its actor.
  store::ErasureStore* block_list = nullptr;
};

// The filter and paging parameters of GET /statements, as given (strings are validated here).
struct StatementQueryParams {
  std::optional<std::string> agent;  // JSON text of an Agent or Identified Group
  std::optional<std::string> verb;
  std::optional<std::string> activity;
  std::optional<std::string> registration;
  bool related_activities = false;
  bool related_agents = false;
  std::optional<std::string> since;
  std::optional<std::string> until;
  size_t limit = 0;  // 0: the server's maximum
  bool ascending = false;
  xapi::StatementFormat format = xapi::StatementFormat::kExact;
  bool attachments = false;
  // The version of the request: which agents related_agents matches (context agents and groups
  // under 2.0.0 only), the form of since/until, and the form the statements are returned in.
  xapi::Version version = xapi::Version::k1_0_3;
};

// One page of a statement query.
struct StatementList {
  std::vector<std::string> statements;  // each statement's JSON, in the requested format
  // Present when more statements match: an opaque token for the next page. It holds the whole
  // query (nothing is kept on the server), so it stays usable indefinitely.
  std::optional<std::string> more;
  bool attachments = false;  // whether the query asked for attachments
  // With `attachments`: the stored data of the page's attachments, one per distinct hash, in
  // order of first appearance (attachments known only by fileUrl have none).
  std::vector<store::AttachmentPayload> attachment_data;
  // The greatest "stored" of `statements` (microseconds since the epoch), 0 when there are none.
  int64_t last_stored_us = 0;
};

struct FetchedStatement {
  std::string json;  // in the requested format
  int64_t stored_us = 0;
  // When asked for: the stored data of its attachments, one per distinct hash.
  std::vector<store::AttachmentPayload> attachment_data;
};

class StatementService {
 public:
  StatementService(store::StatementStore& store, StatementServiceOptions options);

  // Stores `content`: one statement, or an array of statements stored all-or-nothing; the
  // statements are prepared in place, without copies, and the store keeps `content` alive as
  // long as it needs them. With
  // `statement_id` (PUT), `content` must be one statement whose "id", if any, equals it.
  // `attachments` is the attachment data received with the statements (the parts after the
  // first of a multipart/mixed request; none for application/json): it must match the
  // statements' Attachments exactly (xapi::MatchAttachmentData) and is stored with them.
  // Statements with a signature Attachment must carry a valid signature
  // (xapi::VerifyStatementSignatures).
  // `options.version` is the version of the request: the rules the statements are validated,
  // prepared (xapi::PrepareForStorage) and compared by, kept with each stored statement.
  // Returns the ids of the statements in order (generated where missing). Errors: kForbidden
  // without a write scope; kBadRequest for an invalid statement (naming its path), duplicate ids
  // in the batch, attachment data that does not match, a malformed signature, or an attempt to
  // void a voiding statement; kConflict when an id is already stored with different content.
  // On any error nothing is stored, attachment data included.
  Result<std::vector<std::string>> Store(const Principal& principal,
                                         std::shared_ptr<json::Document> content,
                                         const std::optional<std::string>& statement_id,
                                         const xapi::ValidationOptions& options,
                                         std::vector<xapi::AttachmentData> attachments = {});

  // The statement `id` (voidedStatementId when `voided`). kNotFound when there is no such
  // statement, when it is voided and `voided` is false, or when it is not voided and `voided` is
  // true; kForbidden without a read scope; a statements/read/mine principal only sees its own.
  // With `attachments`, the result carries the stored data of the statement's attachments. It
  // is returned in the form a reader under `version` gets (xapi::ConvertForReader).
  Result<FetchedStatement> Get(const Principal& principal, std::string_view id, bool voided,
                               xapi::StatementFormat format,
                               const xapi::LanguagePreferences& languages, bool attachments = false,
                               xapi::Version version = xapi::Version::k1_0_3);

  // The first page of statements matching `params`, newest first unless ascending; with
  // params.attachments, with the stored data of the page's attachments.
  Result<StatementList> Query(const Principal& principal, const StatementQueryParams& params,
                              const xapi::LanguagePreferences& languages);

  // The page a `more` token from Query/Continue points to, for a request under `version`.
  // kBadRequest for a token this LRS did not issue.
  Result<StatementList> Continue(const Principal& principal, std::string_view token,
                                 const xapi::LanguagePreferences& languages,
                                 xapi::Version version = xapi::Version::k1_0_3);

  // What X-Experience-API-Consistent-Through reports (StatementStore::ConsistentThroughMicros).
  int64_t ConsistentThroughMicros() { return store_.ConsistentThroughMicros(); }

 private:
  Result<StatementList> Run(const Principal& principal, const StatementQueryParams& params,
                            std::optional<int64_t> after_seq,
                            const xapi::LanguagePreferences& languages);
  // `body` (stored under `received`) in `format` for a reader under `reader`.
  Result<std::string> Format(std::string body, xapi::Version received, xapi::StatementFormat format,
                             const xapi::LanguagePreferences& languages,
                             const xapi::CanonicalMetadata* metadata, xapi::Version reader);

  store::StatementStore& store_;
  StatementServiceOptions options_;
};

}  // namespace lrs::service
