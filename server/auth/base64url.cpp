#include "auth/base64url.hpp"

#include <sodium.h>

namespace cc::auth {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

unsigned char const* bytes_of(std::string_view s) noexcept {
  return reinterpret_cast<unsigned char const*>(s.data());
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  // The encoded length includes the terminating NUL sodium_bin2base64 writes.
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes_of(bytes), bytes.size(), kVariant);
  out.pop_back();
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  // With b64_end null, libsodium fails unless the whole input is valid base64url.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &length, nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace cc::auth
