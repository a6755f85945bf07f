#include "config/toml_doc.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace shouhu::config {
namespace {

std::string ChildPath(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return parent + "." + std::string(key);
}

std::string FormatDate(const toml::date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year),
                static_cast<int>(d.month), static_cast<int>(d.day));
  return buf;
}

Node Convert(const toml::node& n, const std::string& file, const std::string& path) {
  Node out;
  out.file = file;
  out.path = path;
  out.line = static_cast<int>(n.source().begin.line);
  if (auto* t = n.as_table()) {
    out.kind = Node::Kind::kTable;
    for (auto&& [k, v] : *t) {
      out.members.emplace_back(std::string(k.str()), Convert(v, file, ChildPath(path, k.str())));
    }
    // toml++ keeps tables in key order; restore file order so errors read top-down.
    std::stable_sort(out.members.begin(), out.members.end(),
                     [](const auto& a, const auto& b) { return a.second.line < b.second.line; });
  } else if (auto* a = n.as_array()) {
    out.kind = Node::Kind::kArray;
    for (size_t i = 0; i < a->size(); ++i) {
      out.items.push_back(Convert(*a->get(i), file, path + "[" + std::to_string(i) + "]"));
    }
  } else if (auto* s = n.as_string()) {
    out.kind = Node::Kind::kString;
    out.text = s->get();
  } else if (auto* i = n.as_integer()) {
    out.kind = Node::Kind::kInteger;
    out.integer = i->get();
    out.number = static_cast<double>(out.integer);
  } else if (auto* f = n.as_floating_point()) {
    out.kind = Node::Kind::kFloat;
    out.number = f->get();
  } else if (auto* b = n.as_boolean()) {
    out.kind = Node::Kind::kBool;
    out.boolean = b->get();
  } else if (auto* d = n.as_date()) {
    out.kind = Node::Kind::kDate;
    out.text = FormatDate(d->get());
  } else if (auto* dt = n.as_date_time()) {
    out.kind = Node::Kind::kDate;
    std::ostringstream os;
    os << dt->get();
    out.text = os.str();
  } else if (auto* tm = n.as_time()) {
    out.kind = Node::Kind::kString;
    std::ostringstream os;
    os << tm->get();
    out.text = os.str();
  }
  return out;
}

const char* KindName(Node::Kind k) {
  switch (k) {
    case Node::Kind::kString:
      return "a string";
    case Node::Kind::kInteger:
      return "an integer";
    case Node::Kind::kFloat:
      return "a number";
    case Node::Kind::kBool:
      return "a boolean";
    case Node::Kind::kDate:
      return "a date";
    case Node::Kind::kArray:
      return "an array";
    case Node::Kind::kTable:
      return "a table";
  }
  return "a value";
}

}  // namespace

Node::Node() = default;
Node::~Node() = default;
Node::Node(const Node&) = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(const Node&) = default;
Node& Node::operator=(Node&&) noexcept = default;

const Node* Node::Find(std::string_view key) const {
  if (kind != Kind::kTable) return nullptr;
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Node::Where() const {
  std::string w = file + ":" + std::to_string(line);
  if (!path.empty()) w += ": key '" + path + "'";
  return w;
}

Status Node::Error(StatusCode code, std::string_view what) const {
  return Status(code, Where() + ": " + std::string(what));
}

Result<std::string> Node::GetString(std::string_view key) const {
  const Node* n = Find(key);
  if (n == nullptr) {
    return Status(StatusCode::kConfigInvalid,
                  Where() + ": missing required key '" + ChildPath(path, key) + "'");
  }
  if (n->kind != Kind::kString) {
    return n->Error(StatusCode::kConfigInvalid,
                    std::string("expected a string, found ") + KindName(n->kind));
  }
  return n->text;
}

Result<std::optional<std::string>> Node::GetOptString(std::string_view key) const {
  const Node* n = Find(key);
  if (n == nullptr) return std::optional<std::string>();
  if (n->kind != Kind::kString && n->kind != Kind::kDate) {
    return n->Error(StatusCode::kConfigInvalid,
                    std::string("expected a string, found ") + KindName(n->kind));
  }
  return std::optional<std::string>(n->text);
}

Result<std::optional<int64_t>> Node::GetOptInt(std::string_view key) const {
  const Node* n = Find(key);
  if (n == nullptr) return std::optional<int64_t>();
  if (n->kind != Kind::kInteger) {
    return n->Error(StatusCode::kConfigInvalid,
                    std::string("expected an integer, found ") + KindName(n->kind));
  }
  return std::optional<int64_t>(n->integer);
}

Result<std::optional<double>> Node::GetOptNumber(std::string_view key) const {
  const Node* n = Find(key);
  if (n == nullptr) return std::optional<double>();
  if (n->kind != Kind::kInteger && n->kind != Kind::kFloat) {
    return n->Error(StatusCode::kConfigInvalid,
                    std::string("expected a number, found ") + KindName(n->kind));
  }
  return std::optional<double>(n->number);
}

Result<std::optional<bool>> Node::GetOptBool(std::string_view key) const {
  const Node* n = Find(key);
  if (n == nullptr) return std::optional<bool>();
  if (n->kind != Kind::kBool) {
    return n->Error(StatusCode::kConfigInvalid,
                    std::string("expected true or false, found ") + KindName(n->kind));
  }
  return std::optional<bool>(n->boolean);
}

Result<std::vector<std::string>> Node::GetStringList(std::string_view key) const {
  std::vector<std::string> out;
  const Node* n = Find(key);
  if (n == nullptr) return out;
  if (n->kind == Kind::kString) {
    out.push_back(n->text);
    return out;
  }
  if (n->kind != Kind::kArray) {
    return n->Error(
        StatusCode::kConfigInvalid,
        std::string("expected a string or an array of strings, found ") + KindName(n->kind));
  }
  for (const Node& item : n->items) {
    if (item.kind != Kind::kString) {
      return item.Error(StatusCode::kConfigInvalid,
                        std::string("expected a string, found ") + KindName(item.kind));
    }
    out.push_back(item.text);
  }
  return out;
}

Status Node::CheckKeys(std::initializer_list<std::string_view> known) const {
  return CheckKeys(std::vector<std::string_view>(known));
}

Status Node::CheckKeys(const std::vector<std::string_view>& known) const {
  for (const auto& [k, v] : members) {
    bool found = false;
    for (std::string_view kk : known) found = found || kk == k;
    if (!found) return v.Error(StatusCode::kConfigInvalid, "unknown key");
  }
  return Status::Ok();
}

Result<Node> ParseToml(std::string_view text, const std::string& source_name) {
  // Debian's toml++ is built with exceptions: parse errors arrive as toml::parse_error.
  try {
    toml::table table = toml::parse(text, source_name);
    Node root = Convert(table, source_name, "");
    root.line = 1;
    return root;
  } catch (const toml::parse_error& err) {
    return Status(StatusCode::kParseError, source_name + ":" +
                                               std::to_string(err.source().begin.line) + ":" +
                                               std::to_string(err.source().begin.column) + ": " +
                                               std::string(err.description()));
  }
}

Result<Node> LoadTomlFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kIoError, path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseToml(ss.str(), path);
}

}  // namespace shouhu::config
