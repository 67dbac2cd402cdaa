// The "pyocd" driver, for the modern pyOCD command line:
//   pyocd flash -t TARGET [-u UID] -W --base-address ADDR plan.bin
//   pyocd flash -t TARGET [-u UID] -W fw.hex          (programs, then resets)
// -W: fail at once when no probe is connected instead of waiting for one.
// Debian's python3-pyocd (0.13) predates that CLI (no `pyocd` command, only
// pyocd-flashtool) and has no STM32H7/F7/U5 targets: it is refused with a
// message saying so, as is any pyOCD older than kMinVersion or one that
// lacks the board's target.
#include <chrono>
#include <filesystem>
#include <functional>
#include <regex>

#include "common/error.h"
#include "common/subprocess.h"
#include "flash/deployment.h"
#include "flash/flashed_board.h"
#include "flash/tool_host.h"

namespace hb::flash {

// openocd_flasher.cpp
std::string hex_address(uint64_t v);
std::string board_firmware(const board::Descriptor& d, const std::string& ext);
std::string write_plan_file(const DeployOptions& o, const AlignedBytes& plan);
std::string last_line_with(const std::string& text, const std::string& needle);

namespace {

namespace fs = std::filesystem;

// `pyocd flash` with --no-wait and the pack-aware target list.
constexpr int kMinVersion[3] = {0, 30, 0};
const char* const kInstall = "install a current pyOCD: pipx install pyocd";

bool older(const int v[3], const int min[3]) {
  for (int i = 0; i < 3; ++i)
    if (v[i] != min[i]) return v[i] < min[i];
  return false;
}

// The flash tool of Debian's pyOCD 0.13, next to `program` or on PATH.
bool have_old_flashtool(ToolHost& host, const std::string& program) {
  if (program.find('/') != std::string::npos)
    return host.have((fs::path(program).parent_path() / "pyocd-flashtool").string());
  return host.have("pyocd-flashtool");
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void check_pyocd(ToolHost& host, const board::Descriptor& d, const std::string& program, const std::string& target,
                 int timeout_s) {
  if (!host.have(program)) {
    if (have_old_flashtool(host, program))
      throw Error("board " + d.name +
                  ": pyOCD too old: only pyocd-flashtool found (Debian's python3-pyocd 0.13 has no `pyocd` "
                  "command and no STM32H7/F7/U5 targets); " +
                  kInstall);
    throw Error("board " + d.name + ": pyocd not installed" + host.where() + " (" + kInstall + ")");
  }
  const RunResult v = host.run({program, "--version"}, std::chrono::seconds(timeout_s));
  std::smatch m;
  const std::string text = v.out + v.err;
  static const std::regex ver(R"((\d+)\.(\d+)(?:\.(\d+))?)");
  if (v.exit_code != 0 || !std::regex_search(text, m, ver))
    throw Error("board " + d.name + ": `" + program + " --version` failed (exit " + std::to_string(v.exit_code) +
                "): " + last_line_with(text, "") + "; " + kInstall);
  const int have[3] = {std::stoi(m[1]), std::stoi(m[2]), m[3].matched ? std::stoi(m[3]) : 0};
  if (older(have, kMinVersion))
    throw Error("board " + d.name + ": pyOCD " + m[0].str() + " is too old (need " + std::to_string(kMinVersion[0]) +
                "." + std::to_string(kMinVersion[1]) + " or later for `pyocd flash -W` and STM32H7/F7/U5 targets); " +
                kInstall);
  const RunResult t = host.run({program, "list", "--targets"}, std::chrono::seconds(timeout_s));
  if (t.exit_code != 0 || lower(t.out).find(lower(target)) == std::string::npos)
    throw Error("board " + d.name + ": pyOCD " + m[0].str() + " has no target '" + target +
                "' (install its device pack: " + program + " pack install " + target + ")");
}

void run_flash(ToolHost& host, const board::Descriptor& d, const std::vector<std::string>& argv, int timeout_s,
               const std::string& uid) {
  const RunResult r = host.run(argv, std::chrono::seconds(timeout_s));
  const std::string out = r.err + "\n" + r.out;
  if (r.timed_out)
    throw Error("board " + d.name + ": pyocd did not finish within " + std::to_string(timeout_s) + " s (stopped)");
  if (r.exit_code == 0) return;
  const std::string l = lower(out);
  if (l.find("no connected debug probe") != std::string::npos ||
      l.find("no matching debug probe") != std::string::npos || l.find("no available debug probe") != std::string::npos)
    throw Error("board " + d.name + ": no debug probe found by pyOCD" + host.where() + " (board unplugged?" +
                (uid.empty() ? std::string(")") : " probe " + uid + " not connected?)"));
  std::string why = last_line_with(out, "rror");
  if (why.empty()) why = last_line_with(out, "");
  throw Error("board " + d.name + ": pyocd flash failed (exit " + std::to_string(r.exit_code) + "): " + why);
}

}  // namespace

std::unique_ptr<Deployment> deploy_pyocd(const board::Descriptor& d, const AlignedBytes& plan, const DeployOptions& o) {
  const std::string program = d.flasher.value("program", "pyocd");
  const std::string target = d.flasher.value("target", "");
  const std::string uid = d.flasher.value("probe_serial", "");
  ToolHost host(d, o);  // here, or the board host of flash.via_ssh
  check_pyocd(host, d, program, target, std::min(o.timeout_s, 30));
  const std::string fw = host.file(board_firmware(d, ".hex"));
  const std::string plan_file = host.file(write_plan_file(o, plan));
  host.upload();

  std::vector<std::string> base = {program, "flash", "-t", target};
  if (!uid.empty()) base.insert(base.end(), {"-u", uid});
  base.push_back("-W");
  std::vector<std::string> plan_argv = base;
  plan_argv.insert(plan_argv.end(), {"--base-address", hex_address(d.plan_address), plan_file});
  run_flash(host, d, plan_argv, o.timeout_s, uid);
  std::vector<std::string> fw_argv = base;
  fw_argv.push_back(fw);
  run_flash(host, d, fw_argv, o.timeout_s, uid);
  // Recovery: `pyocd reset` through the same probe (on the board host with flash.via_ssh).
  std::vector<std::string> reset_argv = {program, "reset", "-t", target};
  if (!uid.empty()) reset_argv.insert(reset_argv.end(), {"-u", uid});
  const board::Descriptor desc = d;
  const int timeout_s = o.timeout_s;
  auto shared_host = std::make_shared<ToolHost>(std::move(host));
  return flashed_board(d, "flashed with pyocd", [shared_host, reset_argv, desc, timeout_s, uid] {
    run_flash(*shared_host, desc, reset_argv, timeout_s, uid);
  });
}

}  // namespace hb::flash
