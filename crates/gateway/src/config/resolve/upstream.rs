//! Where the gateway listens and where its ratings go (`HCP_LISTEN`,
//! `HCP_UPSTREAM`).

use std::net::SocketAddr;

use url::Url;

use super::Problems;
use crate::config::{ConfigArgs, Upstream};

/// The listening address [default: 127.0.0.1:8080].
pub(super) fn listen(args: &ConfigArgs, p: &mut Problems) -> Option<SocketAddr> {
    let listen_text = args
        .listen
        .clone()
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    match listen_text.parse::<SocketAddr>() {
        Ok(a) => Some(a),
        Err(_) => {
            p.invalid(format!(
                "HCP_LISTEN: `{listen_text}` is not an address such as 127.0.0.1:8080"
            ));
            None
        }
    }
}

/// The embedded sandbox or the provincial gateway's base URL (given a
/// trailing slash).
pub(super) fn upstream(args: &ConfigArgs, p: &mut Problems) -> Option<Upstream> {
    // A build without the sandbox has no default upstream: it must be told.
    let upstream_text = match args.upstream.clone() {
        Some(u) => u,
        None if crate::sandbox::BUILT => "sandbox".to_string(),
        None => {
            p.missing("HCP_UPSTREAM");
            String::new()
        }
    };
    if upstream_text.is_empty() {
        None
    } else if upstream_text.trim().eq_ignore_ascii_case("sandbox") {
        if crate::sandbox::BUILT {
            Some(Upstream::Sandbox)
        } else {
            p.invalid(
                "HCP_UPSTREAM: this is the production build of hcp-gateway, without the sandbox (cargo feature `sandbox`); set the provincial gateway's URL, such as https://host/prorio/ebus/ping/".to_string(),
            );
            None
        }
    } else {
        remote(&upstream_text, p)
    }
}

fn remote(upstream_text: &str, p: &mut Problems) -> Option<Upstream> {
    let mut text = upstream_text.trim().to_string();
    if !text.ends_with('/') {
        text.push('/');
    }
    match Url::parse(&text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            if u.query().is_some() || u.fragment().is_some() {
                p.invalid(format!(
                    "HCP_UPSTREAM: `{upstream_text}` must not have a query or fragment"
                ));
                None
            } else {
                Some(Upstream::Remote(u))
            }
        }
        Ok(_) => {
            p.invalid(format!(
                "HCP_UPSTREAM: `{upstream_text}` must be `sandbox` or an http(s) URL such as https://host/prorio/ebus/ping/"
            ));
            None
        }
        Err(e) => {
            p.invalid(format!(
                "HCP_UPSTREAM: `{upstream_text}` must be `sandbox` or an http(s) URL ({e})"
            ));
            None
        }
    }
}
