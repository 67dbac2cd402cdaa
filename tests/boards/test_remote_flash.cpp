// Flashing through a board host (flash.via_ssh) against a real OpenSSH
// server on loopback: the real OpenOCD runs "there" and finds no probe, with
// the same message and exit code as locally; a recording stand-in shows the
// argument vector arrives word for word (quotes, spaces, braces' paths on
// the board host); a hung tool is stopped on the board host too.
#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "board/descriptor.h"
#include "boards/boards_test_util.h"
#include "boards/local_sshd.h"
#include "common/aligned_bytes.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "flash/tool_host.h"

namespace hb::boardtest {
namespace {

AlignedBytes some_plan() {  // not a valid plan: the fit check leaves it to the firmware
  AlignedBytes b(256);
  for (size_t i = 0; i < b.size(); ++i) b.data()[i] = static_cast<uint8_t>(i);
  return b;
}

class RemoteFlash : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSshd)) GTEST_SKIP() << "openssh-server not installed (ci/setup.sh installs it)";
    if (!have_program("ssh") || !have_program("scp") || !have_program("ssh-keygen")) GTEST_SKIP() << "no ssh client";
    sshd_ = std::make_unique<LocalSshd>(t_.path());
    if (!sshd_->error().empty()) GTEST_SKIP() << "cannot run a private sshd here: " << sshd_->error();
  }

  // boards/<name>.json flashed through the loopback "board host", its link a
  // ser2net RFC 2217 port there.
  board::Descriptor board(const std::string& name, const std::string& key = "user_key") {
    board::Descriptor d = board::find_board(name);
    d.flasher["via_ssh"] = user_name() + "@127.0.0.1";
    d.flasher["ssh_port"] = sshd_->port();
    d.flasher["ssh_options"] = loopback_ssh_options((t_.path() / key).string());
    d.flasher["remote_dir"] = (t_.path() / "board-host").string();
    d.flasher["firmware"] = tiny_elf(t_.path() / "fw.elf");
    d.link = {{"kind", "rfc2217"}, {"host", "127.0.0.1"}, {"port", 7001}, {"baud", 921600}};
    return d;
  }
  std::string deploy_error(const board::Descriptor& d, int timeout_s = 30) {
    flash::DeployOptions o;
    o.work_dir = (t_.path() / "work").string();
    o.timeout_s = timeout_s;
    return error_of([&] { flash::deploy(d, some_plan(), o); });
  }

  TempDir t_;
  std::unique_ptr<LocalSshd> sshd_;
};

TEST_F(RemoteFlash, RealOpenOcdOnTheBoardHostFindsNoProbe) {
  if (!have_program("openocd")) GTEST_SKIP() << "openocd not installed (ci/setup.sh installs it)";
  const board::Descriptor d = board("h747");
  const std::string msg = deploy_error(d);
  EXPECT_EQ(msg, "board h747: no debug probe found by OpenOCD on " + user_name() +
                     "@127.0.0.1 (board unplugged? ST-LINK busy in another program?)");
  // scp put the plan and the firmware on the board host.
  EXPECT_EQ(read_text(t_.path() / "board-host" / "plan.bin").size(), 256u);
  EXPECT_TRUE(fs::exists(t_.path() / "board-host" / "fw.elf"));

  // The command line says the same, with exit 2.
  nlohmann::json j = nlohmann::json::parse(read_text(fs::path(HB_SOURCE_DIR) / "boards/h747.json"));
  j["name"] = "h747-remote";
  j["flash"] = d.flasher;
  j["link"] = d.link;
  write_text(t_.path() / "h747-remote.json", j.dump(2));
  const RunResult r =
      run_command({HB_HILBENCH_EXE, "flash", "--board", (t_.path() / "h747-remote.json").string(), "--timeout", "60"},
                  std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("board h747-remote: no debug probe found by OpenOCD on " + user_name() + "@127.0.0.1"),
            std::string::npos)
      << r.err;
}

TEST_F(RemoteFlash, ArgumentsArriveWordForWordAndTheLinkIsTheBoardHosts) {
  board::Descriptor d = board("u585");
  const fs::path args = t_.path() / "args";
  // A stand-in openocd on the "board host" that records its argv, one per line.
  d.flasher["program"] = script(t_.path(), "openocd", "for a in \"$@\"; do echo \"$a\"; done > " + args.string());
  d.flasher["probe_serial"] = "SN'4 $2 `x`";  // quotes, a space, $ and backquotes: one word each
  flash::DeployOptions o;
  o.work_dir = (t_.path() / "work").string();
  auto dep = flash::deploy(d, some_plan(), o);
  const std::string remote = (t_.path() / "board-host").string();
  EXPECT_EQ(read_text(args), "-f\n" + remote + "/b-u585i-iot02a.cfg\n-c\nadapter serial {SN'4 $2 `x`}\n-c\nprogram {" +
                                 remote + "/plan.bin} 0x08100000 verify\n-c\nprogram {" + remote +
                                 "/fw.elf} verify reset exit\n");
  EXPECT_TRUE(fs::exists(remote + "/b-u585i-iot02a.cfg"));  // the descriptor's own config went along
  const flash::LinkTarget lt = dep->link();
  EXPECT_EQ(lt.kind, "rfc2217");
  EXPECT_EQ(lt.host, "127.0.0.1");
  EXPECT_EQ(lt.port, 7001);
  EXPECT_EQ(lt.baud, 921600u);
}

TEST_F(RemoteFlash, HungToolIsStoppedOnTheBoardHost) {
  board::Descriptor d = board("f769");
  const fs::path pid = t_.path() / "tool.pid";
  d.flasher["program"] = script(t_.path(), "openocd", "echo $$ > " + pid.string() + "; exec sleep 60");
  const auto t0 = std::chrono::steady_clock::now();
  const std::string msg = deploy_error(d, 2);
  EXPECT_EQ(msg.rfind("board f769: openocd did not finish within 2 s", 0), 0u) << msg;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30));
  ASSERT_TRUE(fs::exists(pid));
  const int tool = std::stoi(read_text(pid));
  // timeout(1) on the board host ended it: nothing left running there.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (kill(tool, 0) == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_NE(kill(tool, 0), 0) << "the hung tool still runs on the board host";
}

TEST_F(RemoteFlash, MissingToolAndUnknownKeyAreClear) {
  board::Descriptor d = board("h747");
  d.flasher["program"] = (t_.path() / "no-openocd").string();
  EXPECT_EQ(deploy_error(d), "board h747: " + (t_.path() / "no-openocd").string() + " not installed on " + user_name() +
                                 "@127.0.0.1 (apt-get install openocd)");
  const std::string msg = deploy_error(board("h747", "other_key"));
  EXPECT_EQ(msg.rfind("board h747: cannot reach " + user_name() + "@127.0.0.1 over ssh: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("key login needed"), std::string::npos) << msg;
}

// What a remote board's descriptor may say, checked on load.
TEST(RemoteDescriptor, ViaSshRfc2217AndNoneAreValidated) {
  const nlohmann::json h747 = nlohmann::json::parse(read_text(fs::path(HB_SOURCE_DIR) / "boards/h747.json"));
  auto error = [](const nlohmann::json& j) { return error_of([&] { board::parse_descriptor(j, "bh.json"); }); };
  nlohmann::json j = h747;
  j["flash"]["via_ssh"] = "lab@bh1";
  EXPECT_EQ(error(j).rfind("bh.json: field 'link.kind': a board flashed through flash.via_ssh is reached over the "
                           "network: use rfc2217 or tcp",
                           0),
            0u)
      << error(j);
  j["link"] = {{"kind", "rfc2217"}, {"host", "bh1"}, {"port", 7001}, {"baud", 921600}};
  EXPECT_EQ(error(j), "");
  j["flash"]["ssh_port"] = 0;
  EXPECT_EQ(error(j), "bh.json: field 'flash.ssh_port': must be 1..65535");
  j["flash"]["ssh_port"] = 2222;
  j["link"].erase("port");
  EXPECT_EQ(error(j), "bh.json: field 'link.port': missing");
  j["link"]["port"] = 7001;
  j["flash"]["method"] = "ssh";
  j["flash"]["host"] = "lab@bh1";
  EXPECT_EQ(error(j), "bh.json: field 'flash.via_ssh': only the openocd and pyocd methods flash through a board host");
  j["flash"] = {{"method", "none"}};
  EXPECT_EQ(error(j), "");
  j["flash"]["method"] = "magic";
  EXPECT_EQ(error(j), "bh.json: field 'flash.method': 'magic' is not one of exec, qemu, openocd, pyocd, ssh, none");
}

TEST(ShellQuote, EveryWordComesBackUnchangedFromARealShell) {
  const std::vector<std::string> words = {"plain", "",           "two words", "it's", "'",
                                          "''",    "$HOME",      "`id`",      "a\"b", "\\",
                                          "*",     "semi;colon", "new\nline", "-n",   "{braces}"};
  std::vector<std::string> argv = {"sh", "-c"};
  std::string line = "printf '%s\\0'";
  for (const auto& w : words) line += " " + flash::shell_quote(w);
  argv.push_back(line);
  const RunResult r = run_command(argv, std::chrono::seconds(20));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> back;
  size_t at = 0;
  for (size_t z; (z = r.out.find('\0', at)) != std::string::npos; at = z + 1) back.push_back(r.out.substr(at, z - at));
  EXPECT_EQ(back, words);
  EXPECT_EQ(flash::shell_quote("it's"), "'it'\\''s'");
  EXPECT_NE(error_of([] { flash::shell_quote(std::string("a\0b", 3)); }), "");
}

TEST(SshCommand, OptionsThenDoubleDashThenHostThenQuotedWords) {
  flash::SshEndpoint e;
  e.host = "lab@bh1";
  e.port = 2222;
  e.options = {"-i", "/k"};
  EXPECT_EQ(flash::ssh_command(e, {"openocd", "-c", "adapter serial X"}),
            (std::vector<std::string>{"ssh", "-T", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-i", "/k", "-p",
                                      "2222", "--", "lab@bh1", "'openocd'", "'-c'", "'adapter serial X'"}));
  EXPECT_EQ(flash::scp_command(e, {"/w/plan.bin"}, "/tmp/hb"),
            (std::vector<std::string>{"scp", "-q", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-i", "/k", "-P",
                                      "2222", "--", "/w/plan.bin", "lab@bh1:/tmp/hb/"}));
}

}  // namespace
}  // namespace hb::boardtest
