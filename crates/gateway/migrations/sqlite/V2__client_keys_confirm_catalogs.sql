-- Key kinds (outbox::KeyKind): 'rating' (a case and stage, a guide or a
-- window rating) and 'client' (a client's idempotency key, with the
-- fingerprint of the submission it was first used for).
ALTER TABLE outbox_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'rating';
ALTER TABLE outbox_keys ADD COLUMN fingerprint TEXT;
-- Confirm before resending: when the first attempt with an unknown outcome
-- started (Unix ms; NULL: none outstanding), how the entry was settled
-- afterwards (outbox::Recovery: 'confirmed' or 'resent'), and what the
-- platform's query answers are matched on (guide and window ratings).
ALTER TABLE outbox ADD COLUMN unknown_since INTEGER;
ALTER TABLE outbox ADD COLUMN recovery TEXT;
ALTER TABLE outbox ADD COLUMN content_key TEXT;
CREATE INDEX outbox_content ON outbox(content_key) WHERE content_key IS NOT NULL;
CREATE INDEX outbox_eval_id ON outbox(eval_id) WHERE eval_id IS NOT NULL;
-- Tag catalogs (catalog.rs): the platform's 4.3 answer per key, served when
-- the platform fails. tag_type 0: the request named no type.
CREATE TABLE tag_catalogs (
    app_code TEXT NOT NULL,
    eval_entity_code TEXT NOT NULL,
    stars INTEGER NOT NULL,
    tag_type INTEGER NOT NULL,
    tags TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (app_code, eval_entity_code, stars, tag_type)
);
