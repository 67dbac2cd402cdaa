// Board locks: one run at a time on an exclusive board (or lab instance).
// The lock is flock(2) on <lock dir>/<instance>.lock, so the kernel drops it
// when the holder dies however it dies (kill -9, power cut of the host job);
// there is no pid file to go stale. The locked file holds who has it (pid,
// host, run id, since) as one JSON object, for the message another run gets
// and for `hilbench boards`.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hb::board {

struct LockHolder {
  int64_t pid = 0;
  std::string host;
  std::optional<int64_t> run_id;  // unknown until the run row exists
  std::string since;              // UTC, ISO 8601
  std::string command;            // "run", "flash"
};

// $HILBENCH_LOCK_DIR, else /var/lock/hilbench when it can be made writable,
// else /tmp/hilbench-locks. Created (world-writable, sticky) if missing.
std::string lock_dir();
std::string lock_path(const std::string& instance);

// "pid 123 on lab-host (run 42, `hilbench run`, since 2026-...Z)".
std::string describe(const LockHolder& h);

// Who holds the instance's lock right now: nullopt when nobody does (probed
// with a non-blocking shared flock, so a dead holder never shows). A holder
// that has not written its record yet reads as pid 0.
std::optional<LockHolder> current_holder(const std::string& instance);

class BoardLock {
 public:
  BoardLock() = default;  // holds nothing (a shared, emulated board)
  BoardLock(BoardLock&& o) noexcept;
  BoardLock& operator=(BoardLock&& o) noexcept;
  BoardLock(const BoardLock&) = delete;
  BoardLock& operator=(const BoardLock&) = delete;
  ~BoardLock();

  // One non-blocking attempt; nullopt if someone else holds it.
  static std::optional<BoardLock> try_acquire(const std::string& instance, const std::string& command);

  bool held() const { return fd_ >= 0; }
  const std::string& instance() const { return instance_; }
  const std::string& path() const { return path_; }
  // Records the run id once the run row exists.
  void set_run_id(int64_t run_id);

 private:
  void write_record();
  int fd_ = -1;
  std::string instance_, path_;
  LockHolder self_;
};

struct Acquired {
  size_t index = 0;  // which of the candidates
  BoardLock lock;
};

// Takes the first free of `instances` (tried in order), polling until one is
// free or `wait` has passed; then throws hb::Error (exit 2) naming each lock
// file and its holder. `on_wait` is told once when it starts waiting.
Acquired acquire_any(const std::vector<std::string>& instances, const std::string& command, std::chrono::seconds wait,
                     const std::function<void(const std::string&)>& on_wait = {});

}  // namespace hb::board
