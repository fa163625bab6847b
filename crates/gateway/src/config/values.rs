//! The value types of the settings that are more than a string or a number:
//! [`Secret`] (never printed), [`CommaList`] and [`AppSecrets`] (a comma list
//! in the environment, an array or table in the TOML file).

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

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
        String::deserialize(d).map(Secret)
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
