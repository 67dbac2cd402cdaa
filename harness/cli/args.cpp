#include "cli/args.h"

#include "common/error.h"

namespace hb::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& flags,
           const std::set<std::string>& values) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (flags.count(name)) {
      if (inline_value) throw Error("option --" + name + " takes no value");
      flags_.insert(name);
    } else if (values.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw Error("option --" + name + " needs a value");
        value = argv[++i];
      }
      values_[name] = value;
    } else {
      throw Error("unknown option --" + name);
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Args::get_or(const std::string& name, const std::string& def) const { return get(name).value_or(def); }

std::string Args::require(const std::string& name) const {
  auto v = get(name);
  if (!v) throw Error("missing required option --" + name);
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
