-- The department directory (departments.rs): code -> name
-- (migrations/sqlite/005_departments.sql).
CREATE TABLE departments (
    department_code TEXT PRIMARY KEY,
    department_name TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
