-- Chaperone schema: the archive's Merkle tree, signed checkpoints, records search (SQLite).

-- Hashes of perfect subtrees of the archive's RFC 6962 tree: (level, node_index) covers leaves
-- [node_index << level, (node_index + 1) << level). Derived from archive_log, which stays the
-- record; stored for the upper levels only (see ArchiveTree) and checked by `archive verify`.
CREATE TABLE archive_tree_nodes (
  level      INTEGER NOT NULL,
  node_index INTEGER NOT NULL,
  hash       BLOB NOT NULL,
  PRIMARY KEY (level, node_index)
) WITHOUT ROWID;

-- Signed tree heads: note is the whole signed note; the other columns repeat what it says.
CREATE TABLE archive_checkpoints (
  tree_size   INTEGER PRIMARY KEY,
  root_hash   BLOB NOT NULL,
  signed_time INTEGER NOT NULL,
  key_id      TEXT NOT NULL,
  note        TEXT NOT NULL
);

CREATE TRIGGER archive_checkpoints_no_update BEFORE UPDATE ON archive_checkpoints
BEGIN SELECT RAISE(ABORT, 'archive checkpoints are append-only'); END;
CREATE TRIGGER archive_checkpoints_no_delete BEFORE DELETE ON archive_checkpoints
BEGIN SELECT RAISE(ABORT, 'archive checkpoints are append-only'); END;

-- Records search by event type and by time.
CREATE INDEX archive_log_type ON archive_log (event_type, leaf_index);
CREATE INDEX archive_log_time ON archive_log (recorded_time);

-- Full-text index of message texts (external content: the text is stored once, in messages).
-- Porter stemming, case-insensitive; diacritics are kept, as PostgreSQL's 'english' does.
-- The trigger keeps it in the transaction that inserts the message; messages are never updated.
CREATE VIRTUAL TABLE message_text USING fts5(text, content='messages', content_rowid='id', tokenize='porter unicode61 remove_diacritics 0');
CREATE TRIGGER message_text_insert AFTER INSERT ON messages
BEGIN INSERT INTO message_text (rowid, text) VALUES (new.id, new.text); END;
INSERT INTO message_text (message_text) VALUES ('rebuild');

-- Records requests (public records, FERPA, litigation, internal). Their opening and closing are
-- archived; the row is the working copy. Dates are ISO-8601 (yyyy-mm-dd); subjects are roster ids,
-- comma-joined; scope is the canonical JSON of the records query.
CREATE TABLE records_requests (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  requester     TEXT NOT NULL,
  subjects      TEXT NOT NULL,
  description   TEXT NOT NULL,
  received_date TEXT NOT NULL,
  due_date      TEXT NOT NULL,
  state         TEXT NOT NULL,
  scope         TEXT NOT NULL,
  creator_id    TEXT NOT NULL,
  create_time   INTEGER NOT NULL,
  close_time    INTEGER,
  close_reason  TEXT NOT NULL
);
CREATE INDEX records_requests_state ON records_requests (state, id);
