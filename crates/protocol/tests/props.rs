//! Property tests of the decoders and codecs.
//!
//! - SPEC §2 decoding: any text, in any of the three text forms, in any base64
//!   style, decodes back to the text (also through a page link).
//! - QR: generated valid Liaoning and Guangdong messages parse, and build back
//!   to themselves; built messages parse back to their parts.
//! - The parsers never panic, whatever the input, and every failure names a field.
//! - `Query` finds what a form encoder wrote; `Remark`/`Name` count characters;
//!   `Stars`, `EvalProcess` and `TagType` accept exactly their ranges.

mod common;

use common::{
    B64Style, Link, TextForm, b64, b64_styled, escape_is_ambiguous, plain_text_is_unambiguous,
};
use hcp_protocol::decode::{base64_bytes, base64_text, unescape};
use hcp_protocol::error::{Lang, Problem};
use hcp_protocol::params::{Query, without_key};
use hcp_protocol::qr::{GuangdongQr, LiaoningQr};
use hcp_protocol::types::{Name, PersonName, TagType};
use hcp_protocol::{EvalProcess, PageOptions, PageParams, QrMsg, Remark, Route, Stars};
use proptest::prelude::*;

// ------------------------------------------------------------------ strategies

/// Texts without control characters, weighted towards what breaks decoders:
/// CJK, Latin-1 (escape()'s `%XX` range), astral characters (surrogate pairs),
/// `%` signs, `+` and `/`.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{1,40}",
        2 => "[\\u{4e00}-\\u{9fff}A-Za-z0-9 ·]{1,20}",
        2 => "[\\u{a0}-\\u{ff}a-z]{1,12}",
        2 => "[\\u{1F300}-\\u{1FAFF}\\u{10000}-\\u{10FFFF}张a]{1,8}",
        2 => "[%uU0-9A-Fa-f张+/ ]{1,20}",
        1 => "[ -~]{1,30}",
    ]
}

/// Any string at all, control characters and unassigned code points included.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

fn form() -> impl Strategy<Value = TextForm> {
    prop_oneof![
        Just(TextForm::Utf8),
        Just(TextForm::Escape),
        Just(TextForm::UriComponent)
    ]
}

fn style() -> impl Strategy<Value = B64Style> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(url_safe, padded, plus_to_space)| {
        B64Style {
            url_safe,
            padded,
            plus_to_space,
        }
    })
}

/// Whether `t` in `form` is unambiguous, so that decoding must give `t` back.
fn unambiguous(t: &str, form: TextForm) -> bool {
    match form {
        TextForm::Utf8 => plain_text_is_unambiguous(t),
        TextForm::Escape => !escape_is_ambiguous(t),
        TextForm::UriComponent => true,
    }
}

/// A display name that `Name` accepts: not blank, at most 100 characters.
fn name() -> impl Strategy<Value = String> {
    text().prop_filter("names are not blank", |t| {
        !t.trim().is_empty() && t.chars().count() <= 100
    })
}

/// A raw query string made of the pages' own parameter names (and `lang`,
/// `offLine`, ...) with hostile values, to get past "missing" into the checks.
fn page_query() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "appCode",
        "channel",
        "affairCode",
        "affairName",
        "departmentCode",
        "evalEntityCode",
        "evalProcess",
        "affairSerialNo",
        "affairSerialNos",
        "hallCode",
        "workerNo",
        "workerName",
        "userName",
        "contactPhone",
        "certificateNo",
        "offLine",
        "msg",
        "lang",
        "elder",
        "ticket",
        "returnUrl",
    ]);
    let value = prop_oneof![
        any_text(24),
        text().prop_map(|t| b64(&t)),
        any_text(16).prop_map(|t| b64(&t)),
        "[A-Za-z0-9+/=_ %-]{0,40}",
        prop::sample::select(vec![
            "web",
            "hallAffair",
            "egovAffair",
            "egovGuide",
            "1",
            "2",
            "3",
            "",
            "en",
            "张",
        ])
        .prop_map(str::to_string),
    ];
    proptest::collection::vec((key, value), 0..16).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// A `msg` with 5 to 9 segments joined by `_` or `-`, segments hostile.
fn qr_like() -> impl Strategy<Value = String> {
    let seg = prop_oneof![
        "[A-Za-z0-9]{0,12}",
        "[A-Za-z0-9+/=_-]{0,16}",
        any_text(8),
        text().prop_map(|t| b64(&t)),
        prop::sample::select(vec!["1", "2", "01", "+2", "02", "0"]).prop_map(str::to_string),
    ];
    (
        proptest::collection::vec(seg, 1..10),
        prop::sample::select(vec!["_", "-"]),
    )
        .prop_map(|(segs, sep)| segs.join(sep))
}

const ALNUM: &str = "[A-Za-z0-9]{1,10}";

/// A case number as the provinces write them: groups joined by `-`.
fn case_no() -> impl Strategy<Value = String> {
    "[0-9A-Za-z]{1,10}(-[0-9A-Za-z]{1,12}){0,3}"
}

fn eval_process() -> impl Strategy<Value = EvalProcess> {
    prop_oneof![Just(EvalProcess::Accepted), Just(EvalProcess::Done)]
}

// ------------------------------------------------------------------ decoding

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, max_global_rejects: 8192, ..ProptestConfig::default() })]

    /// SPEC §2: for any text t without control characters, base64 of
    /// (UTF-8 t | escape(t) | encodeURIComponent(t)) in (standard | URL-safe) ×
    /// (padded | unpadded) × (with `+` turned into a space) decodes to t.
    #[test]
    fn base64_of_every_form_decodes_to_the_text(t in text(), form in form(), style in style()) {
        prop_assume!(unambiguous(&t, form));
        let v = b64_styled(&t, form, style);
        prop_assert_eq!(base64_text(&v), Ok(t));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, max_global_rejects: 8192, ..ProptestConfig::default() })]

    /// The same through a page link, percent-encoded by a careful portal or
    /// written raw by a careless one.
    #[test]
    fn a_name_survives_a_page_link(t in name(), form in form(), style in style(), raw in any::<bool>()) {
        prop_assume!(unambiguous(&t, form));
        let (code, dept) = (b64("11211282001198258E4000109040000"), b64("11211282001198258E"));
        let link = Link::new(&[
            ("affairName", &b64_styled(&t, form, style)),
            ("affairCode", &code),
            ("departmentCode", &dept),
            ("appCode", "jianhang"),
            ("channel", "web"),
            ("evalEntityCode", "egovGuide"),
            ("evalProcess", "1"),
        ]);
        let q = if raw { link.raw_query() } else { link.query() };
        match PageParams::parse(Route::Guide, &q) {
            Ok(PageParams::Guide(g)) => prop_assert_eq!(g.affair_name.as_str(), t.as_str()),
            other => prop_assert!(false, "{:?} for {}", other, q),
        }
    }

    /// Whatever the bytes, decoded text never carries a control character.
    #[test]
    fn decoded_text_never_has_control_characters(bytes in proptest::collection::vec(any::<u8>(), 1..48), style in style()) {
        let v = common::b64_bytes_styled(&bytes, style);
        if let Ok(t) = base64_text(&v) {
            prop_assert!(!t.chars().any(char::is_control), "{:?}", t);
        }
        // And the bytes themselves always come back.
        prop_assert_eq!(base64_bytes(&v), Ok(bytes));
    }

    /// Text with no `%` is never changed by unescaping.
    #[test]
    fn text_without_percent_is_untouched(t in any_text(40)) {
        prop_assume!(!t.contains('%'));
        prop_assert_eq!(unescape(&t), Ok(t));
    }

    /// JavaScript's unescape() keeps literal characters: a literal prefix and
    /// escape() of a suffix decode to prefix + suffix, unless the escapes alone
    /// are UTF-8 (then they are read as encodeURIComponent() output).
    #[test]
    fn literal_prefix_and_escaped_suffix(prefix in "[\\u{4e00}-\\u{9fff}a-z]{1,6}", suffix in text()) {
        prop_assume!(!escape_is_ambiguous(&suffix));
        let mixed = format!("{prefix}{}", common::js_escape(&suffix));
        prop_assert_eq!(unescape(&mixed), Ok(format!("{prefix}{suffix}")));
    }
}

// ------------------------------------------------------------------ QR codec

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, max_global_rejects: 8192, ..ProptestConfig::default() })]

    /// Generated valid Liaoning msgs parse into their parts and build back to
    /// the very same string, whatever encoding the name had.
    #[test]
    fn liaoning_parse_then_build_is_identity(
        app in ALNUM, work in ALNUM, name in name(), form in form(), style in style(),
        hall in "[0-9]{1,20}", case in case_no(), code in "[0-9A-Z]{1,32}", ep in eval_process(),
    ) {
        prop_assume!(unambiguous(&name, form));
        let name_b64 = b64_styled(&name, form, style);
        let msg = [app.as_str(), &work, &name_b64, &hall, &case, &code, &ep.get().to_string()].join("_");
        let q = QrMsg::parse(&msg).map_err(|e| TestCaseError::fail(format!("{msg} failed: {e}")))?;
        prop_assert!(matches!(q, QrMsg::Liaoning(_)));
        prop_assert_eq!(q.app_code().as_str(), app.as_str());
        prop_assert_eq!(q.work_no().as_str(), work.as_str());
        prop_assert_eq!(q.worker_name().map(PersonName::as_str), Some(name.as_str()));
        prop_assert_eq!(q.hall_code().as_str(), hall.as_str());
        prop_assert_eq!(q.affair_serial_no().as_str(), case.as_str());
        prop_assert_eq!(q.affair_code().as_str(), code.as_str());
        prop_assert_eq!(q.eval_process(), ep);
        prop_assert_eq!(q.build(), msg.clone());
        // And through the page.
        let page = PageParams::parse(Route::RatingDynamic, &Link::new(&[("msg", &msg)]).query());
        prop_assert_eq!(page, Ok(PageParams::Dynamic(q)));
    }

    /// Built from parts, a Liaoning msg parses back to the same parts.
    #[test]
    fn liaoning_build_then_parse_gives_the_parts(
        app in ALNUM, work in ALNUM, name in name(),
        hall in "[0-9]{1,20}", case in case_no(), code in "[0-9A-Z]{1,32}", ep in eval_process(),
    ) {
        let l = LiaoningQr::new(
            app.parse().expect("app"), work.parse().expect("work"), name.parse().expect("name"),
            hall.parse().expect("hall"), case.parse().expect("case"), code.parse().expect("code"), ep,
        );
        let msg = QrMsg::Liaoning(l.clone()).build();
        let back = QrMsg::parse(&msg);
        prop_assert_eq!(back.as_ref().ok().and_then(QrMsg::worker_name).map(PersonName::as_str), Some(name.as_str()), "{}", msg);
        prop_assert_eq!(back, Ok(QrMsg::Liaoning(l)));
    }

    /// Generated valid Guangdong msgs parse into their parts and build back.
    #[test]
    fn guangdong_parse_then_build_is_identity(
        app in ALNUM, work in ALNUM, hall in "[0-9]{1,20}", case in case_no(), code in "[0-9A-Z]{1,32}",
    ) {
        let msg = [app.as_str(), &work, &hall, &case, &code].join("-");
        let q = QrMsg::parse(&msg).map_err(|e| TestCaseError::fail(format!("{msg} failed: {e}")))?;
        prop_assert!(matches!(q, QrMsg::Guangdong(_)));
        prop_assert_eq!(q.app_code().as_str(), app.as_str());
        prop_assert_eq!(q.work_no().as_str(), work.as_str());
        prop_assert_eq!(q.hall_code().as_str(), hall.as_str());
        prop_assert_eq!(q.affair_serial_no().as_str(), case.as_str());
        prop_assert_eq!(q.affair_code().as_str(), code.as_str());
        prop_assert_eq!(q.worker_name(), None);
        prop_assert_eq!(q.build(), msg);
    }

    /// Built from parts, a Guangdong msg parses back to the same parts.
    #[test]
    fn guangdong_build_then_parse_gives_the_parts(
        app in ALNUM, work in ALNUM, hall in "[0-9]{1,20}", case in case_no(), code in "[0-9A-Z]{1,32}",
    ) {
        let g = GuangdongQr::new(
            app.parse().expect("app"),
            work.parse().expect("work"),
            hall.parse().expect("hall"),
            case.parse().expect("case"),
            code.parse().expect("code"),
        )
        .expect("no dash in the affair code");
        let msg = QrMsg::Guangdong(g.clone()).build();
        prop_assert_eq!(QrMsg::parse(&msg), Ok(QrMsg::Guangdong(g)));
    }

    /// Whatever parses, builds to a string that parses to the same value.
    #[test]
    fn whatever_parses_rebuilds(msg in qr_like()) {
        if let Ok(q) = QrMsg::parse(&msg) {
            prop_assert_eq!(QrMsg::parse(&q.build()), Ok(q.clone()));
            prop_assert_eq!(q.build(), msg);
        }
    }
}

// ------------------------------------------------------------------ never panic

/// Every failure names at least one field, with a message in both languages.
fn check_errors(r: &Result<PageParams, hcp_protocol::ParamErrors>) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert!(!e.0.is_empty());
        for f in e.iter() {
            prop_assert!(!f.field.is_empty());
            prop_assert!(!f.message(Lang::Zh).is_empty());
            prop_assert!(!f.message(Lang::En).is_empty());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn page_parsers_never_panic_on_any_string(s in any_text(200)) {
        for route in Route::ALL {
            let r = PageParams::parse(route, &s);
            check_errors(&r)?;
        }
        let _ = PageOptions::parse(&s);
        let _ = Query::parse(&s);
        let _ = without_key(&s, "ticket");
    }

    #[test]
    fn page_parsers_never_panic_on_page_like_queries(s in page_query()) {
        for route in Route::ALL {
            let r = PageParams::parse(route, &s);
            check_errors(&r)?;
            // Parsing is deterministic: the gateway and the widget agree.
            prop_assert_eq!(PageParams::parse(route, &s), r);
        }
        let _ = PageOptions::parse(&s);
    }

    #[test]
    fn qr_parser_never_panics(s in any_text(120)) {
        if let Err(e) = QrMsg::parse(&s) {
            prop_assert!(!e.0.is_empty());
        }
    }

    #[test]
    fn qr_parser_never_panics_on_qr_like_strings(s in qr_like()) {
        match QrMsg::parse(&s) {
            Ok(q) => prop_assert_eq!(q.build(), s),
            Err(e) => prop_assert!(e.iter().all(|f| f.field == "msg" || f.field.starts_with("msg."))),
        }
    }

    #[test]
    fn base64_text_never_panics(s in any_text(80)) {
        let _ = base64_text(&s);
        let _ = unescape(&s);
    }

    #[test]
    fn base64_text_never_panics_on_base64_like_strings(s in "[A-Za-z0-9+/=_ %uU\\r\\n-]{0,64}") {
        let _ = base64_text(&s);
        let _ = unescape(&s);
    }

    #[test]
    fn query_parse_never_panics(s in any_text(120), key in any_text(8)) {
        let q = Query::parse(&s);
        let _ = q.get(&key);
        // Dropping a key removes it and nothing else.
        // (Read back as a URL would carry it: after a `?`.)
        let rest = Query::parse(&format!("?{}", without_key(&s, &key)));
        prop_assert_eq!(rest.get(&key), None);
        let raw = s.strip_prefix('?').unwrap_or(&s);
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, _) = form_urlencoded::parse(pair.as_bytes()).next().unwrap_or_default();
            if k != key.as_str() {
                prop_assert!(rest.get(&k).is_some(), "{k:?} lost from {s:?}");
            }
        }
    }
}

// ------------------------------------------------------------------ Query

proptest! {
    /// `Query` finds the first value a form encoder wrote for each key.
    #[test]
    fn query_reads_what_a_form_encoder_wrote(
        pairs in proptest::collection::vec(("[a-zA-Z]{1,6}", any_text(20)), 0..8),
    ) {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .finish();
        let q = Query::parse(&format!("?{encoded}"));
        for (k, _) in &pairs {
            let first = pairs.iter().find(|(k2, _)| k2 == k).map(|(_, v)| v.as_str());
            prop_assert_eq!(q.get(k), first);
        }
    }
}

// ------------------------------------------------------------------ value types

proptest! {
    /// SPEC §3: at most 500 characters, counted as characters, not bytes.
    #[test]
    fn remark_counts_characters(t in "\\PC{0,600}") {
        let n = t.chars().count();
        match Remark::new(t.clone()) {
            Ok(r) => {
                prop_assert!(n <= 500, "{} characters accepted", n);
                prop_assert_eq!(r.chars(), n);
                prop_assert_eq!(r.as_str(), t.as_str());
            }
            Err(p) => prop_assert_eq!(p, Problem::TooLong { max: 500, actual: n }),
        }
    }

    /// Multi-byte characters: 500 of them is fine although it is up to 2000 bytes.
    #[test]
    fn remark_of_500_wide_characters_is_fine(c in "[\\u{4e00}-\\u{9fff}\\u{1F300}-\\u{1FAFF}]", extra in 0usize..3) {
        let t: String = std::iter::repeat_n(c.chars().next().unwrap_or('好'), 500 + extra).collect();
        prop_assert_eq!(Remark::new(t).is_ok(), extra == 0);
    }

    /// Line breaks are allowed in a remark; other control characters and
    /// direction controls are not.
    #[test]
    fn remark_control_characters(a in "\\PC{0,10}", c in any::<char>(), b in "\\PC{0,10}") {
        let t = format!("{a}{c}{b}");
        let ok = (!c.is_control() || c == '\n' || c == '\r')
            && !hcp_protocol::types::is_direction_control(c);
        prop_assert_eq!(Remark::new(t).is_ok(), ok);
    }

    /// Names: at most 100 characters (person names 50), counted as characters.
    #[test]
    fn name_counts_characters(t in "[\\u{4e00}-\\u{9fff}a-z\\u{1F300}-\\u{1FAFF}]{1,130}") {
        let n = t.chars().count();
        prop_assert_eq!(Name::new(t.clone()).is_ok(), n <= 100);
        // Person names are String(50) in the spec's tables.
        prop_assert_eq!(PersonName::new(t).is_ok(), n <= 50);
    }

    /// Stars: exactly 1..=5, as a number, a string, or a JSON number or string.
    #[test]
    fn stars_accept_exactly_1_to_5(n in prop_oneof![-10i64..10, any::<i64>()]) {
        let inside = (1..=5).contains(&n);
        prop_assert_eq!(Stars::try_from(n).is_ok(), inside);
        prop_assert_eq!(n.to_string().parse::<Stars>().is_ok(), inside);
        prop_assert_eq!(serde_json::from_str::<Stars>(&n.to_string()).is_ok(), inside);
        prop_assert_eq!(serde_json::from_str::<Stars>(&format!("\"{n}\"")).is_ok(), inside);
        if let Ok(s) = Stars::try_from(n) {
            prop_assert_eq!(i64::from(s.get()), n);
            prop_assert_eq!(serde_json::to_string(&s).ok(), Some(n.to_string()));
            prop_assert_eq!(s.is_bad(), n <= 2);
        }
    }

    /// EvalProcess: exactly 1 and 2.
    #[test]
    fn eval_process_accepts_exactly_1_and_2(n in prop_oneof![-10i64..10, any::<i64>()]) {
        let inside = n == 1 || n == 2;
        prop_assert_eq!(EvalProcess::try_from(n).is_ok(), inside);
        prop_assert_eq!(n.to_string().parse::<EvalProcess>().is_ok(), inside);
        prop_assert_eq!(serde_json::from_str::<EvalProcess>(&n.to_string()).is_ok(), inside);
        prop_assert_eq!(serde_json::from_str::<EvalProcess>(&format!("\"{n}\"")).is_ok(), inside);
        if let Ok(e) = EvalProcess::try_from(n) {
            prop_assert_eq!(i64::from(e.get()), n);
        }
        prop_assert_eq!(TagType::try_from(n).is_ok(), inside);
    }

    /// A star or stage field accepts only the plain decimal form of a number
    /// in range ("2", not "02", "+2" or " 2"), so it writes back as it was read.
    #[test]
    fn accepted_strings_are_exactly_the_plain_numbers(s in prop_oneof![any_text(6), "[+-]?[0-9]{1,4}", "\\PC{0,6}"]) {
        let stars = s.parse::<Stars>().ok().map(|v| v.get().to_string());
        prop_assert_eq!(stars.is_some(), ["1", "2", "3", "4", "5"].contains(&s.as_str()));
        prop_assert!(stars.is_none_or(|v| v == s));
        let stage = s.parse::<EvalProcess>().ok().map(|v| v.get().to_string());
        prop_assert_eq!(stage.is_some(), ["1", "2"].contains(&s.as_str()));
        prop_assert!(stage.is_none_or(|v| v == s));
    }
}
