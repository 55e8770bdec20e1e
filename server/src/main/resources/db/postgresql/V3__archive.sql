-- Chaperone schema: the archive's Merkle tree, signed checkpoints, records search (PostgreSQL).

-- Hashes of perfect subtrees of the archive's RFC 6962 tree: (level, node_index) covers leaves
-- [node_index << level, (node_index + 1) << level). Derived from archive_log, which stays the
-- record; stored for the upper levels only (see ArchiveTree) and checked by `archive verify`.
CREATE TABLE archive_tree_nodes (
  level      INTEGER NOT NULL,
  node_index BIGINT NOT NULL,
  hash       BYTEA NOT NULL,
  PRIMARY KEY (level, node_index)
);

-- Signed tree heads: note is the whole signed note; the other columns repeat what it says.
CREATE TABLE archive_checkpoints (
  tree_size   BIGINT PRIMARY KEY,
  root_hash   BYTEA NOT NULL,
  signed_time BIGINT NOT NULL,
  key_id      TEXT NOT NULL,
  note        TEXT NOT NULL
);

CREATE FUNCTION archive_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'archive checkpoints are append-only';
END $$;
CREATE TRIGGER archive_checkpoints_no_change BEFORE UPDATE OR DELETE ON archive_checkpoints
  FOR EACH ROW EXECUTE FUNCTION archive_checkpoints_append_only();

-- Records search by event type and by time.
CREATE INDEX archive_log_type ON archive_log (event_type, leaf_index);
CREATE INDEX archive_log_time ON archive_log (recorded_time);

-- Full-text index of message texts: English stemming, maintained by the database in the
-- transaction that inserts the message.
ALTER TABLE messages ADD COLUMN text_search tsvector
  GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED;
CREATE INDEX messages_text_search ON messages USING GIN (text_search);
