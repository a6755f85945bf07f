#include "app/market_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace shouhu::app {
namespace {

std::vector<char*> Argv(const std::string& binary, std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void ExecChild(const std::string& binary, char* const* argv, int stdout_fd) {
  // The parent blocks SIGINT/SIGTERM for its signal watcher; exec keeps the
  // mask, and the market must receive them.
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGTERM);  // a crashed demo does not leave the market behind
  if (stdout_fd >= 0) {
    dup2(stdout_fd, STDOUT_FILENO);
    close(stdout_fd);
  }
  if (binary.find('/') != std::string::npos) {
    execv(binary.c_str(), argv);
  } else {
    execvp(binary.c_str(), argv);
  }
  _exit(127);
}

}  // namespace

std::string MarketBinary() {
  if (const char* env = std::getenv("SHOUHU_MARKET"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path beside = self.parent_path() / "shouhu-market";
    if (std::filesystem::exists(beside, ec)) return beside.string();
  }
  return "shouhu-market";
}

int ExecMarket(const std::vector<std::string>& args) {
  const std::string binary = MarketBinary();
  std::vector<std::string> copy = args;
  std::vector<char*> argv = Argv(binary, copy);
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, nullptr);
  if (binary.find('/') != std::string::npos) {
    execv(binary.c_str(), argv.data());
  } else {
    execvp(binary.c_str(), argv.data());
  }
  return errno;
}

Result<std::unique_ptr<MarketProcess>> MarketProcess::Start(std::vector<std::string> args) {
  const std::string binary = MarketBinary();
  args.insert(args.begin(), {"--port", "0"});
  std::vector<char*> argv = Argv(binary, args);
  int fds[2];
  if (pipe(fds) != 0) return IoError(std::string("pipe: ") + std::strerror(errno));
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return IoError(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    close(fds[0]);
    ExecChild(binary, argv.data(), fds[1]);
  }
  close(fds[1]);
  // The first line: "listening 127.0.0.1:PORT". The pipe stays open while the
  // market runs (its few later lines wait in the pipe unread).
  std::string line;
  char c = 0;
  while (line.size() < 200) {
    ssize_t n = read(fds[0], &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || c == '\n') break;
    line.push_back(c);
  }
  const std::string prefix = "listening 127.0.0.1:";
  if (line.rfind(prefix, 0) != 0) {
    int status = 0;
    close(fds[0]);
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
      return NotFound(
          binary + ": the demo marketplace program cannot be run (set SHOUHU_MARKET to its path)");
    }
    return IoError(binary + ": did not start (" + (line.empty() ? "no output" : line) + ")");
  }
  const int port = std::atoi(line.c_str() + prefix.size());
  return std::unique_ptr<MarketProcess>(new MarketProcess(pid, port, fds[0]));
}

MarketProcess::~MarketProcess() { Stop(); }

void MarketProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  close(output_fd_);
}

}  // namespace shouhu::app
