//! The sandbox-only pieces of the checks, each in both builds: the
//! development value of a setting and `HCP_ALLOW_DEV_SECRETS`. A build
//! without the `sandbox` feature (the production build) has neither.

use crate::config::ConfigArgs;

/// The development value of a setting in sandbox mode.
#[cfg(feature = "sandbox")]
pub(super) fn dev_value(var: &str) -> &'static str {
    use crate::dev;
    match var {
        "HCP_PAAS_ID" => dev::PAAS_ID,
        "HCP_PAAS_TOKEN" => dev::PAAS_TOKEN,
        "HCP_DES_KEY" => dev::DES_KEY,
        "HCP_TICKET_SECRET" => dev::TICKET_SECRET,
        "HCP_LOGIN_URL" => dev::LOGIN_URL,
        "HCP_PUSH_SECRET" => dev::PUSH_SECRET,
        "HCP_LINK_SECRET" => dev::LINK_SECRET,
        "HCP_APP_CODES" => dev::APP_CODES,
        _ => "",
    }
}

/// The production build has no development values (and no sandbox mode, so
/// this is never asked).
#[cfg(not(feature = "sandbox"))]
pub(super) fn dev_value(_var: &str) -> &'static str {
    ""
}

/// Whether a development build was told to skip the production checks of
/// its secrets (`HCP_ALLOW_DEV_SECRETS`).
#[cfg(feature = "sandbox")]
pub(super) fn allows_dev_secrets(args: &ConfigArgs) -> bool {
    args.allow_dev_secrets.unwrap_or(false)
}

/// The production build cannot be told so: it has no such setting.
#[cfg(not(feature = "sandbox"))]
pub(super) fn allows_dev_secrets(_args: &ConfigArgs) -> bool {
    false
}
