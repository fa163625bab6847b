//! Hall-link signing: the per-appCode link secrets (`HCP_LINK_SECRETS`) and
//! the appCodes whose links may come unsigned (`HCP_LEGACY_UNSIGNED_LINKS`),
//! each appCode checked. The secrets' production checks are in
//! `credentials`.

use hcp_protocol::types::AppCode;

use super::Problems;
use crate::config::{ConfigArgs, LinkAuth, Secret};

/// Who may issue links that carry an evaluator; `secret` is
/// `HCP_LINK_SECRET` (or its development value) as already read.
pub(super) fn link_auth(args: &ConfigArgs, secret: Option<Secret>, p: &mut Problems) -> LinkAuth {
    let per_app = args.link_secrets.clone().unwrap_or_default().0;
    let mut legacy_unsigned = Vec::new();
    for app in args.legacy_unsigned_links.clone().unwrap_or_default().0 {
        match AppCode::new(app.as_str()) {
            Ok(a) => legacy_unsigned.push(a.as_str().to_string()),
            Err(_) => p.invalid(format!(
                "HCP_LEGACY_UNSIGNED_LINKS: `{}` is not an appCode",
                app.escape_debug()
            )),
        }
    }
    for (app, _) in &per_app {
        if AppCode::new(app.as_str()).is_err() {
            p.invalid(format!(
                "HCP_LINK_SECRETS: `{}` is not an appCode",
                app.escape_debug()
            ));
        }
    }
    LinkAuth {
        secret,
        per_app,
        legacy_unsigned,
    }
}
