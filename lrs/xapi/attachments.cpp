#include "lrs/xapi/attachments.h"

#include <algorithm>
#include <set>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"

namespace lrs::xapi {

namespace {

void AppendAttachments(const json::Value& statement, std::vector<const json::Value*>* out) {
  const json::Value* list = json::Find(statement, "attachments");
  if (list == nullptr || !list->IsArray()) return;
  for (const json::Value& a : list->GetArray()) {
    if (a.IsObject()) out->push_back(&a);
  }
}

}  // namespace

std::vector<const json::Value*> AttachmentObjects(const json::Value& statement) {
  std::vector<const json::Value*> out;
  if (!statement.IsObject()) return out;
  AppendAttachments(statement, &out);
  const json::Value* object = json::Find(statement, "object");
  if (object != nullptr && object->IsObject()) {
    const json::Value* type = json::Find(*object, "objectType");
    if (type != nullptr && type->IsString() && json::View(*type) == "SubStatement") {
      AppendAttachments(*object, &out);
    }
  }
  return out;
}

std::vector<std::string> AttachmentHashes(const json::Value& statement) {
  std::vector<std::string> hashes;
  for (const json::Value* a : AttachmentObjects(statement)) {
    const json::Value* sha2 = json::Find(*a, "sha2");
    if (sha2 == nullptr || !sha2->IsString()) continue;
    std::string hash = AsciiLower(json::View(*sha2));
    if (std::find(hashes.begin(), hashes.end(), hash) == hashes.end()) {
      hashes.push_back(std::move(hash));
    }
  }
  return hashes;
}

Result<AttachmentDataByHash> MatchAttachmentData(const std::vector<const json::Value*>& statements,
                                                 const std::vector<std::string>& paths,
                                                 std::vector<AttachmentData> data) {
  std::set<std::string, std::less<>> referenced;
  for (const json::Value* s : statements) {
    for (std::string& hash : AttachmentHashes(*s))
      referenced.insert(std::move(hash));
  }

  AttachmentDataByHash by_hash;
  for (size_t i = 0; i < data.size(); ++i) {
    AttachmentData& d = data[i];
    // Part 1 is the statements; attachment data starts at part 2.
    const std::string where = "attachment part " + std::to_string(i + 2) + ": ";
    std::string hash = AsciiLower(d.hash);
    auto algorithm = crypto::Sha2ForHexLength(hash.size());
    if (!algorithm || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Error::BadRequest(where + "X-Experience-API-Hash \"" + d.hash +
                               "\" is not a hexadecimal SHA-224, SHA-256, SHA-384 or SHA-512 hash");
    }
    const std::string actual = crypto::Sha2Hex(*algorithm, *d.content);
    if (actual != hash) {
      return Error::BadRequest(where + "the data does not hash to its X-Experience-API-Hash " +
                               d.hash + " (it hashes to " + actual + ")");
    }
    if (referenced.count(hash) == 0) {
      return Error::BadRequest(where + "no Attachment in the statements has sha2 " + hash +
                               "; every part after the first must be the data of one");
    }
    by_hash.emplace(std::move(hash), std::move(d));
  }

  for (size_t i = 0; i < statements.size(); ++i) {
    for (const json::Value* object : AttachmentObjects(*statements[i])) {
      const json::Value& a = *object;
      if (json::Find(a, "fileUrl") != nullptr) continue;
      const json::Value* sha2 = json::Find(a, "sha2");
      if (sha2 == nullptr || !sha2->IsString()) continue;  // the validator reports it
      if (by_hash.count(AsciiLower(json::View(*sha2))) == 0) {
        return Error::BadRequest(paths[i] + ": the Attachment with sha2 " +
                                 std::string(json::View(*sha2)) +
                                 " has no fileUrl and its data was not sent (a multipart/mixed "
                                 "part with that X-Experience-API-Hash)");
      }
    }
  }
  return by_hash;
}

}  // namespace lrs::xapi
