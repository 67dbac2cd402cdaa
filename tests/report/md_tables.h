// Reads the GitHub Markdown tables of a report back: title ("## ...") ->
// rows of header -> cell, so tests can look cells up by column name.
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace hb::report::test {

using MdRow = std::map<std::string, std::string>;

inline std::vector<std::string> md_split_row(const std::string& line) {
  std::vector<std::string> cells;
  std::string cur;
  for (size_t i = 1; i < line.size(); ++i) {  // skip the leading '|'
    if (line[i] == '\\' && i + 1 < line.size()) {
      cur += line[++i];  // "\|" and "\\" are literal
    } else if (line[i] == '|') {
      const size_t b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  return cells;
}

inline std::map<std::string, std::vector<MdRow>> md_tables(const std::string& md) {
  std::map<std::string, std::vector<MdRow>> out;
  std::istringstream in(md);
  std::string line, title;
  std::vector<std::string> header;
  int row_no = 0;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      title = line.substr(3);
      header.clear();
      row_no = 0;
      continue;
    }
    if (line.empty() || line[0] != '|') {
      header.clear();
      row_no = 0;
      continue;
    }
    const auto cells = md_split_row(line);
    if (row_no++ == 0) {
      header = cells;
      out[title];  // a table with a header but no rows still exists
      continue;
    }
    if (row_no == 2) continue;  // |---|---|
    MdRow r;
    for (size_t i = 0; i < cells.size() && i < header.size(); ++i) r[header[i]] = cells[i];
    r["#cells"] = std::to_string(cells.size());
    out[title].push_back(r);
  }
  return out;
}

// The row whose `col` cell starts with `prefix` and whose Model cell is `model`; nullptr if none.
inline const MdRow* md_find(const std::vector<MdRow>& rows, const std::string& col, const std::string& prefix,
                            const std::string& model) {
  for (const auto& r : rows)
    if (r.count(col) && r.at(col).rfind(prefix, 0) == 0 && r.count("Model") && r.at("Model") == model) return &r;
  return nullptr;
}

}  // namespace hb::report::test
