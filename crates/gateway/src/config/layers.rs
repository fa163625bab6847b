//! The layering of the settings' sources: what the flags and environment
//! gave (clap has already put a flag over its variable) over the TOML file
//! named by `HCP_CONFIG`; `resolve` supplies the defaults of what none of
//! them gave. So: flag, then environment, then the file, then the default.

use std::path::Path;

use super::ConfigError;
use super::args::ConfigArgs;

macro_rules! fill {
    ($self:ident, $other:ident, $($field:ident),+) => {
        $( if $self.$field.is_none() { $self.$field = $other.$field; } )+
    };
}

impl ConfigArgs {
    /// Fills what is unset from the TOML file named by `config`, if any.
    pub fn merged(mut self) -> Result<ConfigArgs, ConfigError> {
        let Some(path) = self.config.clone() else {
            return Ok(self);
        };
        let file = ConfigArgs::from_toml_file(&path)?;
        fill!(
            self,
            file,
            listen,
            upstream,
            paas_id,
            paas_token,
            des_key,
            ticket_secret,
            allowed_origins,
            data_dir,
            database_url,
            login_url,
            widget_dir,
            push_appcode,
            push_modulecode,
            push_secret,
            log_format,
            retry_initial_ms,
            retry_max_secs,
            lease_secs,
            submit_wait_ms,
            rate_limit_per_second,
            rate_limit_burst,
            trust_forwarded_for,
            tags_ttl_secs,
            app_codes,
            upstream_timeout_ms,
            confirm_after_secs,
            link_secret,
            link_secrets,
            legacy_unsigned_links,
            consult_period_days,
            guide_period_days,
            public_url,
            pad_show_secs
        );
        #[cfg(feature = "sandbox")]
        if self.allow_dev_secrets.is_none() {
            self.allow_dev_secrets = file.allow_dev_secrets;
        }
        Ok(self)
    }

    /// Reads a TOML file of settings.
    pub fn from_toml_file(path: &Path) -> Result<ConfigArgs, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::single(format!("HCP_CONFIG: cannot read {}: {e}", path.display()))
        })?;
        toml::from_str(&text).map_err(|e| {
            ConfigError::single(format!("HCP_CONFIG: {} is not valid: {e}", path.display()))
        })
    }
}
