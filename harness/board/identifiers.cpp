#include "board/identifiers.h"

#include <set>

#include "common/error.h"

namespace hb::board {
namespace {

bool only(const std::string& v, const char* allowed) { return v.find_first_not_of(allowed) == std::string::npos; }

constexpr const char* kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr const char* kAlnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

std::string host_problem(const std::string& h) {
  if (h.empty() || h.size() > 253) return "empty or too long host";
  if (h.front() == '[') {  // [IPv6]
    if (h.back() != ']' || h.size() < 4 || !only(h.substr(1, h.size() - 2), "0123456789abcdefABCDEF:."))
      return "not a bracketed IPv6 address";
    return "";
  }
  if (!only(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") || h.front() == '-' ||
      h.front() == '.')
    return "must be a host name or address (letters, digits, '.', '-'; not starting with '-')";
  return "";
}

std::string user_problem(const std::string& u) {
  if (u.empty() || u.size() > 32 || !only(u, "abcdefghijklmnopqrstuvwxyz0123456789_.-") ||
      std::string(kLower).append("_").find(u.front()) == std::string::npos)
    return "user must be [a-z_][a-z0-9_.-]{0,31}";
  return "";
}

std::string path_problem(const std::string& p, const char* allowed, const char* what) {
  if (p.empty() || p.size() > 1024) return "empty or too long";
  if (!only(p, allowed)) return std::string("must be ") + what;
  if (p.front() == '-') return "must not start with '-'";
  if (p == ".." || p.starts_with("../") || p.find("/../") != std::string::npos || p.ends_with("/.."))
    return "must not contain '..'";
  return "";
}

}  // namespace

std::string identifier_problem(IdKind kind, const std::string& v) {
  switch (kind) {
    case IdKind::kName:
      if (v.empty() || v.size() > 64 || !only(v, "abcdefghijklmnopqrstuvwxyz0123456789_-") || v.front() == '-' ||
          v.front() == '_')
        return "must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit";
      return "";
    case IdKind::kProbeSerial:
      if (v.empty() || v.size() > 64 || !only(v, kAlnum)) return "must be 1-64 letters and digits";
      return "";
    case IdKind::kUser:
      return user_problem(v);
    case IdKind::kHost: {
      const size_t at = v.find('@');
      if (at != std::string::npos) {
        if (std::string p = user_problem(v.substr(0, at)); !p.empty()) return p;
        return host_problem(v.substr(at + 1));
      }
      return host_problem(v);
    }
    case IdKind::kRemoteDir:
      return path_problem(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-",
                          "a plain path (letters, digits, _ . / -)");
    case IdKind::kFileName:
      if (v.empty() || v.size() > 255 ||
          !only(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") || v.front() == '-' ||
          v.front() == '.')
        return "must be a file name of letters, digits, _ . - (not starting with '-' or '.')";
      return "";
    case IdKind::kToolPath:
      return path_problem(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-",
                          "a plain path (letters, digits, _ . / + -)");
    case IdKind::kMachine:
      if (v.empty() || v.size() > 64 || !only(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ||
          v.front() == '-')
        return "must be letters, digits, _ . - (not starting with '-')";
      return "";
  }
  return "unknown identifier kind";
}

void check_identifier(const std::string& file, const std::string& field, IdKind kind, const std::string& value) {
  const std::string p = identifier_problem(kind, value);
  if (!p.empty()) throw Error(file + ": field '" + field + "': " + p);
}

void check_ssh_options(const std::string& file, const std::string& field, const nlohmann::json& options) {
  static const std::set<std::string> keys = {"StrictHostKeyChecking",
                                             "UserKnownHostsFile",
                                             "GlobalKnownHostsFile",
                                             "LogLevel",
                                             "IdentityFile",
                                             "IdentitiesOnly",
                                             "ConnectTimeout",
                                             "ServerAliveInterval",
                                             "ServerAliveCountMax",
                                             "HostKeyAlias",
                                             "CheckHostIP",
                                             "Compression",
                                             "HostKeyAlgorithms",
                                             "PubkeyAcceptedAlgorithms",
                                             "Ciphers",
                                             "MACs",
                                             "KexAlgorithms"};
  auto fail = [&](size_t i, const std::string& what) {
    throw Error(file + ": field '" + field + "[" + std::to_string(i) + "]': " + what);
  };
  if (!options.is_array()) throw Error(file + ": field '" + field + "': expected an array of strings");
  for (size_t i = 0; i < options.size(); ++i) {
    if (!options[i].is_string()) fail(i, "expected a string");
    const std::string o = options[i].get<std::string>();
    if (o == "-4" || o == "-6" || o == "-C") continue;
    if (o == "-i" || o == "-o") {
      if (i + 1 >= options.size() || !options[i + 1].is_string()) fail(i, "'" + o + "' needs a value");
      const std::string v = options[++i].get<std::string>();
      if (o == "-i") {
        if (std::string p = identifier_problem(IdKind::kToolPath, v); !p.empty()) fail(i, "key file " + p);
        continue;
      }
      const size_t eq = v.find('=');
      if (eq == std::string::npos || !keys.count(v.substr(0, eq)))
        fail(i, "'-o " + v +
                    "' is not an allowed ssh option (allowed keys: StrictHostKeyChecking, "
                    "UserKnownHostsFile, LogLevel, IdentityFile, ConnectTimeout, ...; never commands)");
      const std::string val = v.substr(eq + 1);
      if (val.empty() || val.front() == '-' ||
          !only(val, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./+-,@:"))
        fail(i, "value of '" + v.substr(0, eq) + "' must be a plain word or path");
      continue;
    }
    fail(i, "'" + o + "' is not an allowed ssh option (-i FILE, -o Key=Value, -4, -6, -C)");
  }
}

void check_descriptor_identifiers(const std::string& file, const nlohmann::json& j) {
  auto str_at = [&](const nlohmann::json& obj, const char* key, const std::string& field, IdKind kind, bool empty_ok) {
    if (!obj.is_object() || !obj.contains(key)) return;
    const auto& v = obj.at(key);
    if (!v.is_string()) throw Error(file + ": field '" + field + "': expected a string");
    const std::string s = v.get<std::string>();
    if (s.empty() && empty_ok) return;
    check_identifier(file, field, kind, s);
  };
  str_at(j, "name", "name", IdKind::kName, false);
  if (j.contains("flash")) {
    const auto& f = j.at("flash");
    str_at(f, "probe_serial", "flash.probe_serial", IdKind::kProbeSerial, true);  // "" = the only probe
    str_at(f, "host", "flash.host", IdKind::kHost, false);
    str_at(f, "user", "flash.user", IdKind::kUser, false);
    str_at(f, "remote_dir", "flash.remote_dir", IdKind::kRemoteDir, false);
    str_at(f, "runner_name", "flash.runner_name", IdKind::kFileName, false);
    str_at(f, "config", "flash.config", IdKind::kToolPath, false);
    str_at(f, "machine", "flash.machine", IdKind::kMachine, false);
    str_at(f, "target", "flash.target", IdKind::kMachine, false);
    if (f.is_object() && f.contains("runner") && f.at("runner").is_string()) {
      // The runner's file name goes into the remote start command.
      const std::string r = f.at("runner").get<std::string>();
      check_identifier(file, "flash.runner", IdKind::kFileName, r.substr(r.find_last_of('/') + 1));
    }
    if (f.is_object() && f.contains("ssh_options")) check_ssh_options(file, "flash.ssh_options", f.at("ssh_options"));
  }
  if (j.contains("link")) str_at(j.at("link"), "host", "link.host", IdKind::kHost, false);
}

}  // namespace hb::board
