-- Chaperone schema v7: content-policy decisions, attachment declarations and the review queue (postgresql).
-- content_decision: the content policy's decision as archived (canonical JSON; '{}' before v7).
-- attachments: what the sender declared about each attachment (canonical JSON list).
-- review_*: a school administrator's release or rejection of a message held for review.
ALTER TABLE messages ADD COLUMN content_decision TEXT NOT NULL DEFAULT '{}';
ALTER TABLE messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
ALTER TABLE messages ADD COLUMN review_outcome TEXT NOT NULL DEFAULT 'NONE';
ALTER TABLE messages ADD COLUMN reviewer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN review_time BIGINT NOT NULL DEFAULT 0;
-- The review queue: messages waiting for a reviewer, oldest first.
CREATE INDEX messages_pending_review ON messages (id) WHERE state = 'PENDING_REVIEW';
