// Digests and identifiers used by the evidence code: SHA-1 in the WARC convention
// ("sha1:" + RFC 4648 Base32), SHA-256 in lower-case hex, and random v4 UUIDs.
// Stateless functions; thread-safe.
#ifndef SHOUHU_BASE_DIGEST_H_
#define SHOUHU_BASE_DIGEST_H_

#include <string>
#include <string_view>

namespace shouhu {

// RFC 4648 Base32 (upper case, '=' padding). SHA-1's 20 bytes give exactly 32
// characters, so WARC digests never carry padding.
std::string Base32Encode(std::string_view bytes);
// "sha1:" + Base32(SHA-1(bytes)): the form of WARC-Block-Digest / WARC-Payload-Digest.
std::string WarcSha1Digest(std::string_view bytes);
// SHA-256 as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view bytes);
// "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>" from OpenSSL's CSPRNG.
std::string NewWarcRecordId();

}  // namespace shouhu

#endif  // SHOUHU_BASE_DIGEST_H_
