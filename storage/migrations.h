// The schema's migration list (doc/design.md §5.5). Each entry upgrades the schema from
// version - 1 to version; Database::Open applies the missing ones in order, each
// in its own transaction together with its schema_version row. Adding a schema
// change is one new entry at the end — never edit a released entry.
#ifndef SHOUHU_STORAGE_MIGRATIONS_H_
#define SHOUHU_STORAGE_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace shouhu::storage {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // one or more statements
};

std::span<const Migration> Migrations();
// The version a freshly opened database ends at (the last entry's).
int CurrentSchemaVersion();

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_MIGRATIONS_H_
