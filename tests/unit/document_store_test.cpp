// The DocumentStore contract (lrs/store/store.h), on the backend under test: documents stored byte
// for byte, decisions taken on the current version, refused decisions changing nothing, sets
// of documents by context with and without a registration, stores kept apart.
#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/test_backend.h"

namespace lrs {
namespace {

using store::DocumentContext;
using store::DocumentKey;
using store::DocumentKind;
using store::DocumentWrite;
using store::StoredDocument;

class DocumentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LRS_SKIP_WITHOUT_BACKEND();
    Open();
  }
  void TearDown() override { db_.reset(); }
  void Open() {
    db_.reset();
    auto db = database_.Open();
    ASSERT_TRUE(db.ok()) << db.error().message();
    db_ = std::move(db).value();
  }

  static DocumentContext State(const std::optional<std::string>& registration = std::nullopt) {
    DocumentContext c;
    c.kind = DocumentKind::kState;
    c.activity_id = "http://example.com/a";
    c.agent_key = "mbox|mailto:ann@example.com";
    c.registration = registration;
    return c;
  }

  // Replaces document `key` of `store` with `contents`, whatever is there.
  Status Put(store::StoreId store, const DocumentKey& key, const std::string& contents) {
    return db_->UpdateDocument(store, key, [&](const std::optional<StoredDocument>&) {
      DocumentWrite w;
      w.action = DocumentWrite::Action::kReplace;
      w.content_type = "application/octet-stream";
      w.contents = contents;
      w.etag = "etag-of-" + contents;
      return Result<DocumentWrite>(w);
    });
  }

  std::optional<std::string> Contents(store::StoreId store, const DocumentKey& key) {
    auto doc = db_->GetDocument(store, key);
    EXPECT_TRUE(doc.ok()) << doc.error().message();
    if (!doc.ok() || !doc.value()) return std::nullopt;
    return doc.value()->contents;
  }

  std::vector<std::string> Ids(store::StoreId store, const DocumentContext& context,
                               std::optional<int64_t> since = std::nullopt) {
    auto ids = db_->ListDocumentIds(store, context, since);
    EXPECT_TRUE(ids.ok()) << ids.error().message();
    return ids.ok() ? ids.value().ids : std::vector<std::string>{};
  }

  unit_test::BackendDatabase database_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(DocumentStoreTest, DecisionsSeeTheCurrentVersionAndStoreBytesExactly) {
  const DocumentKey key{State(), "s"};
  const std::string bytes("\0\xff\r\nx", 5);
  std::vector<std::optional<std::string>> seen;
  auto record_then_put = [&](const std::string& contents) {
    return db_->UpdateDocument(1, key, [&](const std::optional<StoredDocument>& current) {
      seen.push_back(current ? std::optional<std::string>(current->contents) : std::nullopt);
      DocumentWrite w;
      w.action = DocumentWrite::Action::kReplace;
      w.content_type = "text/x; a=b";
      w.contents = contents;
      w.etag = "e" + std::to_string(seen.size());
      return Result<DocumentWrite>(w);
    });
  };
  ASSERT_TRUE(record_then_put(bytes).ok());
  ASSERT_TRUE(record_then_put("").ok());
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_FALSE(seen[0].has_value());
  EXPECT_EQ(seen[1], bytes);
  auto doc = db_->GetDocument(1, key);
  ASSERT_TRUE(doc.ok() && doc.value());
  EXPECT_EQ(doc.value()->contents, "");
  EXPECT_EQ(doc.value()->content_type, "text/x; a=b");
  EXPECT_EQ(doc.value()->etag, "e2");
  EXPECT_GT(doc.value()->updated_us, 0);

  // Durable: still there after reopening the database.
  Open();
  EXPECT_EQ(Contents(1, key), "");
}

TEST_F(DocumentStoreTest, ARefusedDecisionChangesNothing) {
  const DocumentKey key{State(), "s"};
  ASSERT_TRUE(Put(1, key, "before").ok());
  Status refused = db_->UpdateDocument(1, key, [](const std::optional<StoredDocument>&) {
    return Result<DocumentWrite>(Error(ErrorCode::kPreconditionFailed, "no"));
  });
  EXPECT_EQ(refused.error().code(), ErrorCode::kPreconditionFailed);
  EXPECT_EQ(Contents(1, key), "before");
  // kKeep changes nothing either; kDelete of a missing document is no error.
  ASSERT_TRUE(db_->UpdateDocument(1, key,
                                  [](const std::optional<StoredDocument>&) {
                                    return Result<DocumentWrite>(DocumentWrite{});
                                  })
                  .ok());
  EXPECT_EQ(Contents(1, key), "before");
  auto remove = [](const std::optional<StoredDocument>&) {
    DocumentWrite w;
    w.action = DocumentWrite::Action::kDelete;
    return Result<DocumentWrite>(w);
  };
  ASSERT_TRUE(db_->UpdateDocument(1, key, remove).ok());
  EXPECT_EQ(Contents(1, key), std::nullopt);
  ASSERT_TRUE(db_->UpdateDocument(1, key, remove).ok());
  // The writer still works after all of that.
  ASSERT_TRUE(Put(1, key, "after").ok());
  EXPECT_EQ(Contents(1, key), "after");
}

TEST_F(DocumentStoreTest, SetsByContextRegistrationAndSince) {
  const std::string r1 = "00000000-0000-4000-8000-000000000001";
  const std::string r2 = "00000000-0000-4000-8000-000000000002";
  ASSERT_TRUE(Put(1, {State(), "b"}, "1").ok());
  ASSERT_TRUE(Put(1, {State(r1), "b"}, "2").ok());
  ASSERT_TRUE(Put(1, {State(r1), "a"}, "3").ok());
  DocumentContext other = State();
  other.agent_key = "mbox|mailto:bob@example.com";
  ASSERT_TRUE(Put(1, {other, "z"}, "4").ok());
  DocumentContext profile = State();
  profile.kind = DocumentKind::kActivityProfile;
  profile.agent_key = "";
  ASSERT_TRUE(Put(1, {profile, "p"}, "5").ok());

  // Without a registration: every registration's ids, once each, sorted.
  EXPECT_EQ(Ids(1, State()), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Ids(1, State(r1)), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Ids(1, State(r2)), std::vector<std::string>{});
  EXPECT_EQ(Ids(1, profile), std::vector<std::string>{"p"});
  // But one document without a registration is the one stored without.
  EXPECT_EQ(Contents(1, {State(), "b"}), "1");
  EXPECT_EQ(Contents(1, {State(), "a"}), std::nullopt);

  auto listed = db_->ListDocumentIds(1, State(), std::nullopt);
  ASSERT_TRUE(listed.ok());
  const int64_t last = listed.value().last_updated_us;
  EXPECT_GT(last, 0);
  EXPECT_EQ(Ids(1, State(), last), std::vector<std::string>{});
  EXPECT_EQ(Ids(1, State(), last - 1).size(), 1u);

  ASSERT_TRUE(db_->DeleteDocuments(1, State(r1)).ok());
  EXPECT_EQ(Ids(1, State()), std::vector<std::string>{"b"});
  ASSERT_TRUE(db_->DeleteDocuments(1, State()).ok());
  EXPECT_EQ(Ids(1, State()), std::vector<std::string>{});
  EXPECT_EQ(Contents(1, {other, "z"}), "4");
  EXPECT_EQ(Contents(1, {profile, "p"}), "5");
}

TEST_F(DocumentStoreTest, StoresAreKeptApart) {
  auto b = db_->EnsureStore("b");
  ASSERT_TRUE(b.ok());
  const DocumentKey key{State(), "s"};
  ASSERT_TRUE(Put(1, key, "default").ok());
  EXPECT_EQ(Contents(b.value(), key), std::nullopt);
  EXPECT_EQ(Ids(b.value(), State()), std::vector<std::string>{});
  ASSERT_TRUE(Put(b.value(), key, "b").ok());
  ASSERT_TRUE(db_->DeleteDocuments(b.value(), State()).ok());
  EXPECT_EQ(Contents(1, key), "default");
}

}  // namespace
}  // namespace lrs
