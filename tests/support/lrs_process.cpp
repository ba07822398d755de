#include "tests/support/lrs_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "tests/support/xapi_client.h"

#ifndef OUTCOME_LRS_BINARY
#error "OUTCOME_LRS_BINARY must name the outcome-lrs executable"
#endif

namespace lrs::test_support {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kStartTimeout = std::chrono::seconds(15);
constexpr auto kPollInterval = std::chrono::milliseconds(10);
constexpr int kStartAttempts = 5;
constexpr size_t kLogTail = 4000;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Tail(const std::string& text) {
  return text.size() > kLogTail ? "..." + text.substr(text.size() - kLogTail) : text;
}

ExitStatus Decode(int wait_status) {
  ExitStatus s;
  if (WIFEXITED(wait_status)) {
    s.exited = true;
    s.code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    s.signal = WTERMSIG(wait_status);
  }
  return s;
}

// Reaps `pid` if it has ended; nullopt while it runs.
std::optional<ExitStatus> TryReap(pid_t pid) {
  int wait_status = 0;
  pid_t r;
  do {
    r = waitpid(pid, &wait_status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return std::nullopt;
  if (r < 0) return ExitStatus{};  // not our child any more: nothing to wait for
  return Decode(wait_status);
}

// Waits until `pid` ends or `deadline` passes.
std::optional<ExitStatus> WaitUntil(pid_t pid, Clock::time_point deadline) {
  while (true) {
    if (auto s = TryReap(pid)) return s;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ExitStatus KillAndReap(pid_t pid) {
  kill(pid, SIGKILL);
  int wait_status = 0;
  pid_t r;
  do {
    r = waitpid(pid, &wait_status, 0);
  } while (r < 0 && errno == EINTR);
  return r < 0 ? ExitStatus{} : Decode(wait_status);
}

// Starts OUTCOME_LRS_BINARY with `args`, stdin from /dev/null, stdout and stderr appended to
// (or, unless `append`, truncating) the files given. The child is SIGKILLed if the thread that
// started it dies, so a crashed test leaves no server behind.
Result<pid_t> Spawn(const std::vector<std::string>& args, const std::string& out_path,
                    const std::string& err_path, bool append) {
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
  const int in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int out_fd = open(out_path.c_str(), flags, 0644);
  const int err_fd = err_path == out_path ? out_fd : open(err_path.c_str(), flags, 0644);
  auto close_all = [&] {
    if (in_fd >= 0) close(in_fd);
    if (out_fd >= 0) close(out_fd);
    if (err_fd >= 0 && err_fd != out_fd) close(err_fd);
  };
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) {
    const std::string why = std::strerror(errno);
    close_all();
    return Error::Internal("cannot open the output files of outcome-lrs: " + why);
  }

  std::vector<std::string> argv_storage;
  argv_storage.push_back(OUTCOME_LRS_BINARY);
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage)
    argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    dup2(in_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const std::string why = std::strerror(errno);
  close_all();
  if (pid < 0) return Error::Internal("fork failed: " + why);
  return pid;
}

}  // namespace

std::string ExitStatus::ToString() const {
  if (exited) return "exit code " + std::to_string(code);
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  return "not ended";
}

Result<uint16_t> PickFreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error::Internal(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const std::string why = std::strerror(errno);
    close(fd);
    return Error::Internal("cannot bind 127.0.0.1:0: " + why);
  }
  close(fd);
  return static_cast<uint16_t>(ntohs(addr.sin_port));
}

Result<std::unique_ptr<LrsProcess>> LrsProcess::Create() {
  auto made = MakeDirectory();
  if (!made.ok()) return made.error();
  auto database = TestDatabase::Create(BackendUnderTest(), made.value()->directory_);
  if (!database.ok()) return database.error();
  made.value()->db_ = database.value()->location();
  made.value()->database_ = std::move(database).value();
  return made;
}

Result<std::unique_ptr<LrsProcess>> LrsProcess::CreateOn(const std::string& db) {
  auto made = MakeDirectory();
  if (!made.ok()) return made.error();
  made.value()->db_ = db;
  return made;
}

Result<std::unique_ptr<LrsProcess>> LrsProcess::MakeDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/outcome-lrs-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return Error::Internal("cannot create a temporary directory from " + pattern + ": " +
                           std::strerror(errno));
  }
  return std::unique_ptr<LrsProcess>(new LrsProcess(pattern));
}

LrsProcess::~LrsProcess() {
  Stop();
  database_.reset();
  std::error_code ec;
  std::filesystem::remove_all(directory_, ec);
}

Result<CommandOutput> LrsProcess::RunCommand(const std::vector<std::string>& args,
                                             std::chrono::milliseconds timeout) {
  const std::string base = directory_ + "/command-" + std::to_string(++commands_run_);
  const std::string out_path = base + ".out";
  const std::string err_path = base + ".err";
  auto pid = Spawn(args, out_path, err_path, /*append=*/false);
  if (!pid.ok()) return pid.error();
  std::optional<ExitStatus> status = WaitUntil(pid.value(), Clock::now() + timeout);
  if (!status) {
    KillAndReap(pid.value());
    return Error::Internal("outcome-lrs " + (args.empty() ? std::string() : args[0]) +
                           " did not finish within " + std::to_string(timeout.count()) + " ms");
  }
  CommandOutput output;
  output.status = *status;
  output.out = ReadFile(out_path);
  output.err = ReadFile(err_path);
  return output;
}

Status LrsProcess::AddCredential(const std::string& key, const std::string& secret,
                                 const std::string& scopes, const std::string& store) {
  std::vector<std::string> args = {"credentials", "add",   "--db", db(),       "--scopes",
                                   scopes,        "--key", key,    "--secret", secret};
  if (!store.empty()) {
    args.push_back("--store");
    args.push_back(store);
  }
  auto output = RunCommand(args);
  if (!output.ok()) return output.error();
  if (!output.value().status.clean()) {
    return Error::Internal("credentials add " + key + " ended with " +
                           output.value().status.ToString() + ": " + output.value().err);
  }
  return Status();
}

Status LrsProcess::RevokeCredential(const std::string& key) {
  auto output = RunCommand({"credentials", "revoke", "--db", db(), "--key", key});
  if (!output.ok()) return output.error();
  if (!output.value().status.clean()) {
    return Error::Internal("credentials revoke " + key + " ended with " +
                           output.value().status.ToString() + ": " + output.value().err);
  }
  return Status();
}

Status LrsProcess::Start(const std::vector<std::string>& extra_args) {
  if (running()) return Error::Internal("the server is already running");
  extra_args_ = extra_args;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    auto port = PickFreeLoopbackPort();
    if (!port.ok()) return port.error();
    Status started = StartOnce(port.value());
    if (started.ok() || started.error().code() != ErrorCode::kUnavailable) return started;
  }
  return Error::Internal("outcome-lrs found no free port in " + std::to_string(kStartAttempts) +
                         " attempts; log:\n" + Tail(ServerLog()));
}

Status LrsProcess::StartOnce(uint16_t port) {
  const std::string log_path = directory_ + "/server.log";
  const size_t log_offset = ReadFile(log_path).size();
  std::vector<std::string> args = {"serve", "--db", db(), "--listen",
                                   "127.0.0.1:" + std::to_string(port)};
  // Quiet by default; a test that wants the request log passes its own --log-level.
  if (std::find(extra_args_.begin(), extra_args_.end(), "--log-level") == extra_args_.end()) {
    args.insert(args.end(), {"--log-level", "warn"});
  }
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  auto pid = Spawn(args, log_path, log_path, /*append=*/true);
  if (!pid.ok()) return pid.error();
  pid_ = pid.value();
  port_ = port;
  last_exit_ = ExitStatus{};

  XapiClient probe(base_url());
  probe.SetTimeout(std::chrono::seconds(2));
  const auto deadline = Clock::now() + kStartTimeout;
  while (Clock::now() < deadline) {
    if (!running()) {
      const std::string log = ReadFile(log_path).substr(log_offset);
      if (log.find("cannot listen") != std::string::npos) {
        return Error(ErrorCode::kUnavailable, "port " + std::to_string(port) + " is taken");
      }
      return Error::Internal("outcome-lrs serve ended with " + last_exit_.ToString() +
                             " before answering; log:\n" + Tail(log));
    }
    HttpRequestSpec about;
    about.target = "/xapi/about";
    if (probe.Send(about).status == 200) return Status();
    std::this_thread::sleep_for(kPollInterval);
  }
  Stop(std::chrono::seconds(2));
  return Error::Internal("outcome-lrs serve did not answer GET /xapi/about within 15 s; log:\n" +
                         Tail(ReadFile(log_path).substr(log_offset)));
}

ExitStatus LrsProcess::Stop(std::chrono::milliseconds grace) {
  if (!running()) return last_exit_;
  kill(pid_, SIGTERM);
  std::optional<ExitStatus> status = WaitUntil(pid_, Clock::now() + grace);
  last_exit_ = status ? *status : KillAndReap(pid_);
  pid_ = -1;
  return last_exit_;
}

ExitStatus LrsProcess::Kill() {
  if (!running()) return last_exit_;
  last_exit_ = KillAndReap(pid_);
  pid_ = -1;
  return last_exit_;
}

Status LrsProcess::Restart() {
  const ExitStatus stopped = Stop();
  if (!stopped.clean()) {
    return Error::Internal("outcome-lrs serve ended with " + stopped.ToString() +
                           " on SIGTERM; log:\n" + Tail(ServerLog()));
  }
  return Start(extra_args_);
}

bool LrsProcess::running() {
  if (pid_ <= 0) return false;
  if (auto status = TryReap(pid_)) {
    last_exit_ = *status;
    pid_ = -1;
    return false;
  }
  return true;
}

std::string LrsProcess::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::string LrsProcess::ServerLog() const {
  return ReadFile(directory_ + "/server.log");
}

}  // namespace lrs::test_support
