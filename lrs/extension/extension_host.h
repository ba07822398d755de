// The LRS side of the extension interface: loads plugins, applies their schemas, offers them
// ext::Host, and forwards statement events to them in load order.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "lrs/extension/extension.h"
#include "lrs/extension/plugin_library.h"
#include "lrs/store/store.h"

namespace lrs::extension {

class ExtensionHost final : public ext::Host, public store::StatementObserver {
 public:
  // `store` and `credentials` must outlive the host.
  ExtensionHost(store::ExtensionStore& store, store::CredentialStore& credentials);
  // Stops the plugins if Start succeeded and Stop was not called.
  ~ExtensionHost() override;
  ExtensionHost(const ExtensionHost&) = delete;
  ExtensionHost& operator=(const ExtensionHost&) = delete;

  // Loads the plugin libraries at `paths`, in order, and tells each the store's SQL dialect
  // (ext::Plugin::UseDatabase). kBadRequest for a library that cannot be loaded (see
  // PluginLibrary::Load), that refuses the dialect, or whose name, URL prefix, command or scope
  // collides with one already loaded or with the LRS's own.
  Status Load(const std::vector<std::string>& paths);

  // Applies every plugin's migrations, installs the host as the statement observer, and starts
  // the plugins in load order. On failure (an error or an exception of a plugin's Start) the
  // plugins already started are stopped again.
  Status Start();
  // Stops the plugins in reverse order and removes the observer. Idempotent.
  void Stop();

  std::vector<ext::Plugin*> plugins() const;
  // The scopes the loaded plugins add.
  std::vector<std::string> ExtraScopes() const;
  // The loaded plugin that provides command-line subcommand `command`, or nullptr.
  ext::Plugin* PluginForCommand(const std::string& command) const;

  // ext::Host
  Status Write(std::function<Status(ext::SqlConnection&)> work) override;
  Status Read(std::function<Status(ext::SqlConnection&)> work) override;
  Result<std::optional<int64_t>> FindStore(const std::string& name) override;
  Status ScanStatements(ext::SqlConnection& txn, int64_t store_id, int64_t after_seq,
                        int64_t up_to_seq, size_t limit,
                        const std::function<Status(const ext::StoredStatement&)>& visit) override;
  Status GetStatements(
      ext::SqlConnection& txn, int64_t store_id, const std::vector<int64_t>& seqs,
      const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) override;
  Result<std::optional<int64_t>> FindStatement(ext::SqlConnection& txn, int64_t store_id,
                                               std::string_view statement_id) override;
  Result<int64_t> LastSeq(ext::SqlConnection& txn, int64_t store_id) override;
  Result<int64_t> CountStatements(ext::SqlConnection& txn, int64_t store_id,
                                  int64_t up_to_seq) override;
  void LogInfo(std::string_view message) override;
  metrics::Registry& Metrics() override;
  void LogWarn(std::string_view message) override;
  void LogError(std::string_view message) override;

  // store::StatementObserver. Prepare asks each started plugin; OnStatementsStored hands each
  // plugin back its own. Every call into a plugin is guarded: an exception it throws becomes a
  // kInternal error naming the plugin and the call (for OnRollback, which cannot fail, a
  // logged error), so it fails the batch, never the process.
  Result<std::shared_ptr<const void>> Prepare(
      store::StoreId store, const std::vector<store::StatementRecord>& batch) override;
  Status OnStatementsStored(ext::SqlConnection& txn,
                            const std::vector<ext::StoredStatement>& statements) override;
  Status OnStatementsVoided(ext::SqlConnection& txn, store::StoreId store,
                            const std::vector<int64_t>& seqs) override;
  Status OnAgentErased(ext::SqlConnection& txn, store::StoreId store,
                       const std::vector<std::string>& agent_keys, const std::string& pseudonym_key,
                       const std::vector<int64_t>& deleted_seqs) override;
  void OnRollback() override;

 private:
  store::ExtensionStore& store_;
  store::CredentialStore& credentials_;
  std::vector<std::unique_ptr<PluginLibrary>> libraries_;
  std::atomic<size_t> started_{0};  // plugins started, in load order (Prepare reads it anywhere)
};

}  // namespace lrs::extension
