// Command-line parsing and help from one declaration per option.
//
// Each command declares a CommandSpec: its synopsis, summary, options (name,
// value placeholder, help, default), exit codes and examples. Parsing (Args),
// `hilbench CMD --help`, `hilbench help CMD` and the bash completion
// (`hilbench completion bash`) all read that one table, so an option cannot be
// accepted without being documented, or documented without being accepted.
//
// Syntax: "--name value", "--name=value", boolean "--flag", positionals;
// "--" ends the options. Unknown options are errors that name the nearest
// known one (typos must not be silently ignored in a nightly job).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hb::cli {

using Argv = std::vector<std::string>;

struct Option {
  std::string name;     // "board" for --board
  std::string metavar;  // value placeholder ("N", "FILE", "md|html"); empty: a flag without value
  std::string help;     // one sentence, no trailing period needed
  std::string def;      // the default as the user should read it; empty: none shown
  bool takes_value() const { return !metavar.empty(); }
};

// Option declarations, one line each:
//   flag("json", "print JSON")
//   opt("limit", "N", "run N evenly spaced samples", "all")
inline Option flag(std::string name, std::string help) { return {std::move(name), "", std::move(help), ""}; }
inline Option opt(std::string name, std::string metavar, std::string help, std::string def = "") {
  return {std::move(name), std::move(metavar), std::move(help), std::move(def)};
}

struct CommandSpec {
  std::string name;                      // "run"
  std::vector<std::string> synopsis;     // each line follows "hilbench NAME "
  std::string summary;                   // one line, for the command list
  std::string description;               // a paragraph (optional)
  std::vector<Option> options;           // --help is implicit
  std::vector<std::string> subcommands;  // words the first positional may be (completion, suggestions)
  std::vector<std::string> exit_codes;   // "1  a sample was not bit-exact"; 0 and 2 are always listed
  std::vector<std::string> examples;     // full command lines
};

class Args {
 public:
  // Parses argv (the words after the command name) against spec; throws
  // hb::Error (exit 2) for unknown options, missing or unexpected values.
  Args(const Argv& argv, const CommandSpec& spec);

  bool flag(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& def) const;
  std::string require(const std::string& name) const;  // throws usage error
  long get_int(const std::string& name, long def) const;
  double get_double(const std::string& name, double def) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  const Option& declared(const std::string& name, bool value) const;  // throws if the command does not declare it

  const CommandSpec& spec_;
  std::set<std::string> flags_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// True when argv asks for help (--help or -h before any "--").
bool wants_help(const Argv& argv);

// The candidate nearest to `word` by edit distance, if it is close enough to
// be a plausible typo; empty otherwise.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace hb::cli
