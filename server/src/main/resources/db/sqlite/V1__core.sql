-- Chaperone schema v1 (SQLite). Times are microseconds since the epoch (UTC).
CREATE TABLE orgs (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  type      TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  active    INTEGER NOT NULL
);

CREATE TABLE people (
  id          TEXT PRIMARY KEY,
  role        TEXT NOT NULL,
  given_name  TEXT NOT NULL,
  family_name TEXT NOT NULL,
  email       TEXT NOT NULL,
  username    TEXT NOT NULL,
  school_ids  TEXT NOT NULL,
  grades      TEXT NOT NULL,
  active      INTEGER NOT NULL
);
CREATE INDEX people_email ON people (lower(email)) WHERE email <> '';

CREATE TABLE guardian_links (
  guardian_id TEXT NOT NULL,
  student_id  TEXT NOT NULL,
  PRIMARY KEY (guardian_id, student_id)
) WITHOUT ROWID;
CREATE INDEX guardian_links_student ON guardian_links (student_id);

CREATE TABLE classes (
  id        TEXT PRIMARY KEY,
  title     TEXT NOT NULL,
  school_id TEXT NOT NULL,
  active    INTEGER NOT NULL
);

CREATE TABLE enrollments (
  id        TEXT PRIMARY KEY,
  class_id  TEXT NOT NULL,
  person_id TEXT NOT NULL,
  role      TEXT NOT NULL
);

CREATE TABLE channels (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  display_name TEXT NOT NULL,
  class_id     TEXT NOT NULL,
  school_id    TEXT NOT NULL,
  create_time  INTEGER NOT NULL,
  state        TEXT NOT NULL,
  member_count INTEGER NOT NULL,
  owner_id     TEXT NOT NULL,
  purpose      TEXT NOT NULL
);
CREATE INDEX channels_class ON channels (class_id);

CREATE TABLE channel_members (
  channel_id    TEXT NOT NULL,
  person_id     TEXT NOT NULL,
  role          TEXT NOT NULL,
  can_post      INTEGER NOT NULL,
  observing_for TEXT NOT NULL,
  PRIMARY KEY (channel_id, person_id)
) WITHOUT ROWID;
CREATE INDEX channel_members_person ON channel_members (person_id, channel_id);

-- Message ids are time-ordered and commit-ordered (see StoreTransaction.nextMessageId), so
-- newest-first walks use the primary key index without sorting.
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  channel_id      TEXT NOT NULL,
  sender_id       TEXT NOT NULL,
  text            TEXT NOT NULL,
  create_time     INTEGER NOT NULL,
  request_id      TEXT,
  recipient_count INTEGER NOT NULL,
  archive_index   INTEGER NOT NULL,
  state           TEXT NOT NULL,
  release_time    INTEGER NOT NULL,
  emergency       INTEGER NOT NULL,
  decision        TEXT NOT NULL
);
CREATE INDEX messages_held ON messages (release_time) WHERE state = 'HELD';
CREATE INDEX messages_channel ON messages (channel_id, id);
CREATE UNIQUE INDEX messages_request ON messages (sender_id, request_id) WHERE request_id IS NOT NULL;

-- One row per person a message was delivered to. delivery_id orders a person's inbox in commit
-- order: the message id for messages delivered at once, a fresh id when a held message is released.
CREATE TABLE message_recipients (
  person_id   TEXT NOT NULL,
  delivery_id INTEGER NOT NULL,
  message_id  INTEGER NOT NULL,
  channel_id  TEXT NOT NULL,
  PRIMARY KEY (person_id, delivery_id)
) WITHOUT ROWID;

-- The archive log: append-only; leaf_hash is the RFC 6962 leaf hash of payload.
CREATE TABLE archive_log (
  leaf_index    INTEGER PRIMARY KEY,
  event_type    TEXT NOT NULL,
  actor_id      TEXT NOT NULL,
  subject       TEXT NOT NULL,
  recorded_time INTEGER NOT NULL,
  payload       BLOB NOT NULL,
  leaf_hash     BLOB NOT NULL
);
CREATE INDEX archive_log_subject ON archive_log (subject, leaf_index);

CREATE TRIGGER archive_log_no_update BEFORE UPDATE ON archive_log
BEGIN SELECT RAISE(ABORT, 'the archive log is append-only'); END;
CREATE TRIGGER archive_log_no_delete BEFORE DELETE ON archive_log
BEGIN SELECT RAISE(ABORT, 'the archive log is append-only'); END;

-- One row: the log's size and the last message id handed out.
CREATE TABLE log_head (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  tree_size       INTEGER NOT NULL,
  last_message_id INTEGER NOT NULL
);
INSERT INTO log_head (id, tree_size, last_message_id) VALUES (1, 0, 0);
