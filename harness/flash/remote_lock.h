// A board's lock taken on its board host, so that two lab hosts (CI runners)
// never drive one board at once. The board host's flock(1) holds an
// exclusive lock on a file there for as long as one ssh session lives:
//   ssh ... -- HOST 'flock' '-n' '-E' '75' LOCKFILE 'cat'
// flock starts `cat` once it holds the lock; cat echoes a line we wrote into
// the session's stdin (that is how we know), then waits on that stdin, a
// pipe only this process holds. The
// lock goes when that pipe closes: release(), the destructor, or this
// process dying in any way (ssh then sees EOF; a killed ssh drops the
// connection, and sshd closes cat's stdin). No lock outlives its holder.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "board/descriptor.h"
#include "flash/tool_host.h"

namespace hb::flash {

// flock(1)'s exit code when the lock is held elsewhere (-E).
inline constexpr int kLockBusyExit = 75;

class RemoteLock {
 public:
  // Takes the lock on e.host. wait == 0: fail at once when it is held;
  // otherwise wait up to `wait` for its holder to let go. Throws hb::Error
  // naming the board: "board B: in use: LOCKFILE on HOST is held by another
  // lab host", "cannot reach HOST over ssh: ... (hint)", or flock missing.
  RemoteLock(const std::string& board, const SshEndpoint& e, const std::string& lock_file,
             std::chrono::seconds wait = std::chrono::seconds(0));
  ~RemoteLock();
  RemoteLock(const RemoteLock&) = delete;
  RemoteLock& operator=(const RemoteLock&) = delete;

  // Lets go (closes the session's stdin, waits for ssh to end). Idempotent.
  void release();
  // Still held: the ssh session is alive. False after release() and when the
  // connection to the board host was lost (the lock is then gone too).
  bool held();
  // "LOCKFILE on HOST"
  std::string describe() const;
  pid_t ssh_pid() const { return pid_; }

 private:
  std::string board_, host_, file_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1, stdout_fd_ = -1, stderr_fd_ = -1;
};

// Where a board's lock lives on its board host: flash.lock_file, else
// /run/lock/hilbench-<board>.lock (/run/lock is world-writable on Debian).
std::string remote_lock_file(const board::Descriptor& d);

// The lock of a board that is flashed through a board host
// (flash.via_ssh), taken there; nullptr for a board without one.
std::unique_ptr<RemoteLock> lock_on_board_host(const board::Descriptor& d,
                                               std::chrono::seconds wait = std::chrono::seconds(0));

}  // namespace hb::flash
