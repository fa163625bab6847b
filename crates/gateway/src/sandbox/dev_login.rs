//! The development login of sandbox mode (SPEC §4): `GET /dev/login?redirect=`
//! shows one button; `POST` issues a ticket for the demo citizen and sends the
//! browser back with `ticket=` in the URL. The redirect must be a same-origin
//! path. Mounted only in sandbox mode.

use crate::identity::ticket::issue_ticket;
use crate::state::AppState;
use crate::web::html::{DOCTYPE, Markup, html};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use hcp_protocol::params::{Query, without_key};
use serde::Deserialize;

/// How long a development ticket is valid.
pub const DEV_TICKET_TTL_SECS: i64 = 2 * 3600;

/// Checks that `redirect` is a path on this origin: starts with one `/`, no
/// backslash, no scheme, no control characters.
pub fn safe_redirect(redirect: &str) -> Option<&str> {
    let ok = redirect.starts_with('/')
        && !redirect.starts_with("//")
        && !redirect.contains('\\')
        && !redirect.chars().any(char::is_control)
        && redirect.len() <= 4096;
    if !ok {
        return None;
    }
    // Whatever a browser makes of it must stay on this origin.
    let base = url::Url::parse("http://gateway.invalid/").ok()?;
    let joined = base.join(redirect).ok()?;
    (joined.origin() == base.origin()).then_some(redirect)
}

/// `redirect` with its `ticket` parameter set to `ticket` (an old one replaced).
pub fn with_ticket(redirect: &str, ticket: &str) -> String {
    let (path_query, fragment) = match redirect.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (redirect, None),
    };
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let rest = without_key(query, "ticket");
    let ticket_pair: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("ticket", ticket)
        .finish();
    let mut out = path.to_string();
    out.push('?');
    if !rest.is_empty() {
        out.push_str(&rest);
        out.push('&');
    }
    out.push_str(&ticket_pair);
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

fn refuse() -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        "redirect 必须是本站的路径（以 / 开头）。\nredirect must be a path on this site (starting with /).\n",
    )
        .into_response()
}

/// The login page: one button that logs in as `name` and returns to `redirect`.
fn login_page(redirect: &str, name: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "开发登录 Development login" }
            }
            body {
                main {
                    h1 { "开发登录 " small { "Development login" } }
                    p {
                        "沙箱模式：以演示用户身份登录，仅用于开发和测试。"
                        br;
                        "Sandbox mode: log in as the demo citizen, for development and testing only."
                    }
                    form method="post" action="/dev/login" {
                        input type="hidden" name="redirect" value=(redirect);
                        button type="submit" { "以 " (name) " 的身份登录 / Log in as " (name) }
                    }
                }
            }
        }
    }
}

async fn show(RawQuery(raw): RawQuery) -> Response {
    let q = Query::parse(raw.as_deref().unwrap_or(""));
    let redirect = q.get("redirect").unwrap_or("/");
    let Some(redirect) = safe_redirect(redirect) else {
        return refuse();
    };
    let html = login_page(redirect, hcp_sandbox::demo::CITIZEN.user_name);
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        html.into_string(),
    )
        .into_response()
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    redirect: String,
}

async fn login(State(state): State<AppState>, Form(form): Form<LoginForm>) -> Response {
    let Some(redirect) = safe_redirect(&form.redirect) else {
        return refuse();
    };
    let claims =
        crate::sandbox::demo_data::demo_citizen(crate::clock::now_secs(), DEV_TICKET_TTL_SECS);
    match issue_ticket(&state.config.ticket_secret, &claims) {
        Ok(ticket) => (
            StatusCode::SEE_OTHER,
            [
                (LOCATION, with_ticket(redirect, &ticket)),
                (CACHE_CONTROL, "no-store".to_string()),
            ],
        )
            .into_response(),
        Err(e) => crate::error::AppError::Internal(e).into_response(),
    }
}

/// `/dev/login` (sandbox mode only).
pub fn router() -> Router<AppState> {
    Router::new().route("/dev/login", get(show).post(login))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_origin_paths() {
        assert!(safe_redirect("/guide/?a=1").is_some());
        assert!(safe_redirect("/").is_some());
        for bad in [
            "//evil.example/x",
            "https://evil.example/",
            "/\\evil.example",
            "\\\\evil",
            "evil",
            "",
            "/a\nb",
            "javascript:alert(1)",
        ] {
            assert!(safe_redirect(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn ticket_is_set_and_an_old_one_replaced() {
        assert_eq!(with_ticket("/guide/", "T"), "/guide/?ticket=T");
        assert_eq!(
            with_ticket("/guide/?a=1&ticket=old&b=2", "T"),
            "/guide/?a=1&b=2&ticket=T"
        );
        assert_eq!(with_ticket("/x?a=1#top", "T"), "/x?a=1&ticket=T#top");
    }

    /// A value as the page's template splices it.
    fn escape(value: &str) -> String {
        html! { (value) }.into_string()
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape("\"><script>"), "&quot;&gt;&lt;script&gt;");
    }

    #[test]
    fn the_redirect_and_the_name_are_escaped_in_the_page() {
        let page =
            login_page("/guide/?a=1&b=\"><script>alert('x')</script>", "王<b>\"'&").into_string();
        assert!(
            page.contains(
                "<input type=\"hidden\" name=\"redirect\" value=\"/guide/?a=1&amp;b=&quot;&gt;&lt;script&gt;alert('x')&lt;/script&gt;\">"
            ),
            "{page}"
        );
        assert!(
            page.contains(
                "以 王&lt;b&gt;&quot;'&amp; 的身份登录 / Log in as 王&lt;b&gt;&quot;'&amp;</button>"
            ),
            "{page}"
        );
        assert!(!page.contains("<script") && !page.contains("<b>"), "{page}");
    }
}
