//! `hcp-gateway sign-link`: signs a hall link (offLine=1) as a hall system
//! does, with the link secret of its appCode, for tests and hand-made links.

use crate::config::{ConfigArgs, Secret};
use std::process::ExitCode;

/// The secret a link of `app_code` is signed with, from the settings alone.
fn link_secret_for(args: &ConfigArgs, app_code: &str) -> Option<Secret> {
    let own = args
        .link_secrets
        .as_ref()
        .and_then(|l| l.0.iter().find(|(a, _)| a == app_code))
        .map(|(_, s)| s.clone());
    let any = args.link_secret.clone().filter(|s| !s.is_empty());
    let any = any.or_else(|| crate::sandbox::dev_link_secret(args));
    own.or(any)
}

pub(crate) fn sign_link(args: &ConfigArgs, link: &str, expires_in: i64) -> ExitCode {
    use hcp_protocol::link::MAX_TTL_SECS;
    let fail = |msg: String| {
        eprintln!("hcp-gateway sign-link: {msg}");
        ExitCode::from(2)
    };
    if !(1..=MAX_TTL_SECS).contains(&expires_in) {
        return fail(format!(
            "--expires-in must be from 1 to {MAX_TTL_SECS} seconds (30 days)"
        ));
    }
    let (head, rest) = match link.find('?') {
        Some(i) => (&link[..i], &link[i + 1..]),
        None => (link, ""),
    };
    let (query, fragment) = match rest.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (rest, None),
    };
    let path = match url::Url::parse(head) {
        Ok(u) => u.path().to_string(),
        Err(_) if head.starts_with('/') => head.to_string(),
        Err(_) => {
            return fail("the link must be a URL (https://…) or a path (/front/pc/?…)".to_string());
        }
    };
    let Some(route) = hcp_protocol::Route::from_path(&path) else {
        return fail(format!(
            "the link's path is none of the pages ({})",
            hcp_protocol::Route::PATHS.join(", ")
        ));
    };
    let params = match hcp_protocol::PageParams::parse(route, query) {
        Ok(p) => p,
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
            return fail(format!(
                "the link's parameters are not valid:\n{}",
                lines.join("\n")
            ));
        }
    };
    let Some(secret) = link_secret_for(args, params.app_code().as_str()) else {
        return fail(
            "no secret to sign with: set HCP_LINK_SECRET (or HCP_LINK_SECRETS for this appCode)"
                .to_string(),
        );
    };
    let expires = crate::clock::now_secs() + expires_in;
    match hcp_protocol::link::sign(route, query, secret.expose().as_bytes(), expires) {
        Ok(q) => {
            let tail = fragment.map(|f| format!("#{f}")).unwrap_or_default();
            println!("{head}?{q}{tail}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.to_string()),
    }
}
