// The source revision a run was made with ("abc1234", "abc1234-dirty", or
// "unknown" outside a git checkout), so stored runs can be traced to code.
#pragma once

#include <string>

namespace hb::run {
std::string git_revision();
}
