#include "common/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "common/cancel.h"
#include "common/error.h"

namespace hb {
namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> v;
  for (auto& a : argv) v.push_back(const_cast<char*>(a.c_str()));
  v.push_back(nullptr);
  return v;
}

int decode_status(int status, int* sig) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) *sig = WTERMSIG(status);
  return -1;
}

// argv[0] as execv wants it: a path, searched in PATH here (the child may
// only call async-signal-safe functions, and execvp may allocate).
std::string resolve(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    const std::string dir = p.substr(start, end - start);
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return dir + "/" + program;
    start = end + 1;
  }
  return {};
}

// What the child does between fork and exec: async-signal-safe calls only
// (other threads may hold locks the child would inherit).
struct ChildSetup {
  int fd_in = -1, fd_out = -1, fd_err = -1;  // -1: keep (or /dev/null for stdin)
  pid_t parent = 0;
};

[[noreturn]] void child_exec(const std::string& path, char* const* argv, const ChildSetup& c, int err_pipe) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != c.parent) _exit(127);  // the parent died before prctl took effect
  // The parent's handlers and blocked set must not leak into the tool.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) signal(sig, SIG_DFL);
  const int in = c.fd_in >= 0 ? c.fd_in : open("/dev/null", O_RDONLY);
  if (in >= 0 && in != 0) dup2(in, 0);
  if (c.fd_out >= 0) dup2(c.fd_out, 1);
  if (c.fd_err >= 0) dup2(c.fd_err, 2);
  execv(path.c_str(), argv);
  const int e = errno;
  [[maybe_unused]] ssize_t w = write(err_pipe, &e, sizeof e);
  _exit(127);
}

// fork + exec with ChildSetup; throws with the exec error (reported through a
// close-on-exec pipe, so a missing program is an exception, not exit 127).
pid_t spawn(const std::vector<std::string>& argv, const ChildSetup& setup_in) {
  const std::string path = resolve(argv[0]);
  if (path.empty()) throw Error(argv[0] + ": cannot start: " + std::strerror(ENOENT));
  auto args = c_argv(argv);
  int ep[2];
  if (pipe2(ep, O_CLOEXEC)) throw Error(std::string("pipe: ") + std::strerror(errno));
  ChildSetup setup = setup_in;
  setup.parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(ep[0]);
    close(ep[1]);
    throw Error(argv[0] + ": cannot start: fork: " + std::strerror(errno));
  }
  if (pid == 0) child_exec(path, args.data(), setup, ep[1]);
  setpgid(pid, pid);  // also here: no window in which a kill(-pid) misses it
  close(ep[1]);
  int child_errno = 0;
  ssize_t n;
  while ((n = read(ep[0], &child_errno, sizeof child_errno)) < 0 && errno == EINTR) {
  }
  close(ep[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    throw Error(argv[0] + ": cannot start: " + std::strerror(child_errno));
  }
  return pid;
}

// SIGTERM to the group, up to `grace`, then SIGKILL to the group; reaps the
// leader and returns its wait status.
int end_group(pid_t pid, std::chrono::milliseconds grace) {
  int status = 0;
  kill(-pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) return status;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(-pid, SIGKILL);  // the leader is gone; whatever it started goes too
  return status;
}

}  // namespace

bool have_program(const std::string& program) {
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string p = path;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    const std::string dir = p.substr(start, end - start);
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

RunResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const std::string& stdin_data, bool honour_cancel) {
  if (argv.empty()) throw Error("run_command: empty argument vector");
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC) || pipe2(in_pipe, O_CLOEXEC))
    throw Error(std::string("pipe: ") + std::strerror(errno));
  pid_t pid;
  try {
    pid = spawn(argv, {in_pipe[0], out_pipe[1], err_pipe[1], 0});
  } catch (...) {
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    throw;
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  // Small inputs only (scripts for tools): write all, then close.
  if (!stdin_data.empty()) {
    signal(SIGPIPE, SIG_IGN);
    [[maybe_unused]] ssize_t w = write(in_pipe[1], stdin_data.data(), stdin_data.size());
  }
  close(in_pipe[1]);

  RunResult r;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[4096];
  int cancelled = 0;
  while (open_fds > 0) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      r.timed_out = true;
      break;
    }
    if (honour_cancel && (cancelled = cancel_signal()) != 0) break;
    // Short polls: a cancel is seen within 50 ms.
    const int n = poll(fds, 2, static_cast<int>(std::min<long>(left.count(), 50)));
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(got));
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  if (r.timed_out || cancelled) {
    status = end_group(pid, std::chrono::milliseconds(0));
  } else {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (cancelled) throw Cancelled(cancelled);
  r.exit_code = r.timed_out ? -1 : decode_status(status, &r.signal);
  return r;
}

Process::Process(const std::vector<std::string>& argv, const std::string& stdout_path, const std::string& stderr_path) {
  if (argv.empty()) throw Error("Process: empty argument vector");
  ChildSetup c;
  auto open_out = [&](const std::string& p) {
    if (p.empty()) return -1;
    const int fd = open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(p + ": cannot create: " + std::strerror(errno));
    return fd;
  };
  c.fd_out = open_out(stdout_path);
  try {
    c.fd_err = open_out(stderr_path);
    pid_ = spawn(argv, c);
  } catch (...) {
    if (c.fd_out >= 0) close(c.fd_out);
    if (c.fd_err >= 0) close(c.fd_err);
    throw;
  }
  if (c.fd_out >= 0) close(c.fd_out);
  if (c.fd_err >= 0) close(c.fd_err);
}

Process::~Process() {
  if (pid_ > 0 && !reaped_) stop(std::chrono::milliseconds(1000));
}

bool Process::running() {
  if (reaped_) return false;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    int sig = 0;
    exit_code_ = decode_status(status, &sig);
    reaped_ = true;
    kill(-pid_, SIGKILL);  // anything the child left behind in its group
    return false;
  }
  return true;
}

int Process::stop(std::chrono::milliseconds grace) {
  if (!running()) return exit_code_;
  const int status = end_group(pid_, grace);
  reaped_ = true;
  int sig = 0;
  exit_code_ = decode_status(status, &sig);
  return exit_code_;
}

void Process::kill_hard() {
  if (!reaped_) kill(pid_, SIGKILL);
}

}  // namespace hb
