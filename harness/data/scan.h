// Directory scanning shared by the folder readers: deterministic (byte-wise
// sorted) listings that skip hidden entries, with errors naming the directory.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hb::data {

// Names (not paths) of non-hidden sub-directories / regular files of `dir`, sorted.
std::vector<std::string> list_subdirs(const std::string& dir);
std::vector<std::string> list_files(const std::string& dir);

// Paths relative to `dir` ('/'-separated) of every non-hidden regular file below
// it, recursively, whose name satisfies `keep`; sorted.
std::vector<std::string> walk_files(const std::string& dir, const std::function<bool(const std::string&)>& keep);

std::string join_path(const std::string& dir, const std::string& rel);
std::string lower(std::string s);
bool ends_with_ci(const std::string& s, const std::string& suffix);  // case-insensitive

}  // namespace hb::data
