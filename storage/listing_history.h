// ListingHistory: what a listing said in every sweep that saw it (doc/design.md §5.5),
// for `shouhu listing show` and case exports. Versions are distinct contents
// (an unchanged page adds no version); sightings are the sweeps that saw the
// listing, each with its own capture; "gone" sweeps are later sweeps of the
// same site that no longer saw it (a seller who deleted a flagged listing).
//
// Thread-safety: as Database (one owner thread).
#ifndef SHOUHU_STORAGE_LISTING_HISTORY_H_
#define SHOUHU_STORAGE_LISTING_HISTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/finding.h"
#include "storage/database.h"

namespace shouhu::storage {

struct StoredFinding {
  int64_t id = 0;  // findings.id, what `shouhu review decide` takes
  Finding finding;
};

struct ListingVersionRecord {
  int64_t version_id = 0;
  int64_t sweep_id = 0;  // the sweep that first saw this content
  std::string content_hash;
  std::string fetched_at;
  std::string json;  // ListingToJson as stored
  std::vector<StoredFinding> findings;
};

// One sweep's capture of the listing (a listing_sightings row).
struct ListingSighting {
  int64_t sweep_id = 0;
  std::string sweep_name;
  int64_t version_id = 0;
  std::string fetched_at;
  std::string content_hash;
  std::string warc_file;
  std::string response_record_id;
  int64_t response_offset = -1;
  int64_t response_length = 0;
};

struct GoneSweep {
  int64_t sweep_id = 0;
  std::string name, started_at;
};

struct ListingHistory {
  int64_t listing_id = 0;
  std::string site, item_id, url, first_seen, last_seen;
  int64_t current_version_id = 0;
  std::vector<ListingVersionRecord> versions;  // oldest first
  std::vector<ListingSighting> sightings;      // by sweep id
  std::vector<GoneSweep> gone;                 // later sweeps of the site without it
};

// `ref` is a listing id ("12") or "site/item_id". kNotFound when no such listing,
// kInvalidArgument when `ref` is neither form.
Result<int64_t> ResolveListing(Database& db, const std::string& ref);
Result<ListingHistory> LoadListingHistory(Database& db, int64_t listing_id);

// A top-level listing field that differs between two versions (JSON values as
// compact text; "" for absent). fetched_at is not compared.
struct FieldChange {
  std::string field;
  std::string before, after;
};
// REQUIRES: both are JSON objects as ListingToJson writes them; otherwise one
// change named "(json)" is returned.
std::vector<FieldChange> DiffListingVersions(const std::string& before_json,
                                             const std::string& after_json);

}  // namespace shouhu::storage

#endif  // SHOUHU_STORAGE_LISTING_HISTORY_H_
