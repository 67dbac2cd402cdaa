// Where hilbench's data lives: board descriptors, firmware images, bundled
// models. Installed (`cmake --install build --prefix P`), they sit under
// P/share/hilbench, found relative to the running executable (P/bin/hilbench,
// via /proc/self/exe) so an installed tree can move and run from any
// directory. Anywhere else (the build tree, the test binaries) they are the
// source and build folders compiled in.
#pragma once

#include <optional>
#include <string>

namespace hb {

// P/share/hilbench when this executable is P/bin/<exe> and that folder exists.
std::optional<std::string> installed_data_dir();

// Each as installed, else in the source / build tree.
std::string boards_root();    // P/share/hilbench/boards | <source>/boards
std::string models_root();    // P/share/hilbench/models | <source>/models
std::string firmware_root();  // P/share/hilbench/firmware | <build>/target-fw

}  // namespace hb
