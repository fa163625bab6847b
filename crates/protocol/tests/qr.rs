//! The dynamic-QR `msg` codec: Liaoning's dialect (seed 000 §6) and
//! Guangdong's (seed 001 §3.4.1), valid messages in every encoding the
//! portals use, and each malformed segment named.

mod common;

use common::{B64Style, TextForm, b64_styled};
use hcp_protocol::error::{FieldError, Lang, Problem};
use hcp_protocol::qr::{GuangdongQr, LiaoningQr};
use hcp_protocol::types::PersonName;
use hcp_protocol::{EvalProcess, QrMsg};

const SEED: &str = "cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2";
const CASE: &str = "210000-210100009000-20200603093755953";
const CODE: &str = "11210000001099516A2210100009000";

fn liaoning(name_b64: &str, process: &str) -> String {
    format!("cTPyv9r6_0204_{name_b64}_39357010579292161_{CASE}_{CODE}_{process}")
}

fn fields(msg: &str) -> Vec<(String, Problem)> {
    match QrMsg::parse(msg) {
        Ok(q) => panic!("{msg} should fail, parsed {q:?}"),
        Err(e) => e.0.into_iter().map(|f| (f.field, f.problem)).collect(),
    }
}

fn only(msg: &str, field: &str, problem: Problem) {
    assert_eq!(fields(msg), vec![(field.to_string(), problem)], "{msg}");
}

fn long(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

#[test]
fn the_seed_000_example() {
    let q = QrMsg::parse(SEED).expect("seed parses");
    assert!(matches!(q, QrMsg::Liaoning(_)), "not Liaoning: {q:?}");
    assert_eq!(q.app_code().as_str(), "cTPyv9r6");
    assert_eq!(q.work_no().as_str(), "0204");
    assert_eq!(q.worker_name().map(PersonName::as_str), Some("张三"));
    assert_eq!(q.hall_code().as_str(), "39357010579292161");
    assert_eq!(q.affair_serial_no().as_str(), CASE);
    assert_eq!(q.affair_code().as_str(), CODE);
    assert_eq!(q.eval_process(), EvalProcess::Done);
    assert_eq!(q.build(), SEED);
    assert_eq!(q.to_string(), SEED);
    assert_eq!(SEED.parse::<QrMsg>(), Ok(q));
}

#[test]
fn liaoning_names_in_every_encoding() {
    for name in [
        "张三",
        "李凤",
        "Zhang San",
        "欧阳·娜娜",
        "O'Brien-Smith",
        "😀 émile",
    ] {
        for form in [TextForm::Utf8, TextForm::Escape, TextForm::UriComponent] {
            for url_safe in [false, true] {
                for padded in [false, true] {
                    for plus_to_space in [false, true] {
                        let style = B64Style {
                            url_safe,
                            padded,
                            plus_to_space,
                        };
                        let msg = liaoning(&b64_styled(name, form, style), "1");
                        let q = QrMsg::parse(&msg)
                            .unwrap_or_else(|e| panic!("{name} {form:?} {style:?}: {e}"));
                        assert_eq!(q.worker_name().map(PersonName::as_str), Some(name));
                        assert_eq!(q.affair_serial_no().as_str(), CASE);
                        assert_eq!(q.eval_process(), EvalProcess::Accepted);
                        assert_eq!(q.build(), msg, "build gives back the same msg");
                    }
                }
            }
        }
    }
}

#[test]
fn a_url_safe_name_may_contain_the_separator() {
    // URL-safe base64 of "??>" is "Pz8-", of "?>?" is "Pz4_".
    for name in ["?>?", "??>?>?", "a?>?b"] {
        let b = b64_styled(
            name,
            TextForm::Utf8,
            B64Style {
                url_safe: true,
                padded: false,
                plus_to_space: false,
            },
        );
        let msg = liaoning(&b, "2");
        let q = QrMsg::parse(&msg).expect("parses");
        assert_eq!(q.worker_name().map(PersonName::as_str), Some(name), "{b}");
        assert_eq!(q.build(), msg);
    }
    assert!(
        liaoning(
            &b64_styled(
                "?>?",
                TextForm::Utf8,
                B64Style {
                    url_safe: true,
                    padded: false,
                    plus_to_space: false
                }
            ),
            "2"
        )
        .matches('_')
        .count()
            > 6
    );
}

#[test]
fn the_guangdong_dialect() {
    // seed 001 §3.4.1: appCode-workNo-hallCode-affairSerialNo-affairCode; the
    // case number has dashes of its own.
    let msg = format!("gdApp01-0204-39357010579292161-{CASE}-{CODE}");
    let q = QrMsg::parse(&msg).expect("parses");
    assert!(matches!(q, QrMsg::Guangdong(_)), "not Guangdong: {q:?}");
    assert_eq!(q.app_code().as_str(), "gdApp01");
    assert_eq!(q.work_no().as_str(), "0204");
    assert_eq!(q.hall_code().as_str(), "39357010579292161");
    assert_eq!(q.affair_serial_no().as_str(), CASE);
    assert_eq!(q.affair_code().as_str(), CODE);
    assert_eq!(q.worker_name(), None);
    assert_eq!(q.eval_process(), EvalProcess::Done);
    assert_eq!(q.build(), msg);

    // A case number without dashes, and one with many.
    for case in ["44000020200603093755953", "a-b-c-d-e-f", "x--y"] {
        let msg = format!("gdApp01-0204-39357-{case}-{CODE}");
        let q = QrMsg::parse(&msg).expect("parses");
        assert_eq!(q.affair_serial_no().as_str(), case);
        assert_eq!(q.affair_code().as_str(), CODE);
        assert_eq!(q.build(), msg);
    }
}

#[test]
fn built_from_parts() {
    let l = LiaoningQr::new(
        "cTPyv9r6".parse().expect("app"),
        "0204".parse().expect("no"),
        "张三".parse().expect("name"),
        "39357010579292161".parse().expect("hall"),
        CASE.parse().expect("case"),
        CODE.parse().expect("code"),
        EvalProcess::Done,
    );
    assert_eq!(QrMsg::Liaoning(l.clone()).build(), SEED);
    assert_eq!(QrMsg::parse(SEED), Ok(QrMsg::Liaoning(l)));

    let g = GuangdongQr::new(
        "gdApp01".parse().expect("app"),
        "0204".parse().expect("no"),
        "39357".parse().expect("hall"),
        CASE.parse().expect("case"),
        CODE.parse().expect("code"),
    )
    .expect("no dash in the affair code");
    let msg = QrMsg::Guangdong(g.clone()).build();
    assert_eq!(msg, format!("gdApp01-0204-39357-{CASE}-{CODE}"));
    assert_eq!(QrMsg::parse(&msg), Ok(QrMsg::Guangdong(g)));

    // The affair code ends the msg, so a '-' in it could not be read back.
    let dashed = GuangdongQr::new(
        "gdApp01".parse().expect("app"),
        "0204".parse().expect("no"),
        "39357".parse().expect("hall"),
        CASE.parse().expect("case"),
        "A-1".parse().expect("code"),
    );
    assert_eq!(
        dashed.map_err(|e| (e.field, e.problem)),
        Err(("msg.affairCode".to_string(), Problem::ForbiddenChar('-')))
    );
}

#[test]
fn names_whose_escape_form_looks_like_utf8_still_round_trip() {
    // escape("Ã©") is "%C3%A9", which is also encodeURIComponent("é"): the
    // builder must pick an encoding that decodes back to the name it was given.
    for name in ["Ã©", "Â»Â«", "Ã©mile", "Ã", "é", "张三"] {
        let l = LiaoningQr::new(
            "app1".parse().expect("app"),
            "7".parse().expect("no"),
            name.parse().expect("name"),
            "123".parse().expect("hall"),
            "C-1".parse().expect("case"),
            "A1".parse().expect("code"),
            EvalProcess::Accepted,
        );
        let msg = QrMsg::Liaoning(l.clone()).build();
        let back = QrMsg::parse(&msg).expect("parses");
        assert_eq!(
            back.worker_name().map(PersonName::as_str),
            Some(name),
            "{msg}"
        );
        assert_eq!(back, QrMsg::Liaoning(l));
    }
}

#[test]
fn each_bad_liaoning_segment_is_named() {
    let name = "JXU1RjIwJXU0RTA5";
    let ep: &'static [&'static str] = &["1", "2"];
    only(
        &format!("_0204_{name}_393_{CASE}_{CODE}_2"),
        "msg.appCode",
        Problem::Empty,
    );
    only(
        &format!("{}_0204_{name}_393_{CASE}_{CODE}_2", long('a', 33)),
        "msg.appCode",
        Problem::TooLong {
            max: 32,
            actual: 33,
        },
    );
    only(
        &format!("app,1_0204_{name}_393_{CASE}_{CODE}_2"),
        "msg.appCode",
        Problem::ForbiddenChar(','),
    );
    only(
        &format!("app_02 04_{name}_393_{CASE}_{CODE}_2"),
        "msg.workNo",
        Problem::ForbiddenChar(' '),
    );
    only(
        &format!("app__{name}_393_{CASE}_{CODE}_2"),
        "msg.workNo",
        Problem::Empty,
    );
    only(
        &format!("app_0204-1_{name}_393_{CASE}_{CODE}_2"),
        "msg.workNo",
        Problem::ForbiddenChar('-'),
    );
    only(&liaoning("", "2"), "msg.hallWorkerName", Problem::Empty);
    only(
        &liaoning("!!!!", "2"),
        "msg.hallWorkerName",
        Problem::NotBase64,
    );
    only(&liaoning("/w", "2"), "msg.hallWorkerName", Problem::NotUtf8);
    only(
        &liaoning(&common::b64("%u5F20%"), "2"),
        "msg.hallWorkerName",
        Problem::BadEscape,
    );
    only(
        &liaoning(&common::b64("张\u{0}三"), "2"),
        "msg.hallWorkerName",
        Problem::ControlChars,
    );
    only(
        &liaoning(&common::b64("  "), "2"),
        "msg.hallWorkerName",
        Problem::Empty,
    );
    only(
        // hallWorkerName is String(50) in seed 000 §6.
        &liaoning(&common::b64(&long('张', 51)), "2"),
        "msg.hallWorkerName",
        Problem::TooLong {
            max: 50,
            actual: 51,
        },
    );
    only(
        &format!("app_0204_{name}__{CASE}_{CODE}_2"),
        "msg.hallCode",
        Problem::Empty,
    );
    only(
        &format!("app_0204_{name}_39-357_{CASE}_{CODE}_2"),
        "msg.hallCode",
        Problem::ForbiddenChar('-'),
    );
    only(
        &format!("app_0204_{name}_{}_{CASE}_{CODE}_2", long('3', 33)),
        "msg.hallCode",
        Problem::TooLong {
            max: 32,
            actual: 33,
        },
    );
    only(
        &format!("app_0204_{name}_393__{CODE}_2"),
        "msg.affairSerialNo",
        Problem::Empty,
    );
    only(
        &format!("app_0204_{name}_393_C-1,C-2_{CODE}_2"),
        "msg.affairSerialNo",
        Problem::ForbiddenChar(','),
    );
    only(
        &format!("app_0204_{name}_393_{}_{CODE}_2", long('1', 65)),
        "msg.affairSerialNo",
        Problem::TooLong {
            max: 64,
            actual: 65,
        },
    );
    only(
        &format!("app_0204_{name}_393_{CASE}__2"),
        "msg.affairCode",
        Problem::Empty,
    );
    only(
        &format!("app_0204_{name}_393_{CASE}_{}_2", long('A', 65)),
        "msg.affairCode",
        Problem::TooLong {
            max: 64,
            actual: 65,
        },
    );
    // Only "1" and "2" exactly: "01" or "+2" would not build back to the same msg.
    for bad in ["3", "0", "x", "12", "-1", "01", "+2", "2 ", "1.0"] {
        only(
            &liaoning(name, bad),
            "msg.evalProcess",
            Problem::NotOneOf(ep),
        );
    }
    only(&liaoning(name, ""), "msg.evalProcess", Problem::Empty);
}

#[test]
fn several_bad_segments_are_all_named() {
    let got: Vec<String> = fields("_0204_!!!!_393_C-1_A1_3")
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        got,
        ["msg.appCode", "msg.hallWorkerName", "msg.evalProcess"]
    );
}

#[test]
fn too_few_segments() {
    for msg in ["a_b_c", "a_b_c_d_e_f", "_", "_____"] {
        let f = fields(msg);
        assert_eq!(f.len(), 1, "{msg}");
        assert_eq!(f[0].0, "msg");
        assert!(matches!(f[0].1, Problem::Shape(..)), "{msg}");
    }
    for msg in ["a-b-c-d", "abc", "a-b"] {
        let f = fields(msg);
        assert_eq!(f.len(), 1, "{msg}");
        assert_eq!(f[0].0, "msg");
        assert!(matches!(f[0].1, Problem::Shape(..)), "{msg}");
    }
    assert_eq!(
        QrMsg::parse("").map_err(|e| e.0),
        Err(vec![FieldError::new("msg", Problem::Empty)])
    );
}

#[test]
fn a_work_number_with_the_separator_shifts_the_fields_and_fails() {
    // seed 000 §6: workNo 不能含有"_"字符. Such a msg has 8 segments; the extra
    // one lands in the name, which then does not decode to the same text.
    let msg = "cTPyv9r6_02_04_JXU1RjIwJXU0RTA5_39357010579292161_C-1_A1_2";
    match QrMsg::parse(msg) {
        Err(e) => assert!(e.has("msg.hallWorkerName"), "{e:?}"),
        Ok(q) => assert_ne!(q.worker_name().map(PersonName::as_str), Some("张三")),
    }
}

#[test]
fn each_bad_guangdong_segment_is_named() {
    only(
        &format!("-0204-393-{CASE}-{CODE}"),
        "msg.appCode",
        Problem::Empty,
    );
    only(
        &format!("app--393-{CASE}-{CODE}"),
        "msg.workNo",
        Problem::Empty,
    );
    only(
        &format!("app-0204--{CASE}-{CODE}"),
        "msg.hallCode",
        Problem::Empty,
    );
    only(
        &format!("app-0204-393--{CODE}"),
        "msg.affairSerialNo",
        Problem::Empty,
    );
    only(
        &format!("app-0204-393-{CASE}-"),
        "msg.affairCode",
        Problem::Empty,
    );
    only(
        &format!("app-02 04-393-{CASE}-{CODE}"),
        "msg.workNo",
        Problem::ForbiddenChar(' '),
    );
    only(
        &format!("app-0204-393-{CASE},1-{CODE}"),
        "msg.affairSerialNo",
        Problem::ForbiddenChar(','),
    );
}

#[test]
fn qr_messages_in_both_languages() {
    let e = QrMsg::parse(&liaoning("!!!!", "2")).expect_err("bad");
    let f = e.first().expect("one");
    assert_eq!(
        f.message(Lang::Zh),
        "参数 msg.hallWorkerName（工作人员姓名）不是有效的 base64 编码"
    );
    assert_eq!(
        f.message(Lang::En),
        "Parameter msg.hallWorkerName (staff name) is not valid base64"
    );
    let e = QrMsg::parse("-0204-393-C-1-A1").expect_err("bad");
    let f = e.first().expect("one");
    assert_eq!(f.message(Lang::Zh), "参数 msg.appCode（应用编码）为空");
    assert_eq!(
        f.message(Lang::En),
        "Parameter msg.appCode (application code) is empty"
    );
}
