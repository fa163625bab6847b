//! The page a refused rating link gets (403) instead of the widget: its
//! header and error box in the page's language, with the widget's
//! stylesheet, so no rating form ever appears for it.

use crate::web::html::{DOCTYPE, html};
use hcp_protocol::Lang;
use hcp_protocol::link::LinkRefusal;

/// The page shown for a refused link: the widget's header and error box
/// (its classes, its stylesheet), in `lang`, large print with `elder`.
/// Nothing from the URL is in it.
pub fn refusal_page(
    refusal: LinkRefusal,
    lang: Lang,
    elder: bool,
    stylesheet: Option<&str>,
) -> String {
    let (html_lang, title, product) = match lang {
        Lang::Zh => ("zh-CN", "评价链接无法使用", "政务服务好差评"),
        Lang::En => (
            "en",
            "This rating link cannot be used",
            "Government Service Rating",
        ),
    };
    // No inline script or style: the rating entry's CSP, which this page is
    // served with, allows neither.
    html! {
        (DOCTYPE)
        html lang=(html_lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover";
                meta name="robots" content="noindex";
                title { (title) " - " (product) }
                link rel="icon" href="data:,";
                @if let Some(href) = stylesheet {
                    link rel="stylesheet" href=(href);
                }
            }
            body {
                div.hcp.hcp--elder[elder] {
                    header class="hcp-head" {
                        h1 class="hcp-head__title" { (title) }
                    }
                    main class="hcp-main" {
                        div class="hcp-problem" role="alert" {
                            p { (refusal.message(lang)) }
                        }
                    }
                }
            }
        }
    }
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheets_name_is_escaped() {
        let page = refusal_page(
            LinkRefusal::Unsigned,
            Lang::Zh,
            false,
            Some("/w.css\"><script>alert('x')</script>&"),
        );
        assert!(
            page.contains("<link rel=\"stylesheet\" href=\"/w.css&quot;&gt;&lt;script&gt;alert('x')&lt;/script&gt;&amp;\">"),
            "{page}"
        );
        assert!(!page.contains("<script"), "{page}");
        assert!(page.contains("<div class=\"hcp\">"), "{page}");
    }

    #[test]
    fn every_refusal_in_both_languages_is_its_message_escaped() {
        for refusal in [
            LinkRefusal::Unsigned,
            LinkRefusal::Malformed,
            LinkRefusal::Altered,
            LinkRefusal::Expired,
            LinkRefusal::TooLong,
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let page = refusal_page(refusal, lang, true, None);
                let message = html! { (refusal.message(lang)) }.into_string();
                assert!(
                    page.contains("<div class=\"hcp hcp--elder\"><header class=\"hcp-head\">"),
                    "{page}"
                );
                assert!(
                    page.contains(&format!("role=\"alert\"><p>{message}</p></div>")),
                    "{page}"
                );
            }
        }
    }
}
