// Text taken from the database (board, model, dataset names, error messages)
// is untrusted: every renderer passes it through one of these.
#pragma once

#include <string>
#include <string_view>

namespace hb::report {

// & < > " ' as entities; control characters other than tab/newline dropped
// (they are not allowed in XML 1.0 at all).
std::string xml_escape(std::string_view s);
// One Markdown table cell: '|' escaped, line breaks flattened, '<' '>' '&' as
// entities so no HTML gets through a Markdown renderer.
std::string md_cell(std::string_view s);

}  // namespace hb::report
