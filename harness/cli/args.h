// Minimal command-line parsing: "--name value", "--name=value", boolean
// "--flag", and positionals. Unknown options are errors (typos must not be
// silently ignored in a nightly job).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hb::cli {

class Args {
 public:
  // flags: options that take no value. values: options that take one.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& flags, const std::set<std::string>& values);

  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& def) const;
  std::string require(const std::string& name) const;  // throws usage error
  long get_int(const std::string& name, long def) const;
  double get_double(const std::string& name, double def) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::set<std::string> flags_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

}  // namespace hb::cli
