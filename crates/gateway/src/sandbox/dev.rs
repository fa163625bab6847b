//! The development values of sandbox mode (cargo feature `sandbox`, on by
//! default, left out of the production build): none of them is a secret, and
//! a production gateway refuses every one of them (`config::secrets`).

pub use hcp_sandbox::dev::{DES_KEY, PAAS_ID, PAAS_TOKEN};

/// The ticket secret of sandbox mode.
pub const TICKET_SECRET: &str = "hcp-dev-ticket-secret-not-for-production";
/// The push-API secret of sandbox mode.
pub const PUSH_SECRET: &str = "hcp-dev-push-secret-not-for-production";
/// The link-signing secret of sandbox mode (the demo links are signed with it).
pub const LINK_SECRET: &str = "hcp-dev-link-secret-not-for-production";
/// The appCode whose tag catalogs sandbox mode prefetches (the demo data's).
pub const APP_CODES: &str = hcp_sandbox::demo::APP_CODE;
/// The login URL of sandbox mode: the gateway's own development login.
pub const LOGIN_URL: &str = "/dev/login";

/// The development value of a setting in sandbox mode (empty for a setting
/// that has none).
pub fn dev_value(var: &str) -> &'static str {
    match var {
        "HCP_PAAS_ID" => PAAS_ID,
        "HCP_PAAS_TOKEN" => PAAS_TOKEN,
        "HCP_DES_KEY" => DES_KEY,
        "HCP_TICKET_SECRET" => TICKET_SECRET,
        "HCP_LOGIN_URL" => LOGIN_URL,
        "HCP_PUSH_SECRET" => PUSH_SECRET,
        "HCP_LINK_SECRET" => LINK_SECRET,
        "HCP_APP_CODES" => APP_CODES,
        _ => "",
    }
}

/// Whether this build has sandbox mode.
pub const BUILT: bool = true;
