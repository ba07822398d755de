// What the tests of erasing a person share (tests/http/forget_test.cpp, the command line;
// tests/http/admin_forget_test.cpp, POST /admin/forget): the person "ann" in every form
// statements name her by, the statements and documents an erasure must reach, and the search
// of the database for anything left of her.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/http/http_test.h"

namespace lrs::http_test {

// The person to erase, in every form the seeded statements name them by.
inline constexpr char kMbox[] = "mailto:ann.erasable@example.com";
inline constexpr char kName[] = "Ann Erasable-Person";
// The person as the erasure is asked for (the Agent JSON).
inline constexpr char kAgentArg[] = R"({"mbox":"mailto:ann.erasable@example.com"})";
// Bytes of an attachment only the person's statement carries.
inline constexpr char kPrivateData[] = "ann-erasable private attachment bytes";
inline constexpr char kSharedData[] = "attachment bytes bob's statement shares";

// Ann as an Agent with name and mbox; by her mbox's SHA-1 (mbox_sha1sum) alone.
std::string Ann();
std::string AnnSha1();
std::string AnnBySha1();
// What identifies ann, as text that must not be found anywhere after her erasure.
std::vector<std::string> AnnTraces();

struct Seeded {
  std::vector<std::string> anns;    // statements whose actor is ann
  std::string voiding;              // bob's voiding of anns[2]
  std::vector<std::string> others;  // others' statements naming ann
  std::string bobs_own;             // bob's statement without ann, sharing an attachment
};

class ForgetTest : public LrsHttpTest {
 protected:
  // Stores, with `client` (admin() when null), what the tests erase: ann's statements (by mbox
  // and by mbox_sha1sum, one with an attachment of her own and one with an attachment bob
  // shares, one voided), others' statements naming her in each role, and documents (three of
  // ann's, one of bob's). Erasing ann from it counts 3 statements deleted, 1 voiding statement,
  // 6 pseudonymized, 3 documents, 1 attachment and 2 block entries.
  Seeded Seed(const XapiClient* client = nullptr);

  // The first id of a POST's answer (an array of ids).
  static std::string FirstId(const HttpResult& posted);
  // The report's count `name`; -1 when it is missing or not an integer.
  static int64_t Count(const json::Value& report, const char* name);
  // Every byte of the SQLite database's files (the database and its write-ahead log).
  std::string SqliteFiles();
  // The statement `id` as the LRS returns it.
  std::unique_ptr<json::Document> Fetch(const std::string& id);
  // Records a failure for every trace of ann (AnnTraces) left in the database: in the raw bytes
  // of the SQLite files, or on PostgreSQL in any table an erasure, its job or its audit entry
  // writes.
  void ExpectNoTraceOfAnn();
  // The newest "forget" entry of GET /admin/audit with `client` (an admin credential), as JSON
  // text; records a failure and returns "" when there is none.
  static std::string NewestForgetEntry(const XapiClient& client);
};

}  // namespace lrs::http_test
