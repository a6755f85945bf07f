#include "parsers/label_values.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "base/strings.h"
#include "parsers/html_scan.h"

namespace shouhu::parsers {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Full-width ASCII (U+FF01..U+FF5E) to ASCII, U+3000 to a space, the dashes
// U+2010..U+2015 and U+2212 to '-'.
std::string ToHalfWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out.push_back(static_cast<char>(b2 - 0x81 + 0x21));
        i += 2;
        continue;
      }
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out.push_back(static_cast<char>(b2 - 0x80 + 0x60));
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      out.push_back(' ');
      i += 2;
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95) || (b1 == 0x88 && b2 == 0x92)) {
        out.push_back('-');
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

const RE2& StandardRe() {
  // prefix: two letters with an optional /T or /Z, or a group standard T/ORG.
  static const RE2 re(
      R"(\b(T/[A-Z0-9]{2,12}|[A-Z]{2}(?:\s*/\s*[TZ])?)\s*(\d{1,6})((?:\.\d{1,3}){0,3})(?:\s*-\s*(\d{4}|\d{2})\b)?)");
  return re;
}

StandardCode MakeCode(const std::string& prefix, const std::string& number,
                      const std::string& parts, const std::string& year) {
  StandardCode c;
  for (char ch : prefix) {
    if (ch != ' ') c.prefix.push_back(ch);
  }
  c.number = number;
  if (!parts.empty()) c.part = parts.substr(1);
  if (!year.empty()) {
    int y = std::atoi(year.c_str());
    if (year.size() == 2) y += y <= 40 ? 2000 : 1900;
    c.year = y;
  }
  c.text = c.prefix + " " + c.number + parts;
  if (c.year) c.text += "-" + std::to_string(*c.year);
  return c;
}

const RE2& AgeRe() {
  // number [unit] [- number] unit [qualifier]
  static const RE2 re(
      R"((\d{1,3}(?:\.\d{1,2})?)\s*(周岁|岁|个月|月)?\s*(?:(?:-|~|至|到)\s*(\d{1,3}(?:\.\d{1,2})?)\s*)?(周岁|岁|个月|月)\s*(及以上|以上|及以下|以下|\+)?)");
  return re;
}

int ToMonths(const std::string& number, std::string_view unit) {
  const double v = std::strtod(number.c_str(), nullptr);
  const bool months = unit == "个月" || unit == "月";
  return static_cast<int>(std::lround(months ? v : v * 12));
}

// GB 32100-2015: the 31-character alphabet and the weights of positions 1..17.
constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int CreditValue(char c) {
  const char u = AsciiUpperChar(c);
  const size_t p = kCreditAlphabet.find(u);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

// CCC words, half-width and upper-cased text: 3C, CCC, 认证, 证书.
constexpr std::string_view kCccWords[] = {"3C", "CCC", "认证", "证书"};

std::string DigitsOf(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (IsDigit(c)) d.push_back(c);
  }
  return d;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Budget: certificate numbers one listing may carry after normalisation (real ones
// show one or two; the dedupe below is linear in what is already there).
constexpr size_t kMaxCccNumbers = 64;

}  // namespace

// ---- standard codes ----------------------------------------------------------------

std::optional<StandardCode> ParseStandardCode(std::string_view text) {
  std::string t = AsciiUpper(html::NormalizeSpace(ToHalfWidth(text)));
  static const RE2 anchored("^" + StandardRe().pattern());
  std::string prefix, number, parts, year;
  if (!RE2::PartialMatch(t, anchored, &prefix, &number, &parts, &year)) return std::nullopt;
  return MakeCode(prefix, number, parts, year);
}

std::vector<StandardCode> FindStandardCodes(std::string_view text) {
  std::vector<StandardCode> out;
  std::string t = AsciiUpper(ToHalfWidth(text));
  re2::StringPiece in(t);
  std::string prefix, number, parts, year;
  while (RE2::FindAndConsume(&in, StandardRe(), &prefix, &number, &parts, &year)) {
    out.push_back(MakeCode(prefix, number, parts, year));
  }
  return out;
}

// ---- age ranges --------------------------------------------------------------------

std::optional<AgeMonths> ParseAgeMonths(std::string_view text) {
  std::string t = ToHalfWidth(text);
  re2::StringPiece in(t);
  std::string a, unit_a, b, unit, qual;
  std::optional<AgeMonths> out;
  bool open = false;
  while (RE2::FindAndConsume(&in, AgeRe(), &a, &unit_a, &b, &unit, &qual)) {
    int lo = ToMonths(a, unit_a.empty() ? unit : unit_a);
    int hi = b.empty() ? lo : ToMonths(b, unit);
    bool this_open = false;
    if (b.empty()) {
      if (qual == "以上" || qual == "及以上" || qual == "+") this_open = true;
      if (qual == "以下" || qual == "及以下") lo = 0;
    }
    if (lo > hi) std::swap(lo, hi);
    if (!out) out = AgeMonths{lo, hi};
    out->min = std::min(*out->min, lo);
    out->max = std::max(*out->max, hi);
    open = open || this_open;
  }
  if (out && open) out->max.reset();
  return out;
}

// ---- CCC -----------------------------------------------------------------------------

bool MentionsCcc(std::string_view text) {
  std::string t = AsciiUpper(ToHalfWidth(text));
  for (std::string_view w : kCccWords) {
    if (t.find(w) != std::string::npos) return true;
  }
  return false;
}

std::vector<std::string> FindCccNumbers(std::string_view text, bool need_word, size_t min_digits) {
  std::vector<std::string> out;
  // Word positions are found on an upper-cased copy of the same length; full-width
  // forms of 3C/CCC are rare on these labels and not looked for.
  std::string upper = AsciiUpper(text);
  std::vector<size_t> begins,
      ends;  // of the CCC words, each sorted (linear-log, not words x numbers)
  if (need_word) {
    for (std::string_view w : kCccWords) {
      for (size_t p = upper.find(w); p != std::string::npos; p = upper.find(w, p + 1)) {
        // "3C" inside a longer run of digits and letters ("A3C5") is not the mark.
        if (w == "3C" &&
            ((p > 0 && std::isalnum(static_cast<unsigned char>(upper[p - 1]))) ||
             (p + 2 < upper.size() && std::isalnum(static_cast<unsigned char>(upper[p + 2])))))
          continue;
        begins.push_back(p);
        ends.push_back(p + w.size());
      }
    }
    if (begins.empty()) return out;
    std::sort(begins.begin(), begins.end());
    std::sort(ends.begin(), ends.end());
  }
  constexpr size_t kAfter = 72, kBefore = 24;  // bytes: about 24 and 8 CJK characters
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      ++i;
      continue;
    }
    // A run: digit groups joined by one space or hyphen.
    // A long group ends the run: "2021012202123456 2022012202123457" is two numbers.
    size_t b = i, e = i, group = i;
    while (e < text.size()) {
      if (IsDigit(text[e])) {
        ++e;
      } else if ((text[e] == ' ' || text[e] == '-') && e + 1 < text.size() &&
                 IsDigit(text[e + 1]) && e > b && IsDigit(text[e - 1]) && e - group < 8) {
        ++e;
        group = e;
      } else {
        break;
      }
    }
    i = e;
    // The "3" of a "3C" word is not the start of a number.
    if (b > 0 && std::isalnum(static_cast<unsigned char>(text[b - 1]))) continue;
    if (e < text.size() && std::isalpha(static_cast<unsigned char>(text[e]))) continue;
    if (DigitsOf(text.substr(b, e - b)).size() < min_digits) continue;
    bool near = !need_word;
    if (!near) {
      // A word ending in [b - kAfter, b], or one beginning in [e, e + kBefore].
      auto end_it = std::lower_bound(ends.begin(), ends.end(), b > kAfter ? b - kAfter : 0);
      auto begin_it = std::lower_bound(begins.begin(), begins.end(), e);
      near = (end_it != ends.end() && *end_it <= b) ||
             (begin_it != begins.end() && *begin_it <= e + kBefore);
    }
    if (near) out.emplace_back(text.substr(b, e - b));
  }
  return out;
}

// ---- credit codes ------------------------------------------------------------------

bool IsValidCreditCode(std::string_view code) {
  if (code.size() != 18) return false;
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const int v = CreditValue(code[i]);
    if (v < 0) return false;
    sum += v * kCreditWeights[i];
  }
  return CreditValue(code[17]) == (31 - sum % 31) % 31;
}

std::string FindCreditCode(std::string_view text) {
  size_t run = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && CreditValue(text[i]) >= 0) {
      ++run;
      continue;
    }
    if (run == 18) return AsciiUpper(text.substr(i - 18, 18));
    run = 0;
  }
  return "";
}

std::optional<std::string> RegionCodeOf(std::string_view credit_code) {
  if (credit_code.size() != 18) return std::nullopt;
  std::string_view region = credit_code.substr(2, 6);
  if (!std::all_of(region.begin(), region.end(), IsDigit)) return std::nullopt;
  return std::string(region);
}

// ---- cleaning ------------------------------------------------------------------------

std::string CleanLabelValue(std::string_view value, const std::vector<std::string_view>& labels) {
  std::string s = html::NormalizeSpace(value);
  for (std::string_view colon : {"\xEF\xBC\x9A", ":"}) {  // '：' and ':'
    size_t p = s.find(colon);
    if (p == std::string::npos) continue;
    std::string head = html::NormalizeSpace(s.substr(0, p));
    if (std::find(labels.begin(), labels.end(), head) != labels.end()) {
      s = html::NormalizeSpace(s.substr(p + colon.size()));
      break;
    }
  }
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    for (std::string_view tail :
         {"\xE3\x80\x82", "\xEF\xBC\x9B", "\xEF\xBC\x8C", ";", ",", "\""}) {  // 。；，
      if (EndsWith(s, tail)) {
        s = html::NormalizeSpace(s.substr(0, s.size() - tail.size()));
        changed = true;
      }
    }
  }
  // Quotes around the whole value: "…" “…” 「…」.
  for (auto [open, close] : {std::pair<std::string_view, std::string_view>{"\"", "\""},
                             {"\xE2\x80\x9C", "\xE2\x80\x9D"},
                             {"\xE3\x80\x8C", "\xE3\x80\x8D"}}) {
    if (s.size() > open.size() + close.size() && s.compare(0, open.size(), open) == 0 &&
        EndsWith(s, close)) {
      s = html::NormalizeSpace(s.substr(open.size(), s.size() - open.size() - close.size()));
    }
  }
  return s;
}

std::string CleanSafetyCategory(std::string_view value) {
  std::string s = CleanLabelValue(value, {"安全类别", "安全技术类别", "类别"});
  std::string h = ToHalfWidth(s);
  std::string_view v(h);
  size_t lead = 0;
  while (lead < v.size() && v[lead] == ' ') ++lead;
  if (lead < v.size() && std::strchr("ABCabc", v[lead]) != nullptr) {
    size_t k = lead + 1;
    while (k < v.size() && v[k] == ' ') ++k;
    if (v.substr(k, 3) == "类") {  // 类 is three bytes in UTF-8
      std::string out(1, AsciiUpperChar(v[lead]));
      out += "类";
      out += v.substr(k + 3);
      return html::NormalizeSpace(out);
    }
  }
  return s;
}

// ---- the Listing -----------------------------------------------------------------------

namespace {

// CleanLabelValue in place; a value that cleans to nothing becomes absent.
void CleanField(std::optional<std::string>* v, const std::vector<std::string_view>& labels) {
  if (!*v) return;
  std::string c = CleanLabelValue(**v, labels);
  if (c.empty())
    v->reset();
  else
    *v = c;
}

}  // namespace

void NormalizeListing(Listing* l) {
  if (l->age_range) l->age_months = ParseAgeMonths(*l->age_range);

  // CCC numbers the profile's field did not give.
  std::string known;
  for (const std::string& c : l->ccc) known += DigitsOf(c);
  const bool had_ccc = !l->ccc.empty();
  auto add = [&](const std::vector<std::string>& found, const std::string& where) {
    for (const std::string& n : found) {
      if (l->ccc.size() >= kMaxCccNumbers) return;
      std::string d = DigitsOf(n);
      if (known.find(d) != std::string::npos) continue;
      known += d;
      l->ccc.push_back(html::NormalizeSpace(n));
      if (!had_ccc && l->provenance.find("ccc") == l->provenance.end())
        l->provenance["ccc"] = {"text", where};
    }
  };
  for (const auto& [key, value] : l->attributes) {
    if (MentionsCcc(key))
      add(FindCccNumbers(value, false, 8), "attributes." + key);
    else
      add(FindCccNumbers(value), "attributes." + key);
  }
  if (l->title) add(FindCccNumbers(*l->title), "title");
  if (l->description) add(FindCccNumbers(*l->description), "description");

  if (l->safety_category) {
    std::string c = CleanSafetyCategory(*l->safety_category);
    if (c.empty())
      l->safety_category.reset();
    else
      l->safety_category = c;
  }
  CleanField(&l->manufacturer.name,
             {"生产企业", "生产厂家", "制造商", "生产商", "厂家", "厂名", "委托方"});
  CleanField(&l->manufacturer.address, {"生产地址", "厂址", "厂家地址", "地址", "产地"});
  NormalizeSeller(&l->seller);
}

void NormalizeSeller(SellerInfo* s) {
  CleanField(&s->company, {"企业名称", "公司名称", "名称"});
  CleanField(&s->address, {"住所", "地址", "经营地址"});
  CleanField(&s->license_no, {"营业执照注册号", "注册号", "许可证编号", "证照编号"});
  if (s->credit_code) {
    std::string code = AsciiUpper(html::NormalizeSpace(*s->credit_code));
    code.erase(std::remove(code.begin(), code.end(), ' '), code.end());
    s->credit_code = code;
    if (!s->region_code) {
      if (std::optional<std::string> r = RegionCodeOf(code)) s->region_code = *r;
    }
  }
}

}  // namespace shouhu::parsers
