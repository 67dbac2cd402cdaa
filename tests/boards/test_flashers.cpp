// The real-board flashers without hardware: the real openocd finds no
// probe; fake tools (shell scripts) stand in for pyOCD and for an openocd
// that hangs or succeeds; ssh goes to a local port where nothing listens.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "board/descriptor.h"
#include "boards/boards_test_util.h"
#include "common/aligned_bytes.h"
#include "common/subprocess.h"
#include "flash/deployment.h"

namespace hb::boardtest {
namespace {

using Clock = std::chrono::steady_clock;

AlignedBytes some_plan() {  // not a valid plan: the fit check leaves it to the firmware
  AlignedBytes b(256);
  for (size_t i = 0; i < b.size(); ++i) b.data()[i] = static_cast<uint8_t>(i);
  return b;
}

std::string deploy_error(const board::Descriptor& d, const fs::path& work, int timeout_s = 20) {
  flash::DeployOptions o;
  o.work_dir = work.string();
  o.timeout_s = timeout_s;
  return error_of([&] { flash::deploy(d, some_plan(), o); });
}

class OpenOcdNoProbe : public ::testing::TestWithParam<const char*> {};

TEST_P(OpenOcdNoProbe, SaysNoProbeQuickly) {
  if (!have_program("openocd")) GTEST_SKIP() << "openocd not installed";
  TempDir t;
  board::Descriptor d = board::find_board(GetParam());
  d.flasher["firmware"] = tiny_elf(t.path() / "fw.elf");
  const auto t0 = Clock::now();
  std::string msg = deploy_error(d, t.path() / "work");
  EXPECT_EQ(msg, "board " + d.name +
                     ": no debug probe found by OpenOCD (board unplugged? ST-LINK busy in another "
                     "program?)");
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(15));
  d.flasher["probe_serial"] = "0670FF3838";
  msg = deploy_error(d, t.path() / "work");
  EXPECT_NE(msg.find("no debug probe found by OpenOCD (board unplugged? ST-LINK serial 0670FF3838 not connected?)"),
            std::string::npos)
      << msg;
}

INSTANTIATE_TEST_SUITE_P(Boards, OpenOcdNoProbe, ::testing::Values("h747", "f769", "u585"));

TEST(OpenOcd, OtherFailuresGiveTheLastErrorLine) {
  if (!have_program("openocd")) GTEST_SKIP() << "openocd not installed";
  TempDir t;
  board::Descriptor d = board::find_board("h747");
  d.flasher["firmware"] = tiny_elf(t.path() / "fw.elf");
  d.flasher["config"] = "board/no-such-board.cfg";
  const std::string msg = deploy_error(d, t.path() / "work");
  EXPECT_EQ(msg.rfind("board h747: openocd failed (exit 1): ", 0), 0u) << msg;
  EXPECT_NE(msg.find("no-such-board.cfg"), std::string::npos) << msg;
}

TEST(OpenOcd, MissingToolAndFirmware) {
  TempDir t;
  board::Descriptor d = board::find_board("u585");
  d.flasher["program"] = (t.path() / "openocd").string();
  EXPECT_EQ(deploy_error(d, t.path() / "w"),
            "board u585: " + (t.path() / "openocd").string() + " not installed (apt-get install openocd)");
  d.flasher["program"] = script(t.path(), "openocd", "exit 0");
  d.flasher["firmware"] = (t.path() / "none.elf").string();
  EXPECT_NE(
      deploy_error(d, t.path() / "w").find("board u585: firmware " + (t.path() / "none.elf").string() + " not found"),
      std::string::npos);
}

TEST(OpenOcd, HangIsStoppedByTheTimeout) {
  TempDir t;
  board::Descriptor d = board::find_board("f769");
  d.flasher["program"] = script(t.path(), "openocd", "sleep 30");
  d.flasher["firmware"] = tiny_elf(t.path() / "fw.elf");
  const auto t0 = Clock::now();
  const std::string msg = deploy_error(d, t.path() / "w", 1);
  EXPECT_EQ(msg.rfind("board f769: openocd did not finish within 1 s", 0), 0u) << msg;
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(10));
}

// What the flasher asks of OpenOCD, and the link it returns afterwards.
TEST(OpenOcd, ProgramsPlanThenFirmwareAndReturnsTheSerialLink) {
  TempDir t;
  board::Descriptor d = board::find_board("u585");
  const fs::path args = t.path() / "args";
  d.flasher["program"] = script(t.path(), "openocd", "for a in \"$@\"; do echo \"$a\"; done > " + args.string());
  const std::string elf = tiny_elf(t.path() / "fw.elf");
  d.flasher["firmware"] = elf;
  d.flasher["probe_serial"] = "SN42";
  d.link["device"] = (t.path() / "ttyACM7").string();  // no wildcard: taken as given
  flash::DeployOptions o;
  o.work_dir = (t.path() / "work").string();
  auto dep = flash::deploy(d, some_plan(), o);
  const std::string plan_file = fs::absolute(t.path() / "work" / "plan.bin").string();
  EXPECT_EQ(read_text(args), "-f\n" +
                                 fs::absolute(fs::path(HB_SOURCE_DIR) / "boards/openocd/b-u585i-iot02a.cfg").string() +
                                 "\n-c\nadapter serial {SN42}\n-c\nprogram {" + plan_file +
                                 "} 0x08100000 verify\n-c\nprogram {" + elf + "} verify reset exit\n");
  EXPECT_EQ(read_text(plan_file).size(), 256u);
  const flash::LinkTarget lt = dep->link();
  EXPECT_EQ(lt.kind, "serial");
  EXPECT_EQ(lt.path, (t.path() / "ttyACM7").string());
  EXPECT_EQ(lt.baud, 921600u);

  d.link["device"] = (t.path() / "by-id" / "usb-ST*-if02").string();  // a glob nothing matches
  const std::string msg = error_of([&] { flash::deploy(d, some_plan(), o); });
  EXPECT_EQ(msg.rfind("board u585: flashed, but no serial port matches ", 0), 0u) << msg;
}

// The U585 config shipped in boards/openocd is valid for OpenOCD 0.12.
TEST(OpenOcd, U585ConfigParses) {
  if (!have_program("openocd")) GTEST_SKIP() << "openocd not installed";
  const std::string cfg = (fs::path(HB_SOURCE_DIR) / "boards/openocd/b-u585i-iot02a.cfg").string();
  const RunResult r = run_command({"openocd", "-f", cfg, "-c", "init", "-c", "shutdown"}, std::chrono::seconds(20));
  // Parsing succeeded if OpenOCD got as far as opening the (absent) probe.
  EXPECT_NE(r.err.find("Error: open failed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Can't find"), std::string::npos) << r.err;
}

board::Descriptor pyocd_board(const fs::path& program) {
  board::Descriptor d = board::find_board("u585");
  d.flasher = {{"method", "pyocd"}, {"target", "stm32u585aiix"}, {"program", program.string()}};
  return d;
}

TEST(PyOcd, AbsentOrDebiansOldOneIsRefusedClearly) {
  TempDir t;
  board::Descriptor d = pyocd_board(t.path() / "pyocd");
  EXPECT_EQ(deploy_error(d, t.path() / "w"),
            "board u585: pyocd not installed (install a current pyOCD: pipx install pyocd)");
  script(t.path(), "pyocd-flashtool", "exit 0");  // what Debian's python3-pyocd 0.13 installs
  EXPECT_NE(deploy_error(d, t.path() / "w").find("board u585: pyOCD too old: only pyocd-flashtool found"),
            std::string::npos);
}

// The real thing: Debian 12's python3-pyocd (ci/setup.sh installs it) is 0.13,
// which has only pyocd-flashtool and none of our targets.
TEST(PyOcd, DebiansInstalledPyocdIsRefusedWithWhatToInstall) {
  if (!have_program("pyocd-flashtool")) GTEST_SKIP() << "python3-pyocd not installed";
  if (have_program("pyocd")) GTEST_SKIP() << "a current pyocd is on PATH";
  TempDir t;
  board::Descriptor d = board::find_board("u585");
  d.flasher = {{"method", "pyocd"}, {"target", "stm32u585aiix"}};
  const std::string msg = deploy_error(d, t.path() / "w");
  EXPECT_EQ(msg.rfind("board u585: pyOCD too old: only pyocd-flashtool found", 0), 0u) << msg;
  EXPECT_NE(msg.find("pipx install pyocd"), std::string::npos) << msg;
}

TEST(PyOcd, OldVersionAndMissingTargetAreRefused) {
  TempDir t;
  const std::string p = script(t.path(), "pyocd", "[ \"$1\" = --version ] && echo 0.13.1; exit 0");
  board::Descriptor d = pyocd_board(p);
  EXPECT_EQ(deploy_error(d, t.path() / "w").rfind("board u585: pyOCD 0.13.1 is too old (need 0.30 or later", 0), 0u);
  script(t.path(), "pyocd",
         "case \"$1\" in --version) echo 0.36.0;; list) echo '  stm32h743xx  STM32H743xx  builtin';; esac; exit 0");
  EXPECT_EQ(deploy_error(d, t.path() / "w"),
            "board u585: pyOCD 0.36.0 has no target 'stm32u585aiix' (install its device pack: " + p +
                " pack install stm32u585aiix)");
}

TEST(PyOcd, NoProbeAndSuccess) {
  TempDir t;
  const fs::path log = t.path() / "calls";
  const std::string p = script(t.path(), "pyocd",
                               "case \"$1\" in --version) echo 0.36.0;; list) echo 'stm32u585aiix STM32U585AIIx "
                               "builtin';; flash) echo \"$@\" >> " +
                                   log.string() + "; [ -f " + (t.path() / "probe").string() +
                                   " ] || { echo '0001 C No connected debug probes.' >&2; exit 1; };; esac; exit 0");
  board::Descriptor d = pyocd_board(p);
  const std::string fw = tiny_elf(t.path() / "hb-fw-stm32u585.elf");
  write_text(t.path() / "hb-fw-stm32u585.hex", ":00000001FF\n");
  d.flasher["firmware"] = fw;
  d.flasher["probe_serial"] = "0042";
  EXPECT_EQ(deploy_error(d, t.path() / "w"),
            "board u585: no debug probe found by pyOCD (board unplugged? probe 0042 not connected?)");
  write_text(t.path() / "probe", "");
  fs::remove(log);
  d.link["device"] = (t.path() / "ttyACM0").string();
  flash::DeployOptions o;
  o.work_dir = (t.path() / "w").string();
  auto dep = flash::deploy(d, some_plan(), o);
  const std::string plan_file = fs::absolute(t.path() / "w" / "plan.bin").string();
  EXPECT_EQ(read_text(log), "flash -t stm32u585aiix -u 0042 -W --base-address 0x08100000 " + plan_file +
                                "\nflash -t stm32u585aiix -u 0042 -W " + (t.path() / "hb-fw-stm32u585.hex").string() +
                                "\n");
  EXPECT_EQ(dep->link().path, (t.path() / "ttyACM0").string());
}

board::Descriptor ssh_board(const fs::path& runner, uint16_t ssh_port) {
  board::Descriptor d = board::find_board("mp157");
  d.flasher["host"] = "root@127.0.0.1";
  d.flasher["port"] = ssh_port;
  d.flasher["connect_timeout_s"] = 3;
  d.flasher["runner"] = runner.string();
  d.link["host"] = "127.0.0.1";
  return d;
}

TEST(Ssh, UnreachableHostIsAClearError) {
  if (!have_program("ssh") || !have_program("scp")) GTEST_SKIP() << "ssh not installed";
  TempDir t;
  write_text(t.path() / "runner", "");
  const uint16_t port = free_port();
  const auto t0 = Clock::now();
  const std::string msg = deploy_error(ssh_board(t.path() / "runner", port), t.path() / "w");
  EXPECT_EQ(msg.rfind("board mp157: cannot reach root@127.0.0.1 over ssh: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("port " + std::to_string(port)), std::string::npos) << msg;  // ssh's own reason
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(15));
}

TEST(Ssh, RunnerAndRemoteDirAreChecked) {
  TempDir t;
  board::Descriptor d = ssh_board(t.path() / "no-runner", free_port());
  EXPECT_NE(
      deploy_error(d, t.path() / "w").find("board mp157: runner " + (t.path() / "no-runner").string() + " not found"),
      std::string::npos);
  write_text(t.path() / "runner", "");
  d = ssh_board(t.path() / "runner", free_port());
  d.flasher["remote_dir"] = "/tmp/x; rm -rf /";
  EXPECT_NE(deploy_error(d, t.path() / "w").find("'flash.remote_dir' must be a plain path"), std::string::npos);
}

}  // namespace
}  // namespace hb::boardtest
