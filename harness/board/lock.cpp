#include "board/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/error.h"

namespace hb::board {
namespace {

namespace fs = std::filesystem;

// Usable as a shared lock folder: exists (or can be made) and we can write in it.
bool usable_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (!fs::create_directories(dir, ec)) return false;
    // Other users' runs must be able to create their lock files here too.
    ::chmod(dir.c_str(), 01777);
  }
  return ::access(dir.c_str(), W_OK | X_OK) == 0;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

std::string read_all(int fd) {
  std::string s;
  char buf[512];
  off_t off = 0;
  for (;;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, off);
    if (n <= 0) break;
    s.append(buf, static_cast<size_t>(n));
    off += n;
  }
  return s;
}

LockHolder parse_record(const std::string& text) {
  LockHolder h;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return h;  // not written yet (or being rewritten)
  h.pid = j.value("pid", int64_t{0});
  h.host = j.value("host", "");
  if (j.contains("run_id") && j["run_id"].is_number_integer()) h.run_id = j["run_id"].get<int64_t>();
  h.since = j.value("since", "");
  h.command = j.value("command", "");
  return h;
}

int open_lock_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) throw Error(path + ": cannot open board lock file: " + std::strerror(errno));
  ::fchmod(fd, 0666);  // umask would keep other users out of a shared lab lock
  return fd;
}

}  // namespace

std::string lock_dir() {
  if (const char* e = std::getenv("HILBENCH_LOCK_DIR"); e && *e) {
    if (!usable_dir(e)) throw Error(std::string(e) + ": $HILBENCH_LOCK_DIR is not a writable folder");
    return e;
  }
  for (const char* d : {"/var/lock/hilbench", "/tmp/hilbench-locks"})
    if (usable_dir(d)) return d;
  throw Error("no writable board lock folder (/var/lock/hilbench, /tmp/hilbench-locks): set $HILBENCH_LOCK_DIR");
}

std::string lock_path(const std::string& instance) { return lock_dir() + "/" + instance + ".lock"; }

std::string describe(const LockHolder& h) {
  if (h.pid == 0) return "a process that has not written its record yet";
  std::string s = "pid " + std::to_string(h.pid) + " on " + (h.host.empty() ? "?" : h.host);
  std::string extra;
  if (h.run_id) extra += "run " + std::to_string(*h.run_id);
  if (!h.command.empty()) extra += (extra.empty() ? "" : ", ") + std::string("`hilbench ") + h.command + "`";
  if (!h.since.empty()) extra += (extra.empty() ? "" : ", ") + std::string("since ") + h.since;
  return extra.empty() ? s : s + " (" + extra + ")";
}

std::optional<LockHolder> current_holder(const std::string& instance) {
  const std::string path = lock_path(instance);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;  // never locked on this host
  std::optional<LockHolder> out;
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0)
    ::flock(fd, LOCK_UN);
  else
    out = parse_record(read_all(fd));
  ::close(fd);
  return out;
}

BoardLock::BoardLock(BoardLock&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), instance_(std::move(o.instance_)), path_(std::move(o.path_)), self_(o.self_) {}

BoardLock& BoardLock::operator=(BoardLock&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
    instance_ = std::move(o.instance_);
    path_ = std::move(o.path_);
    self_ = o.self_;
  }
  return *this;
}

BoardLock::~BoardLock() {
  // Closing the only descriptor drops the flock. The file stays: removing it
  // would let a waiter lock an unlinked inode while a newcomer locks a new one.
  if (fd_ >= 0) {
    if (::ftruncate(fd_, 0) != 0) {  // nobody holds it now; the record would mislead
    }
    ::close(fd_);
  }
}

std::optional<BoardLock> BoardLock::try_acquire(const std::string& instance, const std::string& command) {
  const std::string path = lock_path(instance);
  const int fd = open_lock_file(path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::nullopt;
    throw Error(path + ": cannot lock: " + std::strerror(err));
  }
  BoardLock l;
  l.fd_ = fd;
  l.instance_ = instance;
  l.path_ = path;
  l.self_ = {static_cast<int64_t>(::getpid()), host_name(), std::nullopt, utc_now(), command};
  l.write_record();
  return l;
}

void BoardLock::set_run_id(int64_t run_id) {
  if (fd_ < 0) return;
  self_.run_id = run_id;
  write_record();
}

void BoardLock::write_record() {
  nlohmann::json j{{"pid", self_.pid},
                   {"host", self_.host},
                   {"run_id", self_.run_id ? nlohmann::json(*self_.run_id) : nlohmann::json()},
                   {"since", self_.since},
                   {"command", self_.command},
                   {"board", instance_}};
  const std::string s = j.dump() + "\n";
  // Readers take the record as it is; a torn read parses as "not written yet".
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, s.data(), s.size(), 0) != static_cast<ssize_t>(s.size()))
    throw Error(path_ + ": cannot write the lock holder record: " + std::strerror(errno));
}

Acquired acquire_any(const std::vector<std::string>& instances, const std::string& command, std::chrono::seconds wait,
                     const std::function<void(const std::string&)>& on_wait) {
  if (instances.empty()) throw Error("no board instance to lock");
  const auto deadline = std::chrono::steady_clock::now() + wait;
  bool told = false;
  int races = 0;
  for (;;) {
    for (size_t i = 0; i < instances.size(); ++i)
      if (auto l = BoardLock::try_acquire(instances[i], command)) return {i, std::move(*l)};
    std::string who;
    bool any_holder = false;
    for (const auto& name : instances) {
      const auto h = current_holder(name);
      any_holder = any_holder || h.has_value();
      who +=
          (who.empty() ? "" : "; ") + lock_path(name) + " held by " + (h ? describe(*h) : "a process that just left");
    }
    // Nobody holds it after all: a holder just left, or `hilbench boards` was
    // probing. Try again at once rather than refuse a --lock-wait 0 run.
    if (!any_holder && races++ < 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      const std::string what =
          instances.size() == 1 ? "board " + instances[0] + " is locked" : "every instance is locked";
      throw Error(what + ": " + who + " (waited " + std::to_string(wait.count()) + " s; see --lock-wait)");
    }
    if (!told && on_wait) on_wait("waiting up to " + std::to_string(wait.count()) + " s for " + who);
    told = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace hb::board
