#include "export/svg_text.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace cc::exporting {
namespace {

TEST(SvgText, EscapesTheFiveMarkupCharacters) {
  EXPECT_EQ(escape_xml(R"(<a href="x">Tom & 'Jerry'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
  EXPECT_EQ(escape_xml("plain text"), "plain text");
  EXPECT_EQ(escape_xml(""), "");
}

TEST(SvgText, KeepsValidUtf8AndAllowedWhitespace) {
  EXPECT_EQ(escape_xml("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80");
  EXPECT_EQ(escape_xml("a\tb\nc\rd"), "a\tb\nc\rd");
}

TEST(SvgText, ReplacesWhatXmlCannotCarry) {
  std::string const fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(escape_xml(std::string("a\0b", 3)), "a" + fffd + "b");
  EXPECT_EQ(escape_xml("\x01\x1f"), fffd + fffd);
  EXPECT_EQ(escape_xml("\xEF\xBF\xBF"), fffd);                // U+FFFF
  EXPECT_EQ(escape_xml("\xC3"), fffd);                        // truncated sequence
  EXPECT_EQ(escape_xml("\xC0\xBC"), fffd + fffd);             // overlong '<'
  EXPECT_EQ(escape_xml("\xED\xA0\x80"), fffd + fffd + fffd);  // a surrogate
}

TEST(SvgText, NumbersAreShortAndFixed) {
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(-0.001), "0");
  EXPECT_EQ(format_number(12.5), "12.5");
  EXPECT_EQ(format_number(1.0 / 3), "0.33");
  EXPECT_EQ(format_number(-140), "-140");
  EXPECT_EQ(format_number(2.999), "3");
  EXPECT_EQ(format_number(1e12), "1000000000000");
  EXPECT_EQ(format_number(std::numeric_limits<double>::quiet_NaN()), "0");
  EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "0");
}

TEST(SvgText, AttributesAreQuotedAndEscaped) {
  std::string out;
  append_attribute(out, "fill", "\"red\"");
  append_attribute(out, "x", 1.5);
  EXPECT_EQ(out, R"( fill="&quot;red&quot;" x="1.5")");
}

}  // namespace
}  // namespace cc::exporting
