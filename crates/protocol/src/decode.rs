//! The decoding rules of SPEC §2 for base64 page parameters.
//!
//! Portals encode a field as base64 of either UTF-8 text, JavaScript `escape()`
//! output (`%u5F20%u4E09`) or `encodeURIComponent()` output (`%E5%BC%A0`). The
//! base64 itself may use the standard or URL-safe alphabet, padded or not, and
//! may have lost its `+` to form decoding (which turns `+` into a space).

use base64::Engine as _;

use crate::error::Problem;

/// Decodes a base64 parameter to text, following every rule of SPEC §2.
///
/// The result is the citizen-visible text: it has no control characters, and it
/// is never HTML; callers render it as text.
pub fn base64_text(raw: &str) -> Result<String, Problem> {
    let bytes = base64_bytes(raw)?;
    let text = String::from_utf8(bytes).map_err(|_| Problem::NotUtf8)?;
    let text = unescape(&text)?;
    if text.chars().any(char::is_control) {
        return Err(Problem::ControlChars);
    }
    Ok(text)
}

/// Decodes base64 in either alphabet, padded or not, with `+` that became a
/// space restored and line breaks (MIME encoders) ignored.
pub fn base64_bytes(raw: &str) -> Result<Vec<u8>, Problem> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n' | '\t'))
        .map(|c| if c == ' ' { '+' } else { c })
        .collect();
    let cleaned = cleaned.trim_end_matches('=');
    if cleaned.is_empty() {
        return Err(Problem::Empty);
    }
    let url_safe = cleaned.contains(['-', '_']);
    if url_safe && cleaned.contains(['+', '/']) {
        return Err(Problem::NotBase64);
    }
    decode_unpadded(cleaned.as_bytes(), url_safe).ok_or(Problem::NotBase64)
}

/// Decodes unpadded base64 in one alphabet, leniently: leftover bits in the
/// last digit are ignored, as portals' encoders do not always clear them.
///
/// Hand-written rather than the `base64` crate's decoder (which the encoder
/// below still uses): the widget runs this on every page, and the crate's
/// general engine is several times the size of these lines in its wasm.
fn decode_unpadded(digits: &[u8], url_safe: bool) -> Option<Vec<u8>> {
    // One digit alone cannot hold a byte.
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    for group in digits.chunks(4) {
        let mut bits = 0u32;
        for (i, &d) in group.iter().enumerate() {
            bits |= base64_digit(d, url_safe)? << (18 - 6 * i);
        }
        // 2, 3 or 4 digits carry 1, 2 or 3 bytes.
        out.extend_from_slice(&bits.to_be_bytes()[1..group.len()]);
    }
    Some(out)
}

/// A base64 digit's value in the standard (`+/`) or URL-safe (`-_`) alphabet.
fn base64_digit(d: u8, url_safe: bool) -> Option<u32> {
    let v = match d {
        b'A'..=b'Z' => d - b'A',
        b'a'..=b'z' => d - b'a' + 26,
        b'0'..=b'9' => d - b'0' + 52,
        b'+' if !url_safe => 62,
        b'/' if !url_safe => 63,
        b'-' if url_safe => 62,
        b'_' if url_safe => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Encodes text as standard padded base64 (what portals most often send).
pub fn encode_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Undoes `escape()` or `encodeURIComponent()` when the text is such output.
///
/// - Any `%uXXXX` means `escape()` form: `%uXXXX` are UTF-16 code units and
///   `%XX` are Latin-1 characters; a malformed escape is an error.
/// - Otherwise, if every `%` starts a `%XX` escape, the escapes are bytes: UTF-8
///   bytes mean `encodeURIComponent()`, anything else `escape()`'s Latin-1.
/// - Otherwise (a lone `%`, as in "100%满意") the text is plain and kept as is.
pub fn unescape(text: &str) -> Result<String, Problem> {
    if !text.contains('%') {
        return Ok(text.to_string());
    }
    if has_unicode_escape(text) {
        return unescape_js(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            match (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                }
                // A percent sign that is not an escape: the text is not encoded.
                _ => return Ok(text.to_string()),
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    match String::from_utf8(out) {
        Ok(s) => Ok(s),
        // Not UTF-8, so escape()'s Latin-1: each %XX is one character, and the
        // characters around the escapes stay as they are (as JavaScript's
        // unescape() does), rather than being read as Latin-1 bytes too.
        Err(_) => Ok(unescape_latin1(text)),
    }
}

/// Decodes `%XX` escapes as Latin-1 characters, keeping every other character.
/// The caller has checked that every `%` starts a `%XX` escape.
fn unescape_latin1(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let b = rest.as_bytes();
        match (b.get(i + 1).and_then(hex), b.get(i + 2).and_then(hex)) {
            (Some(h), Some(l)) => {
                out.push(char::from(h << 4 | l));
                // Both digits are ASCII, so this is a character boundary.
                rest = &rest[i + 3..];
            }
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// JavaScript's `escape()`: keeps `A–Z a–z 0–9 @*_+-./`, writes other
/// characters below U+0100 as `%XX` and the rest as `%uXXXX` UTF-16 units.
pub fn js_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "@*_+-./".contains(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("%u{unit:04X}"));
            }
        }
    }
    out
}

/// JavaScript's `encodeURIComponent()`: keeps `A–Z a–z 0–9 -_.!~*'()`, writes
/// every other UTF-8 byte as `%XX`.
pub fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn has_unicode_escape(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(6).any(|w| {
        w[0] == b'%' && (w[1] == b'u' || w[1] == b'U') && w[2..].iter().all(|c| hex(c).is_some())
    })
}

/// Decodes JavaScript `escape()` output: `%uXXXX` UTF-16 units and `%XX` Latin-1.
fn unescape_js(text: &str) -> Result<String, Problem> {
    let mut units: Vec<u16> = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            let mut buf = [0u16; 2];
            units.extend_from_slice(c.encode_utf16(&mut buf));
            continue;
        }
        let unicode = matches!(chars.peek(), Some('u' | 'U'));
        if unicode {
            chars.next();
        }
        let digits = if unicode { 4 } else { 2 };
        let mut value: u16 = 0;
        for _ in 0..digits {
            let d = chars
                .next()
                .and_then(|c| c.to_digit(16))
                .ok_or(Problem::BadEscape)?;
            value = value << 4 | d as u16;
        }
        units.push(value);
    }
    String::from_utf16(&units).map_err(|_| Problem::BadEscape)
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_qr_worker_name_is_zhang_san() {
        // seeds/README.md: base64 of the escape() form of 张三.
        assert_eq!(base64_text("JXU1RjIwJXU0RTA5").as_deref(), Ok("张三"));
    }

    #[test]
    fn plain_utf8_both_alphabets_padding_and_lost_plus() {
        let text = "测试事项yx_证照?>";
        let std = encode_base64(text);
        assert!(std.contains('+') || std.contains('/') || std.ends_with('='));
        assert_eq!(base64_text(&std).as_deref(), Ok(text));
        assert_eq!(base64_text(std.trim_end_matches('=')).as_deref(), Ok(text));
        let url = std.replace('+', "-").replace('/', "_");
        assert_eq!(base64_text(&url).as_deref(), Ok(text));
        assert_eq!(base64_text(&std.replace('+', " ")).as_deref(), Ok(text));
    }

    #[test]
    fn encode_uri_component_form() {
        let b = encode_base64("%E5%BC%A0%E4%B8%89%20A");
        assert_eq!(base64_text(&b).as_deref(), Ok("张三 A"));
    }

    #[test]
    fn escape_latin1_and_surrogates() {
        assert_eq!(unescape("caf%E9").as_deref(), Ok("café"));
        assert_eq!(unescape("%uD83D%uDE00%20ok").as_deref(), Ok("😀 ok"));
        assert_eq!(unescape("%u5F20%2"), Err(Problem::BadEscape));
        assert_eq!(unescape("%uD83D"), Err(Problem::BadEscape));
    }

    #[test]
    fn js_escape_matches_javascript() {
        // escape("张三 a+b/é😀") in a browser:
        assert_eq!(
            js_escape("张三 a+b/é😀"),
            "%u5F20%u4E09%20a+b/%E9%uD83D%uDE00"
        );
        assert_eq!(
            unescape(&js_escape("张三 a+b/é😀")).as_deref(),
            Ok("张三 a+b/é😀")
        );
    }

    #[test]
    fn a_lone_percent_is_plain_text() {
        assert_eq!(unescape("100%满意").as_deref(), Ok("100%满意"));
        assert_eq!(unescape("50%").as_deref(), Ok("50%"));
    }

    #[test]
    fn the_decoder_agrees_with_the_base64_crate() {
        use base64::alphabet;
        use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
        const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true);
        let engines = [
            (false, GeneralPurpose::new(&alphabet::STANDARD, LENIENT)),
            (true, GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT)),
        ];
        // Every string of up to 3 symbols from a set with digits of both
        // alphabets, padding and junk, and longer ones built from them.
        let symbols: Vec<char> = "AQgw/_+-=9z!".chars().collect();
        let mut inputs = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = inputs
                .iter()
                .flat_map(|s| symbols.iter().map(move |c| format!("{s}{c}")))
                .collect();
            inputs.extend(longer);
        }
        let more: Vec<String> = inputs.iter().map(|s| format!("5byg5LiJ{s}")).collect();
        inputs.extend(more);
        for input in &inputs {
            // As base64_bytes calls it: trailing padding already gone.
            let input = input.trim_end_matches('=');
            for (url_safe, engine) in &engines {
                assert_eq!(
                    decode_unpadded(input.as_bytes(), *url_safe),
                    engine.decode(input).ok(),
                    "{input:?} url_safe={url_safe}"
                );
            }
        }
    }

    #[test]
    fn errors() {
        assert_eq!(base64_text(""), Err(Problem::Empty));
        assert_eq!(base64_text("==="), Err(Problem::Empty));
        assert_eq!(base64_text("!!!!"), Err(Problem::NotBase64));
        assert_eq!(base64_text("a+b_"), Err(Problem::NotBase64));
        assert_eq!(base64_text("A"), Err(Problem::NotBase64));
        assert_eq!(
            base64_text(&encode_base64("\u{0}x")),
            Err(Problem::ControlChars)
        );
        assert_eq!(base64_text("/w"), Err(Problem::NotUtf8));
    }
}
