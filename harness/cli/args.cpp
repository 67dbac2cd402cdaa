#include "cli/args.h"

#include <algorithm>
#include <stdexcept>

#include "common/error.h"

namespace hb::cli {

namespace {

// Edit distance with adjacent transpositions (optimal string alignment), so
// "rnu" is one typo from "run". Small strings: the full table will do.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::string see_help(const CommandSpec& spec) { return "; see 'hilbench " + spec.name + " --help'"; }

}  // namespace

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    // A prefix ("--dat" for "--dataset") is the likeliest intent.
    const size_t d = c.rfind(word, 0) == 0 && !word.empty() ? 1 : edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  // Allow about one typo per three letters, at least one, so "bord" finds
  // "board" but "x" does not find "json".
  const size_t limit = std::max<size_t>(1, word.size() / 3);
  return best_d <= limit ? best : std::string();
}

bool wants_help(const Argv& argv) {
  for (const auto& a : argv) {
    if (a == "--") return false;
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

Args::Args(const Argv& argv, const CommandSpec& spec) : spec_(spec) {
  bool options_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (options_done || a.rfind("--", 0) != 0) {
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    std::string name = a.substr(2), value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const auto it =
        std::find_if(spec.options.begin(), spec.options.end(), [&](const Option& o) { return o.name == name; });
    if (it == spec.options.end()) {
      std::vector<std::string> names;
      for (const auto& o : spec.options) names.push_back(o.name);
      const std::string near = nearest(name, names);
      throw Error("unknown option --" + name + (near.empty() ? "" : " (did you mean --" + near + "?)") +
                  see_help(spec));
    }
    if (!it->takes_value()) {
      if (inline_value) throw Error("option --" + name + " takes no value");
      flags_.insert(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size())
        throw Error("option --" + name + " needs a value (" + it->metavar + ")" + see_help(spec));
      value = argv[++i];
    }
    values_[name] = value;
  }
}

const Option& Args::declared(const std::string& name, bool value) const {
  for (const auto& o : spec_.options)
    if (o.name == name && o.takes_value() == value) return o;
  // A command reading an option its spec lacks is a bug in hilbench, not in the user's input.
  throw std::logic_error("hilbench " + spec_.name + " reads undeclared " + (value ? "option" : "flag") + " --" + name);
}

bool Args::flag(const std::string& name) const {
  declared(name, false);
  return flags_.count(name) > 0;
}

std::optional<std::string> Args::get(const std::string& name) const {
  declared(name, true);
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::get_or(const std::string& name, const std::string& def) const { return get(name).value_or(def); }

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw Error("missing required option --" + name + " " + declared(name, true).metavar + see_help(spec_));
  return *v;
}

long Args::get_int(const std::string& name, long def) const {
  auto v = get(name);
  if (!v) return def;
  try {
    size_t used = 0;
    long r = std::stol(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
    return r;
  } catch (const std::exception&) {
    throw Error("option --" + name + " expects an integer, got '" + *v + "'");
  }
}

double Args::get_double(const std::string& name, double def) const {
  auto v = get(name);
  if (!v) return def;
  try {
    size_t used = 0;
    double r = std::stod(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
    return r;
  } catch (const std::exception&) {
    throw Error("option --" + name + " expects a number, got '" + *v + "'");
  }
}

}  // namespace hb::cli
