//! What `serve` prints in sandbox mode after its address: one working link
//! per page (tickets and signed hall links for the demo citizen) and the demo
//! pad with the command that reports a case to it.

use std::fmt::Write as _;

use crate::sandbox::{demo_links, demo_pad};
use crate::state::AppState;

/// The lines to print, in sandbox mode; `None` otherwise. A part that cannot
/// be made is logged and left out (the gateway serves anyway).
pub async fn banner(state: &AppState, base: &str) -> Option<String> {
    if !state.config.is_sandbox() {
        return None;
    }
    let ticket_secret = &state.config.ticket_secret;
    let link_secret = state.config.links.secret.clone().unwrap_or_default();
    let now = state.clock.now_secs();
    let mut out = String::new();
    let links =
        demo_links::demo_links(base, ticket_secret, &link_secret, now).and_then(|mut links| {
            links.extend(demo_links::citizen_links(base, ticket_secret, now)?);
            Ok(links)
        });
    match links {
        Ok(links) => {
            let _ = writeln!(
                out,
                "sandbox mode: one link per page (tickets and signed hall links valid for 12 h):"
            );
            out.push_str(&demo_links::format_links(&links));
        }
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot build the demo links"),
    }
    match demo_pad::demo_pad(state, base).await {
        Ok(text) => out.push_str(&text),
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "cannot issue the demo pad"),
    }
    Some(out)
}
