-- The outbox, its keys, the case and hall directories, push nonces.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    interface TEXT NOT NULL,
    body TEXT NOT NULL,
    display_key TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until INTEGER,
    lease_token TEXT,
    last_error TEXT,
    eval_id TEXT,
    response TEXT,
    created_at INTEGER NOT NULL,
    closed_at INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE TABLE outbox_keys (
    key TEXT PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES outbox(id),
    case_no TEXT,
    status TEXT,
    message TEXT
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
    updated_at INTEGER NOT NULL
);
CREATE TABLE halls (
    hall_code TEXT PRIMARY KEY,
    hall_name TEXT NOT NULL,
    app_code TEXT,
    updated_at INTEGER NOT NULL
);
CREATE TABLE workers (
    hall_code TEXT NOT NULL REFERENCES halls(hall_code),
    work_no TEXT NOT NULL,
    name TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (hall_code, work_no)
);
CREATE TABLE push_nonces (
    nonce TEXT PRIMARY KEY,
    seen_at INTEGER NOT NULL
);
