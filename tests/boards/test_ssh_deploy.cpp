// The ssh driver against a real OpenSSH server: a private sshd on a loopback
// port (its own host key, one authorised key) stands in for the MP157's
// Linux. `hilbench run` copies the runner (the host build: the sshd runs
// here, not on a Cortex-A7) and the plan with scp, starts it over ssh and
// streams a run to it over TCP.
#include <pwd.h>
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "boards/boards_test_util.h"
#include "boards/local_sshd.h"
#include "common/subprocess.h"
#include "link/tcp_transport.h"

namespace hb::boardtest {
namespace {

// A descriptor file like boards/mp157.json, pointed at the local sshd.
fs::path descriptor(const fs::path& dir, uint16_t ssh_port, uint16_t runner_port, const std::string& key) {
  nlohmann::json d = nlohmann::json::parse(read_text(fs::path(HB_SOURCE_DIR) / "boards/mp157.json"));
  d["name"] = "mp157-ssh";
  d["flash"] = {
      {"method", "ssh"},
      {"host", user_name() + "@127.0.0.1"},
      {"port", ssh_port},
      {"remote_dir", (dir / "remote").string()},
      {"runner", (fw_dir() / "hb-fw-linux").string()},
      {"connect_timeout_s", 5},
      {"ssh_options",
       {"-i", key, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}}};
  d["link"] = {{"kind", "tcp"}, {"host", "127.0.0.1"}, {"port", runner_port}};
  const fs::path p = dir / "mp157-ssh.json";
  write_text(p, d.dump(2));
  return p;
}

void stop_remote_runner(const fs::path& dir) {
  const std::string pid = read_text(dir / "remote" / "runner.pid");
  if (!pid.empty()) kill(std::stoi(pid), SIGTERM);
}

TEST(SshDeploy, RunOverRealSshdIsBitExactAndABadKeyIsRefused) {
  HB_REQUIRE_CROSS();
  if (!fs::exists(kSshd)) GTEST_SKIP() << "openssh-server not installed (ci/setup.sh installs it)";
  if (!have_program("ssh") || !have_program("scp") || !have_program("ssh-keygen")) GTEST_SKIP() << "no ssh client";
  ASSERT_TRUE(fs::exists(fw_dir() / "hb-fw-linux"));
  TempDir t;
  LocalSshd sshd(t.path());
  if (!sshd.error().empty()) GTEST_SKIP() << "cannot run a private sshd here: " << sshd.error();
  const uint16_t runner_port = free_port();

  const fs::path good = descriptor(t.path(), sshd.port(), runner_port, (t.path() / "user_key").string());
  const RunResult r = run_command({HB_HILBENCH_EXE, "run", "--board", good.string(), "--limit", "20", "--json", "--db",
                                   (t.path() / "runs.db").string()},
                                  std::chrono::seconds(120));
  stop_remote_runner(t.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err << read_text(t.path() / "sshd.log");
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["board"], "mp157-ssh");
  EXPECT_EQ(j["images"], 20);
  EXPECT_EQ(j["bit_exact"], 20);
  EXPECT_EQ(j["top1_device"], j["top1_host"]);
  // What scp put on the "board".
  EXPECT_TRUE(fs::exists(t.path() / "remote" / "hb-fw-linux"));
  EXPECT_TRUE(fs::exists(t.path() / "remote" / "plan.bin"));

  // A key the server does not know: one line, with the hint, exit 2.
  const fs::path bad = descriptor(t.path(), sshd.port(), runner_port, (t.path() / "other_key").string());
  const RunResult b = run_command({HB_HILBENCH_EXE, "flash", "--board", bad.string()}, std::chrono::seconds(60));
  EXPECT_EQ(b.exit_code, 2) << b.out << b.err;
  EXPECT_NE(b.err.find("board mp157-ssh: cannot reach " + user_name() + "@127.0.0.1 over ssh"), std::string::npos)
      << b.err;
  EXPECT_NE(b.err.find("key login needed"), std::string::npos) << b.err;
}

}  // namespace
}  // namespace hb::boardtest
