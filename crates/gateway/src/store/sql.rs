//! The one SQL interface the gateway's queries are written against, so that
//! each query is written once for both backends.
//!
//! - SQL is written in PostgreSQL's placeholder style (`$1`, `$2`, …); the
//!   SQLite backend rewrites them to `?1`, `?2` (same numbering). Keep to the
//!   SQL both speak: `INSERT … ON CONFLICT … DO UPDATE/NOTHING`, `RETURNING`,
//!   `COALESCE`, `CASE`, `CAST(x AS TEXT)`. Where they differ (a row lock,
//!   an aggregate), branch on [`Tx::backend`].
//! - Integers are 64-bit on both (`INTEGER` in SQLite, `BIGINT` in
//!   PostgreSQL), text is text, and a boolean is read from either a
//!   PostgreSQL `boolean` or SQLite's 0/1.
//! - A job (`Store::write`/`Store::read`) gets a `&mut dyn Tx`: everything it
//!   does commits together or not at all.

use std::fmt;

use anyhow::anyhow;

/// Which database a [`Tx`] talks to, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded file (the default).
    Sqlite,
    /// A PostgreSQL server shared by several gateways.
    Postgres,
}

impl Backend {
    /// As shown in logs, /healthz and the bench.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A query parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Arg<'a> {
    /// A 64-bit integer or NULL.
    Int(Option<i64>),
    /// Text or NULL.
    Text(Option<&'a str>),
    /// A boolean or NULL.
    Bool(Option<bool>),
}

impl From<i64> for Arg<'_> {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}
impl From<Option<i64>> for Arg<'_> {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}
impl From<&Option<i64>> for Arg<'_> {
    fn from(v: &Option<i64>) -> Self {
        Arg::Int(*v)
    }
}
impl From<u8> for Arg<'_> {
    fn from(v: u8) -> Self {
        Arg::Int(Some(i64::from(v)))
    }
}
impl From<bool> for Arg<'_> {
    fn from(v: bool) -> Self {
        Arg::Bool(Some(v))
    }
}
impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Arg::Text(Some(v))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(v: &'a String) -> Self {
        Arg::Text(Some(v.as_str()))
    }
}
impl<'a> From<&&'a str> for Arg<'a> {
    fn from(v: &&'a str) -> Self {
        Arg::Text(Some(v))
    }
}
impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(v: Option<&'a str>) -> Self {
        Arg::Text(v)
    }
}
impl<'a> From<&'a Option<String>> for Arg<'a> {
    fn from(v: &'a Option<String>) -> Self {
        Arg::Text(v.as_deref())
    }
}

/// Query parameters: `args![a, b]` is `&[Arg::from(a), Arg::from(b)]`.
#[macro_export]
macro_rules! args {
    () => { &[] as &[$crate::store::Arg<'_>] };
    ($($v:expr),+ $(,)?) => { &[$($crate::store::Arg::from($v)),+] as &[$crate::store::Arg<'_>] };
}

/// A value read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL.
    Null,
    /// An integer (SQLite INTEGER, PostgreSQL int2/int4/int8).
    Int(i64),
    /// Text.
    Text(String),
    /// A PostgreSQL boolean.
    Bool(bool),
}

/// One row of a result, read by column index.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

/// What a column can be read as.
pub trait FromValue: Sized {
    /// Converts, or says why not.
    fn from_value(v: &Value) -> Result<Self, String>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(i64::from(*b)),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}
impl FromValue for bool {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Bool(b) => Ok(*b),
            Value::Int(i) => Ok(*i != 0),
            other => Err(format!("expected a boolean, found {other:?}")),
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl Row {
    /// Column `i` as `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> anyhow::Result<T> {
        let v = self
            .0
            .get(i)
            .ok_or_else(|| anyhow!("no column {i} in a row of {}", self.0.len()))?;
        T::from_value(v).map_err(|e| anyhow!("column {i}: {e}"))
    }
}

/// A job's write lost to another gateway's at the same moment (a key it
/// meant to take was taken): the store runs the job again, and it then sees
/// the other's row. Return it (`Err(Conflict.into())`) where a statement
/// found that; a unique violation from PostgreSQL counts the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict;

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("another gateway wrote the same key at the same moment")
    }
}

impl std::error::Error for Conflict {}

/// A notification published in a job: delivered to every subscriber (of
/// every gateway on the store) once the job's transaction has committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The channel (a short lower-case name, `[a-z_]+`).
    pub channel: String,
    /// What it says (small: PostgreSQL allows under 8,000 bytes).
    pub payload: String,
}

/// A transaction (or, for reads, a connection) of either backend.
pub trait Tx {
    /// Which backend this is.
    fn backend(&self) -> Backend;
    /// Runs a query and returns every row.
    fn query(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Vec<Row>>;
    /// Runs a statement and returns how many rows it changed.
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<u64>;
    /// Publishes `payload` on `channel` when this transaction commits
    /// (never if it rolls back).
    fn notify(&mut self, channel: &str, payload: &str) -> anyhow::Result<()>;

    /// The first row, if any.
    fn query_opt(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Option<Row>> {
        Ok(self.query(sql, args)?.into_iter().next())
    }

    /// Exactly the first row (an error when there is none).
    fn query_one(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<Row> {
        self.query_opt(sql, args)?
            .ok_or_else(|| anyhow!("the query returned no row"))
    }
}

impl dyn Tx + '_ {
    /// The first column of the first row.
    pub fn value<T: FromValue>(&mut self, sql: &str, args: &[Arg<'_>]) -> anyhow::Result<T> {
        self.query_one(sql, args)?.get(0)
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `$1` → `?1` for SQLite (text in quotes left alone).
pub fn to_sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '$' && !quoted && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_quotes_only() {
        assert_eq!(
            to_sqlite_placeholders("SELECT $1, '$2', $10 WHERE x = $2"),
            "SELECT ?1, '$2', ?10 WHERE x = ?2"
        );
    }

    #[test]
    fn rows_read_as_the_asked_type_or_say_why_not() {
        let row = Row(vec![
            Value::Int(3),
            Value::Null,
            Value::Text("a".into()),
            Value::Bool(true),
        ]);
        assert_eq!(row.get::<i64>(0).expect("int"), 3);
        assert_eq!(row.get::<Option<String>>(1).expect("null"), None);
        assert_eq!(row.get::<String>(2).expect("text"), "a");
        assert!(row.get::<bool>(3).expect("bool"));
        assert!(row.get::<bool>(0).expect("0/1"));
        let e = row.get::<i64>(2).expect_err("text is no integer");
        assert!(e.to_string().contains("column 2"), "{e}");
        assert!(row.get::<i64>(9).is_err());
    }
}
