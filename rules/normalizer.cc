#include "rules/normalizer.h"

#include <opencc/opencc.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <opencc/DictEntry.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>

namespace shouhu::rules {
namespace {

// One code point of the text being normalised and the original bytes behind it.
struct Char {
  UChar32 cp;
  uint32_t begin, end;
};

void AppendUtf8(UChar32 cp, std::string* out) {
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, U8_MAX_LENGTH, cp, error);
  if (error) {
    // Unencodable (lone surrogate from a broken page): keep U+FFFD in its place.
    n = 0;
    U8_APPEND_UNSAFE(buf, n, 0xFFFD);
  }
  out->append(buf, static_cast<size_t>(n));
}

std::vector<UChar32> DecodeUtf8(std::string_view s) {
  std::vector<UChar32> out;
  int32_t i = 0;
  const auto len = static_cast<int32_t>(s.size());
  while (i < len) {
    UChar32 c;
    U8_NEXT(s.data(), i, len, c);
    out.push_back(c < 0 ? 0xFFFD : c);
  }
  return out;
}

bool IsHan(UChar32 cp) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(cp, &status) == USCRIPT_HAN && U_SUCCESS(status);
}

// Characters a seller can put between Han characters without changing what a
// reader sees as the word: white space, punctuation, symbols (incl. emoji).
bool IsSeparator(UChar32 cp) {
  if (u_isUWhiteSpace(cp)) return true;
  switch (u_charType(cp)) {
    case U_CONNECTOR_PUNCTUATION:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
      return true;
    default:
      return false;
  }
}

bool IsInvisible(UChar32 cp) {
  return u_charType(cp) == U_FORMAT_CHAR || cp == 0xFE0F || cp == 0xFE0E;
}

// See Normalizer::Impl::t2s_changes. Reads the two dictionaries the stock
// t2s.json chains (TSPhrases, TSCharacters) from the configuration's folder.
std::vector<bool> T2sChangingCodePoints(const std::string& t2s_config) {
  namespace fs = std::filesystem;
  std::vector<bool> changes(0x110000, false);
  const fs::path dir = fs::path(t2s_config).parent_path();
  for (const char* name : {"TSPhrases.ocd2", "TSCharacters.ocd2"}) {
    FILE* fp = std::fopen((dir / name).string().c_str(), "rb");
    if (fp == nullptr) return {};
    try {
      const opencc::MarisaDictPtr dict = opencc::MarisaDict::NewFromFile(fp);
      std::fclose(fp);
      fp = nullptr;
      for (const auto& entry : *dict->GetLexicon()) {
        const std::vector<UChar32> key = DecodeUtf8(entry->Key());
        const std::vector<UChar32> value = DecodeUtf8(entry->GetDefault());
        for (size_t i = 0; i < key.size(); ++i) {
          // Different lengths: any character of the key may be where it changes.
          if (key.size() != value.size() || key[i] != value[i]) {
            if (key[i] >= 0 && key[i] < 0x110000) changes[static_cast<size_t>(key[i])] = true;
          }
        }
      }
    } catch (const std::exception&) {
      if (fp != nullptr) std::fclose(fp);
      return {};
    }
  }
  return changes;
}

}  // namespace

struct Normalizer::Impl {
  const icu::Normalizer2* nfkc = nullptr;
  // Code points OpenCC's t2s conversion can change: where a dictionary key
  // (phrase or character) differs from its converted value. A text with none
  // of them converts to itself, whatever the segmentation, so the (costly)
  // conversion is skipped. Empty when the dictionaries could not be read:
  // then every text with Han characters is converted.
  std::vector<bool> t2s_changes;
  std::string t2s_config;
  // opencc::SimpleConverter is not documented as thread-safe. Each conversion
  // borrows a converter from a pool (one per concurrent caller, created on
  // demand), so worker threads do not queue behind one lock; `primary`, loaded
  // at Create(), proves the configuration and serves if a new one cannot be made.
  std::unique_ptr<opencc::SimpleConverter> primary;
  std::mutex primary_mu;
  std::vector<std::unique_ptr<opencc::SimpleConverter>> pool;
  std::mutex pool_mu;

  std::string ConvertT2s(const std::string& s) {
    std::unique_ptr<opencc::SimpleConverter> conv;
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!pool.empty()) {
        conv = std::move(pool.back());
        pool.pop_back();
      }
    }
    if (!conv) {
      try {
        conv = std::make_unique<opencc::SimpleConverter>(t2s_config);
      } catch (const std::exception&) {
        std::lock_guard<std::mutex> lock(primary_mu);
        return primary->Convert(s);
      }
    }
    std::string out = conv->Convert(s);
    std::lock_guard<std::mutex> lock(pool_mu);
    pool.push_back(std::move(conv));
    return out;
  }
};

std::string_view NormalizedText::Original(size_t b, size_t e) const {
  if (b >= e || e > text.size()) return {};
  return std::string_view(original).substr(begin[b], end[e - 1] - begin[b]);
}

Result<std::shared_ptr<const Normalizer>> Normalizer::Create(const std::string& t2s_config) {
  auto impl = std::make_unique<Impl>();
  UErrorCode status = U_ZERO_ERROR;
  impl->nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || impl->nfkc == nullptr) {
    return IoError(std::string("ICU NFKC data unavailable: ") + u_errorName(status));
  }
  try {
    impl->primary = std::make_unique<opencc::SimpleConverter>(t2s_config);
    impl->t2s_config = t2s_config;
    impl->t2s_changes = T2sChangingCodePoints(t2s_config);
  } catch (const std::exception& e) {
    return IoError("cannot load OpenCC configuration " + t2s_config + ": " + e.what());
  }
  return std::shared_ptr<const Normalizer>(new Normalizer(std::move(impl)));
}

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

NormalizedText Normalizer::Normalize(std::string_view input) const {
  NormalizedText out;
  out.original.assign(input);

  // 1. Decode and NFKC, one source character at a time, so each output code
  // point knows its source bytes. (Whole-string NFKC would be marginally more
  // faithful for combining sequences, which Chinese listing text does not use
  // to spell words, but it loses the offset map.)
  std::vector<Char> chars;
  chars.reserve(input.size());
  bool has_han = false;
  {
    int32_t i = 0;
    const auto len = static_cast<int32_t>(input.size());
    while (i < len) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(input.data(), i, len, c);
      if (c < 0) c = 0xFFFD;
      const auto b = static_cast<uint32_t>(start), e = static_cast<uint32_t>(i);
      if (c < 0x80 || impl_->nfkc->isInert(c)) {
        has_han = has_han || c >= 0x2E80;
        chars.push_back({c, b, e});
        continue;
      }
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString folded = impl_->nfkc->normalize(icu::UnicodeString(c), status);
      if (U_FAILURE(status)) folded = icu::UnicodeString(c);
      for (int32_t k = 0; k < folded.length();) {
        UChar32 d = folded.char32At(k);
        k += U16_LENGTH(d);
        has_han = has_han || d >= 0x2E80;
        chars.push_back({d, b, e});
      }
    }
  }

  // 2. Traditional -> simplified. OpenCC converts phrases, which can change the
  // character count; when it does, fall back to character-by-character
  // conversion so the offset map stays exact.
  bool convert = has_han;
  if (has_han && !impl_->t2s_changes.empty()) {
    convert = false;
    for (const Char& ch : chars) {
      if (ch.cp >= 0 && static_cast<size_t>(ch.cp) < impl_->t2s_changes.size() &&
          impl_->t2s_changes[static_cast<size_t>(ch.cp)]) {
        convert = true;
        break;
      }
    }
  }
  if (convert) {
    std::string joined;
    for (const Char& ch : chars) AppendUtf8(ch.cp, &joined);
    std::vector<UChar32> converted = DecodeUtf8(impl_->ConvertT2s(joined));
    if (converted.size() == chars.size()) {
      for (size_t k = 0; k < chars.size(); ++k) chars[k].cp = converted[k];
    } else {
      std::vector<Char> per_char;
      per_char.reserve(chars.size());
      for (const Char& ch : chars) {
        if (ch.cp < 0x2E80) {
          per_char.push_back(ch);
          continue;
        }
        std::string one;
        AppendUtf8(ch.cp, &one);
        std::vector<UChar32> conv = DecodeUtf8(impl_->ConvertT2s(one));
        if (conv.empty()) conv.push_back(ch.cp);
        for (UChar32 d : conv) per_char.push_back({d, ch.begin, ch.end});
      }
      chars.swap(per_char);
    }
  }

  // 3. Case folding (simple folding: one code point in, one out).
  for (Char& ch : chars) ch.cp = u_foldCase(ch.cp, U_FOLD_CASE_DEFAULT);

  // 4. Drop separators standing between two Han characters, and invisible
  // format characters anywhere.
  std::vector<Char> kept;
  kept.reserve(chars.size());
  for (size_t k = 0; k < chars.size();) {
    if (IsInvisible(chars[k].cp)) {
      ++k;
      continue;
    }
    if (!IsSeparator(chars[k].cp)) {
      kept.push_back(chars[k++]);
      continue;
    }
    size_t j = k;
    while (j < chars.size() && (IsSeparator(chars[j].cp) || IsInvisible(chars[j].cp))) ++j;
    const bool between_han =
        !kept.empty() && IsHan(kept.back().cp) && j < chars.size() && IsHan(chars[j].cp);
    if (!between_han) {
      for (size_t m = k; m < j; ++m) {
        if (!IsInvisible(chars[m].cp)) kept.push_back(chars[m]);
      }
    }
    k = j;
  }

  out.text.reserve(input.size());
  for (const Char& ch : kept) {
    const size_t before = out.text.size();
    AppendUtf8(ch.cp, &out.text);
    for (size_t m = before; m < out.text.size(); ++m) {
      out.begin.push_back(ch.begin);
      out.end.push_back(ch.end);
    }
  }
  return out;
}

}  // namespace shouhu::rules
