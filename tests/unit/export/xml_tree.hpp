// A minimal XML reader for tests: checks that a document is well-formed (one root, tags
// balanced and properly nested, attributes quoted and unique, only the predefined and
// numeric entity references, no '<' in attribute values) and returns it as a tree with the
// references decoded, so tests can look at what a renderer would see.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cc::exporting::testing {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;  // character data directly inside, concatenated
  std::vector<XmlElement> children;

  std::string attribute(std::string const& key) const {
    auto const it = attributes.find(key);
    return it == attributes.end() ? std::string() : it->second;
  }
};

struct XmlParse {
  std::optional<XmlElement> root;
  std::string error;  // empty when well-formed
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view doc) : doc_(doc) {}

  XmlParse parse() {
    XmlParse result;
    skip_space();
    if (doc_.substr(pos_).starts_with("<?xml")) {
      auto const end = doc_.find("?>", pos_);
      if (end == doc_.npos) return fail("unterminated XML declaration");
      pos_ = end + 2;
    }
    skip_space();
    XmlElement root;
    if (!element(root, 0)) return fail(error_);
    skip_space();
    if (pos_ != doc_.size()) return fail("content after the root element at " + std::to_string(pos_));
    result.root = std::move(root);
    return result;
  }

 private:
  XmlParse fail(std::string message) { return XmlParse{std::nullopt, std::move(message)}; }

  bool error(std::string message) {
    error_ = std::move(message) + " at " + std::to_string(pos_);
    return false;
  }

  void skip_space() {
    while (pos_ < doc_.size() &&
           (doc_[pos_] == ' ' || doc_[pos_] == '\t' || doc_[pos_] == '\n' || doc_[pos_] == '\r'))
      ++pos_;
  }

  static bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }
  static bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

  bool name(std::string& out) {
    if (pos_ >= doc_.size() || !name_start(doc_[pos_])) return error("expected a name");
    std::size_t const start = pos_;
    while (pos_ < doc_.size() && name_char(doc_[pos_])) ++pos_;
    out.assign(doc_.substr(start, pos_ - start));
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // At '&': decodes one reference into out.
  bool reference(std::string& out) {
    auto const end = doc_.find(';', pos_);
    if (end == doc_.npos || end - pos_ > 12) return error("unterminated entity reference");
    std::string_view const ref = doc_.substr(pos_ + 1, end - pos_ - 1);
    pos_ = end + 1;
    static constexpr std::pair<std::string_view, char> kPredefined[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    for (auto const& [entity, character] : kPredefined) {
      if (ref == entity) {
        out.push_back(character);
        return true;
      }
    }
    if (ref.size() >= 2 && ref[0] == '#') {
      bool const hex = ref[1] == 'x';
      std::string_view const digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) return error("empty character reference");
      std::uint32_t cp = 0;
      for (char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9') d = c - '0';
        if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        if (d < 0) return error("bad character reference");
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        if (cp > 0x10FFFF) return error("character reference out of range");
      }
      if (cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD)
        return error("reference to a character XML forbids");
      append_utf8(out, cp);
      return true;
    }
    return error("unknown entity &" + std::string(ref) + ";");
  }

  // Raw characters XML 1.0 does not allow anywhere.
  bool allowed_raw(char c) {
    auto const u = static_cast<unsigned char>(c);
    return u >= 0x20 || c == '\t' || c == '\n' || c == '\r';
  }

  bool element(XmlElement& out, int depth) {
    if (depth > 64) return error("nesting too deep");
    if (pos_ >= doc_.size() || doc_[pos_] != '<') return error("expected '<'");
    ++pos_;
    if (!name(out.name)) return false;
    for (;;) {
      std::size_t const before = pos_;
      skip_space();
      if (pos_ >= doc_.size()) return error("unterminated start tag");
      if (doc_.substr(pos_).starts_with("/>")) {
        pos_ += 2;
        return true;
      }
      if (doc_[pos_] == '>') {
        ++pos_;
        break;
      }
      if (pos_ == before) return error("attributes must be separated by white space");
      std::string key;
      if (!name(key)) return false;
      skip_space();
      if (pos_ >= doc_.size() || doc_[pos_] != '=') return error("expected '=' after " + key);
      ++pos_;
      skip_space();
      if (pos_ >= doc_.size() || (doc_[pos_] != '"' && doc_[pos_] != '\''))
        return error("unquoted attribute");
      char const quote = doc_[pos_++];
      std::string value;
      for (;;) {
        if (pos_ >= doc_.size()) return error("unterminated attribute value");
        char const c = doc_[pos_];
        if (c == quote) break;
        if (c == '<') return error("'<' in an attribute value");
        if (!allowed_raw(c)) return error("control character in an attribute value");
        if (c == '&') {
          if (!reference(value)) return false;
        } else {
          value.push_back(c);
          ++pos_;
        }
      }
      ++pos_;
      if (!out.attributes.emplace(key, std::move(value)).second) return error("duplicate attribute " + key);
    }
    // Content: text, children, then the matching end tag.
    for (;;) {
      if (pos_ >= doc_.size()) return error("unclosed element <" + out.name + ">");
      char const c = doc_[pos_];
      if (c == '<') {
        if (doc_.substr(pos_).starts_with("</")) {
          pos_ += 2;
          std::string closing;
          if (!name(closing)) return false;
          if (closing != out.name) return error("</" + closing + "> closes <" + out.name + ">");
          skip_space();
          if (pos_ >= doc_.size() || doc_[pos_] != '>') return error("unterminated end tag");
          ++pos_;
          return true;
        }
        XmlElement child;
        if (!element(child, depth + 1)) return false;
        out.children.push_back(std::move(child));
      } else if (c == '&') {
        if (!reference(out.text)) return false;
      } else {
        if (!allowed_raw(c)) return error("control character in text");
        out.text.push_back(c);
        ++pos_;
      }
    }
  }

  std::string_view doc_;
  std::size_t pos_ = 0;
  std::string error_;
};

inline XmlParse parse_xml(std::string_view doc) { return XmlReader(doc).parse(); }

}  // namespace cc::exporting::testing
