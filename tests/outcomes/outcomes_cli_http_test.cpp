// `outcome-lrs outcomes apply|list`, on the database of a real outcome-lrs, with the server
// stopped and while it runs: what the command prints, how it fails, stores, and the tagging of
// what it declares.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

// The lines of `text`.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// The whitespace-separated words of `line`.
std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

// The rows of `outcomes list` (after its header), by outcome id: the other words of the row.
std::map<std::string, std::vector<std::string>> ListRows(const CommandOutput& list) {
  std::map<std::string, std::vector<std::string>> rows;
  std::vector<std::string> lines = Lines(list.out);
  if (lines.empty()) {
    ADD_FAILURE() << "outcomes list printed nothing";
    return rows;
  }
  EXPECT_EQ(Words(lines[0]),
            (std::vector<std::string>{"OUTCOME", "TAGGING", "PROCESSED/TOTAL", "TAGGED"}));
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> words = Words(lines[i]);
    if (words.empty()) continue;
    rows[words[0]] = std::vector<std::string>(words.begin() + 1, words.end());
  }
  return rows;
}

class OutcomesCli : public OutcomeHttpTest {
 protected:
  bool StartServer() const override { return false; }

  CommandOutput Outcomes(std::vector<std::string> args) {
    args.insert(args.begin(), "outcomes");
    return server().Command(args);
  }
};

TEST_F(OutcomesCli, ApplyReportsWhatItDidAndListShowsIt) {
  std::vector<std::string> files;
  for (const std::string& name : ExampleNames())
    files.push_back(WriteFile(name + ".json", ExampleDeclaration(name)));

  std::vector<std::string> apply = {"apply"};
  apply.insert(apply.end(), files.begin(), files.end());
  CommandOutput created = Outcomes(apply);
  ASSERT_TRUE(created.status.clean()) << created.status.ToString() << ": " << created.err;
  EXPECT_EQ(Lines(created.out), (std::vector<std::string>{"created cut-recordable-incidents",
                                                          "created new-hire-time-to-proficiency",
                                                          "created reduce-average-discount"}));

  CommandOutput unchanged = Outcomes(apply);
  ASSERT_TRUE(unchanged.status.clean()) << unchanged.err;
  EXPECT_EQ(Lines(unchanged.out),
            (std::vector<std::string>{"unchanged cut-recordable-incidents",
                                      "unchanged new-hire-time-to-proficiency",
                                      "unchanged reduce-average-discount"}));

  WriteFile("reduce-average-discount.json",
            Edited(ExampleDeclaration("reduce-average-discount"), "/name", "\"Discounts down\""));
  CommandOutput updated = Outcomes(apply);
  ASSERT_TRUE(updated.status.clean()) << updated.err;
  EXPECT_EQ(Lines(updated.out), (std::vector<std::string>{"unchanged cut-recordable-incidents",
                                                          "unchanged new-hire-time-to-proficiency",
                                                          "updated reduce-average-discount"}));

  CommandOutput list = Outcomes({"list"});
  ASSERT_TRUE(list.status.clean()) << list.err;
  const auto rows = ListRows(list);
  ASSERT_EQ(rows.size(), 3u) << list.out;
  for (const std::string& name : ExampleNames()) {
    ASSERT_EQ(rows.count(name), 1u) << list.out;
    EXPECT_EQ(rows.at(name), (std::vector<std::string>{"done", "0/0", "0"})) << list.out;
  }

  // The server serves what the command declared.
  ASSERT_TRUE(server().Start());
  HttpResult got = server().Get(OutcomePath("reduce-average-discount"));
  ASSERT_TRUE(HasStatus(got, 200));
  EXPECT_EQ(StringAt(*ParseJson(got.body), "name"), "Discounts down");
  EXPECT_TRUE(HasStatus(server().Get(OutcomePath("cut-recordable-incidents")), 200));
}

TEST_F(OutcomesCli, AFileMayHoldAnArrayOfDeclarations) {
  const std::string file = WriteFile(
      "two.json",
      JsonArray({Declaration("first-one", "[{\"verb\":\"" + std::string(kVerbPassed) + "\"}]"),
                 MixDeclaration()}));
  CommandOutput applied = Outcomes({"apply", file});
  ASSERT_TRUE(applied.status.clean())
      << applied.status.ToString() << "\nstdout: " << applied.out << "\nstderr: " << applied.err;
  EXPECT_EQ(Lines(applied.out),
            (std::vector<std::string>{"created first-one", "created custom-mix"}));
  const auto rows = ListRows(Outcomes({"list"}));
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows.count("first-one"), 1u);
  EXPECT_EQ(rows.count("custom-mix"), 1u);
}

TEST_F(OutcomesCli, AnInvalidFileStopsTheCommandBeforeAnyWrite) {
  const std::string good = WriteFile("good.json", ExampleDeclaration("cut-recordable-incidents"));
  const std::string bad = WriteFile(
      "bad.json",
      Edited(ExampleDeclaration("reduce-average-discount"), "/kpi/direction", "\"sideways\""));
  CommandOutput applied = Outcomes({"apply", good, bad});
  EXPECT_EQ(applied.status.code, 1) << applied.status.ToString();
  EXPECT_NE(applied.err.find("bad.json"), std::string::npos) << applied.err;
  EXPECT_NE(applied.err.find("kpi.direction"), std::string::npos) << applied.err;
  EXPECT_TRUE(ListRows(Outcomes({"list"})).empty()) << "good.json was applied";

  // The second declaration of an array.
  const std::string array = WriteFile(
      "array.json",
      JsonArray({ExampleDeclaration("new-hire-time-to-proficiency"),
                 Edited(ExampleDeclaration("reduce-average-discount"), "/rules/1/verb", "\"x\"")}));
  applied = Outcomes({"apply", array});
  EXPECT_EQ(applied.status.code, 1);
  EXPECT_NE(applied.err.find("array.json[1]"), std::string::npos) << applied.err;
  EXPECT_NE(applied.err.find("rules[1].verb"), std::string::npos) << applied.err;

  // Not JSON; no such file.
  const std::string broken = WriteFile("broken.json", "{\"id\": ");
  applied = Outcomes({"apply", good, broken});
  EXPECT_EQ(applied.status.code, 1);
  EXPECT_NE(applied.err.find("broken.json"), std::string::npos) << applied.err;
  const std::string missing = server().lrs().directory() + "/missing.json";
  applied = Outcomes({"apply", good, missing});
  EXPECT_EQ(applied.status.code, 1);
  EXPECT_NE(applied.err.find("missing.json"), std::string::npos) << applied.err;

  EXPECT_TRUE(ListRows(Outcomes({"list"})).empty()) << "nothing of a failed command is applied";
}

TEST_F(OutcomesCli, StoresAreChosenByName) {
  const std::string file = WriteFile("mix.json", MixDeclaration());
  CommandOutput unknown = Outcomes({"apply", "--store", "nowhere", file});
  EXPECT_EQ(unknown.status.code, 1) << unknown.status.ToString();
  EXPECT_NE(unknown.err.find("nowhere"), std::string::npos) << unknown.err;
  unknown = Outcomes({"list", "--store", "nowhere"});
  EXPECT_EQ(unknown.status.code, 1);
  EXPECT_NE(unknown.err.find("nowhere"), std::string::npos) << unknown.err;

  ASSERT_TRUE(server().AddCredential("tenant", "tenant-secret", "outcomes/read", "tenant-b"));
  CommandOutput applied = Outcomes({"apply", "--store", "tenant-b", file});
  ASSERT_TRUE(applied.status.clean())
      << applied.status.ToString() << "\nstdout: " << applied.out << "\nstderr: " << applied.err;
  EXPECT_EQ(Lines(applied.out), std::vector<std::string>{"created custom-mix"});
  EXPECT_EQ(ListRows(Outcomes({"list", "--store", "tenant-b"})).count("custom-mix"), 1u);
  EXPECT_TRUE(ListRows(Outcomes({"list"})).empty());

  ASSERT_TRUE(server().Start());
  XapiClient tenant = server().ClientFor("tenant", "tenant-secret");
  EXPECT_TRUE(HasStatus(server().Get(OutcomePath("custom-mix"), {}, &tenant), 200));
  EXPECT_TRUE(IsError(server().Get(OutcomePath("custom-mix")), 404));
}

TEST_F(OutcomesCli, UsageErrorsExit2) {
  const std::string file = WriteFile("mix.json", MixDeclaration());
  EXPECT_EQ(Outcomes({}).status.code, 2);
  EXPECT_EQ(Outcomes({"frobnicate"}).status.code, 2);
  EXPECT_EQ(Outcomes({"apply"}).status.code, 2);
  EXPECT_EQ(Outcomes({"list", file}).status.code, 2);
  EXPECT_EQ(Outcomes({"apply", file, "--store"}).status.code, 2);
  // Without the plugin there is no such command.
  auto without = server().lrs().RunCommand({"outcomes", "list", "--db", server().db()});
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without.value().status.code, 2);
  EXPECT_TRUE(ListRows(Outcomes({"list"})).empty());
}

TEST_F(OutcomesCli, ApplyWhileTheServerRunsTagsNewStatementsAtOnceAndHistoryInTheBackground) {
  ASSERT_TRUE(server().Start());
  const History h = MakeHistory(400);
  const size_t history = 300;
  server().StoreAll(h.statements, 0, history);

  std::vector<std::string> declarations;
  for (const auto& [outcome, declaration] : HistoryOutcomes())
    declarations.push_back(declaration);
  const std::string file = WriteFile("all.json", JsonArray(declarations));
  CommandOutput applied = Outcomes({"apply", file});
  ASSERT_TRUE(applied.status.clean())
      << applied.status.ToString() << "\nstdout: " << applied.out << "\nstderr: " << applied.err;
  std::vector<std::string> expected_lines;
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    expected_lines.push_back("created " + outcome + " (tagging " + std::to_string(history) +
                             " stored statements in the background)");
  }
  EXPECT_EQ(Lines(applied.out), expected_lines);

  // Statements stored from now on are tagged as they are stored.
  server().StoreAll(h.statements, history, h.statements.size(), 20);
  int mismatches = 0;
  for (size_t i = history; i < h.ids.size(); ++i) {
    const Tags got = server().TagsOf(h.ids[i]);
    if (got != h.expected.at(h.ids[i]) && ++mismatches <= 5) {
      ADD_FAILURE() << "statement #" << i << " stored after apply has tags " << Show(got)
                    << ", expected " << Show(h.expected.at(h.ids[i]));
    }
  }
  EXPECT_EQ(mismatches, 0);

  // The history is tagged by the server.
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    json::Document last;
    ASSERT_TRUE(server().WaitUntilTagged(outcome, &last));
    EXPECT_EQ(IntAt(last, "tagging.processed"), static_cast<int64_t>(history));
    EXPECT_EQ(IntAt(last, "tagging.total"), static_cast<int64_t>(history));
  }
  ExpectListings(server(), h, "applied while serving");
  ExpectTags(server(), h, "applied while serving");

  const auto rows = ListRows(Outcomes({"list"}));
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    ASSERT_EQ(rows.count(outcome), 1u);
    const std::string h_count = std::to_string(history);
    EXPECT_EQ(rows.at(outcome),
              (std::vector<std::string>{"done", h_count + "/" + h_count,
                                        std::to_string(h.TaggedBy(outcome).size())}));
  }
}

// The command tags history in its own process too (its plugin runs a background tagger) while
// it goes on declaring: many declarations at once, and again with changed rules, must all be
// applied.
TEST_F(OutcomesCli, ManyDeclarationsOverAHistoryAreAllApplied) {
  ASSERT_TRUE(server().Start());
  server().StoreAll(MakeHistory(150).statements, 0, 150);
  ASSERT_TRUE(server().Stop());
  for (int round = 0; round < 12 && !HasFailure(); ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::vector<std::string> declarations;
    std::vector<std::string> expected_lines;
    for (int i = 0; i < 40; ++i) {
      const std::string id = "many-" + std::to_string(i);
      declarations.push_back(Declaration(
          id, R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}, {"verb": ")" +
                  std::string((i + round) % 2 ? kVerbPassed : kVerbCompleted) + R"("}])"));
      expected_lines.push_back((round == 0 ? "created " : "updated ") + id +
                               " (tagging 150 stored statements in the background)");
    }
    CommandOutput applied = Outcomes({"apply", WriteFile("many.json", JsonArray(declarations))});
    ASSERT_TRUE(applied.status.clean())
        << applied.status.ToString() << "\nstdout: " << applied.out << "\nstderr: " << applied.err;
    EXPECT_EQ(Lines(applied.out), expected_lines);
  }
  EXPECT_EQ(ListRows(Outcomes({"list"})).size(), 40u);
}

TEST_F(OutcomesCli, HistoryAppliedWhileTheServerIsStoppedIsTaggedOnceItRuns) {
  ASSERT_TRUE(server().Start());
  const History h = MakeHistory(200);
  server().StoreAll(h.statements, 0, h.statements.size());
  ASSERT_TRUE(server().Stop());

  std::vector<std::string> declarations;
  for (const auto& [outcome, declaration] : HistoryOutcomes())
    declarations.push_back(declaration);
  CommandOutput applied = Outcomes({"apply", WriteFile("all.json", JsonArray(declarations))});
  ASSERT_TRUE(applied.status.clean())
      << applied.status.ToString() << "\nstdout: " << applied.out << "\nstderr: " << applied.err;
  EXPECT_EQ(Lines(applied.out).size(), HistoryOutcomes().size()) << applied.out;

  ASSERT_TRUE(server().Start());
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    json::Document last;
    ASSERT_TRUE(server().WaitUntilTagged(outcome, &last));
    EXPECT_EQ(IntAt(last, "tagging.total"), static_cast<int64_t>(h.statements.size()));
  }
  ExpectListings(server(), h, "applied while stopped");
  ExpectTags(server(), h, "applied while stopped");
}

}  // namespace
}  // namespace outcomes::http_test
