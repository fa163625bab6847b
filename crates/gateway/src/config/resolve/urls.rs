//! The gateway's addresses as others see them: the portals' origins that may
//! embed its pages (`HCP_ALLOWED_ORIGINS`) and its own public base URL
//! (`HCP_PUBLIC_URL`).

use url::Url;

use super::Problems;
use crate::config::ConfigArgs;
use crate::config::origin::parse_origin;

/// The origins allowed to embed the pages, in canonical form; each wrong
/// one reported.
pub(super) fn allowed_origins(args: &ConfigArgs, p: &mut Problems) -> Vec<String> {
    let mut allowed_origins = Vec::new();
    for o in args.allowed_origins.clone().unwrap_or_default().0 {
        match parse_origin(&o) {
            Ok(o) => allowed_origins.push(o),
            Err(e) => p.invalid(format!("HCP_ALLOWED_ORIGINS: {e}")),
        }
    }
    allowed_origins
}

/// The public base URL without its trailing slash, if set.
pub(super) fn public_url(args: &ConfigArgs, p: &mut Problems) -> Option<String> {
    match args.public_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match Url::parse(text) {
            Ok(u)
                if matches!(u.scheme(), "http" | "https")
                    && u.host_str().is_some()
                    && u.query().is_none()
                    && u.fragment().is_none() =>
            {
                Some(text.trim_end_matches('/').to_string())
            }
            _ => {
                p.invalid(format!(
                    "HCP_PUBLIC_URL: `{}` must be an http(s) URL without query or fragment, such as https://hcp.example.gov.cn",
                    text.escape_debug()
                ));
                None
            }
        },
    }
}
