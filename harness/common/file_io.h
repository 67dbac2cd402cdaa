// Whole-file reads and atomic writes with errors that name the file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hb {

std::vector<uint8_t> read_file(const std::string& path);                      // throws hb::Error
void write_file_atomic(const std::string& path, const void* data, size_t n);  // tmp + rename

}  // namespace hb
