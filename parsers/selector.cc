#include "parsers/selector.h"

#include <algorithm>

#include "base/strings.h"
#include "parsers/html_scan.h"

namespace shouhu::parsers {
namespace {

using Compound = Selector::Compound;
using Complex = Selector::Complex;
using AttrTest = Selector::AttrTest;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Status Run(std::vector<Complex>* groups) {
    SkipSpace();
    if (AtEnd()) return Fail("empty selector");
    while (true) {
      Complex cx;
      if (Status st = ParseComplex(&cx); !st.ok()) return st;
      groups->push_back(std::move(cx));
      SkipSpace();
      if (AtEnd()) return Status::Ok();
      if (s_[i_] != ',') return Fail("unexpected character");
      ++i_;
      SkipSpace();
      if (AtEnd()) return Fail("selector expected after ','");
    }
  }

 private:
  bool AtEnd() const { return i_ >= s_.size(); }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(s_[i_])) ++i_;
  }
  Status Fail(std::string_view what) const {
    return ParseError("selector '" + std::string(s_) + "': " + std::string(what) + " at offset " +
                      std::to_string(i_));
  }
  std::string Ident() {
    size_t b = i_;
    while (!AtEnd() && IsIdentChar(s_[i_])) ++i_;
    return std::string(s_.substr(b, i_ - b));
  }

  Status ParseComplex(Complex* cx) {
    while (true) {
      Compound c;
      if (Status st = ParseCompound(&c); !st.ok()) return st;
      cx->parts.push_back(std::move(c));
      size_t before = i_;
      SkipSpace();
      if (AtEnd() || s_[i_] == ',') return Status::Ok();
      char comb = ' ';
      if (s_[i_] == '>') {
        comb = '>';
        ++i_;
        SkipSpace();
      } else if (s_[i_] == '+' || s_[i_] == '~') {
        return Fail("sibling combinators are not supported");
      } else if (before == i_) {
        return Fail("unexpected character");
      }
      if (AtEnd()) return Fail("selector expected after combinator");
      cx->combinators.push_back(comb);
    }
  }

  Status ParseCompound(Compound* c) {
    bool any = false;
    if (!AtEnd() && s_[i_] == '*') {
      ++i_;
      c->tag = "*";
      any = true;
    } else if (!AtEnd() && IsIdentChar(s_[i_])) {
      c->tag = AsciiLower(Ident());
      any = true;
    }
    while (!AtEnd()) {
      char ch = s_[i_];
      if (ch == '#' || ch == '.') {
        ++i_;
        std::string name = Ident();
        if (name.empty()) return Fail(ch == '#' ? "id name expected" : "class name expected");
        (ch == '#' ? c->ids : c->classes).push_back(std::move(name));
      } else if (ch == '[') {
        ++i_;
        AttrTest t;
        if (Status st = ParseAttr(&t); !st.ok()) return st;
        c->attrs.push_back(std::move(t));
      } else if (ch == ':') {
        ++i_;
        if (Status st = ParsePseudo(c); !st.ok()) return st;
      } else {
        break;
      }
      any = true;
    }
    if (!any) return Fail("selector expected");
    return Status::Ok();
  }

  Status ParseAttr(AttrTest* t) {
    SkipSpace();
    t->name = AsciiLower(Ident());
    if (t->name.empty()) return Fail("attribute name expected");
    SkipSpace();
    if (AtEnd()) return Fail("']' expected");
    if (s_[i_] == ']') {
      ++i_;
      return Status::Ok();
    }
    char op = s_[i_];
    if (op == '=') {
      t->op = AttrTest::Op::kEquals;
      ++i_;
    } else if ((op == '*' || op == '^' || op == '$' || op == '~') && i_ + 1 < s_.size() &&
               s_[i_ + 1] == '=') {
      t->op = op == '*'   ? AttrTest::Op::kContains
              : op == '^' ? AttrTest::Op::kPrefix
              : op == '$' ? AttrTest::Op::kSuffix
                          : AttrTest::Op::kWord;
      i_ += 2;
    } else {
      return Fail("attribute operator expected");
    }
    SkipSpace();
    if (AtEnd()) return Fail("attribute value expected");
    if (s_[i_] == '"' || s_[i_] == '\'') {
      char q = s_[i_++];
      size_t e = s_.find(q, i_);
      if (e == std::string_view::npos) return Fail("unterminated string");
      t->value = std::string(s_.substr(i_, e - i_));
      i_ = e + 1;
    } else {
      // Unquoted values are accepted up to ']' (CSS wants an identifier; profiles
      // often write [href^=/shop/]).
      size_t b = i_;
      while (!AtEnd() && s_[i_] != ']' && !IsSpace(s_[i_]) && s_[i_] != '"' && s_[i_] != '\'') ++i_;
      t->value = std::string(s_.substr(b, i_ - b));
      if (t->value.empty()) return Fail("attribute value expected");
    }
    SkipSpace();
    if (AtEnd() || s_[i_] != ']') return Fail("']' expected");
    ++i_;
    return Status::Ok();
  }

  Status ParsePseudo(Compound* c) {
    std::string name = AsciiLower(Ident());
    if (name == "first-child") {
      c->nth_a = 0;
      c->nth_b = 1;
      return Status::Ok();
    }
    if (name == "last-child") {
      c->last_child = true;
      return Status::Ok();
    }
    if (name != "nth-child") return Fail("unsupported pseudo-class ':" + name + "'");
    if (AtEnd() || s_[i_] != '(') return Fail("'(' expected");
    ++i_;
    size_t e = s_.find(')', i_);
    if (e == std::string_view::npos) return Fail("')' expected");
    std::string arg;
    for (char ch : s_.substr(i_, e - i_)) {
      if (!IsSpace(ch))
        arg.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
    }
    i_ = e + 1;
    if (arg == "odd") {
      c->nth_a = 2;
      c->nth_b = 1;
      return Status::Ok();
    }
    if (arg == "even") {
      c->nth_a = 2;
      c->nth_b = 0;
      return Status::Ok();
    }
    // a n + b, or b.
    size_t npos = arg.find('n');
    auto parse_int = [](std::string_view v, int* out) {
      if (v.empty() || v.size() > 6) return false;
      size_t k = (v[0] == '+' || v[0] == '-') ? 1 : 0;
      if (k == v.size()) return false;
      int r = 0;
      for (; k < v.size(); ++k) {
        if (v[k] < '0' || v[k] > '9') return false;
        r = r * 10 + (v[k] - '0');
      }
      *out = v[0] == '-' ? -r : r;
      return true;
    };
    if (npos == std::string::npos) {
      if (!parse_int(arg, &c->nth_b) || c->nth_b <= 0) return Fail("bad :nth-child argument");
      c->nth_a = 0;
      return Status::Ok();
    }
    std::string_view a = std::string_view(arg).substr(0, npos);
    std::string_view b = std::string_view(arg).substr(npos + 1);
    if (a.empty() || a == "+")
      c->nth_a = 1;
    else if (a == "-")
      c->nth_a = -1;
    else if (!parse_int(a, &c->nth_a))
      return Fail("bad :nth-child argument");
    c->nth_b = 0;
    if (!b.empty() && !parse_int(b, &c->nth_b)) return Fail("bad :nth-child argument");
    if (c->nth_a == 0 && c->nth_b <= 0) return Fail("bad :nth-child argument");
    return Status::Ok();
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool AttrMatches(const std::string& v, const AttrTest& t) {
  switch (t.op) {
    case AttrTest::Op::kExists:
      return true;
    case AttrTest::Op::kEquals:
      return v == t.value;
    case AttrTest::Op::kContains:
      return !t.value.empty() && v.find(t.value) != std::string::npos;
    case AttrTest::Op::kPrefix:
      return !t.value.empty() && v.rfind(t.value, 0) == 0;
    case AttrTest::Op::kSuffix:
      return !t.value.empty() && v.size() >= t.value.size() &&
             v.compare(v.size() - t.value.size(), t.value.size(), t.value) == 0;
    case AttrTest::Op::kWord: {
      size_t i = 0;
      while (i < v.size()) {
        while (i < v.size() && IsSpace(v[i])) ++i;
        size_t e = i;
        while (e < v.size() && !IsSpace(v[e])) ++e;
        if (e > i && v.compare(i, e - i, t.value) == 0 && e - i == t.value.size()) return true;
        i = e;
      }
      return false;
    }
  }
  return false;
}

bool IsLastElementChild(const Document& doc, Document::NodeId id) {
  const auto& n = doc.node(id);
  if (n.parent < 0) return false;
  const auto& kids = doc.node(n.parent).children;
  for (size_t i = kids.size(); i > 0; --i) {
    if (doc.node(kids[i - 1]).type == Document::Node::Type::kElement) return kids[i - 1] == id;
  }
  return false;
}

bool CompoundMatches(const Document& doc, Document::NodeId id, const Compound& c) {
  const auto& n = doc.node(id);
  if (n.type != Document::Node::Type::kElement) return false;
  if (!c.tag.empty() && c.tag != "*" && c.tag != n.tag) return false;
  for (const auto& want : c.ids) {
    const std::string* v = doc.Attr(id, "id");
    if (v == nullptr || *v != want) return false;
  }
  for (const auto& cls : c.classes) {
    if (!doc.HasClass(id, cls)) return false;
  }
  for (const auto& t : c.attrs) {
    const std::string* v = doc.Attr(id, t.name);
    if (v == nullptr || !AttrMatches(*v, t)) return false;
  }
  if (c.nth_a != 0 || c.nth_b != 0) {
    int pos = n.element_index;
    if (c.nth_a == 0) {
      if (pos != c.nth_b) return false;
    } else {
      int diff = pos - c.nth_b;
      if (diff % c.nth_a != 0 || diff / c.nth_a < 0) return false;
    }
  }
  if (c.last_child && !IsLastElementChild(doc, id)) return false;
  return true;
}

// Does `id` match parts[0..k] of `cx` (parts[k] at `id`)?
bool MatchFrom(const Document& doc, Document::NodeId id, const Complex& cx, size_t k) {
  if (!CompoundMatches(doc, id, cx.parts[k])) return false;
  if (k == 0) return true;
  char comb = cx.combinators[k - 1];
  Document::NodeId p = doc.node(id).parent;
  if (comb == '>') return p >= 0 && MatchFrom(doc, p, cx, k - 1);
  for (; p >= 0; p = doc.node(p).parent) {
    if (MatchFrom(doc, p, cx, k - 1)) return true;
  }
  return false;
}

}  // namespace

Result<Selector> Selector::Parse(std::string_view text) {
  Selector sel;
  sel.text_ = std::string(text);
  Parser parser(text);
  if (Status st = parser.Run(&sel.groups_); !st.ok()) return st;
  return sel;
}

bool Selector::Matches(const Document& doc, Document::NodeId id) const {
  for (const Complex& cx : groups_) {
    if (MatchFrom(doc, id, cx, cx.parts.size() - 1)) return true;
  }
  return false;
}

// Pre-order walk over the element descendants of `scope` without materialising
// them; `fn` returns false to stop.
template <typename Fn>
void WalkDescendants(const Document& doc, Document::NodeId scope, Fn fn) {
  std::vector<Document::NodeId> stack;
  const auto& s = doc.node(scope);
  for (size_t i = s.children.size(); i > 0; --i) stack.push_back(s.children[i - 1]);
  while (!stack.empty()) {
    Document::NodeId cur = stack.back();
    stack.pop_back();
    const auto& n = doc.node(cur);
    if (n.type != Document::Node::Type::kElement) continue;
    if (!fn(cur)) return;
    for (size_t i = n.children.size(); i > 0; --i) stack.push_back(n.children[i - 1]);
  }
}

std::vector<Document::NodeId> Selector::SelectAll(const Document& doc,
                                                  Document::NodeId scope) const {
  std::vector<Document::NodeId> out;
  WalkDescendants(doc, scope, [&](Document::NodeId id) {
    if (Matches(doc, id)) out.push_back(id);
    return true;
  });
  return out;
}

std::optional<Document::NodeId> Selector::SelectFirst(const Document& doc,
                                                      Document::NodeId scope) const {
  std::optional<Document::NodeId> found;
  WalkDescendants(doc, scope, [&](Document::NodeId id) {
    if (!Matches(doc, id)) return true;
    found = id;
    return false;
  });
  return found;
}

}  // namespace shouhu::parsers
