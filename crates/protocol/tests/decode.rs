//! The decoding rules of SPEC §2 by example: base64 alphabets and padding,
//! `+` lost to form decoding, and the three text forms (UTF-8, `escape()`,
//! `encodeURIComponent()`). The property tests in `props.rs` generalise these.

mod common;

use common::{
    B64Style, TextForm, b64, b64_styled, encode_uri_component, escape_is_ambiguous,
    plain_text_is_unambiguous,
};
use hcp_protocol::decode::{base64_bytes, base64_text, encode_base64, js_escape, unescape};
use hcp_protocol::error::Problem;

#[test]
fn the_independent_encoders_match_javascript() {
    // Values from a browser console.
    assert_eq!(common::js_escape("张三"), "%u5F20%u4E09");
    assert_eq!(common::js_escape("a b+c/é😀"), "a%20b+c/%E9%uD83D%uDE00");
    assert_eq!(encode_uri_component("张三"), "%E5%BC%A0%E4%B8%89");
    assert_eq!(encode_uri_component("a b+c/é!"), "a%20b%2Bc%2F%C3%A9!");
    // seeds/README.md: JXU1RjIwJXU0RTA5 is base64 of escape("张三").
    assert_eq!(
        b64_styled("张三", TextForm::Escape, B64Style::PLAIN),
        "JXU1RjIwJXU0RTA5"
    );
    assert!(escape_is_ambiguous("Ã©"));
    assert!(!escape_is_ambiguous("é"));
    assert!(!escape_is_ambiguous("张Ã©"));
    assert!(plain_text_is_unambiguous("100%满意"));
    assert!(!plain_text_is_unambiguous("%41"));
    assert!(!plain_text_is_unambiguous("x%u4E09 100%"));
    assert!(plain_text_is_unambiguous("张三"));
}

#[test]
fn the_crate_s_encoders_match_the_independent_ones() {
    for t in [
        "张三",
        "a b+c/é😀",
        "@*_+-./",
        "~!#$%^&()",
        "\u{FFFF}\u{10000}",
        "ÿ\u{100}",
    ] {
        assert_eq!(js_escape(t), common::js_escape(t), "{t}");
        assert_eq!(
            hcp_protocol::decode::encode_uri_component(t),
            encode_uri_component(t),
            "{t}"
        );
    }
}

#[test]
fn the_readme_example() {
    assert_eq!(base64_text("JXU1RjIwJXU0RTA5").as_deref(), Ok("张三"));
}

#[test]
fn every_alphabet_padding_and_lost_plus() {
    // "测试?>?事项yx" has `+`, `/` and padding in standard base64.
    let text = "测试?>?事项yx";
    let std = b64(text);
    assert!(
        std.contains('+') && std.contains('/') && std.ends_with('='),
        "{std}"
    );
    for form in [TextForm::Utf8, TextForm::Escape, TextForm::UriComponent] {
        for url_safe in [false, true] {
            for padded in [false, true] {
                for plus_to_space in [false, true] {
                    let style = B64Style {
                        url_safe,
                        padded,
                        plus_to_space,
                    };
                    let v = b64_styled(text, form, style);
                    assert_eq!(
                        base64_text(&v).as_deref(),
                        Ok(text),
                        "{form:?} {style:?} {v}"
                    );
                }
            }
        }
    }
}

#[test]
fn line_breaks_of_mime_encoders_are_ignored() {
    assert_eq!(base64_text("5byg\r\n5LiJ").as_deref(), Ok("张三"));
    assert_eq!(base64_text("5byg\n5LiJ\n").as_deref(), Ok("张三"));
}

#[test]
fn encode_uri_component_output() {
    assert_eq!(
        base64_text(&b64("%E5%BC%A0%E4%B8%89")).as_deref(),
        Ok("张三")
    );
    // Lowercase hex is accepted too.
    assert_eq!(
        base64_text(&b64("%e5%bc%a0%e4%b8%89")).as_deref(),
        Ok("张三")
    );
    // `%2B` is a plus, `+` itself stays a plus (only form decoding turns it into a space).
    assert_eq!(base64_text(&b64("a%2Bb+c")).as_deref(), Ok("a+b+c"));
}

#[test]
fn escape_output() {
    assert_eq!(unescape("%u5F20%u4E09").as_deref(), Ok("张三"));
    assert_eq!(unescape("%u5f20%U4E09").as_deref(), Ok("张三"));
    assert_eq!(unescape("caf%E9").as_deref(), Ok("café"));
    assert_eq!(unescape("%uD83D%uDE00").as_deref(), Ok("😀"));
    assert_eq!(unescape("%u5F20 %41").as_deref(), Ok("张 A"));
}

#[test]
fn literal_characters_next_to_escapes_are_kept() {
    // JavaScript's unescape("张%E9") is "张é": characters that are not escapes
    // stay as they are, whatever the escapes decode to.
    assert_eq!(unescape("张%E9").as_deref(), Ok("张é"));
    assert_eq!(unescape("张三%A0%E9").as_deref(), Ok("张三\u{a0}é"));
    assert_eq!(base64_text(&b64("张三 %E9")).as_deref(), Ok("张三 é"));
    // Escapes that are UTF-8 are read as encodeURIComponent() output.
    assert_eq!(unescape("张%E4%B8%89").as_deref(), Ok("张三"));
    assert_eq!(unescape("%u5F20三").as_deref(), Ok("张三"));
}

#[test]
fn a_percent_that_is_not_an_escape_leaves_the_text_plain() {
    for t in [
        "100%满意",
        "50%",
        "%",
        "%%",
        "a%zz",
        "%E",
        "满意度 100% %E9",
    ] {
        assert_eq!(unescape(t).as_deref(), Ok(t), "{t}");
        assert_eq!(base64_text(&b64(t)).as_deref(), Ok(t), "{t}");
    }
}

#[test]
fn malformed_escapes_are_errors() {
    for t in [
        "%u5F20%2",
        "%u5F20%",
        "%u5F20%uZZZZ",
        "%uD83D",
        "%uDE00%uD83D",
        "%u5F20 100%",
    ] {
        assert_eq!(unescape(t), Err(Problem::BadEscape), "{t}");
    }
}

#[test]
fn errors() {
    assert_eq!(base64_text(""), Err(Problem::Empty));
    assert_eq!(base64_text("=="), Err(Problem::Empty));
    assert_eq!(base64_text("\n"), Err(Problem::Empty));
    assert_eq!(base64_text("!!!!"), Err(Problem::NotBase64));
    // A UTF-8 sequence cut short.
    assert_eq!(base64_text("5byg5Li="), Err(Problem::NotUtf8));
    assert_eq!(base64_text("a+b_"), Err(Problem::NotBase64));
    assert_eq!(base64_text("A"), Err(Problem::NotBase64));
    assert_eq!(base64_text("5byg=5LiJ"), Err(Problem::NotBase64));
    assert_eq!(base64_text("5byg5LiJ%"), Err(Problem::NotBase64));
    assert_eq!(base64_text("5byg5LiJ张"), Err(Problem::NotBase64));
    assert_eq!(base64_text("/w"), Err(Problem::NotUtf8));
    assert_eq!(base64_text(&b64("a\u{0}")), Err(Problem::ControlChars));
    assert_eq!(base64_text(&b64("%0A")), Err(Problem::ControlChars));
    assert_eq!(base64_text(&b64("%u0085")), Err(Problem::ControlChars));
    assert_eq!(base64_text(&b64("%C2%85")), Err(Problem::ControlChars));
    assert_eq!(base64_bytes("AAEC").as_deref(), Ok(&[0u8, 1, 2][..]));
    assert_eq!(encode_base64("张三"), "5byg5LiJ");
}
