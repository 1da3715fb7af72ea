#include "auth/access_token.hpp"

#include "auth/base64url.hpp"
#include "auth/secrets.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <limits>
#include <optional>
#include <stdexcept>

namespace cc::auth {
namespace {

namespace json = boost::json;

// The one header this server writes; verify parses headers instead of comparing them to it,
// so tokens from other HS256 writers with the same key (and key order) work too.
constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

Error refused(std::string message) { return make_error(ErrorCode::kUnauthorized, std::move(message)); }

std::optional<json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::string> string_claim(json::object const& payload, std::string_view key) {
  auto const* value = payload.if_contains(key);
  if (!value || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// NumericDate claims as whole seconds: this server only writes integers, so a fraction or a
// number outside int64 means the token was not made here.
std::optional<std::int64_t> time_claim(json::object const& payload, std::string_view key) {
  auto const* value = payload.if_contains(key);
  if (!value) return std::nullopt;
  if (value->is_int64()) return value->get_int64();
  if (value->is_uint64() &&
      value->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(value->get_uint64());
  }
  return std::nullopt;
}

// The three parts of a compact JWS, split at its two dots; nullopt for any other count.
std::optional<std::array<std::string_view, 3>> split_parts(std::string_view token) {
  std::size_t const first = token.find('.');
  if (first == token.npos) return std::nullopt;
  std::size_t const second = token.find('.', first + 1);
  if (second == token.npos || token.find('.', second + 1) != token.npos) return std::nullopt;
  return std::array<std::string_view, 3>{token.substr(0, first), token.substr(first + 1, second - first - 1),
                                         token.substr(second + 1)};
}

Status check_header(std::string_view header_b64) {
  auto const header_text = base64url_decode(header_b64);
  if (!header_text) return refused("access token header is not base64url");
  auto const header = parse_object(*header_text);
  if (!header) return refused("access token header is not a JSON object");
  auto const* alg = header->if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "HS256") {
    return refused("access token algorithm must be HS256");
  }
  if (auto const* typ = header->if_contains("typ");
      typ && (!typ->is_string() || typ->get_string() != "JWT")) {
    return refused("access token type must be JWT");
  }
  // RFC 7515: a recipient must refuse critical extensions it does not understand; we know none.
  if (header->contains("crit")) return refused("access token has critical header extensions");
  return {};
}

Result<AccessClaims> parse_claims(std::string_view payload_b64) {
  auto const payload_text = base64url_decode(payload_b64);
  if (!payload_text) return refused("access token payload is not base64url");
  auto const payload = parse_object(*payload_text);
  if (!payload) return refused("access token payload is not a JSON object");
  auto user = string_claim(*payload, "sub");
  auto session = string_claim(*payload, "sid");
  auto name = string_claim(*payload, "name");
  auto const issued_at = time_claim(*payload, "iat");
  auto const expires_at = time_claim(*payload, "exp");
  if (!user || user->empty()) return refused("access token claim sub is missing or not a string");
  if (!session || session->empty()) return refused("access token claim sid is missing or not a string");
  if (!name) return refused("access token claim name is missing or not a string");
  if (!issued_at) return refused("access token claim iat is missing or not an integer");
  if (!expires_at) return refused("access token claim exp is missing or not an integer");
  return AccessClaims{std::move(*user), std::move(*session), std::move(*name), *issued_at, *expires_at};
}

}  // namespace

TokenSigner::TokenSigner(std::string key) : key_(std::move(key)) {
  if (key_.size() < kMinSigningKeyBytes) {
    throw std::invalid_argument("the access token signing key must be at least " +
                                std::to_string(kMinSigningKeyBytes) + " bytes");
  }
  if (key_.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw std::invalid_argument("the access token signing key is too long");
  }
}

std::string TokenSigner::signature(std::string_view signing_input) const {
  return hmac_sha256(key_, signing_input);
}

std::string TokenSigner::sign(AccessClaims const& claims) const {
  json::object payload;
  payload.reserve(5);
  payload.emplace("sub", claims.user);
  payload.emplace("sid", claims.session);
  payload.emplace("name", claims.name);
  payload.emplace("iat", claims.issued_at);
  payload.emplace("exp", claims.expires_at);
  std::string token = base64url_encode(kHeader);
  token.push_back('.');
  token.append(base64url_encode(json::serialize(payload)));
  std::string const mac = signature(token);
  token.push_back('.');
  token.append(base64url_encode(mac));
  return token;
}

Result<AccessClaims> TokenSigner::verify(std::string_view token, std::int64_t now) const {
  if (token.size() > kMaxAccessTokenBytes) return refused("access token is too long");
  auto const parts = split_parts(token);
  if (!parts) return refused("access token must have three parts separated by dots");
  auto const& [header_b64, payload_b64, signature_b64] = *parts;

  // The header decides how the signature is checked, so it is checked first; the payload is
  // not looked at until the signature proves this server wrote it.
  if (auto st = check_header(header_b64); !st) return std::move(st).error();
  auto const given = base64url_decode(signature_b64);
  if (!given) return refused("access token signature is not base64url");
  std::string_view const signing_input = token.substr(0, header_b64.size() + 1 + payload_b64.size());
  if (!equal_constant_time(*given, signature(signing_input))) {
    return refused("access token signature does not match");
  }

  auto claims = parse_claims(payload_b64);
  if (!claims) return claims;
  if (now >= claims->expires_at) return refused("access token has expired");
  // The difference in unsigned arithmetic: exact whenever issued_at > now, for any two int64
  // values, where now + skew or issued_at - skew could overflow.
  if (claims->issued_at > now &&
      static_cast<std::uint64_t>(claims->issued_at) - static_cast<std::uint64_t>(now) >
          static_cast<std::uint64_t>(kAllowedClockSkewSeconds)) {
    return refused("access token is issued in the future");
  }
  return claims;
}

}  // namespace cc::auth
