-- Pad credentials (pads.rs): the secret is kept as its SHA-256 digest only.
CREATE TABLE pads (
    id TEXT PRIMARY KEY,
    secret_digest TEXT NOT NULL,
    app_code TEXT NOT NULL,
    hall_code TEXT NOT NULL,
    work_no TEXT NOT NULL,
    label TEXT,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);
CREATE INDEX pads_revoked ON pads(revoked_at) WHERE revoked_at IS NOT NULL;
-- Cases a hall system reported at a window (pads.rs). The evaluator's phone
-- and ID number are DES-encrypted and erased once rated or expired.
CREATE TABLE pad_cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    app_code TEXT NOT NULL,
    hall_code TEXT NOT NULL,
    work_no TEXT NOT NULL,
    affair_serial_no TEXT NOT NULL,
    eval_process INTEGER NOT NULL,
    user_name TEXT,
    contact_phone TEXT,
    certificate_no TEXT,
    reported_at INTEGER NOT NULL,
    rated_at INTEGER,
    rated_by TEXT,
    UNIQUE (app_code, affair_serial_no, eval_process)
);
CREATE INDEX pad_cases_window ON pad_cases(hall_code, work_no, reported_at);
