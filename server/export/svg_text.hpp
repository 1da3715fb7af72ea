// The text of an SVG document: strings escaped for XML, numbers in a short fixed form.
// Everything this layer writes into a document goes through these, so a board's text can
// never break out of an attribute or an element.
#pragma once

#include <string>
#include <string_view>

namespace cc::exporting {

// Escapes & < > " ' and replaces what XML 1.0 cannot carry at all, even escaped (control
// characters other than tab, newline and carriage return, U+FFFE, U+FFFF, and bytes that are
// not valid UTF-8), with U+FFFD. The result is safe both as character data and inside a
// double- or single-quoted attribute value.
void append_escaped(std::string& out, std::string_view text);
std::string escape_xml(std::string_view text);

// A finite number with at most 2 decimals and no trailing zeros ("12.5", "-3", "0"); a
// non-finite one as "0". Thumbnail coordinates are pixels, where 1/100 is plenty.
void append_number(std::string& out, double value);
std::string format_number(double value);

// ` name="value"`, the value escaped or formatted.
void append_attribute(std::string& out, std::string_view name, std::string_view value);
void append_attribute(std::string& out, std::string_view name, double value);

}  // namespace cc::exporting
