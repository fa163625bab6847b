-- The department directory (departments.rs): code -> name.
CREATE TABLE departments (
    department_code TEXT PRIMARY KEY,
    department_name TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
