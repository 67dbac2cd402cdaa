// Help, version, suggestions and bash completion, all from the commands'
// option tables (cli/args.h): the real binary, and a real bash sourcing the
// generated completion.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/args.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/error.h"
#include "temp_dir.h"

namespace fs = std::filesystem;
using hb::test::hilbench;

namespace {

// Help text with its line wrapping undone (a newline and the indentation become one space).
std::string unwrap(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == ' ') {
      while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

TEST(CliHelp, EveryCommandHasFullHelpBothWays) {
  for (const auto& c : hb::cli::all_commands()) {
    const std::string& name = c.spec->name;
    auto a = hilbench({name, "--help"});
    ASSERT_EQ(a.exit_code, 0) << name << ": " << a.err;
    EXPECT_TRUE(a.err.empty()) << name;
    EXPECT_EQ(a.out.rfind("usage: hilbench " + name, 0), 0u) << a.out;
    for (const char* section : {"\noptions:\n", "\nexit codes:\n", "\nexamples:\n"})
      EXPECT_NE(a.out.find(section), std::string::npos) << name << " lacks" << section;
    const std::string flat = unwrap(a.out);
    for (const auto& o : c.spec->options) {
      EXPECT_NE(a.out.find("--" + o.name), std::string::npos) << name << " --" << o.name;
      if (!o.def.empty()) {
        EXPECT_NE(flat.find("(default: " + o.def + ")"), std::string::npos) << name << " --" << o.name;
      }
    }
    auto b = hilbench({"help", name});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    EXPECT_EQ(a.out, b.out) << name;
    EXPECT_EQ(hilbench({name, "-h"}).out, a.out) << name;
  }
}

TEST(CliHelp, RunHelpListsEveryOptionWithDefaults) {
  auto r = hilbench({"run", "--help"});
  ASSERT_EQ(r.exit_code, 0);
  for (const char* s :
       {"--board BOARD", "(default: sim", "--limit N", "--timeout S", "(default: 60)", "--skip-unreadable",
        "--resize nearest|bilinear", "(default: bilinear)", "hilbench run --board"})
    EXPECT_NE(unwrap(r.out).find(s), std::string::npos) << s << "\n" << r.out;
  // No line wider than the terminal-friendly 100 columns.
  size_t start = 0;
  for (size_t nl; (nl = r.out.find('\n', start)) != std::string::npos; start = nl + 1)
    EXPECT_LE(nl - start, 100u) << r.out.substr(start, nl - start);
}

TEST(CliHelp, OverviewAndVersion) {
  auto h = hilbench({"--help"});
  ASSERT_EQ(h.exit_code, 0);
  for (const auto& c : hb::cli::all_commands()) EXPECT_NE(h.out.find("  " + c.spec->name + " "), std::string::npos);
  EXPECT_EQ(hilbench({"help"}).out, h.out);
  auto none = hilbench({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, h.out);
  auto v = hilbench({"--version"});
  ASSERT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out, std::string("hilbench ") + HB_VERSION + "\n");
}

TEST(CliHelp, UnknownOptionsAndCommandsSuggestTheNearest) {
  auto r = hilbench({"run", "--bord", "sim"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(hb::test::count_lines(r.err), 1);
  EXPECT_NE(r.err.find("unknown option --bord (did you mean --board?)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hilbench run --help"), std::string::npos) << r.err;
  auto p = hilbench({"show", "--sampl", "last"});  // a prefix
  EXPECT_NE(p.err.find("did you mean --samples?"), std::string::npos) << p.err;
  auto far = hilbench({"runs", "--xyzzy"});
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;
  auto c = hilbench({"rnu"});
  EXPECT_EQ(c.exit_code, 2);
  EXPECT_NE(c.err.find("unknown command 'rnu' (did you mean 'run'?)"), std::string::npos) << c.err;
  auto hc = hilbench({"help", "boardz"});
  EXPECT_EQ(hc.exit_code, 2);
  EXPECT_NE(hc.err.find("did you mean 'boards'?"), std::string::npos) << hc.err;
  auto v = hilbench({"run", "--limit"});
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find("option --limit needs a value (N)"), std::string::npos) << v.err;
}

TEST(CliArgs, ParsesAgainstTheSpec) {
  const hb::cli::CommandSpec spec{
      "t", {""}, "test", "", {hb::cli::flag("json", "j"), hb::cli::opt("limit", "N", "n", "5")}, {}, {}, {}};
  hb::cli::Args a({"--limit=7", "x", "--json", "--", "--not-an-option"}, spec);
  EXPECT_TRUE(a.flag("json"));
  EXPECT_EQ(a.get_int("limit", 0), 7);
  EXPECT_EQ(a.positional(), (std::vector<std::string>{"x", "--not-an-option"}));
  // Reading an option the spec does not declare is a bug in hilbench, not a usage error.
  EXPECT_THROW(a.flag("nope"), std::logic_error);
  EXPECT_THROW(a.get("json"), std::logic_error);
  EXPECT_THROW(hb::cli::Args({"--json=1"}, spec), hb::Error);
  EXPECT_TRUE(hb::cli::wants_help({"a", "-h"}));
  EXPECT_FALSE(hb::cli::wants_help({"--", "--help"}));
  EXPECT_EQ(hb::cli::nearest("bord", {"board", "db"}), "board");
  EXPECT_EQ(hb::cli::nearest("q", {"board", "db"}), "");
}

// Sources the generated script in bash and asks it to complete `words`.
std::string complete(const fs::path& script, const std::vector<std::string>& words) {
  std::string arr;
  for (const auto& w : words) arr += " '" + w + "'";
  const std::string prog = "source '" + script.string() + "'; COMP_WORDS=(" + arr +
                           "); COMP_CWORD=" + std::to_string(words.size() - 1) +
                           "; _hilbench; printf '%s\\n' \"${COMPREPLY[@]}\"";
  auto r = hb::run_command({"bash", "-c", prog}, std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(CliCompletion, BashCompletesCommandsOptionsAndValues) {
  auto r = hilbench({"completion", "bash"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  hb::test::TempDir tmp;
  const fs::path script = tmp / "hilbench.bash";
  std::ofstream(script) << r.out;
  EXPECT_EQ(complete(script, {"hilbench", "ru"}), "run\nruns\n");
  const std::string opts = complete(script, {"hilbench", "run", "--sk"});
  EXPECT_EQ(opts, "--skip-unreadable\n--skip-suspect\n");
  EXPECT_EQ(complete(script, {"hilbench", "run", "--resize", ""}), "nearest\nbilinear\n");
  const std::string boards = complete(script, {"hilbench", "flash", "--board", "qemu"});
  EXPECT_NE(boards.find("qemu-m7\n"), std::string::npos) << boards;
  EXPECT_NE(boards.find("qemu-m33\n"), std::string::npos) << boards;
  EXPECT_EQ(complete(script, {"hilbench", "baseline", "l"}), "list\n");
  EXPECT_EQ(complete(script, {"hilbench", "help", "foot"}), "footprint\n");
  // Every option of every command is offered.
  for (const auto& c : hb::cli::all_commands()) {
    const std::string all = complete(script, {"hilbench", c.spec->name, "--"});
    for (const auto& o : c.spec->options)
      EXPECT_NE(all.find("--" + o.name + "\n"), std::string::npos) << c.spec->name << " --" << o.name;
  }
  auto bad = hilbench({"completion", "zsh"});
  EXPECT_EQ(bad.exit_code, 2);
}

}  // namespace
