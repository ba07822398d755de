// The real outcome-lrs binary, run as a child process for tests that talk to it over HTTP: a
// fresh temporary directory holding its database and log, credentials made with the
// `outcome-lrs credentials` commands, and `outcome-lrs serve` on a free 127.0.0.1 port.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lrs/core/error.h"
#include "tests/support/test_database.h"

namespace lrs::test_support {

// How a child process ended.
struct ExitStatus {
  bool exited = false;  // it called exit(); `code` holds its exit status
  int code = -1;
  int signal = 0;  // the signal that ended it, when !exited (0: it has not been waited for)

  // Exited with status 0.
  bool clean() const { return exited && code == 0; }
  // "exit code 0", "killed by signal 9", for messages.
  std::string ToString() const;
};

// What a finished command printed, and how it ended.
struct CommandOutput {
  ExitStatus status;
  std::string out;
  std::string err;
};

// One outcome-lrs installation for one test: a temporary directory with the server log and
// command outputs, a database on the backend under test (test_database.h: lrs.db in the
// directory, or a PostgreSQL database of its own), and at most one `serve` process at a time.
// Not copyable. Use it from the thread that created it: the server is started with a parent
// death signal tied to that thread, so it never outlives a crashed test.
class LrsProcess {
 public:
  // Creates the temporary directory (under $TMPDIR, else /tmp) and a new database of
  // BackendUnderTest(). kInternal when it cannot.
  static Result<std::unique_ptr<LrsProcess>> Create();
  // The same, on the existing database `db` (an SQLite path or a PostgreSQL URI) rather than a
  // new one: several installations sharing one database, as several servers behind a load
  // balancer. The database is not removed with this object.
  static Result<std::unique_ptr<LrsProcess>> CreateOn(const std::string& db);

  // Stops a running server (Stop()) and removes the directory with everything in it, and the
  // database it created.
  ~LrsProcess();

  LrsProcess(const LrsProcess&) = delete;
  LrsProcess& operator=(const LrsProcess&) = delete;

  const std::string& directory() const { return directory_; }
  // The database every command and the server use (what --db takes): an SQLite path or a
  // PostgreSQL URI.
  const std::string& db() const { return db_; }
  // directory()/lrs.db, the SQLite file, for tests of SQLite itself (db() is that path on the
  // SQLite backend).
  std::string db_path() const { return directory_ + "/lrs.db"; }
  // Whether db() is a PostgreSQL database.
  bool on_postgres() const { return db_ != db_path(); }

  // Runs `outcome-lrs ARGS...` to completion (killed after `timeout`) and captures its output.
  // Nothing is added to `args`: pass --db db() yourself. kInternal when the command could
  // not be run or timed out; a non-zero exit status is not an error here.
  Result<CommandOutput> RunCommand(const std::vector<std::string>& args,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // `outcome-lrs credentials add --db db() --scopes SCOPES --key KEY --secret SECRET`
  // (with --store STORE when `store` is not empty). kInternal, with the command's output, when
  // it does not exit 0.
  Status AddCredential(const std::string& key, const std::string& secret, const std::string& scopes,
                       const std::string& store = "");

  // `outcome-lrs credentials revoke --db db() --key KEY`; kInternal unless it exits 0.
  Status RevokeCredential(const std::string& key);

  // Starts `outcome-lrs serve --db db() --listen 127.0.0.1:PORT --log-level warn
  // EXTRA_ARGS...` (without the --log-level warn when EXTRA_ARGS has one) on a free port and
  // returns once GET /xapi/about answers 200 (at most ~15 s). A port taken between choosing and
  // binding it is retried with another. kInternal, with the tail of the server log, when the server
  // does not come up; the process is then gone. Requires !running().
  Status Start(const std::vector<std::string>& extra_args = {});

  // Sends SIGTERM and waits up to `grace` for the server to exit, then SIGKILLs it. Returns how
  // it ended; last_exit() when it was not running.
  ExitStatus Stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  // Sends SIGKILL (a crash, as kill -9) and reaps the server; how it ended.
  ExitStatus Kill();

  // Stop() and Start() with the arguments of the last Start(). The port may change. kInternal
  // when the server did not exit cleanly or does not come back up.
  Status Restart();

  // Whether the server process is alive (reaps it, and records its ExitStatus, if it has ended).
  bool running();
  // How the last server process ended (default while it runs or before the first one).
  const ExitStatus& last_exit() const { return last_exit_; }

  // The port of the running (or last) server, and "http://127.0.0.1:PORT".
  uint16_t port() const { return port_; }
  std::string base_url() const;

  // Everything the server processes of this installation wrote to stdout and stderr.
  std::string ServerLog() const;

 private:
  explicit LrsProcess(std::string directory) : directory_(std::move(directory)) {}
  // The temporary directory alone.
  static Result<std::unique_ptr<LrsProcess>> MakeDirectory();

  // One attempt at starting on `port`: kUnavailable when the port turned out to be taken.
  Status StartOnce(uint16_t port);

  std::string directory_;
  std::unique_ptr<TestDatabase> database_;  // the database this installation created, if any
  std::string db_;
  std::vector<std::string> extra_args_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  ExitStatus last_exit_;
  int commands_run_ = 0;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read, released).
// kInternal when no socket could be bound.
Result<uint16_t> PickFreeLoopbackPort();

}  // namespace lrs::test_support
