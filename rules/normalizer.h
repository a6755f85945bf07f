// Normalizer: folds listing text into the one form every rule matches against,
// keeping an offset map back to the page text so evidence quotes it exactly.
//
// Steps, in order (doc/design.md §5.3; evasions in doc/rules.md, Normalised text):
//   1. NFKC (ICU): full-width Latin and digits to half-width, compatibility forms
//      (①, ㎝, ～) to their plain form;
//   2. traditional to simplified Chinese (OpenCC t2s);
//   3. case folding (ICU simple folding, so one code point stays one code point);
//   4. removal of spaces, punctuation and symbols standing between two Han
//      characters (水 晶 泥, 水*晶*泥 -> 水晶泥), and of invisible format
//      characters (zero-width space, joiners) anywhere.
// Pinyin and Latin aliases are not produced here: they are data in the rule pack,
// matched against the folded text.
//
// Thread-safety: a Normalizer may be shared; Normalize() is safe to call from
// several threads (OpenCC converters are pooled, one per concurrent caller).
#ifndef SHOUHU_RULES_NORMALIZER_H_
#define SHOUHU_RULES_NORMALIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shouhu::rules {

// Text after normalisation, with the page text it came from.
struct NormalizedText {
  std::string original;  // the page text, unchanged
  std::string text;      // normalised UTF-8
  // For every byte i of `text`: the original bytes [begin[i], end[i]) it came from.
  std::vector<uint32_t> begin, end;

  // The original text behind normalised bytes [b, e) — whole source characters.
  // REQUIRES: b <= e <= text.size().
  std::string_view Original(size_t b, size_t e) const;
};

class Normalizer {
 public:
  // Default OpenCC configuration (traditional -> simplified).
  static constexpr const char* kDefaultT2sConfig = "/usr/share/opencc/t2s.json";

  // Loads the converter once; kIoError if the OpenCC configuration cannot be loaded.
  static Result<std::shared_ptr<const Normalizer>> Create(
      const std::string& t2s_config = kDefaultT2sConfig);

  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  NormalizedText Normalize(std::string_view text) const;
  // Only the normalised text (for vocabulary and keywords at load time).
  std::string Fold(std::string_view text) const { return Normalize(text).text; }

 private:
  struct Impl;
  explicit Normalizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shouhu::rules

#endif  // SHOUHU_RULES_NORMALIZER_H_
