#include "flash/remote_lock.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "common/error.h"

extern char** environ;

namespace hb::flash {

// openocd_flasher.cpp
std::string last_line_with(const std::string& text, const std::string& needle);

namespace {

// Written into the session's stdin at once; the remote cat, which flock
// starts only once it holds the lock, echoes it back: the lock is ours.
const std::string kMarker = "hilbench-lock-held\n";
constexpr int kSshMarginS = 15;

// Exit status of pid, waiting up to `grace`; -1 if it is still running.
int wait_exit(pid_t pid, std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (r < 0 && errno != EINTR) return 255;
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void stop(pid_t pid) {
  if (wait_exit(pid, std::chrono::milliseconds(0)) >= 0) return;
  kill(pid, SIGTERM);
  if (wait_exit(pid, std::chrono::milliseconds(2000)) >= 0) return;
  kill(pid, SIGKILL);
  wait_exit(pid, std::chrono::milliseconds(5000));
}

}  // namespace

RemoteLock::RemoteLock(const std::string& board, const SshEndpoint& e, const std::string& lock_file,
                       std::chrono::seconds wait)
    : board_(board), host_(e.host), file_(lock_file) {
  std::vector<std::string> remote = {"flock"};
  if (wait.count() > 0)
    remote.insert(remote.end(), {"-w", std::to_string(wait.count())});
  else
    remote.push_back("-n");
  remote.insert(remote.end(), {"-E", std::to_string(kLockBusyExit), lock_file, "cat"});
  const std::vector<std::string> argv = ssh_command(e, remote);

  // stdin: a pipe whose write end only we hold (close-on-exec: no other
  // child inherits it and keeps the lock alive). stdout: cat's echo.
  // stderr: ssh's and flock's complaints.
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
  if (pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    throw Error(std::string("pipe: ") + std::strerror(errno));
  }
  if (pipe2(err, O_CLOEXEC) != 0) {
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    throw Error(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawnp(&pid_, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  stdin_fd_ = in[1];
  stdout_fd_ = out[0];
  stderr_fd_ = err[0];
  if (rc != 0) {
    pid_ = -1;
    release();
    throw Error("board " + board + ": ssh: cannot start: " + std::strerror(rc) + " (apt-get install openssh-client)");
  }

  signal(SIGPIPE, SIG_IGN);  // ssh gone before we wrote: reported below, not a dead run
  [[maybe_unused]] const ssize_t w = ::write(stdin_fd_, kMarker.data(), kMarker.size());
  const int limit_s = static_cast<int>(wait.count()) + static_cast<int>(e.connect_timeout_s) + kSshMarginS;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limit_s);
  std::string echoed, said;
  char buf[512];
  for (;;) {
    if (echoed.find(kMarker) != std::string::npos) return;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      release();
      throw Error("board " + board_ + ": no answer from " + host_ + " within " + std::to_string(limit_s) +
                  " s while taking its lock " + file_);
    }
    pollfd p[2] = {{stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
    if (::poll(p, 2, static_cast<int>(std::min<long>(left.count(), 1000))) <= 0) continue;
    if (p[1].revents & POLLIN) {
      const ssize_t n = ::read(stderr_fd_, buf, sizeof buf);
      if (n > 0) said.append(buf, static_cast<size_t>(n));
    }
    if (!p[0].revents) continue;
    const ssize_t n = ::read(stdout_fd_, buf, sizeof buf);
    if (n > 0) {
      echoed.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;  // stdout closed: ssh ended without the lock
  }
  // Why? Read the rest of what ssh said, then its exit code.
  for (ssize_t k; (k = ::read(stderr_fd_, buf, sizeof buf)) > 0;) said.append(buf, static_cast<size_t>(k));
  const int code = wait_exit(pid_, std::chrono::seconds(10));
  if (code >= 0) pid_ = -1;
  release();
  const std::string last = last_line_with(said, "");
  if (code == kLockBusyExit)
    throw Error("board " + board_ + ": in use: " + describe() + " is held by another lab host" +
                (wait.count() > 0 ? " (waited " + std::to_string(wait.count()) + " s)" : ""));
  if (code == 255) {
    std::string hint = " (is the board host up and reachable?)";
    if (said.find("Permission denied") != std::string::npos)
      hint = " (key login needed, no passwords in batch mode: ssh-copy-id)";
    else if (said.find("Host key verification failed") != std::string::npos)
      hint = " (unknown host key: log in once by hand to accept it)";
    throw Error("board " + board_ + ": cannot reach " + host_ + " over ssh: " + last + hint);
  }
  if (code == 127) throw Error("board " + board_ + ": flock not found on " + host_ + " (it is in util-linux): " + last);
  throw Error("board " + board_ + ": cannot lock " + describe() + " (exit " + std::to_string(code) + "): " + last);
}

RemoteLock::~RemoteLock() { release(); }

void RemoteLock::release() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);  // EOF to the remote cat: flock lets go
  stdin_fd_ = -1;
  if (pid_ > 0) {
    if (wait_exit(pid_, std::chrono::seconds(5)) < 0) stop(pid_);
    pid_ = -1;
  }
  for (int* fd : {&stdout_fd_, &stderr_fd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

bool RemoteLock::held() {
  if (pid_ <= 0) return false;
  if (wait_exit(pid_, std::chrono::milliseconds(0)) < 0) return true;
  pid_ = -1;
  release();
  return false;
}

std::string RemoteLock::describe() const { return file_ + " on " + host_; }

std::string remote_lock_file(const board::Descriptor& d) {
  return d.flasher.value("lock_file", "/run/lock/hilbench-" + d.name + ".lock");
}

std::unique_ptr<RemoteLock> lock_on_board_host(const board::Descriptor& d, std::chrono::seconds wait) {
  if (!d.flasher.contains("via_ssh")) return nullptr;
  return std::make_unique<RemoteLock>(d.name, via_ssh_endpoint(d), remote_lock_file(d), wait);
}

}  // namespace hb::flash
