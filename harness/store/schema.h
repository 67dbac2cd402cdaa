// The run-store schema as numbered migrations. `PRAGMA user_version` is the
// schema version; `PRAGMA application_id` marks the file as hilbench's.
// Human-readable description of the tables: SCHEMA.md next to this file.
#pragma once

#include <cstdint>
#include <span>

#include "store/sqlite.h"

namespace hb::store {

inline constexpr int kSchemaVersion = 5;
inline constexpr int32_t kApplicationId = 0x48494C42;  // "HILB"

struct Migration {
  int version;  // user_version after this script ran
  const char* what;
  const char* sql;  // ends by setting PRAGMA user_version = version
};

// Every migration, in order; migrations()[i].version == i + 1.
std::span<const Migration> migrations();

int schema_version(const Db& db);  // reads PRAGMA user_version

// Throws unless db is a hilbench store (any version, or an empty file) this
// binary can use: "<path>: not a hilbench database (...)" for other files,
// "<path>: schema version N is newer than ..." for newer stores.
void check_store(const Db& db);

// Brings db up to kSchemaVersion, one transaction for all pending steps. Safe
// against another process doing the same at the same time (the version is
// re-read under the write lock). Returns the version the file had before.
int migrate(Db& db);

}  // namespace hb::store
