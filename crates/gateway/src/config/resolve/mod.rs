//! [`Config::resolve`]: the checks that turn the settings as given
//! ([`ConfigArgs`], already layered) into the [`Config`] the gateway runs
//! with, or refuse to start naming every problem at once.
//!
//! One function per concern, each adding what is wrong to the same
//! [`Problems`]; the order of the calls in `resolve` is the order of the
//! lines of the refusal.

mod app_codes;
mod credentials;
mod links;
mod sandbox;
mod storage;
mod timings;
mod upstream;
mod urls;

use std::path::PathBuf;

use super::{Config, ConfigArgs, ConfigError, Upstream};

/// What is wrong so far: what `ConfigError` will say.
#[derive(Default)]
struct Problems {
    missing: Vec<&'static str>,
    invalid: Vec<String>,
}

impl Problems {
    /// A variable that must be set and is not.
    fn missing(&mut self, var: &'static str) {
        self.missing.push(var);
    }

    /// A value that is set but wrong: one line of the refusal.
    fn invalid(&mut self, line: String) {
        self.invalid.push(line);
    }

    /// `Err` if anything is wrong.
    fn finish(self) -> Result<(), ConfigError> {
        if self.missing.is_empty() && self.invalid.is_empty() {
            Ok(())
        } else {
            Err(ConfigError {
                missing: self.missing,
                invalid: self.invalid,
            })
        }
    }
}

/// Which checks apply.
#[derive(Debug, Clone, Copy)]
struct Mode {
    /// The embedded sandbox is the upstream: development values for what is unset.
    sandbox: bool,
    /// Whatever is not the embedded sandbox, unless a development build was
    /// told otherwise for a local test platform: the secrets' production checks.
    production: bool,
}

impl Mode {
    fn of(upstream: Option<&Upstream>, args: &ConfigArgs, p: &mut Problems) -> Mode {
        let sandbox = matches!(upstream, Some(Upstream::Sandbox));
        Mode {
            sandbox,
            production: !sandbox && !sandbox::allows_dev_secrets(args, p),
        }
    }
}

impl Config {
    /// Checks the settings (already merged with the TOML file). Every problem
    /// is collected, so one message lists them all.
    pub fn resolve(args: ConfigArgs) -> Result<Config, ConfigError> {
        let mut p = Problems::default();
        let listen = upstream::listen(&args, &mut p);
        let upstream = upstream::upstream(&args, &mut p);
        let mode = Mode::of(upstream.as_ref(), &args, &mut p);
        let credentials = credentials::required(&args, mode, &mut p);
        let database_url = storage::database_url(&args, &mut p);
        let allowed_origins = urls::allowed_origins(&args, &mut p);
        let log_format = storage::log_format(&args, &mut p);
        let tunables = timings::Tunables::read(&args, &mut p);
        let public_url = urls::public_url(&args, &mut p);
        tunables.check_lease(&mut p);
        let app_codes = app_codes::app_codes(&args, mode, &mut p);
        tunables.check_periods(&mut p);
        let push_secret = credentials::optional(args.push_secret.as_ref(), "HCP_PUSH_SECRET", mode);
        let link_secret = credentials::optional(args.link_secret.as_ref(), "HCP_LINK_SECRET", mode);
        let links = links::link_auth(&args, link_secret, &mut p);
        if mode.production {
            credentials::check_production(
                &credentials,
                push_secret.as_ref(),
                links.secret.as_ref(),
                &links.per_app,
                &mut p,
            );
        }
        p.finish()?;

        let (Some(listen), Some(upstream), Some(des_key)) = (listen, upstream, credentials.des_key)
        else {
            return Err(ConfigError::single(
                "internal: a setting failed without a message".to_string(),
            ));
        };
        Ok(Config {
            listen,
            upstream,
            paas_id: credentials.paas_id,
            paas_token: credentials.paas_token,
            des_key,
            ticket_secret: credentials.ticket_secret,
            allowed_origins,
            data_dir: args.data_dir_or_default(),
            database_url,
            login_url: credentials.login_url,
            widget_dir: args
                .widget_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from("./dist")),
            push: credentials::push(&args, push_secret),
            log_format,
            retry: tunables.retry(),
            submit_wait: tunables.submit_wait(),
            rate_limit: tunables.rate_limit(),
            trust_forwarded_for: args.trust_forwarded_for.unwrap_or(false),
            tags_ttl: tunables.tags_ttl(),
            app_codes,
            upstream_timeout: tunables.upstream_timeout(),
            links,
            periods: tunables.periods(),
            public_url,
            pad_show: tunables.pad_show(),
        })
    }
}
