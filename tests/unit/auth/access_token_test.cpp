#include "auth/access_token.hpp"

#include "auth/base64url.hpp"
#include "auth/secrets.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cc::auth {
namespace {

std::string const kKey(32, 'k');
constexpr std::int64_t kNow = 1'763'774'400;

AccessClaims claims(std::int64_t issued_at = kNow, std::int64_t expires_at = kNow + 900) {
  return {"u_ada", "f_session1", "Ada \"the first\" Lovelace", issued_at, expires_at};
}

// A token assembled by hand from a header and payload JSON, signed with HS256 under key,
// or with the given signature text when one is passed.
std::string hand_made(std::string_view header, std::string_view payload, std::string_view key = kKey) {
  std::string token = base64url_encode(header) + "." + base64url_encode(payload);
  return token + "." + base64url_encode(hmac_sha256(key, token));
}

constexpr std::string_view kPayload =
    R"({"sub":"u_ada","sid":"f_session1","name":"Ada","iat":1763774400,"exp":1763775300})";

std::string refusal(TokenSigner const& signer, std::string_view token, std::int64_t now = kNow) {
  auto const r = signer.verify(token, now);
  EXPECT_FALSE(r.has_value()) << token << " was accepted";
  if (r) return {};
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthorized);
  return r.error().message;
}

TEST(AccessToken, RoundTrip) {
  TokenSigner const signer(kKey);
  std::string const token = signer.sign(claims());
  auto const verified = signer.verify(token, kNow + 10);
  ASSERT_TRUE(verified.has_value()) << verified.error().message;
  EXPECT_EQ(verified->user, "u_ada");
  EXPECT_EQ(verified->session, "f_session1");
  EXPECT_EQ(verified->name, "Ada \"the first\" Lovelace");
  EXPECT_EQ(verified->issued_at, kNow);
  EXPECT_EQ(verified->expires_at, kNow + 900);
}

TEST(AccessToken, IsAStandardJwt) {
  TokenSigner const signer(kKey);
  std::string const token = signer.sign(claims());
  auto const first_dot = token.find('.');
  auto const second_dot = token.find('.', first_dot + 1);
  ASSERT_NE(second_dot, std::string::npos);
  EXPECT_EQ(base64url_decode(token.substr(0, first_dot)), R"({"alg":"HS256","typ":"JWT"})");
  auto const payload = base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1));
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(
      *payload,
      R"({"sub":"u_ada","sid":"f_session1","name":"Ada \"the first\" Lovelace","iat":1763774400,"exp":1763775300})");
  // The signature is HMAC-SHA256 over "header.payload", as RFC 7515 has it.
  EXPECT_EQ(base64url_decode(token.substr(second_dot + 1)), hmac_sha256(kKey, token.substr(0, second_dot)));
  // A token made by another HS256 writer with the same key verifies too.
  EXPECT_TRUE(signer.verify(hand_made(R"({"typ":"JWT","alg":"HS256"})", kPayload), kNow).has_value());
  EXPECT_TRUE(signer.verify(hand_made(R"({"alg":"HS256"})", kPayload), kNow).has_value());
}

TEST(AccessToken, ExpiredAtExp) {
  TokenSigner const signer(kKey);
  std::string const token = signer.sign(claims(kNow, kNow + 900));
  EXPECT_TRUE(signer.verify(token, kNow + 899).has_value());
  EXPECT_EQ(refusal(signer, token, kNow + 900), "access token has expired");
  EXPECT_EQ(refusal(signer, token, kNow + 100'000), "access token has expired");
}

TEST(AccessToken, IssuedInTheFutureBeyondTheSkew) {
  TokenSigner const signer(kKey);
  std::string const token = signer.sign(claims(kNow + 60, kNow + 960));
  EXPECT_TRUE(signer.verify(token, kNow).has_value());  // 60 s of clock skew is tolerated
  std::string const later = signer.sign(claims(kNow + 61, kNow + 961));
  EXPECT_EQ(refusal(signer, later), "access token is issued in the future");
  // Extreme values neither overflow nor pass.
  std::string const extreme = signer.sign(claims(INT64_MAX - 1, INT64_MAX));
  EXPECT_EQ(refusal(signer, extreme, INT64_MIN), "access token is issued in the future");
}

TEST(AccessToken, TamperedPayloadIsRefused) {
  TokenSigner const signer(kKey);
  std::string const token = signer.sign(claims());
  auto const first_dot = token.find('.');
  auto const second_dot = token.find('.', first_dot + 1);
  std::string const other_payload = base64url_encode(
      R"({"sub":"u_admin","sid":"f_session1","name":"Ada","iat":1763774400,"exp":1763775300})");
  std::string const tampered = token.substr(0, first_dot + 1) + other_payload + token.substr(second_dot);
  EXPECT_EQ(refusal(signer, tampered), "access token signature does not match");
}

TEST(AccessToken, TamperedSignatureIsRefused) {
  TokenSigner const signer(kKey);
  std::string token = signer.sign(claims());
  std::size_t const at = token.rfind('.') + 1;
  token[at] = token[at] == 'A' ? 'B' : 'A';
  EXPECT_EQ(refusal(signer, token), "access token signature does not match");
  std::string const truncated = signer.sign(claims()).substr(0, token.size() - 3);
  EXPECT_FALSE(signer.verify(truncated, kNow).has_value());
  std::string const unsigned_token = token.substr(0, at);
  EXPECT_EQ(refusal(signer, unsigned_token), "access token signature does not match");
}

TEST(AccessToken, AnotherKeysTokenIsRefused) {
  TokenSigner const signer(kKey);
  TokenSigner const other(std::string(32, 'x'));
  EXPECT_EQ(refusal(signer, other.sign(claims())), "access token signature does not match");
  EXPECT_EQ(refusal(signer, hand_made(R"({"alg":"HS256","typ":"JWT"})", kPayload, std::string(32, 'x'))),
            "access token signature does not match");
}

TEST(AccessToken, AlgNoneIsRefused) {
  TokenSigner const signer(kKey);
  std::string const header = base64url_encode(R"({"alg":"none","typ":"JWT"})");
  std::string const payload = base64url_encode(kPayload);
  EXPECT_EQ(refusal(signer, header + "." + payload + "."), "access token algorithm must be HS256");
  // Even with a signature that is right for the bytes.
  EXPECT_EQ(refusal(signer, hand_made(R"({"alg":"none"})", kPayload)),
            "access token algorithm must be HS256");
}

TEST(AccessToken, OtherAlgorithmsAreRefused) {
  TokenSigner const signer(kKey);
  for (std::string_view header :
       {R"({"alg":"HS512","typ":"JWT"})", R"({"alg":"RS256"})", R"({"alg":"hs256"})", R"({"alg":"HS256 "})",
        R"({"typ":"JWT"})", R"({"alg":null})", R"({"alg":256})", R"({"alg":["HS256"]})"}) {
    EXPECT_EQ(refusal(signer, hand_made(header, kPayload)), "access token algorithm must be HS256") << header;
  }
}

TEST(AccessToken, OtherTypesAndCriticalExtensionsAreRefused) {
  TokenSigner const signer(kKey);
  EXPECT_EQ(refusal(signer, hand_made(R"({"alg":"HS256","typ":"JWE"})", kPayload)),
            "access token type must be JWT");
  EXPECT_EQ(refusal(signer, hand_made(R"({"alg":"HS256","typ":1})", kPayload)),
            "access token type must be JWT");
  EXPECT_EQ(refusal(signer, hand_made(R"({"alg":"HS256","crit":["exp"]})", kPayload)),
            "access token has critical header extensions");
}

TEST(AccessToken, WrongNumberOfPartsIsRefused) {
  TokenSigner const signer(kKey);
  std::string const token = signer.sign(claims());
  std::string const message = "access token must have three parts separated by dots";
  EXPECT_EQ(refusal(signer, ""), message);
  EXPECT_EQ(refusal(signer, "abc"), message);
  EXPECT_EQ(refusal(signer, token.substr(0, token.rfind('.'))), message);
  EXPECT_EQ(refusal(signer, token + ".extra"), message);
  EXPECT_EQ(refusal(signer, token + "."), message);
}

TEST(AccessToken, GarbageBase64IsRefused) {
  TokenSigner const signer(kKey);
  std::string const token = signer.sign(claims());
  auto const first_dot = token.find('.');
  auto const second_dot = token.find('.', first_dot + 1);
  EXPECT_EQ(refusal(signer, "e30=!." + token.substr(first_dot + 1)), "access token header is not base64url");
  EXPECT_EQ(refusal(signer, token.substr(0, second_dot + 1) + "sig+/="),
            "access token signature is not base64url");
  // A payload that is not base64url cannot match the signature made over it.
  std::string const bad_payload = token.substr(0, first_dot + 1) + "*%*" + token.substr(second_dot);
  EXPECT_EQ(refusal(signer, bad_payload), "access token signature does not match");
  std::string const signed_garbage = base64url_encode(R"({"alg":"HS256"})") + ".*%*";
  EXPECT_EQ(refusal(signer, signed_garbage + "." + base64url_encode(hmac_sha256(kKey, signed_garbage))),
            "access token payload is not base64url");
}

TEST(AccessToken, HeaderAndPayloadMustBeJsonObjects) {
  TokenSigner const signer(kKey);
  EXPECT_EQ(refusal(signer, hand_made("not json", kPayload)), "access token header is not a JSON object");
  EXPECT_EQ(refusal(signer, hand_made(R"(["HS256"])", kPayload)), "access token header is not a JSON object");
  EXPECT_EQ(refusal(signer, hand_made(R"({"alg":"HS256"})", "{oops")),
            "access token payload is not a JSON object");
  EXPECT_EQ(refusal(signer, hand_made(R"({"alg":"HS256"})", "42")),
            "access token payload is not a JSON object");
}

TEST(AccessToken, ClaimsMustBePresentAndWellTyped) {
  TokenSigner const signer(kKey);
  std::string_view const header = R"({"alg":"HS256"})";
  struct Case {
    std::string_view payload;
    std::string_view message;
  };
  Case const cases[] = {
      {R"({"sid":"s","name":"n","iat":1,"exp":1763775300})",
       "access token claim sub is missing or not a string"},
      {R"({"sub":7,"sid":"s","name":"n","iat":1,"exp":1763775300})",
       "access token claim sub is missing or not a string"},
      {R"({"sub":"","sid":"s","name":"n","iat":1,"exp":1763775300})",
       "access token claim sub is missing or not a string"},
      {R"({"sub":"u","name":"n","iat":1,"exp":1763775300})",
       "access token claim sid is missing or not a string"},
      {R"({"sub":"u","sid":"s","iat":1,"exp":1763775300})",
       "access token claim name is missing or not a string"},
      {R"({"sub":"u","sid":"s","name":"n","exp":1763775300})",
       "access token claim iat is missing or not an integer"},
      {R"({"sub":"u","sid":"s","name":"n","iat":"1","exp":1763775300})",
       "access token claim iat is missing or not an integer"},
      {R"({"sub":"u","sid":"s","name":"n","iat":1})", "access token claim exp is missing or not an integer"},
      {R"({"sub":"u","sid":"s","name":"n","iat":1,"exp":1763775300.5})",
       "access token claim exp is missing or not an integer"},
      {R"({"sub":"u","sid":"s","name":"n","iat":1,"exp":18446744073709551615})",
       "access token claim exp is missing or not an integer"},
  };
  for (auto const& c : cases)
    EXPECT_EQ(refusal(signer, hand_made(header, c.payload)), c.message) << c.payload;
  EXPECT_TRUE(
      signer.verify(hand_made(header, R"({"sub":"u","sid":"s","name":"","iat":1,"exp":1763775300})"), kNow)
          .has_value());
}

TEST(AccessToken, OversizeTokensAreRefusedUnread) {
  TokenSigner const signer(kKey);
  AccessClaims big = claims();
  big.name = std::string(3000, 'n');  // about 4.1 KiB once base64url-encoded
  std::string const token = signer.sign(big);
  ASSERT_GT(token.size(), kMaxAccessTokenBytes);
  EXPECT_EQ(refusal(signer, token), "access token is too long");
  EXPECT_EQ(refusal(signer, std::string(kMaxAccessTokenBytes + 1, 'a')), "access token is too long");
  AccessClaims fits = claims();
  fits.name = std::string(2000, 'n');
  EXPECT_TRUE(signer.verify(signer.sign(fits), kNow).has_value());
}

TEST(AccessToken, ShortKeysAreAStartUpError) {
  EXPECT_THROW(TokenSigner(std::string(31, 'k')), std::invalid_argument);
  EXPECT_THROW(TokenSigner(""), std::invalid_argument);
  EXPECT_NO_THROW(TokenSigner(std::string(32, 'k')));
  EXPECT_NO_THROW(TokenSigner(std::string(200, 'k')));
}

}  // namespace
}  // namespace cc::auth
