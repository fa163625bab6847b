//! The sandbox-only pieces of the checks: the development value of a
//! setting (sandbox mode's, from `crate::sandbox`; none in the production
//! build) and `HCP_ALLOW_DEV_SECRETS`, which only a development build
//! takes.

use super::Problems;
use crate::config::ConfigArgs;

/// The development value of a setting in sandbox mode.
pub(super) fn dev_value(var: &str) -> &'static str {
    crate::sandbox::dev_value(var)
}

/// Whether a development build was told to skip the production checks of
/// its secrets (`HCP_ALLOW_DEV_SECRETS`). The production build has no
/// development values to allow: told so, it refuses to start rather than
/// ignore it.
pub(super) fn allows_dev_secrets(args: &ConfigArgs, problems: &mut Problems) -> bool {
    let allowed = args.allow_dev_secrets.unwrap_or(false);
    if allowed && !crate::sandbox::BUILT {
        problems.invalid.push(
            "HCP_ALLOW_DEV_SECRETS: this is the production build of hcp-gateway, which has no development secrets to allow"
                .to_string(),
        );
        return false;
    }
    allowed
}
