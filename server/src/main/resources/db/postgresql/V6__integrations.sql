-- Chaperone schema v6: integrations as approved tools (postgresql).
CREATE TABLE integrations (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  purpose              TEXT NOT NULL,
  owner_id             TEXT NOT NULL,
  requested_schools    TEXT NOT NULL,
  requested_operations TEXT NOT NULL,
  state                TEXT NOT NULL,
  schools              TEXT NOT NULL,
  operations           TEXT NOT NULL,
  secret_hash          BYTEA NOT NULL,
  approval_id          TEXT NOT NULL,
  create_time          BIGINT NOT NULL
);
CREATE INDEX integrations_approval ON integrations (approval_id);
