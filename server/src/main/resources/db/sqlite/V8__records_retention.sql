-- Chaperone schema: message edits and retractions, retention schedules, legal holds and
-- dispositions (SQLite).

-- Edits and retractions. messages.text stays version 1 (what message.created recorded); later
-- versions are rows of message_versions, each pointing at its message.edited archive entry.
ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN edit_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN retract_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN retracted_by TEXT NOT NULL DEFAULT '';

CREATE TABLE message_versions (
  archive_index INTEGER PRIMARY KEY,
  message_id    INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  text          TEXT NOT NULL,
  editor_id     TEXT NOT NULL,
  edit_time     INTEGER NOT NULL
);
CREATE UNIQUE INDEX message_versions_message ON message_versions (message_id, version);

-- Full-text index of edited versions, like message_text for version 1. Texts change only when a
-- retention disposition empties them; the update triggers take the old text out of the index.
CREATE VIRTUAL TABLE message_version_text USING fts5(text, content='message_versions', content_rowid='archive_index', tokenize='porter unicode61 remove_diacritics 0');
CREATE TRIGGER message_version_text_insert AFTER INSERT ON message_versions BEGIN INSERT INTO message_version_text (rowid, text) VALUES (new.archive_index, new.text); END;
CREATE TRIGGER message_version_text_update AFTER UPDATE OF text ON message_versions BEGIN INSERT INTO message_version_text (message_version_text, rowid, text) VALUES ('delete', old.archive_index, old.text); INSERT INTO message_version_text (rowid, text) VALUES (new.archive_index, new.text); END;
CREATE TRIGGER message_text_update AFTER UPDATE OF text ON messages BEGIN INSERT INTO message_text (message_text, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO message_text (rowid, text) VALUES (new.id, new.text); END;

-- What an inbox row tells its person: the message arrived (CREATED), was EDITED or RETRACTED.
ALTER TABLE message_recipients ADD COLUMN kind TEXT NOT NULL DEFAULT 'CREATED';

-- Dispositions. An entry's content leaves the log only through a retention disposition: its
-- payload is replaced by a tombstone naming the record.disposed entry (disposed_by) that lists
-- it with its leaf hash, which stays, so the tree and every checkpoint still verify. Nothing else
-- of a row may change, and only once; rows are never deleted.
ALTER TABLE archive_log ADD COLUMN disposed_by INTEGER;
DROP TRIGGER archive_log_no_update;
CREATE TRIGGER archive_log_no_update BEFORE UPDATE ON archive_log WHEN NOT (old.disposed_by IS NULL AND new.disposed_by IS NOT NULL AND new.disposed_by > old.leaf_index AND new.leaf_index = old.leaf_index AND new.event_type = old.event_type AND new.actor_id = old.actor_id AND new.subject = old.subject AND new.recorded_time = old.recorded_time AND new.leaf_hash = old.leaf_hash) BEGIN SELECT RAISE(ABORT, 'the archive log is append-only: only a disposition may replace an entry''s content with a tombstone'); END;
CREATE INDEX archive_log_retained ON archive_log (event_type, leaf_index) WHERE disposed_by IS NULL;

-- Retention schedules as last applied from the district policy file: a locked schedule may only
-- be lengthened. period is ISO-8601 (P7Y); empty: kept permanently.
CREATE TABLE retention_schedules (
  kind           TEXT PRIMARY KEY,
  period         TEXT NOT NULL,
  locked         INTEGER NOT NULL,
  policy_version TEXT NOT NULL,
  apply_time     INTEGER NOT NULL
);

-- Legal holds: while active (release_time NULL), no record their scope (canonical JSON of the
-- records query) matches is disposed of. Creating and releasing one is archived.
CREATE TABLE legal_holds (
  id             INTEGER PRIMARY KEY,
  reason         TEXT NOT NULL,
  scope          TEXT NOT NULL,
  creator_id     TEXT NOT NULL,
  create_time    INTEGER NOT NULL,
  release_time   INTEGER,
  released_by    TEXT NOT NULL,
  release_reason TEXT NOT NULL
);
CREATE INDEX legal_holds_active ON legal_holds (id) WHERE release_time IS NULL;
