//! The value types of the settings that are more than a string or a number:
//! [`Secret`] (never printed), [`CommaList`] and [`AppSecrets`] (a comma list
//! in the environment, an array or table in the TOML file).
//!
//! Their `Serialize` impls exist for one reader only: the layering
//! (`layers`), which serializes what the flags and environment gave in order
//! to lay it over the TOML file. They must never be used for output: a
//! `Secret` serializes as its value.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A secret value. `Debug` and `Display` print `***`, so it can sit in
/// structs that are logged or printed without leaking.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself. Only for signing and verifying; never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_string()))
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // serde's own error would quote a value of the wrong type (a number
        // given for a secret in the TOML file): replaced by one that does not.
        String::deserialize(d).map(Secret).map_err(|_| {
            serde::de::Error::custom("must be a string (the value is not shown: it is a secret)")
        })
    }
}

/// For the layering only (see the module comment): the value itself.
impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A comma list in the environment, a string or an array in the TOML file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommaList(pub Vec<String>);

impl FromStr for CommaList {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(CommaList(
            s.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect(),
        ))
    }
}

impl<'de> Deserialize<'de> for CommaList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            One(String),
            Many(Vec<String>),
        }
        Ok(match Either::deserialize(d)? {
            Either::One(s) => s.parse().unwrap_or_default(),
            Either::Many(v) => CommaList(
                v.into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            ),
        })
    }
}

/// For the layering only: an array, which replaces the file's list whole.
impl Serialize for CommaList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// Secrets by appCode: `appCode=secret,…` in the environment, a table (or
/// that string) in the TOML file. `Debug` shows the appCodes only.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct AppSecrets(pub Vec<(String, Secret)>);

impl fmt::Debug for AppSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(app, _)| format!("{app}=***")))
            .finish()
    }
}

impl FromStr for AppSecrets {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut out = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                Some((app, secret)) if !app.trim().is_empty() && !secret.is_empty() => {
                    out.push((app.trim().to_string(), Secret::new(secret)));
                }
                // Not echoed: the part may be a secret.
                _ => return Err("each entry must be appCode=secret".to_string()),
            }
        }
        Ok(AppSecrets(out))
    }
}

impl<'de> Deserialize<'de> for AppSecrets {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            One(String),
            Table(std::collections::BTreeMap<String, String>),
        }
        match Either::deserialize(d)? {
            Either::One(s) => s.parse().map_err(serde::de::Error::custom),
            Either::Table(t) => Ok(AppSecrets(
                t.into_iter().map(|(k, v)| (k, Secret::new(v))).collect(),
            )),
        }
    }
}

/// For the layering only: the `appCode=secret,…` string, as the environment
/// gives it. Not a table: a table would be merged key by key with the file's,
/// where the environment's list replaces the file's whole; and the string
/// keeps the order (the first entry of an appCode wins).
impl Serialize for AppSecrets {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text: Vec<String> = self
            .0
            .iter()
            .map(|(app, secret)| format!("{app}={}", secret.expose()))
            .collect();
        s.serialize_str(&text.join(","))
    }
}
