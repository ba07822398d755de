#include "lrs/extension/extension_host.h"

#include <algorithm>

#include "lrs/core/log.h"
#include "lrs/core/strings.h"

namespace lrs::extension {

namespace {

// What the LRS itself owns, which no plugin may claim.
constexpr std::string_view kReservedPrefix = "/xapi";
constexpr std::string_view kReservedCommands[] = {"serve", "credentials", "help"};

std::string Describe(const PluginLibrary& lib) {
  return "plugin \"" + std::string(lib.plugin().Name()) + "\" (" + lib.path() + ")";
}

// Calls `call` (a plugin's method returning a Status or a Result) and turns an exception it
// throws into a kInternal error naming the plugin and the method: no exception of a plugin
// crosses into the LRS.
template <typename Call>
auto Guarded(const PluginLibrary& lib, const char* method, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& e) {
    return Error::Internal(Describe(lib) + " threw in " + method + ": " + e.what());
  } catch (...) {
    return Error::Internal(Describe(lib) + " threw in " + method + " (not a std::exception)");
  }
}

}  // namespace

ExtensionHost::ExtensionHost(store::ExtensionStore& store, store::CredentialStore& credentials)
    : store_(store), credentials_(credentials) {}

ExtensionHost::~ExtensionHost() {
  Stop();
}

Status ExtensionHost::Load(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    auto loaded = PluginLibrary::Load(path);
    if (!loaded.ok()) return loaded.error();
    const ext::Plugin& plugin = loaded.value()->plugin();
    const std::string_view dialect = store_.SqlDialect();
    Status usable = Guarded(*loaded.value(), "UseDatabase",
                            [&] { return loaded.value()->plugin().UseDatabase(dialect); });
    if (!usable.ok()) {
      return Error::BadRequest(Describe(*loaded.value()) + " cannot run on " +
                               (dialect == "postgresql" ? "a PostgreSQL" : "an SQLite") +
                               " database: " + usable.error().message());
    }
    const std::string prefix(plugin.HttpPrefix());
    if (!prefix.empty() && (prefix[0] != '/' || StartsWith(prefix, kReservedPrefix))) {
      return Error::BadRequest(Describe(*loaded.value()) + " claims the URL prefix \"" + prefix +
                               "\", which must start with '/' and stay outside /xapi");
    }
    for (const std::string& command : plugin.Commands()) {
      for (std::string_view reserved : kReservedCommands) {
        if (command == reserved) {
          return Error::BadRequest(Describe(*loaded.value()) + " claims the command \"" + command +
                                   "\" of outcome-lrs itself");
        }
      }
    }
    for (const auto& other : libraries_) {
      const ext::Plugin& o = other->plugin();
      if (o.Name() == plugin.Name()) {
        return Error::BadRequest(Describe(*loaded.value()) + " has the same name as " +
                                 Describe(*other));
      }
      if (!prefix.empty() && o.HttpPrefix() == prefix) {
        return Error::BadRequest(Describe(*loaded.value()) + " claims the URL prefix of " +
                                 Describe(*other));
      }
      for (const std::string& command : plugin.Commands()) {
        auto theirs = o.Commands();
        if (std::find(theirs.begin(), theirs.end(), command) != theirs.end()) {
          return Error::BadRequest(Describe(*loaded.value()) + " claims the command \"" + command +
                                   "\" of " + Describe(*other));
        }
      }
    }
    log::Info("loaded " + Describe(*loaded.value()));
    libraries_.push_back(std::move(loaded).value());
  }
  return Status();
}

Status ExtensionHost::Start() {
  for (const auto& lib : libraries_) {
    Status migrated =
        store_.ApplyMigrations(std::string(lib->plugin().Name()), lib->plugin().Migrations());
    if (!migrated.ok()) return migrated;
  }
  store_.SetObserver(this);
  for (; started_ < libraries_.size(); ++started_) {
    PluginLibrary& lib = *libraries_[started_];
    Status s = Guarded(lib, "Start", [&] { return lib.plugin().Start(*this); });
    if (!s.ok()) {
      Error e(s.error().code(),
              Describe(*libraries_[started_]) + " failed to start: " + s.error().message());
      Stop();
      return e;
    }
  }
  return Status();
}

void ExtensionHost::Stop() {
  while (started_ > 0) {
    --started_;
    PluginLibrary& lib = *libraries_[started_];
    Status stopped = Guarded(lib, "Stop", [&] {
      lib.plugin().Stop();
      return Status();
    });
    if (!stopped.ok()) log::Error(stopped.error().message());
  }
  store_.SetObserver(nullptr);
}

std::vector<ext::Plugin*> ExtensionHost::plugins() const {
  std::vector<ext::Plugin*> out;
  for (const auto& lib : libraries_)
    out.push_back(&lib->plugin());
  return out;
}

std::vector<std::string> ExtensionHost::ExtraScopes() const {
  std::vector<std::string> out;
  for (const auto& lib : libraries_) {
    for (const std::string& scope : lib->plugin().Scopes())
      out.push_back(scope);
  }
  return out;
}

ext::Plugin* ExtensionHost::PluginForCommand(const std::string& command) const {
  for (const auto& lib : libraries_) {
    auto commands = lib->plugin().Commands();
    if (std::find(commands.begin(), commands.end(), command) != commands.end()) {
      return &lib->plugin();
    }
  }
  return nullptr;
}

Status ExtensionHost::Write(std::function<Status(ext::SqlConnection&)> work) {
  return store_.Write(std::move(work));
}

Status ExtensionHost::Read(std::function<Status(ext::SqlConnection&)> work) {
  return store_.Read(std::move(work));
}

Result<std::optional<int64_t>> ExtensionHost::FindStore(const std::string& name) {
  auto found = credentials_.FindStore(name);
  if (!found.ok()) return found.error();
  return std::optional<int64_t>(found.value());
}

Status ExtensionHost::ScanStatements(
    ext::SqlConnection& txn, int64_t store_id, int64_t after_seq, int64_t up_to_seq, size_t limit,
    const std::function<Status(const ext::StoredStatement&)>& visit) {
  return store_.ScanStatements(txn, store_id, after_seq, up_to_seq, limit, visit);
}

Status ExtensionHost::GetStatements(
    ext::SqlConnection& txn, int64_t store_id, const std::vector<int64_t>& seqs,
    const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) {
  return store_.GetStatements(txn, store_id, seqs, visit);
}

Result<std::optional<int64_t>> ExtensionHost::FindStatement(ext::SqlConnection& txn,
                                                            int64_t store_id,
                                                            std::string_view statement_id) {
  return store_.FindStatement(txn, store_id, statement_id);
}

Result<int64_t> ExtensionHost::LastSeq(ext::SqlConnection& txn, int64_t store_id) {
  return store_.LastSeq(txn, store_id);
}

Result<int64_t> ExtensionHost::CountStatements(ext::SqlConnection& txn, int64_t store_id,
                                               int64_t up_to_seq) {
  return store_.CountStatements(txn, store_id, up_to_seq);
}

void ExtensionHost::LogInfo(std::string_view message) {
  log::Info(message);
}
void ExtensionHost::LogWarn(std::string_view message) {
  log::Warn(message);
}
void ExtensionHost::LogError(std::string_view message) {
  log::Error(message);
}

metrics::Registry& ExtensionHost::Metrics() {
  return metrics::Global();
}

namespace {

// What the plugins prepared for one batch, in load order.
struct PreparedByPlugins {
  std::vector<std::shared_ptr<const void>> notes;
};

}  // namespace

Result<std::shared_ptr<const void>> ExtensionHost::Prepare(
    store::StoreId store, const std::vector<store::StatementRecord>& batch) {
  const size_t started = started_.load();
  if (started == 0) return std::shared_ptr<const void>();
  std::vector<const json::Value*> statements;
  statements.reserve(batch.size());
  for (const store::StatementRecord& rec : batch)
    statements.push_back(rec.statement.get());
  auto prepared = std::make_shared<PreparedByPlugins>();
  bool any = false;
  for (size_t i = 0; i < started; ++i) {
    const PluginLibrary& lib = *libraries_[i];
    auto note = Guarded(lib, "Prepare", [&]() -> Result<std::shared_ptr<const void>> {
      return lib.plugin().Prepare(store, statements);
    });
    if (!note.ok()) return note.error();
    prepared->notes.push_back(std::move(note).value());
    any = any || prepared->notes.back() != nullptr;
  }
  if (!any) return std::shared_ptr<const void>();
  return std::shared_ptr<const void>(std::move(prepared));
}

Status ExtensionHost::OnStatementsStored(ext::SqlConnection& txn,
                                         const std::vector<ext::StoredStatement>& statements) {
  const PreparedByPlugins* prepared =
      statements.empty() ? nullptr
                         : static_cast<const PreparedByPlugins*>(statements.front().prepared);
  std::vector<ext::StoredStatement> theirs;
  for (size_t i = 0; i < started_; ++i) {
    const PluginLibrary& lib = *libraries_[i];
    if (prepared == nullptr) {
      LRS_RETURN_IF_ERROR(Guarded(lib, "OnStatementsStored", [&] {
        return lib.plugin().OnStatementsStored(txn, statements);
      }));
      continue;
    }
    // Each plugin gets back what it prepared itself (nothing when it started since).
    const void* note = i < prepared->notes.size() ? prepared->notes[i].get() : nullptr;
    theirs = statements;
    for (ext::StoredStatement& s : theirs)
      s.prepared = note;
    LRS_RETURN_IF_ERROR(Guarded(lib, "OnStatementsStored",
                                [&] { return lib.plugin().OnStatementsStored(txn, theirs); }));
  }
  return Status();
}

Status ExtensionHost::OnStatementsVoided(ext::SqlConnection& txn, store::StoreId store,
                                         const std::vector<int64_t>& seqs) {
  for (size_t i = 0; i < started_; ++i) {
    const PluginLibrary& lib = *libraries_[i];
    LRS_RETURN_IF_ERROR(Guarded(lib, "OnStatementsVoided",
                                [&] { return lib.plugin().OnStatementsVoided(txn, store, seqs); }));
  }
  return Status();
}

Status ExtensionHost::OnAgentErased(ext::SqlConnection& txn, store::StoreId store,
                                    const std::vector<std::string>& agent_keys,
                                    const std::string& pseudonym_key,
                                    const std::vector<int64_t>& deleted_seqs) {
  const ext::AgentErasure erasure{agent_keys, pseudonym_key, deleted_seqs};
  for (size_t i = 0; i < started_; ++i) {
    const PluginLibrary& lib = *libraries_[i];
    LRS_RETURN_IF_ERROR(Guarded(lib, "OnAgentErased",
                                [&] { return lib.plugin().OnAgentErased(txn, store, erasure); }));
  }
  return Status();
}

void ExtensionHost::OnRollback() {
  // Every plugin hears of the rollback, even when one before it threw.
  for (size_t i = 0; i < started_; ++i) {
    const PluginLibrary& lib = *libraries_[i];
    Status told = Guarded(lib, "OnRollback", [&] {
      lib.plugin().OnRollback();
      return Status();
    });
    if (!told.ok()) log::Error(told.error().message());
  }
}

}  // namespace lrs::extension
