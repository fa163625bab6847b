-- The gateway's schema on PostgreSQL: what migrations/sqlite/001-003 make,
-- with 64-bit integers throughout (the store reads every integer as i64).
-- Times are Unix milliseconds (seconds for push nonces), as on SQLite.

CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL,
    interface TEXT NOT NULL,
    body TEXT NOT NULL,
    display_key TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT,
    lease_token TEXT,
    last_error TEXT,
    eval_id TEXT,
    response TEXT,
    created_at BIGINT NOT NULL,
    closed_at BIGINT,
    -- Confirm before resending (outbox::Recovery, confirm.rs).
    unknown_since BIGINT,
    recovery TEXT,
    content_key TEXT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_content ON outbox(content_key) WHERE content_key IS NOT NULL;
CREATE INDEX outbox_eval_id ON outbox(eval_id) WHERE eval_id IS NOT NULL;

-- Idempotency keys, unique across every gateway on this database.
CREATE TABLE outbox_keys (
    key TEXT PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES outbox(id),
    case_no TEXT,
    status TEXT,
    message TEXT,
    kind TEXT NOT NULL DEFAULT 'rating',
    fingerprint TEXT,
    -- SQLite's implicit rowid made explicit: the order keys were written
    -- in (a batch's cases), so that `ORDER BY rowid` reads the same on both.
    rowid BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX outbox_keys_entry ON outbox_keys(entry_id);

CREATE TABLE cases (
    affair_serial_no TEXT PRIMARY KEY,
    affair_code TEXT NOT NULL,
    affair_name TEXT NOT NULL,
    department_code TEXT NOT NULL,
    department_name TEXT,
    affair_deal_officer TEXT NOT NULL,
    affair_apply_time TEXT NOT NULL,
    affair_done_time TEXT,
    updated_at BIGINT NOT NULL,
    applicant_digest TEXT
);

CREATE TABLE halls (
    hall_code TEXT PRIMARY KEY,
    hall_name TEXT NOT NULL,
    app_code TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE workers (
    hall_code TEXT NOT NULL REFERENCES halls(hall_code),
    work_no TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (hall_code, work_no)
);

-- Push-API nonces: one used at any gateway is refused at every other.
CREATE TABLE push_nonces (
    nonce TEXT PRIMARY KEY,
    seen_at BIGINT NOT NULL
);

-- Tag catalogs (catalog.rs), shared: one gateway's fetch serves them all.
CREATE TABLE tag_catalogs (
    app_code TEXT NOT NULL,
    eval_entity_code TEXT NOT NULL,
    stars BIGINT NOT NULL,
    tag_type BIGINT NOT NULL,
    tags TEXT NOT NULL,
    fetched_at BIGINT NOT NULL,
    PRIMARY KEY (app_code, eval_entity_code, stars, tag_type)
);
