//! The secrets and the citizen login: the platform's credentials
//! (`HCP_PAAS_ID`, `HCP_PAAS_TOKEN`, `HCP_DES_KEY`), the ticket secret and
//! `HCP_LOGIN_URL`, required outside sandbox mode; the push and link
//! secrets, optional; and the production checks of every secret (not
//! published, long enough), which name the variable, never the value.

use hcp_protocol::crypt::DesKey;
use url::Url;

use super::sandbox::dev_value;
use super::{Mode, Problems};
use crate::config::secrets::{MIN_CHOSEN_SECRET, MIN_PAAS_TOKEN, production_problem};
use crate::config::{ConfigArgs, PushAuth, Secret};

/// The settings without which a gateway outside sandbox mode cannot run.
pub(super) struct Credentials {
    pub paas_id: String,
    pub paas_token: Secret,
    /// `None` when it is missing or wrong (and so already reported).
    pub des_key: Option<DesKey>,
    /// The key as given, for the production check.
    des_text: String,
    pub ticket_secret: Secret,
    pub login_url: String,
}

/// Reads the required settings: the development value in sandbox mode,
/// missing otherwise.
pub(super) fn required(args: &ConfigArgs, mode: Mode, p: &mut Problems) -> Credentials {
    let mut required = |value: Option<&str>, var: &'static str| -> String {
        match value.filter(|v| !v.trim().is_empty()) {
            Some(v) => v.to_string(),
            None if mode.sandbox => dev_value(var).to_string(),
            None => {
                p.missing(var);
                String::new()
            }
        }
    };
    let paas_id = required(args.paas_id.as_deref(), "HCP_PAAS_ID");
    let paas_token = Secret::new(required(
        args.paas_token.as_ref().map(Secret::expose),
        "HCP_PAAS_TOKEN",
    ));
    let des_text = required(args.des_key.as_ref().map(Secret::expose), "HCP_DES_KEY");
    let ticket_secret = Secret::new(required(
        args.ticket_secret.as_ref().map(Secret::expose),
        "HCP_TICKET_SECRET",
    ));
    let login_url = required(args.login_url.as_deref(), "HCP_LOGIN_URL");

    let des_key = if des_text.is_empty() {
        None
    } else {
        match DesKey::parse(&des_text) {
            Ok(k) => Some(k),
            Err(e) => {
                p.invalid(format!("HCP_DES_KEY: {e}"));
                None
            }
        }
    };
    if !login_url.is_empty()
        && !login_url.starts_with('/')
        && let Err(e) = Url::parse(&login_url)
    {
        p.invalid(format!(
            "HCP_LOGIN_URL: `{login_url}` is neither a path nor a URL ({e})"
        ));
    }
    Credentials {
        paas_id,
        paas_token,
        des_key,
        des_text,
        ticket_secret,
        login_url,
    }
}

/// An optional secret: the development value in sandbox mode, else none.
pub(super) fn optional(value: Option<&Secret>, var: &str, mode: Mode) -> Option<Secret> {
    match value.filter(|s| !s.is_empty()) {
        Some(s) => Some(s.clone()),
        None if mode.sandbox => Some(Secret::new(dev_value(var))),
        None => None,
    }
}

/// The directory push API's credentials [defaults: hcp-directory, directory].
pub(super) fn push(args: &ConfigArgs, secret: Option<Secret>) -> PushAuth {
    PushAuth {
        appcode: args
            .push_appcode
            .clone()
            .unwrap_or_else(|| "hcp-directory".to_string()),
        modulecode: args
            .push_modulecode
            .clone()
            .unwrap_or_else(|| "directory".to_string()),
        secret,
    }
}

/// The production checks (outside sandbox mode, unless a development build
/// was told otherwise): no secret may be published or too short.
pub(super) fn check_production(
    c: &Credentials,
    push_secret: Option<&Secret>,
    link_secret: Option<&Secret>,
    link_secrets: &[(String, Secret)],
    p: &mut Problems,
) {
    let mut check = |var: &str, value: &str, min: usize| {
        if !value.is_empty()
            && let Some(problem) = production_problem(var, value, min)
        {
            p.invalid(problem);
        }
    };
    check("HCP_PAAS_TOKEN", c.paas_token.expose(), MIN_PAAS_TOKEN);
    check("HCP_DES_KEY", &c.des_text, 0);
    check(
        "HCP_TICKET_SECRET",
        c.ticket_secret.expose(),
        MIN_CHOSEN_SECRET,
    );
    if let Some(s) = push_secret {
        check("HCP_PUSH_SECRET", s.expose(), MIN_CHOSEN_SECRET);
    }
    if let Some(s) = link_secret {
        check("HCP_LINK_SECRET", s.expose(), MIN_CHOSEN_SECRET);
    }
    for (app, s) in link_secrets {
        check(
            &format!("HCP_LINK_SECRETS ({app})"),
            s.expose(),
            MIN_CHOSEN_SECRET,
        );
    }
}
