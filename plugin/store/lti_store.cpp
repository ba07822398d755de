#include "plugin/store/lti_store.h"

#include <rapidjson/document.h>

#include "lrs/core/json.h"
#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

using lrs::Error;
namespace json = lrs::json;

namespace {

std::string DeploymentsJson(const std::vector<std::string>& deployments) {
  json::Document doc;
  doc.SetArray();
  for (const std::string& d : deployments)
    doc.PushBack(json::Copy(d, doc.GetAllocator()), doc.GetAllocator());
  return json::Write(doc);
}

std::vector<std::string> DeploymentsOf(std::string_view text) {
  std::vector<std::string> out;
  json::Document doc;
  if (!json::Parse(text, &doc).ok() || !doc.IsArray()) return out;
  for (const json::Value& d : doc.GetArray()) {
    if (d.IsString()) out.emplace_back(json::View(d));
  }
  return out;
}

LtiPlatformRow PlatformOf(const lrs::ext::SqlQuery& q) {
  LtiPlatformRow row;
  row.id = q.Int64(0);
  row.store_id = q.Int64(1);
  row.issuer = std::string(q.Text(2));
  row.client_id = std::string(q.Text(3));
  row.auth_url = std::string(q.Text(4));
  row.token_url = std::string(q.Text(5));
  row.jwks_url = std::string(q.Text(6));
  row.deployments = DeploymentsOf(q.Text(7));
  row.created = std::string(q.Text(8));
  row.agent_match = std::string(q.Text(9));
  return row;
}

Result<std::vector<LtiPlatformRow>> Platforms(lrs::ext::SqlQuery& q) {
  std::vector<LtiPlatformRow> out;
  for (;;) {
    auto row = q.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    out.push_back(PlatformOf(q));
  }
}

Result<std::optional<LtiPlatformRow>> OnePlatform(lrs::ext::SqlQuery& q) {
  auto rows = Platforms(q);
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) return std::optional<LtiPlatformRow>();
  return std::optional<LtiPlatformRow>(std::move(rows.value().front()));
}

}  // namespace

Result<int64_t> AddLtiPlatform(SqlConnection& txn, const LtiPlatformRow& row) {
  auto existing = FindLtiPlatform(txn, row.issuer, row.client_id);
  if (!existing.ok()) return existing.error();
  if (existing.value()) {
    return Error::Conflict("the platform with issuer \"" + row.issuer + "\" and client id \"" +
                           row.client_id + "\" is registered already (id " +
                           std::to_string(existing.value()->id) + ")");
  }
  auto q = sql::Prepare(txn, "lti_platform_add");
  if (!q.ok()) return q.error();
  q.value()
      ->Bind(1, row.store_id)
      .Bind(2, row.issuer)
      .Bind(3, row.client_id)
      .Bind(4, row.auth_url)
      .Bind(5, row.token_url)
      .Bind(6, row.jwks_url)
      .Bind(7, DeploymentsJson(row.deployments))
      .Bind(8, row.created)
      .Bind(9, row.agent_match);
  LRS_RETURN_IF_ERROR(q.value()->Run());
  auto added = FindLtiPlatform(txn, row.issuer, row.client_id);
  if (!added.ok()) return added.error();
  if (!added.value()) return Error::Internal("the platform just registered cannot be read back");
  return added.value()->id;
}

Result<std::optional<LtiPlatformRow>> FindLtiPlatform(SqlConnection& txn, const std::string& issuer,
                                                      const std::string& client_id) {
  auto q = sql::Prepare(txn, "lti_platform_find");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, issuer).Bind(2, client_id);
  return OnePlatform(*q.value());
}

Result<std::optional<LtiPlatformRow>> GetLtiPlatform(SqlConnection& txn, int64_t id) {
  auto q = sql::Prepare(txn, "lti_platform_get");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, id);
  return OnePlatform(*q.value());
}

Result<std::vector<LtiPlatformRow>> ListLtiPlatforms(SqlConnection& txn, int64_t store_id) {
  auto q = sql::Prepare(txn, "lti_platform_list");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id);
  return Platforms(*q.value());
}

Result<bool> RemoveLtiPlatform(SqlConnection& txn, int64_t store_id, int64_t id) {
  auto q = sql::Prepare(txn, "lti_platform_remove");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, id);
  LRS_RETURN_IF_ERROR(q.value()->Run());
  const bool removed = txn.Changes() > 0;
  if (removed) {
    auto purge = sql::Prepare(txn, "lti_login_purge");
    if (!purge.ok()) return purge.error();
    purge.value()->Bind(1, int64_t{0}).Bind(2, id);
    LRS_RETURN_IF_ERROR(purge.value()->Run());
    auto contexts = sql::Prepare(txn, "lti_context_purge");
    if (!contexts.ok()) return contexts.error();
    contexts.value()->Bind(1, id);
    LRS_RETURN_IF_ERROR(contexts.value()->Run());
  }
  return removed;
}

Status AddLtiKey(SqlConnection& txn, const LtiKeyRow& row) {
  auto q = sql::Prepare(txn, "lti_key_add");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, row.kid).Bind(2, row.private_pem).Bind(3, row.created);
  return q.value()->Run();
}

Result<std::vector<LtiKeyRow>> LatestLtiKeys(SqlConnection& txn, int64_t count) {
  auto q = sql::Prepare(txn, "lti_key_latest");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, count);
  std::vector<LtiKeyRow> out;
  for (;;) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    out.push_back(LtiKeyRow{q.value()->Int64(0), std::string(q.value()->Text(1)),
                            std::string(q.value()->Text(2)), std::string(q.value()->Text(3))});
  }
}

Status AddLtiLogin(SqlConnection& txn, const LtiLoginRow& row, const std::string& nonce,
                   int64_t now_us) {
  auto purge = sql::Prepare(txn, "lti_login_purge");
  if (!purge.ok()) return purge.error();
  purge.value()->Bind(1, now_us).Bind(2, int64_t{-1});
  LRS_RETURN_IF_ERROR(purge.value()->Run());
  auto q = sql::Prepare(txn, "lti_login_add");
  if (!q.ok()) return q.error();
  q.value()
      ->Bind(1, row.platform_id)
      .Bind(2, row.state)
      .Bind(3, nonce)
      .Bind(4, row.expires_us)
      .Bind(5, row.browser_hash)
      .Bind(6, int64_t{row.storage ? 1 : 0})
      .Bind(7, row.storage_target);
  return q.value()->Run();
}

Result<int64_t> LiveLtiLogins(SqlConnection& txn, int64_t platform_id, int64_t now_us) {
  auto q = sql::Prepare(txn, "lti_login_live");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, platform_id).Bind(2, now_us);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  return row.value() ? q.value()->Int64(0) : int64_t{0};
}

Result<std::optional<LtiLoginRow>> TakeLtiLogin(SqlConnection& txn, const std::string& nonce) {
  std::optional<LtiLoginRow> login;
  {
    auto q = sql::Prepare(txn, "lti_login_of_nonce");
    if (!q.ok()) return q.error();
    q.value()->Bind(1, nonce);
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return login;
    login = LtiLoginRow{q.value()->Int64(0), std::string(q.value()->Text(1)), q.value()->Int64(2),
                        std::string(q.value()->Text(3)), q.value()->Int64(4) != 0, ""};
  }
  auto q = sql::Prepare(txn, "lti_login_delete");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, nonce);
  LRS_RETURN_IF_ERROR(q.value()->Run());
  return login;
}

Result<std::optional<std::string>> LtiLoginStorageTarget(SqlConnection& txn, int64_t platform_id,
                                                         const std::string& state, int64_t now_us) {
  auto q = sql::Prepare(txn, "lti_login_of_state");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, platform_id).Bind(2, state).Bind(3, now_us);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(q.value()->Text(0)));
}

Status RememberLtiContext(SqlConnection& txn, int64_t platform_id, const std::string& context_id,
                          const std::string& memberships_url) {
  auto q = sql::Prepare(txn, "lti_context_remember");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, platform_id).Bind(2, context_id).Bind(3, memberships_url);
  return q.value()->Run();
}

Status MarkLtiContextSynced(SqlConnection& txn, int64_t platform_id, const std::string& context_id,
                            const std::string& memberships_url, int64_t synced_us) {
  auto q = sql::Prepare(txn, "lti_context_synced");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, platform_id).Bind(2, context_id).Bind(3, memberships_url).Bind(4, synced_us);
  return q.value()->Run();
}

Result<std::optional<LtiContextRow>> GetLtiContext(SqlConnection& txn, int64_t platform_id,
                                                   const std::string& context_id) {
  auto q = sql::Prepare(txn, "lti_context_get");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, platform_id).Bind(2, context_id);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<LtiContextRow>();
  return std::optional<LtiContextRow>(
      LtiContextRow{std::string(q.value()->Text(0)), q.value()->Int64(1)});
}

}  // namespace outcomes::store
