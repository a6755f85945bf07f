#include "storage/migrations.h"

namespace shouhu::storage {
namespace {

// v1: the initial schema. Times are RFC 3339 UTC text; JSON columns hold text.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE sweeps (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL DEFAULT 'running',   -- running | finished | interrupted | failed
  stats       TEXT                               -- JSON object
);

CREATE TABLE fetches (
  id          INTEGER PRIMARY KEY,
  sweep_id    INTEGER NOT NULL REFERENCES sweeps(id),
  url         TEXT NOT NULL,
  final_url   TEXT,
  http_status INTEGER NOT NULL DEFAULT 0,
  bytes       INTEGER NOT NULL DEFAULT 0,
  error       TEXT,
  fetched_at  TEXT,
  elapsed_ms  REAL,
  attempts    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX fetches_by_sweep ON fetches(sweep_id);

CREATE TABLE listings (
  id                 INTEGER PRIMARY KEY,
  site               TEXT NOT NULL,
  item_id            TEXT NOT NULL,
  url                TEXT,
  first_seen         TEXT,
  last_seen          TEXT,
  current_version_id INTEGER REFERENCES listing_versions(id),
  UNIQUE (site, item_id)
);

-- What the page said, once per distinct content: an unchanged page adds no row.
CREATE TABLE listing_versions (
  id             INTEGER PRIMARY KEY,
  listing_id     INTEGER NOT NULL REFERENCES listings(id),
  sweep_id       INTEGER NOT NULL REFERENCES sweeps(id),
  content_hash   TEXT NOT NULL,   -- SHA-256 hex of the canonical listing JSON without fetched_at
  json           TEXT NOT NULL,   -- ListingToJson, including fetched_at of the first capture
  groups         TEXT NOT NULL DEFAULT '[]',  -- product groups, JSON array
  fetched_at     TEXT,
  warc_file      TEXT,
  warc_record_id TEXT,            -- the response record
  warc_offset    INTEGER,         -- the response record's gzip member
  warc_length    INTEGER,
  metadata_record_id TEXT,
  metadata_offset    INTEGER,
  metadata_length    INTEGER
);
CREATE INDEX listing_versions_by_listing ON listing_versions(listing_id);

-- Every sweep that saw a listing, with the version it saw and that sweep's capture.
CREATE TABLE listing_sightings (
  listing_id     INTEGER NOT NULL REFERENCES listings(id),
  sweep_id       INTEGER NOT NULL REFERENCES sweeps(id),
  version_id     INTEGER NOT NULL REFERENCES listing_versions(id),
  fetched_at     TEXT,
  warc_file      TEXT,
  warc_record_id TEXT,
  warc_offset    INTEGER,
  warc_length    INTEGER,
  PRIMARY KEY (sweep_id, listing_id)
);

CREATE TABLE findings (
  id                 INTEGER PRIMARY KEY,
  listing_version_id INTEGER NOT NULL REFERENCES listing_versions(id),
  rule_id            TEXT NOT NULL,
  rule_version       INTEGER NOT NULL,
  category           TEXT NOT NULL,
  severity           TEXT NOT NULL,
  field              TEXT,
  snippet            TEXT,
  message            TEXT,
  basis              TEXT
);
CREATE INDEX findings_by_version ON findings(listing_version_id);

CREATE TABLE shops (
  id         INTEGER PRIMARY KEY,
  site       TEXT NOT NULL,
  shop_id    TEXT NOT NULL,
  name       TEXT,
  url        TEXT,
  data       TEXT NOT NULL DEFAULT '{}',  -- seller data JSON (licence, company, credit code)
  sweep_id   INTEGER REFERENCES sweeps(id),
  fetched_at TEXT,
  UNIQUE (site, shop_id)
);

-- WARC files written into the evidence directory (dir as written, for verify --db).
CREATE TABLE warc_files (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  dir        TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- The evidence ledger: one row per WARC record, a SHA-256 hash chain (doc/design.md §5.4).
-- seq is assigned by the ledger (previous + 1) and is part of the hashed entry.
CREATE TABLE evidence_ledger (
  seq         INTEGER PRIMARY KEY,
  warc_file   TEXT NOT NULL,
  offset      INTEGER NOT NULL,
  length      INTEGER NOT NULL,
  record_id   TEXT NOT NULL,
  record_type TEXT NOT NULL,
  sha256      TEXT NOT NULL,   -- of the gzip member bytes
  prev_hash   TEXT NOT NULL,
  entry_hash  TEXT NOT NULL
);
CREATE INDEX evidence_ledger_by_file ON evidence_ledger(warc_file, offset);

-- Inspector decisions: append-only (the triggers refuse edits and deletions).
CREATE TABLE review_decisions (
  id                 INTEGER PRIMARY KEY,
  listing_version_id INTEGER REFERENCES listing_versions(id),
  finding_id         INTEGER REFERENCES findings(id),
  decision           TEXT NOT NULL,
  reviewer           TEXT NOT NULL,
  note               TEXT,
  decided_at         TEXT NOT NULL
);
CREATE TRIGGER review_decisions_no_update BEFORE UPDATE ON review_decisions
BEGIN SELECT RAISE(ABORT, 'review_decisions is append-only'); END;
CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions
BEGIN SELECT RAISE(ABORT, 'review_decisions is append-only'); END;

-- Local CCC certificate registry (filled by a later import).
CREATE TABLE certificates (
  id          INTEGER PRIMARY KEY,
  number      TEXT NOT NULL UNIQUE,
  holder      TEXT,
  manufacturer TEXT,
  product     TEXT,
  model       TEXT,
  status      TEXT,   -- valid | suspended | revoked | cancelled | expired
  valid_from  TEXT,
  valid_to    TEXT,
  data        TEXT
);

-- Sellers / manufacturers with earlier spot-check failures (filled by a later import).
CREATE TABLE watchlist (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,   -- seller | manufacturer | credit_code
  value    TEXT NOT NULL,
  source   TEXT,
  note     TEXT,
  added_at TEXT,
  UNIQUE (kind, value)
);
)sql";

// v2: review decisions in the evidence ledger. Each decision is ledgered as a
// non-WARC entry (record_type 'review-decision', warc_file '', record_id
// 'urn:shouhu:review-decision:<id>'); exports, the review queue and Verify look
// entries up by record id, and the queue looks decisions up by finding.
constexpr std::string_view kV2 = R"sql(
CREATE INDEX evidence_ledger_by_record ON evidence_ledger(record_id);
CREATE INDEX review_decisions_by_finding ON review_decisions(finding_id);
)sql";

// v3: the sweep's frontier, so a killed sweep resumes where it stopped. One row
// per URL the sweep accepted (fingerprint of the canonical URL); `state` is a bit
// set: 1 = the page's links are recorded, 2 = the page's results are stored. A
// row is finished at 3; on resume every other row is fetched again.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE frontier (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id),
  fp       INTEGER NOT NULL,
  url      TEXT NOT NULL,
  origin   TEXT NOT NULL,
  site     INTEGER NOT NULL,
  depth    INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  state    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sweep_id, fp)
) WITHOUT ROWID;
)sql";

// v4: the frontier's queue order, so the frontier can live in the database
// instead of in memory. `seq` is the order the crawler accepted the sweep's URLs
// in (per sweep, increasing, assigned by the crawler); with the index the crawler
// reads one (origin, priority) queue back in that order, a page at a time. Rows
// of sweeps begun before v4 are numbered 1, 2, ... per sweep in stored (signed)
// fingerprint order, since the order they were accepted in was not kept, so an
// interrupted old sweep still resumes.
// UPDATE ... FROM needs SQLite 3.33.
constexpr std::string_view kV4 = R"sql(
ALTER TABLE frontier ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE frontier SET seq = numbered.n
FROM (SELECT sweep_id, fp, row_number() OVER (PARTITION BY sweep_id ORDER BY fp) AS n
      FROM frontier) AS numbered
WHERE frontier.sweep_id = numbered.sweep_id AND frontier.fp = numbered.fp;
CREATE INDEX frontier_queue ON frontier(sweep_id, origin, priority, seq);
)sql";

// v5: certificate numbers shown by stored listings, for the reuse check (T-06):
// a derived index over listing_versions, filled incrementally by the sweep that
// starts next (it needs the rule engine's normalisation, so SQL cannot fill
// it). One row per (number, seller, producer), with where it was first seen;
// `derived_state.certificate_uses_upto` is the last listing version indexed.
constexpr std::string_view kV5 = R"sql(
CREATE TABLE certificate_uses (
  number     TEXT NOT NULL,
  seller     TEXT NOT NULL,
  producer   TEXT NOT NULL,
  listing    TEXT NOT NULL,
  version_id INTEGER NOT NULL REFERENCES listing_versions(id),
  PRIMARY KEY (number, seller, producer)
) WITHOUT ROWID;
CREATE TABLE derived_state (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO derived_state(name, value) VALUES ('certificate_uses_upto', 0);
)sql";

// v6: the review console's accounts (doc/console.md): users with a role and a
// memory-hard password hash (libsodium crypto_pwhash_str), sessions keyed by the
// SHA-256 of their cookie token (a stolen database gives no usable cookie), and
// the console's audit log (who logged in, saw and decided what, when).
constexpr std::string_view kV6 = R"sql(
CREATE TABLE console_users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  role          TEXT NOT NULL CHECK (role IN ('inspector', 'supervisor', 'admin')),
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE console_sessions (
  token_sha256 TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES console_users(id),
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX console_sessions_user ON console_sessions(user_id);
CREATE TABLE console_audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  user     TEXT NOT NULL,
  action   TEXT NOT NULL,
  target   TEXT NOT NULL DEFAULT '',
  detail   TEXT NOT NULL DEFAULT '',
  remote   TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit
BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit
BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
)sql";

// v7: the review console's queue joins each finding's version to the listing whose
// current version it is; without this index that join scans every listing.
constexpr std::string_view kV7 = R"sql(
CREATE INDEX listings_by_current_version ON listings(current_version_id);
)sql";

// v8: claims — an inspector takes a listing and it is locked to them until
// expires_at, so two inspectors never review the same one; supervisors assign and
// release. One row per claimed listing; an expired row is free to take.
constexpr std::string_view kV8 = R"sql(
CREATE TABLE console_claims (
  listing_id INTEGER PRIMARY KEY REFERENCES listings(id),
  user_id    INTEGER NOT NULL REFERENCES console_users(id),
  claimed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  assigned_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_claims_by_user ON console_claims(user_id);
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial schema", kV1},
    {2, "ledger lookup by record id; review decisions by finding", kV2},
    {3, "persistent frontier for resumable sweeps", kV3},
    {4, "frontier queue order for a frontier kept in the database", kV4},
    {5, "certificate numbers shown by stored listings (reuse check)", kV5},
    {6, "review console accounts, sessions and audit log", kV6},
    {7, "review queue: listings by current version", kV7},
    {8, "review console claims", kV8},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int CurrentSchemaVersion() { return Migrations().back().version; }

}  // namespace shouhu::storage
