// Where a flash tool (OpenOCD, pyOCD) runs: on this machine, or on the board
// host the debug probe hangs off ("flash": {"via_ssh": "user@host"}). The
// flashers build the same argument vectors either way; this file alone
// knows how a remote run differs:
//   - files the tool reads are copied first (one scp into flash.remote_dir),
//   - the argv runs as `ssh ... -- HOST 'timeout' ... 'openocd' '-f' ...`,
//     every element single-quoted for the remote shell (never a string we
//     assemble from unquoted parts),
//   - the tool is bounded by the same timeout there (coreutils timeout), so
//     a hung tool does not outlive us on the board host,
//   - ssh's own failures (unreachable, key refused) are told apart from the
//     tool's, whose output and exit code come back unchanged.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "board/descriptor.h"
#include "common/subprocess.h"
#include "flash/deployment.h"

namespace hb::flash {

// How to reach a board host with OpenSSH, key login only.
struct SshEndpoint {
  std::string host;                  // "user@host" or "host"
  unsigned port = 0;                 // 0: ssh's default (22 or ~/.ssh/config)
  std::vector<std::string> options;  // extra client options for ssh and scp ("-i", KEY, "-o", ...)
  unsigned connect_timeout_s = 5;
};

// The board host of a descriptor with flash.via_ssh (flash.ssh_port,
// flash.ssh_options, flash.connect_timeout_s).
SshEndpoint via_ssh_endpoint(const board::Descriptor& d);

// `arg` as one word for a POSIX shell: wrapped in single quotes, each ' inside
// written as '\''. Throws hb::Error for a NUL byte (no shell word holds one).
std::string shell_quote(const std::string& arg);

// ssh argv running `remote_argv` on e.host: options, then "--", the host and
// the quoted words. BatchMode (never a password prompt) and ConnectTimeout.
std::vector<std::string> ssh_command(const SshEndpoint& e, const std::vector<std::string>& remote_argv);

// scp argv copying `files` into e.host:`remote_dir`/ (after "--").
std::vector<std::string> scp_command(const SshEndpoint& e, const std::vector<std::string>& files,
                                     const std::string& remote_dir);

// What to try after ssh/scp failed with `err` talking to `peer` ("board",
// "board host"): " (hint)", for the end of an error message.
std::string ssh_error_hint(const std::string& err, const std::string& peer);

class ToolHost {
 public:
  // Local unless the descriptor has flash.via_ssh. Remote files go to
  // flash.remote_dir (default /tmp/hilbench-<board>).
  ToolHost(const board::Descriptor& d, const DeployOptions& o);

  bool remote() const { return remote_; }
  // " on user@host" for remote, "" here: appended to messages.
  std::string where() const { return remote_ ? " on " + ssh_.host : ""; }

  // Is `program` installed where the tool runs?
  bool have(const std::string& program);

  // The path under which the tool will see local file `path` (remote: in
  // remote_dir, copied by upload()). Two files of the same name are refused.
  std::string file(const std::string& path);
  // Copies every file() given so far (remote; nothing to do here).
  void upload();

  // Runs argv where the tool lives, within `timeout`. The result reads as a
  // local run's: out/err of the tool, its exit code, timed_out when it
  // overran (remote: stopped there). Throws hb::Error naming the board when
  // the board host cannot be reached or ssh itself fails.
  RunResult run(const std::vector<std::string>& argv, std::chrono::seconds timeout);

 private:
  RunResult ssh(const std::vector<std::string>& remote_argv, std::chrono::seconds timeout, const std::string& what);

  std::string board_;
  bool remote_ = false;
  SshEndpoint ssh_;
  std::string remote_dir_;
  std::vector<std::string> staged_;  // local paths for upload()
};

}  // namespace hb::flash
