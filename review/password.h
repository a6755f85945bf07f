// Password hashing and random tokens for the review console, on libsodium:
// crypto_pwhash_str (Argon2id, memory-hard) for passwords, randombytes_buf for
// session and CSRF tokens.
//
// Thread-safety: free functions; libsodium is initialised once, thread-safely.
#ifndef SHOUHU_REVIEW_PASSWORD_H_
#define SHOUHU_REVIEW_PASSWORD_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace shouhu::review {

// How costly a hash is. kInteractive (libsodium's INTERACTIVE limits: 64 MiB, a
// few tenths of a second) for real accounts; kTestOnly (libsodium's minimum) so
// that tests creating many users stay fast. Verification reads the cost from
// the hash itself.
enum class KdfStrength { kInteractive, kModerate, kTestOnly };

// The encoded hash ("$argon2id$v=19$m=…"), or kInvalidArgument for a password
// shorter than kMinPasswordLength bytes or over 1 KiB.
inline constexpr size_t kMinPasswordLength = 10;
Result<std::string> HashPassword(std::string_view password, KdfStrength strength);
// Constant-time as libsodium makes it; false for a malformed hash.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// `bytes` random bytes, hex-encoded (2 × bytes characters).
std::string RandomToken(size_t bytes = 32);

// Constant-time comparison of two strings (CSRF tokens).
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace shouhu::review

#endif  // SHOUHU_REVIEW_PASSWORD_H_
