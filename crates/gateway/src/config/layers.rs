//! The layering of the settings' sources: what the flags and environment
//! gave (clap has already put a flag over its variable) over the TOML file
//! named by `HCP_CONFIG`; `resolve` supplies the defaults of what none of
//! them gave. So: flag, then environment, then the file, then the default.
//!
//! figment does the layering, not a list of fields kept in step by hand:
//! each source is a figment provider, `merge` lays one over the other, and
//! `extract` reads the result into [`ConfigArgs`] by its serde derive, so a
//! new field is layered with nothing else to change. figment rather than a
//! merge of our own over `toml::Value` tables because it keeps where each
//! value came from: a wrong value names its key and the file, and its
//! numbers hold every `u64` (a TOML table does not). The file is read and
//! parsed by our `toml` (figment's `toml` feature would bring a second,
//! older one), then handed to figment as one provider; the flags and
//! environment are the other, serialized for this merge only.

use std::path::{Path, PathBuf};

use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use serde::de::DeserializeOwned;

use super::ConfigError;
use super::args::ConfigArgs;

impl ConfigArgs {
    /// Fills what is unset from the TOML file named by `config`, if any.
    ///
    /// The file is checked on its own first, so that a wrong value or an
    /// unknown key in it is refused even where the environment gives that
    /// setting too.
    pub fn merged(self) -> Result<ConfigArgs, ConfigError> {
        let Some(path) = self.config.clone() else {
            return Ok(self);
        };
        let file = TomlFile::read(&path)?;
        file.extract::<ConfigArgs>(Figment::from(&file))?;
        let mut merged: ConfigArgs = file.extract(Figment::from(&file).merge(Given(&self)))?;
        merged.config = self.config;
        Ok(merged)
    }

    /// Reads a TOML file of settings.
    pub fn from_toml_file(path: &Path) -> Result<ConfigArgs, ConfigError> {
        let file = TomlFile::read(path)?;
        file.extract(Figment::from(&file))
    }
}

/// The TOML file as a figment provider: its top-level keys are the settings.
struct TomlFile {
    path: PathBuf,
    table: toml::Table,
}

impl TomlFile {
    /// Reads and parses the file; a syntax error is refused here, in toml's
    /// words (line, column and the line itself).
    fn read(path: &Path) -> Result<TomlFile, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::single(format!("HCP_CONFIG: cannot read {}: {e}", path.display()))
        })?;
        let table = text.parse::<toml::Table>().map_err(|e| {
            ConfigError::single(format!("HCP_CONFIG: {} is not valid: {e}", path.display()))
        })?;
        Ok(TomlFile {
            path: path.to_path_buf(),
            table,
        })
    }

    /// Extracts the settings from `figment`, every error one line naming the
    /// file and the key.
    fn extract<T: DeserializeOwned>(&self, figment: Figment) -> Result<T, ConfigError> {
        figment.extract().map_err(|e| ConfigError {
            missing: vec![],
            invalid: e.into_iter().map(|e| self.problem(e)).collect(),
        })
    }

    /// One line of the refusal: the file, the key and what is wrong with it.
    fn problem(&self, e: figment::Error) -> String {
        let file = self.path.display();
        let what = match (&e.kind, e.path.join(".")) {
            (figment::error::Kind::UnknownField(key, known), _) => {
                format!("unknown key `{key}` (the keys are: {})", known.join(", "))
            }
            (kind, key) if key.is_empty() => kind.to_string(),
            (kind, key) => format!("`{key}`: {kind}"),
        };
        if e.metadata.as_ref().is_none_or(|m| m.name == FILE) {
            format!("HCP_CONFIG: {file} is not valid: {what}")
        } else {
            // What clap read cannot be wrong: this would be a bug of the layering.
            format!("HCP_CONFIG: the flags and environment cannot be laid over {file}: {what}")
        }
    }
}

/// The name of the file's provider (its errors' metadata).
const FILE: &str = "TOML file";

impl Provider for TomlFile {
    fn metadata(&self) -> Metadata {
        Metadata::named(FILE).source(self.path.as_path())
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Ok(Profile::Default.collect(dict_of(Value::serialize(&self.table)?)))
    }
}

/// The settings the flags and environment gave (clap's [`ConfigArgs`]), as
/// a figment provider. Only the ones given: an unset setting serializes as
/// an empty value, which would hide the file's. Serialized for this merge
/// only, secrets included (values.rs); a path must then be UTF-8, which is
/// all serde writes, so a gateway with a file refuses a non-UTF-8 path given
/// as a flag or variable, saying so.
struct Given<'a>(&'a ConfigArgs);

impl Provider for Given<'_> {
    fn metadata(&self) -> Metadata {
        Metadata::named("flags and environment")
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let given = dict_of(Value::serialize(self.0)?)
            .into_iter()
            .filter(|(_, v)| !matches!(v, Value::Empty(..)))
            .collect();
        Ok(Profile::Default.collect(given))
    }
}

/// A struct or table serializes as a dictionary.
fn dict_of(value: Value) -> Dict {
    value.into_dict().unwrap_or_default()
}
