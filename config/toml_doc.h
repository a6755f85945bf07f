// A TOML document as a plain tree that remembers where every value came from.
//
// toml++ is owned by this target; the rest of the project (site profiles, rule
// packs, sweep configs) reads config::Node, so every error about a config value
// can name file, line and key in one format: "path/file.toml:12: key 'a.b[2].c': ...".
// Thread-safety: a loaded Node is immutable and may be shared between threads.
#ifndef SHOUHU_CONFIG_TOML_DOC_H_
#define SHOUHU_CONFIG_TOML_DOC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace shouhu::config {

class Node {
 public:
  enum class Kind { kString, kInteger, kFloat, kBool, kDate, kArray, kTable };

  // Out of line: `members` holds pairs of Node while Node is still incomplete,
  // which libstdc++ only accepts (under clang) when these are not inline.
  Node();
  ~Node();
  Node(const Node&);
  Node(Node&&) noexcept;
  Node& operator=(const Node&);
  Node& operator=(Node&&) noexcept;

  Kind kind = Kind::kTable;
  std::string file;         // source file (or name given to ParseToml)
  int line = 0;             // 1-based line of the value (0 if unknown)
  std::string path;         // dotted key path from the root, e.g. "fields.title[1].selector"
  std::string text;         // kString; kDate as "YYYY-MM-DD" (or full RFC 3339 for date-times)
  int64_t integer = 0;      // kInteger
  double number = 0;        // kFloat (and kInteger, converted)
  bool boolean = false;     // kBool
  std::vector<Node> items;  // kArray
  std::vector<std::pair<std::string, Node>> members;  // kTable, in file order

  bool is_table() const { return kind == Kind::kTable; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_string() const { return kind == Kind::kString; }

  // Member lookup on a table; nullptr when absent (or when this is not a table).
  const Node* Find(std::string_view key) const;

  // "file:line: key 'path'" — the prefix of every error about this value.
  std::string Where() const;
  // An error naming this value: "<Where()>: <what>".
  Status Error(StatusCode code, std::string_view what) const;

  // Typed access to members. Required getters fail when the key is absent or has
  // the wrong type; optional getters fail only on the wrong type.
  Result<std::string> GetString(std::string_view key) const;
  Result<std::optional<std::string>> GetOptString(std::string_view key) const;
  Result<std::optional<int64_t>> GetOptInt(std::string_view key) const;
  Result<std::optional<double>> GetOptNumber(std::string_view key) const;
  Result<std::optional<bool>> GetOptBool(std::string_view key) const;
  // A string or an array of strings (a lone string becomes one element).
  Result<std::vector<std::string>> GetStringList(std::string_view key) const;

  // Keys of this table that are not in `known`: for "unknown key" errors, so a
  // misspelt key is reported instead of silently ignored.
  Status CheckKeys(std::initializer_list<std::string_view> known) const;
  Status CheckKeys(const std::vector<std::string_view>& known) const;
};

// Parses TOML text. Syntax errors come back as kParseError naming source:line:column.
Result<Node> ParseToml(std::string_view text, const std::string& source_name);
// Reads and parses a file (kIoError if it cannot be read).
Result<Node> LoadTomlFile(const std::string& path);

}  // namespace shouhu::config

#endif  // SHOUHU_CONFIG_TOML_DOC_H_
