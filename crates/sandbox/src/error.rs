//! The sandbox's own errors: what can go wrong opening or using its store.
//! Refusals of bad requests are not errors; they are answers (`Refusal`).

use std::path::PathBuf;

/// Why the sandbox could not open its store, serve, or read back what it holds.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory could not be created.
    #[error("cannot create the sandbox data directory {path}: {source}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// SQLite refused an operation.
    #[error("sandbox database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A stored value could not be read back (the database was changed by hand?).
    #[error("sandbox database holds an unreadable value: {0}")]
    Corrupt(String),
    /// The database lock was poisoned by a panic in another thread.
    #[error("the sandbox database lock was poisoned")]
    Poisoned,
    /// A blocking task did not finish.
    #[error("a sandbox background task failed: {0}")]
    Task(String),
    /// The listener could not be used.
    #[error("sandbox listener: {0}")]
    Io(#[from] std::io::Error),
}

/// `Result` with the sandbox's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
