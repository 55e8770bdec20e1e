-- Email copies and notices (ADR 0040). Times are microseconds since the epoch (UTC).
--
-- The transactional outbox: rows are written in the same transaction as the message they copy;
-- the mailer sends them after commit and records each attempt here and in the archive log.
--   state PENDING      due at next_attempt_time; lease_until > now while a mailer holds it
--         SENT         accepted by the SMTP server (last_reply holds its reply)
--         FAILED       permanently failed (rejected, no address, or out of attempts)
--         DIGEST_WAIT  an entry for a daily digest, due at next_attempt_time (body: the entry)
--         DIGESTED     folded into the digest email digest_id
CREATE TABLE email_outbox (
  id                BIGSERIAL PRIMARY KEY,
  kind              TEXT NOT NULL,
  state             TEXT NOT NULL,
  person_id         TEXT NOT NULL,
  address           TEXT NOT NULL,
  display_name      TEXT NOT NULL,
  mime_message_id   TEXT NOT NULL,
  subject_ref       TEXT NOT NULL,
  message_id        BIGINT NOT NULL,
  topic             TEXT NOT NULL,
  subject           TEXT NOT NULL,
  body              TEXT NOT NULL,
  create_time       BIGINT NOT NULL,
  attempts          INTEGER NOT NULL,
  next_attempt_time BIGINT NOT NULL,
  lease_until       BIGINT NOT NULL,
  last_reply        TEXT NOT NULL,
  finish_time       BIGINT NOT NULL,
  digest_id         BIGINT NOT NULL
);
CREATE UNIQUE INDEX email_outbox_mime_id ON email_outbox (mime_message_id);
CREATE INDEX email_outbox_due ON email_outbox (state, next_attempt_time);
CREATE INDEX email_outbox_person ON email_outbox (person_id, id);
CREATE INDEX email_outbox_message ON email_outbox (message_id) WHERE message_id <> 0;

-- How a guardian or staff member receives copies; no row means the default (ADR 0040).
CREATE TABLE email_preferences (
  person_id   TEXT PRIMARY KEY,
  delivery    TEXT NOT NULL,
  set_by      TEXT NOT NULL,
  update_time BIGINT NOT NULL
);
