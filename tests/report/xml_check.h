// A small, strict XML 1.0 reader for the report tests: enough to prove a
// document is well formed (one root, balanced tags, quoted and unique
// attributes, only the five predefined or numeric entities, no stray '<' or
// '&') and to walk its elements. Throws std::runtime_error naming the offset.
#pragma once

#include <cctype>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace hb::report::test {

struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;  // entity-decoded
  std::vector<XmlNode> children;
  std::string text;  // decoded character data directly inside this element

  std::vector<const XmlNode*> all(const std::string& tag) const {  // descendants named tag, document order
    std::vector<const XmlNode*> out;
    for (const auto& c : children) {
      if (c.name == tag) out.push_back(&c);
      auto sub = c.all(tag);
      out.insert(out.end(), sub.begin(), sub.end());
    }
    return out;
  }
};

class XmlReader {
 public:
  explicit XmlReader(const std::string& s) : s_(s) {}

  XmlNode parse() {
    skip_ws();
    if (s_.compare(i_, 5, "<?xml") == 0) {
      const size_t e = s_.find("?>", i_);
      if (e == std::string::npos) fail("unterminated XML declaration");
      i_ = e + 2;
    }
    skip_misc();
    XmlNode root = element();
    skip_misc();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("XML error at offset " + std::to_string(i_) + ": " + what);
  }
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  void skip_misc() {
    for (;;) {
      skip_ws();
      if (s_.compare(i_, 4, "<!--") != 0) return;
      const size_t e = s_.find("-->", i_);
      if (e == std::string::npos) fail("unterminated comment");
      i_ = e + 3;
    }
  }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
  }
  std::string name() {
    const size_t b = i_;
    if (i_ >= s_.size() || !(std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) fail("bad name");
    while (i_ < s_.size() && name_char(s_[i_])) ++i_;
    return s_.substr(b, i_ - b);
  }
  std::string decode(const std::string& raw) {
    std::string o;
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '<') fail("'<' in character data or attribute");
      if (raw[k] != '&') {
        o += raw[k];
        continue;
      }
      const size_t e = raw.find(';', k);
      if (e == std::string::npos) fail("'&' without ';'");
      const std::string ent = raw.substr(k + 1, e - k - 1);
      if (ent == "amp")
        o += '&';
      else if (ent == "lt")
        o += '<';
      else if (ent == "gt")
        o += '>';
      else if (ent == "quot")
        o += '"';
      else if (ent == "apos")
        o += '\'';
      else if (ent.size() > 1 && ent[0] == '#' && ent.find_first_not_of("0123456789", 1) == std::string::npos) {
        const long cp = std::stol(ent.substr(1));
        if (cp < 0x80)
          o += static_cast<char>(cp);
        else
          o += '?';
      } else
        fail("unknown entity &" + ent + ";");
      k = e;
    }
    return o;
  }
  XmlNode element() {
    if (i_ >= s_.size() || s_[i_] != '<') fail("expected '<'");
    ++i_;
    XmlNode n;
    n.name = name();
    for (;;) {
      const size_t before = i_;
      skip_ws();
      if (i_ >= s_.size()) fail("unterminated start tag");
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return n;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      if (i_ == before) fail("attributes must be separated by white space");
      const std::string a = name();
      skip_ws();
      if (i_ >= s_.size() || s_[i_] != '=') fail("attribute without '='");
      ++i_;
      skip_ws();
      if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) fail("unquoted attribute value");
      const char q = s_[i_++];
      const size_t e = s_.find(q, i_);
      if (e == std::string::npos) fail("unterminated attribute value");
      if (n.attrs.count(a)) fail("duplicate attribute " + a);
      n.attrs[a] = decode(s_.substr(i_, e - i_));
      i_ = e + 1;
    }
    for (;;) {
      const size_t lt = s_.find('<', i_);
      if (lt == std::string::npos) fail("unterminated element " + n.name);
      n.text += decode(s_.substr(i_, lt - i_));
      i_ = lt;
      if (s_.compare(i_, 4, "<!--") == 0) {
        skip_misc();
        continue;
      }
      if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        if (name() != n.name) fail("end tag does not match <" + n.name + ">");
        skip_ws();
        if (i_ >= s_.size() || s_[i_] != '>') fail("bad end tag");
        ++i_;
        return n;
      }
      n.children.push_back(element());
    }
  }

  const std::string& s_;
  size_t i_ = 0;
};

inline XmlNode parse_xml(const std::string& s) { return XmlReader(s).parse(); }

}  // namespace hb::report::test
