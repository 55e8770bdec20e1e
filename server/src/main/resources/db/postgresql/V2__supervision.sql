-- Chaperone schema v2: supervision (postgresql).

-- What the district's override file says about people (OneRoster carries no custody data).
CREATE TABLE person_flags (
  person_id         TEXT PRIMARY KEY,
  no_contact        INTEGER NOT NULL,
  no_records_access INTEGER NOT NULL,
  eligible_student  INTEGER NOT NULL,
  media_release     INTEGER NOT NULL
);

-- The chosen participants of group and direct channels (class channels take theirs from the
-- roster). Supervisors are never stored here: they are derived from the roster and the policy.
CREATE TABLE channel_participants (
  channel_id TEXT NOT NULL,
  person_id  TEXT NOT NULL,
  role       TEXT NOT NULL,
  PRIMARY KEY (channel_id, person_id)
);

-- Approval requests for group channels and policy exemptions (P001-authorization, P004-exemption).
CREATE TABLE approval_requests (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL,
  requester_id  TEXT NOT NULL,
  school_id     TEXT NOT NULL,
  channel_id    TEXT NOT NULL,
  purpose       TEXT NOT NULL,
  objectives    TEXT NOT NULL,
  state         TEXT NOT NULL,
  explanation   TEXT NOT NULL,
  limits        TEXT NOT NULL,
  decided_by    TEXT NOT NULL,
  create_time   BIGINT NOT NULL,
  due_time      BIGINT NOT NULL,
  decide_time   BIGINT NOT NULL
);
CREATE INDEX approval_requests_school ON approval_requests (school_id, state, due_time);

-- Notices owed to people (a channel's purpose told to guardians when it opens, P003-notify-parents).
-- The mailer delivers them; the archive records that they were owed.
CREATE TABLE notices (
  id          BIGINT PRIMARY KEY,
  kind        TEXT NOT NULL,
  person_id   TEXT NOT NULL,
  channel_id  TEXT NOT NULL,
  body        TEXT NOT NULL,
  create_time BIGINT NOT NULL
);
CREATE INDEX notices_person ON notices (person_id, id);
