//! Which page links must be signed, and the check itself (hcp_protocol::link
//! has the scheme). Used twice: when a page is served (a refused link gets a
//! clear page instead of the rating form) and when its rating is submitted
//! (the check that counts).
//!
//! A link must be signed when it is the evaluator's identity: a hall page
//! with `offLine=1` opened without a login ticket. With a ticket the ticket
//! is the identity, and the URL's evaluator is ignored.

use crate::config::LinkAuth;
use hcp_protocol::link::{self, LinkRefusal};
use hcp_protocol::{PageParams, Route};

/// How a link passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passed {
    /// It names no evaluator of its own (or a ticket does): nothing to check.
    NotNeeded,
    /// Signed by the hall system, not expired.
    Signed,
    /// Unsigned, and its appCode is opted in to legacy unsigned links.
    LegacyUnsigned,
}

/// Whether this link's identity must be signed.
pub fn needs_signature(params: &PageParams, has_ticket: bool) -> bool {
    params.offline_evaluator().is_some() && !has_ticket
}

/// Checks the link of a page at `route` with parameters `params` (parsed from
/// `raw_query`), at `now` (Unix seconds).
pub fn check(
    auth: &LinkAuth,
    route: Route,
    params: &PageParams,
    raw_query: &str,
    has_ticket: bool,
    now: i64,
) -> Result<Passed, LinkRefusal> {
    if !needs_signature(params, has_ticket) {
        return Ok(Passed::NotNeeded);
    }
    let app = params.app_code().as_str();
    let signed = hcp_protocol::params::Query::parse(raw_query)
        .get(link::SIGN_PARAM)
        .is_some();
    if !signed && auth.accepts_unsigned(app) {
        tracing::info!(
            app_code = app,
            "unsigned hall link accepted (HCP_LEGACY_UNSIGNED_LINKS)"
        );
        return Ok(Passed::LegacyUnsigned);
    }
    let Some(secret) = auth.secret_for(app) else {
        tracing::warn!(
            app_code = %crate::redact::safe_text(app, 32),
            "hall link refused: no link secret is configured for this appCode (HCP_LINK_SECRET, HCP_LINK_SECRETS)"
        );
        return Err(LinkRefusal::Unsigned);
    };
    match link::verify(route, raw_query, secret.expose().as_bytes(), now) {
        Ok(_) => Ok(Passed::Signed),
        Err(refusal) => {
            tracing::info!(
                app_code = %crate::redact::safe_text(app, 32),
                reason = refusal.as_str(),
                "hall link refused"
            );
            Err(refusal)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;
    use hcp_protocol::decode::encode_base64 as b;

    fn hall_query(app: &str) -> String {
        format!(
            "appCode={app}&channel=hallPad&affairName={}&affairSerialNo={}&departmentCode={}&evalEntityCode=hallAffair&evalProcess=2&hallCode=H1&workerNo=01&workerName={}&userName={}&contactPhone={}&certificateNo={}&offLine=1",
            b("事项"),
            b("C-1"),
            b("D1"),
            b("李凤"),
            b("王小明"),
            b("13800138000"),
            b("210102199001011237")
        )
    }

    fn auth() -> LinkAuth {
        LinkAuth {
            secret: Some(Secret::new("default-secret-for-unit-tests-0123")),
            per_app: vec![(
                "own".to_string(),
                Secret::new("own-secret-for-unit-tests-0123456"),
            )],
            legacy_unsigned: vec!["old".to_string()],
        }
    }

    fn run(query: &str, ticket: bool) -> Result<Passed, LinkRefusal> {
        let params = PageParams::parse(Route::FrontPc, query).expect("params");
        check(&auth(), Route::FrontPc, &params, query, ticket, 1_000)
    }

    #[test]
    fn offline_links_need_the_signature_of_their_apps_secret() {
        let q = hall_query("a1");
        assert_eq!(run(&q, false), Err(LinkRefusal::Unsigned));
        // A ticket is the identity: the URL's evaluator does not count.
        assert_eq!(run(&q, true), Ok(Passed::NotNeeded));
        let signed = link::sign(
            Route::FrontPc,
            &q,
            b"default-secret-for-unit-tests-0123",
            2_000,
        )
        .expect("sign");
        assert_eq!(run(&signed, false), Ok(Passed::Signed));
        // An app with its own secret: the default one does not sign for it.
        let q = hall_query("own");
        let wrong = link::sign(
            Route::FrontPc,
            &q,
            b"default-secret-for-unit-tests-0123",
            2_000,
        )
        .expect("sign");
        assert_eq!(run(&wrong, false), Err(LinkRefusal::Altered));
        let right = link::sign(
            Route::FrontPc,
            &q,
            b"own-secret-for-unit-tests-0123456",
            2_000,
        )
        .expect("sign");
        assert_eq!(run(&right, false), Ok(Passed::Signed));
    }

    #[test]
    fn legacy_apps_may_send_unsigned_links_but_not_altered_signed_ones() {
        let q = hall_query("old");
        assert_eq!(run(&q, false), Ok(Passed::LegacyUnsigned));
        let signed = link::sign(
            Route::FrontPc,
            &q,
            b"default-secret-for-unit-tests-0123",
            2_000,
        )
        .expect("sign");
        let altered = signed.replace("workerNo=01", "workerNo=02");
        assert_eq!(run(&altered, false), Err(LinkRefusal::Altered));
    }

    #[test]
    fn links_without_offline_identity_need_nothing() {
        let q = hall_query("a1").replace("&offLine=1", "");
        assert_eq!(run(&q, false), Ok(Passed::NotNeeded));
    }
}
