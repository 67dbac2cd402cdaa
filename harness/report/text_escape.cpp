#include "report/text_escape.h"

namespace hb::report {

std::string xml_escape(std::string_view s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
        o += c;
    }
  }
  return o;
}

std::string md_cell(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '|':
        o += "\\|";
        break;
      case '\\':
        o += "\\\\";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '&':
        o += "&amp;";
        break;
      case '\n':
      case '\r':
      case '\t':
        o += ' ';
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20) o += c;
    }
  }
  return o;
}

}  // namespace hb::report
