#include "lrs/service/forget.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "lrs/core/crypto.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/service/audit.h"
#include "lrs/store/erasure_rows.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/attachments.h"
#include "lrs/xapi/erasure.h"
#include "lrs/xapi/statement.h"

namespace lrs::service {

namespace {

// The erasure's work inside its job: decides from the rows what to delete and what to rewrite.
class Erasure {
 public:
  Erasure(store::ErasureRows& rows, ext::SqlConnection& txn, store::StatementObserver* observer,
          store::StoreId store, const std::vector<std::string>& keys, const ForgetOptions& options,
          ForgetReport* report)
      : rows_(rows),
        txn_(txn),
        observer_(observer),
        store_(store),
        keys_(keys),
        options_(options),
        report_(report) {}

  Status Run() {
    LRS_RETURN_IF_ERROR(FindStatements());
    LRS_RETURN_IF_ERROR(Classify());
    LRS_RETURN_IF_ERROR(AddVoiders());
    if (observer_ != nullptr) {
      std::vector<int64_t> deleted(deleted_.begin(), deleted_.end());
      const std::string pseudonym_key = to_rewrite_.empty() ? std::string() : PseudonymKey();
      LRS_RETURN_IF_ERROR(observer_->OnAgentErased(txn_, store_, keys_, pseudonym_key, deleted));
    }
    for (int64_t seq : deleted_)
      LRS_RETURN_IF_ERROR(rows_.DeleteStatement(seq));
    LRS_RETURN_IF_ERROR(Rewrite());
    for (int64_t key_id : key_ids_)
      LRS_RETURN_IF_ERROR(rows_.DeleteIndexKey(key_id));
    for (const std::string& key : keys_) {
      LRS_RETURN_IF_ERROR(rows_.DeleteAgentNames(store_, key));
      auto documents = rows_.DeleteAgentDocuments(store_, key);
      if (!documents.ok()) return documents.error();
      report_->documents_deleted += documents.value();
    }
    for (const std::string& sha2 : attachment_hashes_) {
      auto referenced = rows_.AttachmentReferenced(store_, sha2);
      if (!referenced.ok()) return referenced.error();
      if (referenced.value()) continue;
      auto deleted = rows_.DeleteAttachment(store_, sha2);
      if (!deleted.ok()) return deleted.error();
      if (deleted.value()) ++report_->attachments_deleted;
    }
    return RecordBlockEntries();
  }

 private:
  // The statements carrying one of the person's index keys, in any role.
  Status FindStatements() {
    for (const std::string& key : keys_) {
      auto id = rows_.FindAgentKey(store_, key);
      if (!id.ok()) return id.error();
      if (!id.value()) continue;
      key_ids_.push_back(*id.value());
      std::vector<int64_t> seqs;
      LRS_RETURN_IF_ERROR(rows_.StatementsWithKey(*id.value(), &seqs));
      candidates_.insert(seqs.begin(), seqs.end());
    }
    return Status();
  }

  // The person's own statements are deleted; the others are rewritten.
  Status Classify() {
    for (int64_t seq : candidates_) {
      auto row = rows_.GetStatement(seq);
      if (!row.ok()) return row.error();
      if (!row.value()) continue;
      auto doc = std::make_unique<json::Document>();
      LRS_RETURN_IF_ERROR(json::Parse(row.value()->body, doc.get()));
      const json::Value* actor = json::Find(*doc, "actor");
      if (actor != nullptr && xapi::IsErasedAgent(*actor, keys_)) {
        deleted_.insert(seq);
        deleted_ids_.push_back(row.value()->id);
        ++report_->statements_deleted;
        for (std::string& sha2 : xapi::AttachmentHashes(*doc))
          attachment_hashes_.insert(std::move(sha2));
      } else {
        to_rewrite_.emplace(seq, std::move(doc));
      }
    }
    return Status();
  }

  // The voiding statements of deleted statements are deleted with them (see forget.h).
  Status AddVoiders() {
    for (const std::string& id : deleted_ids_) {
      std::vector<int64_t> voiders;
      LRS_RETURN_IF_ERROR(rows_.VoidersOf(store_, id, &voiders));
      for (int64_t seq : voiders) {
        if (!deleted_.insert(seq).second) continue;
        ++report_->voiding_statements_deleted;
        to_rewrite_.erase(seq);
        auto row = rows_.GetStatement(seq);
        if (!row.ok()) return row.error();
        if (!row.value()) continue;
        json::Document doc;
        LRS_RETURN_IF_ERROR(json::Parse(row.value()->body, &doc));
        for (std::string& sha2 : xapi::AttachmentHashes(doc))
          attachment_hashes_.insert(std::move(sha2));
      }
    }
    return Status();
  }

  // The pseudonym, made on first use: one per erasure.
  const std::string& PseudonymKey() {
    if (pseudonym_key_.empty()) {
      report_->pseudonym_name = uuid::NewV4();
      pseudonym_.SetObject();
      json::Allocator& alloc = pseudonym_.GetAllocator();
      pseudonym_.AddMember("homePage", json::Copy(options_.pseudonym_home_page, alloc), alloc);
      pseudonym_.AddMember("name", json::Copy(report_->pseudonym_name, alloc), alloc);
      json::Document agent;
      agent.SetObject();
      agent.AddMember("account", json::Value(pseudonym_, agent.GetAllocator()),
                      agent.GetAllocator());
      pseudonym_key_ = xapi::AgentKey(agent).value_or(std::string());
    }
    return pseudonym_key_;
  }

  Status Rewrite() {
    if (to_rewrite_.empty()) return Status();
    auto pseudonym_id = rows_.InternAgentKey(store_, PseudonymKey());
    if (!pseudonym_id.ok()) return pseudonym_id.error();
    for (auto& [seq, doc] : to_rewrite_) {
      xapi::ReplaceErasedAgent(*doc, keys_, pseudonym_, doc->GetAllocator());
      LRS_RETURN_IF_ERROR(
          rows_.RewriteStatement(seq, json::Write(*doc), key_ids_, pseudonym_id.value()));
      ++report_->statements_pseudonymized;
    }
    return Status();
  }

  // Block entries are left when something of the person was erased, or when asked to block
  // them (a person sent for the first time after it).
  Status RecordBlockEntries() {
    const bool found = report_->statements_deleted + report_->statements_pseudonymized +
                           report_->documents_deleted + static_cast<int64_t>(key_ids_.size()) >
                       0;
    if (!found && !options_.block) return Status();
    auto salt = rows_.Salt(crypto::RandomBytes(32));
    if (!salt.ok()) return salt.error();
    const std::string now = FormatMillisUtc(NowMicros());
    for (const std::string& key : keys_) {
      LRS_RETURN_IF_ERROR(
          rows_.PutBlockEntry(store_, store::BlockHash(salt.value(), key), options_.block, now));
      ++report_->block_entries;
    }
    return Status();
  }

  store::ErasureRows& rows_;
  ext::SqlConnection& txn_;
  store::StatementObserver* observer_;
  store::StoreId store_;
  const std::vector<std::string>& keys_;
  const ForgetOptions& options_;
  ForgetReport* report_;

  std::vector<int64_t> key_ids_;
  std::set<int64_t> candidates_;
  std::set<int64_t> deleted_;
  std::vector<std::string> deleted_ids_;
  std::map<int64_t, std::unique_ptr<json::Document>> to_rewrite_;
  std::set<std::string> attachment_hashes_;
  json::Document pseudonym_;  // the Account object
  std::string pseudonym_key_;
};

}  // namespace

Result<ForgetReport> ForgetAgent(store::Database& database, store::StatementObserver* observer,
                                 store::StoreId store, const json::Value& agent,
                                 const ForgetOptions& options) {
  auto keys = xapi::ErasedAgentKeys(agent);
  if (!keys.ok()) return keys.error();
  ForgetReport report;
  Status erased =
      database.WriteErasure([&](store::ErasureRows& rows, ext::SqlConnection& txn) -> Status {
        report = ForgetReport();  // a job may run again after a failed group
        Erasure erasure(rows, txn, observer, store, keys.value(), options, &report);
        return erasure.Run();
      });
  LRS_RETURN_IF_ERROR(erased);
  report.blocked = options.block;
  Status scrubbed = database.ScrubErased();
  report.scrubbed = scrubbed.ok();
  if (!scrubbed.ok()) report.scrub_error = scrubbed.error().message();
  return report;
}

std::string ForgetReportJson(const ForgetReport& report) {
  json::Document out;
  out.SetObject();
  json::Allocator& alloc = out.GetAllocator();
  const auto add = [&](const char* name, int64_t value) {
    out.AddMember(rapidjson::StringRef(name), json::Value(static_cast<int64_t>(value)), alloc);
  };
  add("statements_deleted", report.statements_deleted);
  add("voiding_statements_deleted", report.voiding_statements_deleted);
  add("statements_pseudonymized", report.statements_pseudonymized);
  add("documents_deleted", report.documents_deleted);
  add("attachments_deleted", report.attachments_deleted);
  add("block_entries", report.block_entries);
  out.AddMember("blocked", report.blocked, alloc);
  if (report.pseudonym_name.empty()) {
    out.AddMember("pseudonym", json::Value(), alloc);
  } else {
    out.AddMember("pseudonym", json::Copy(report.pseudonym_name, alloc), alloc);
  }
  out.AddMember("scrubbed", report.scrubbed, alloc);
  if (!report.scrubbed) out.AddMember("scrub_error", json::Copy(report.scrub_error, alloc), alloc);
  return json::Write(out);
}

Status RecordForgetAudit(store::AdminStore& admin, store::StoreId store, std::string_view actor,
                         std::string_view target, const ForgetReport& report) {
  json::Document detail;
  detail.SetObject();
  json::Allocator& alloc = detail.GetAllocator();
  const auto add = [&](const char* name, int64_t value) {
    detail.AddMember(rapidjson::StringRef(name), json::Value(value), alloc);
  };
  add("statements_deleted", report.statements_deleted);
  add("voiding_statements_deleted", report.voiding_statements_deleted);
  add("statements_pseudonymized", report.statements_pseudonymized);
  add("documents_deleted", report.documents_deleted);
  add("attachments_deleted", report.attachments_deleted);
  add("block_entries", report.block_entries);
  detail.AddMember("blocked", report.blocked, alloc);
  return RecordAudit(admin, store, actor, kForgetAuditAction, target, detail);
}

}  // namespace lrs::service
