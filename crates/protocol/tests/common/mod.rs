//! Helpers shared by the integration tests: independent encoders (written here
//! from the JavaScript and RFC 4648 definitions, not taken from the crate under
//! test) and URL builders.

#![allow(dead_code)]

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

/// How a portal turned a text into bytes before base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextForm {
    /// The UTF-8 bytes of the text.
    Utf8,
    /// JavaScript `escape(text)`.
    Escape,
    /// JavaScript `encodeURIComponent(text)`.
    UriComponent,
}

/// How a portal wrote the base64, and what form decoding did to it afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct B64Style {
    /// URL-safe alphabet (`-_`) instead of the standard one (`+/`).
    pub url_safe: bool,
    /// With `=` padding.
    pub padded: bool,
    /// Every `+` turned into a space (what form decoding of a raw `+` does).
    pub plus_to_space: bool,
}

impl B64Style {
    /// Standard, padded, untouched.
    pub const PLAIN: B64Style = B64Style {
        url_safe: false,
        padded: true,
        plus_to_space: false,
    };
}

/// JavaScript `escape()`, from ECMA-262 B.2.1.1: keeps `A–Z a–z 0–9 @*_+-./`,
/// writes other code units below 256 as `%XX`, the rest as `%uXXXX`.
pub fn js_escape(text: &str) -> String {
    const KEEP: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@*_+-./";
    let mut out = String::new();
    for unit in text.encode_utf16() {
        if unit < 128 && KEEP.contains(char::from(unit as u8)) {
            out.push(char::from(unit as u8));
        } else if unit < 256 {
            out.push_str(&format!("%{unit:02X}"));
        } else {
            out.push_str(&format!("%u{unit:04X}"));
        }
    }
    out
}

/// JavaScript `encodeURIComponent()`, from ECMA-262: keeps `A–Z a–z 0–9 -_.!~*'()`,
/// writes every other UTF-8 byte as `%XX`.
pub fn encode_uri_component(text: &str) -> String {
    const KEEP: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";
    let mut out = String::new();
    for b in text.bytes() {
        if b < 128 && KEEP.contains(char::from(b)) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The text in the given form.
pub fn text_form(text: &str, form: TextForm) -> String {
    match form {
        TextForm::Utf8 => text.to_string(),
        TextForm::Escape => js_escape(text),
        TextForm::UriComponent => encode_uri_component(text),
    }
}

/// base64 of `bytes` in the given style.
pub fn b64_bytes_styled(bytes: &[u8], style: B64Style) -> String {
    let s = match (style.url_safe, style.padded) {
        (false, true) => STANDARD.encode(bytes),
        (false, false) => STANDARD_NO_PAD.encode(bytes),
        (true, true) => URL_SAFE.encode(bytes),
        (true, false) => URL_SAFE_NO_PAD.encode(bytes),
    };
    if style.plus_to_space {
        s.replace('+', " ")
    } else {
        s
    }
}

/// base64 of the text in the given form and style.
pub fn b64_styled(text: &str, form: TextForm, style: B64Style) -> String {
    b64_bytes_styled(text_form(text, form).as_bytes(), style)
}

/// Standard padded base64 of the UTF-8 text (what most portals send).
pub fn b64(text: &str) -> String {
    STANDARD.encode(text)
}

/// A page link's parameters, in order, as owned pairs.
#[derive(Debug, Clone, Default)]
pub struct Link(pub Vec<(String, String)>);

impl Link {
    /// From `(key, value)` pairs.
    pub fn new(pairs: &[(&str, &str)]) -> Link {
        Link(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// Without `key`.
    pub fn without(&self, key: &str) -> Link {
        Link(self.0.iter().filter(|(k, _)| k != key).cloned().collect())
    }

    /// With `key` set to `value` (replaced in place, or appended).
    pub fn with(&self, key: &str, value: &str) -> Link {
        let mut out = self.clone();
        match out.0.iter_mut().find(|(k, _)| k == key) {
            Some(p) => p.1 = value.to_string(),
            None => out.0.push((key.to_string(), value.to_string())),
        }
        out
    }

    /// The query string with every value percent-encoded, as a careful portal writes it.
    pub fn query(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.0)
            .finish()
    }

    /// The query string with values written raw (`+`, `/` and `=` unescaped), as
    /// careless portals do; only `&`, `#` and `%` would break it, and base64 has none.
    pub fn raw_query(&self) -> String {
        self.0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The parameter names, in order.
    pub fn keys(&self) -> Vec<String> {
        self.0.iter().map(|(k, _)| k.clone()).collect()
    }
}

/// Whether decoding `plain` text (not encoded by the portal) as a base64 field
/// must give it back unchanged under SPEC §2's rules. Text that itself looks
/// like `escape()`/`encodeURIComponent()` output is ambiguous and is decoded:
/// `%uXXXX` anywhere, or every `%` followed by two hex digits.
pub fn plain_text_is_unambiguous(plain: &str) -> bool {
    let b = plain.as_bytes();
    let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
    let mut lone_percent = false;
    for (i, &c) in b.iter().enumerate() {
        if c != b'%' {
            continue;
        }
        if matches!(b.get(i + 1), Some(b'u' | b'U')) && (2..6).all(|k| hex(i + k)) {
            return false;
        }
        if !(hex(i + 1) && hex(i + 2)) {
            lone_percent = true;
        }
    }
    !plain.contains('%') || lone_percent
}

/// Whether `escape(text)` is ambiguous with `encodeURIComponent()` output:
/// only Latin-1 characters, some beyond ASCII, whose Latin-1 bytes happen to be
/// valid UTF-8 (`"Ã©"` escapes to `%C3%A9`, which is also `encodeURIComponent("é")`).
pub fn escape_is_ambiguous(text: &str) -> bool {
    if text.is_ascii() || text.chars().any(|c| u32::from(c) > 0xFF) {
        return false;
    }
    let latin1: Vec<u8> = text.chars().map(|c| u32::from(c) as u8).collect();
    std::str::from_utf8(&latin1).is_ok()
}
