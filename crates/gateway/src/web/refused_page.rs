//! The page a refused rating link gets (403) instead of the widget: its
//! header and error box in the page's language, with the widget's
//! stylesheet, so no rating form ever appears for it.

use hcp_protocol::Lang;
use hcp_protocol::link::LinkRefusal;
use html_escape::encode_quoted_attribute as escape_html;

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
    let css = stylesheet
        .map(|href| format!("<link rel=\"stylesheet\" href=\"{}\">", escape_html(href)))
        .unwrap_or_default();
    let class = if elder { "hcp hcp--elder" } else { "hcp" };
    format!(
        "<!doctype html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title} - {product}</title>\n<link rel=\"icon\" href=\"data:,\">\n{css}\n</head>\n<body>\n<div class=\"{class}\">\n<header class=\"hcp-head\"><h1 class=\"hcp-head__title\">{title}</h1></header>\n<main class=\"hcp-main\"><div class=\"hcp-problem\" role=\"alert\"><p>{message}</p></div></main>\n</div>\n</body>\n</html>\n",
        message = escape_html(refusal.message(lang)),
    )
}
