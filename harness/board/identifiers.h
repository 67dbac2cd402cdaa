// Strict patterns for the descriptor (and inventory) fields that reach other
// programs: ssh/scp argv and remote shell commands, OpenOCD's Tcl, pyOCD and
// QEMU options. A value that does not match is refused when the file is
// loaded, so nothing hostile gets as far as a flasher. The flashers quote as
// well (defence in depth); these checks are what makes the quoting simple.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace hb::board {

enum class IdKind {
  kName,         // board / instance name: [a-z0-9][a-z0-9_-]{0,63}
  kProbeSerial,  // debug probe serial (ST-LINK): [A-Za-z0-9]{1,64}
  kHost,         // [user@]host: host name, IPv4, or [IPv6]; user as kUser
  kUser,         // login name: [a-z_][a-z0-9_.-]{0,31}
  kRemoteDir,    // path in a remote shell command: [A-Za-z0-9_./-], no "..", not starting with '-'
  kFileName,     // one path component (runner executable): [A-Za-z0-9_.-], not starting with '-' or '.'
  kToolPath,     // local path handed to a tool (OpenOCD config): [A-Za-z0-9_./+-], not starting with '-'
  kMachine,      // QEMU machine / pyOCD target: [A-Za-z0-9_.-], not starting with '-'
};

// "" if `value` is a valid `kind`, else what is wrong (one phrase).
std::string identifier_problem(IdKind kind, const std::string& value);

// Throws hb::Error "<file>: field '<field>': <what>" unless `value` is valid.
void check_identifier(const std::string& file, const std::string& field, IdKind kind, const std::string& value);

// ssh_options may carry only options that cannot run commands: "-i FILE",
// "-4", "-6", "-C", and "-o Key=Value" for a fixed list of keys (never
// ProxyCommand, LocalCommand, ...). Throws like check_identifier.
void check_ssh_options(const std::string& file, const std::string& field, const nlohmann::json& options);

// Every identifier of a board descriptor's JSON (name, flash.*, link.host).
// parse_descriptor calls it; an inventory loader calls it per entry.
void check_descriptor_identifiers(const std::string& file, const nlohmann::json& j);

}  // namespace hb::board
