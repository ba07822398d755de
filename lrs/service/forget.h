// Erasing a person (GDPR Art. 17, "right to erasure"): xAPI itself only voids, which hides a
// statement from queries but keeps it; an erasure deletes. One entry point for the
// `outcome-lrs forget` command and for a job of the admin API, knowing nothing of HTTP.
//
// What an erasure of a person, known by their inverse functional identifier, does in one store,
// as ONE job of the statement writer (one transaction on SQLite and PostgreSQL: all of it or
// nothing of it):
//  * deletes every statement whose actor is the person (an mbox matches its mbox_sha1sum forms
//    too; a Group as actor is the person only when it is identified by that identifier), its
//    index entries, and the attachment data no remaining statement names;
//  * deletes the voiding statements that void a deleted statement: with their target gone they
//    point at nothing, and they would void the statement again were it ever sent anew;
//  * deletes the person's State and Agent Profile documents (every activity, registration) and
//    the names statements gave them (the Agents resource);
//  * in every other statement that names the person (object, instructor, team, members of any
//    Group, context agents, authority, the parts of a SubStatement) puts a pseudonym in their
//    place: an Account {homePage: ForgetOptions::pseudonym_home_page, name: a random UUID}, the
//    same for the whole erasure, so those statements stay valid and still tell one learner
//    apart from another; their index entries follow (the person's index keys are deleted);
//  * lets the plugins erase what they hold (StatementObserver::OnAgentErased), in the same
//    transaction, before the statements are deleted;
//  * leaves a block entry per identifier: a salted hash (store::BlockHash; one random salt per
//    database), never the identifier, which refuses statements whose actor is the person when
//    ForgetOptions::block is set (StatementService::Store answers kForbidden), or merely
//    records the erasure otherwise.
// After the commit it scrubs the database's files (store::ErasureStore::ScrubErased).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/store/store.h"

namespace lrs::service {

inline constexpr std::string_view kDefaultPseudonymHomePage = "https://outcome-lrs.invalid/erased";

struct ForgetOptions {
  // The homePage of the pseudonym's account (an IRL; the default names no real host).
  std::string pseudonym_home_page = std::string(kDefaultPseudonymHomePage);
  // Whether the block entries refuse the person's statements from now on.
  bool block = false;
};

// What one erasure did.
struct ForgetReport {
  int64_t statements_deleted = 0;          // statements whose actor was the person
  int64_t voiding_statements_deleted = 0;  // statements voiding those
  int64_t statements_pseudonymized = 0;    // other statements the pseudonym now stands in
  int64_t documents_deleted = 0;           // State and Agent Profile documents
  int64_t attachments_deleted = 0;         // attachment data no statement names any more
  int64_t block_entries = 0;               // salted hashes recorded (one per identifier form)
  bool blocked = false;                    // ForgetOptions::block
  // The pseudonym's account name (a UUID); empty when no statement needed one.
  std::string pseudonym_name;
  // Whether ScrubErased finished; when not, `scrub_error` says why (the erasure is committed).
  bool scrubbed = false;
  std::string scrub_error;
};

// Erases the person `agent` (an Agent or Identified Group with exactly one inverse functional
// identifier) from store `store` of `database`, telling `observer` (the extension host; may be
// null) inside the same transaction. kBadRequest for an invalid agent; any other error means
// nothing was erased. A person of whom nothing is stored gives a report of zero counts (and,
// with `block`, still their block entries).
Result<ForgetReport> ForgetAgent(store::Database& database, store::StatementObserver* observer,
                                 store::StoreId store, const json::Value& agent,
                                 const ForgetOptions& options);

// `report` as a JSON object (the counts, "blocked", "pseudonym", "scrubbed").
std::string ForgetReportJson(const ForgetReport& report);

// The audit action of an erasure.
inline constexpr std::string_view kForgetAuditAction = "forget";

// Records in the audit log (lrs/service/audit.h) that `actor` erased a person from `store`:
// action kForgetAuditAction, `target` what names the erasure (a job's id; empty on the command
// line), detail the counts of `report` and "blocked". Never the person's identifier, name or
// pseudonym: the log says that an erasure happened and how much it removed, not whom.
Status RecordForgetAudit(store::AdminStore& admin, store::StoreId store, std::string_view actor,
                         std::string_view target, const ForgetReport& report);

}  // namespace lrs::service
