#include "tests/market/credit_code.h"

#include "tests/market/rng.h"

namespace shouhu::market {
namespace {

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int ValueOf(char c) {
  size_t p = kCharset.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

// GB 11714-1997 organisation code check character over 8 body characters
// (digits and upper-case letters, A = 10 …), weights 3 7 9 10 5 8 4 2.
char OrgCodeCheckChar(std::string_view body8) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    char c = body8[static_cast<size_t>(i)];
    int v = (c >= '0' && c <= '9') ? c - '0' : c - 'A' + 10;
    sum += v * kWeights[i];
  }
  int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

}  // namespace

char CreditCodeCheckChar(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  int weight = 1;  // 3^i mod 31
  for (char c : first17) {
    int v = ValueOf(c);
    if (v < 0) return '\0';
    sum += v * weight;
    weight = weight * 3 % 31;
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return kCharset[static_cast<size_t>(check)];
}

bool IsValidCreditCode(std::string_view code) {
  if (code.size() != 18) return false;
  char check = CreditCodeCheckChar(code.substr(0, 17));
  return check != '\0' && check == code[17];
}

std::string MakeCreditCode(std::string_view region, uint64_t key) {
  Rng rng(Mix64(key ^ 0xC0DEC0DEULL));
  std::string code = "91";
  code.append(region);
  // Organisation code bodies are mostly digits; newer ones start with a letter
  // from the credit-code charset (never I, O, S, V, Z).
  std::string body;
  static constexpr std::string_view kLead = "0123456789MAJKLP";
  body += kLead[rng.Below(kLead.size())];
  for (int i = 0; i < 7; ++i) body += static_cast<char>('0' + rng.Below(10));
  char org_check = OrgCodeCheckChar(body);
  code += body;
  code += org_check;
  code += CreditCodeCheckChar(code);
  return code;
}

}  // namespace shouhu::market
