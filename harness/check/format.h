// printf-style formatting into std::string, for the check reports.
#pragma once

#include <string>

namespace hb::check {

std::string fmt(const char* f, ...) __attribute__((format(printf, 1, 2)));

}  // namespace hb::check
