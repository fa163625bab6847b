//! Every page kind of SPEC §2 (seed 000 §3): a valid link of each, and each
//! invalid case: every required parameter missing, every parameter malformed,
//! each error naming exactly the field at fault; for a representative set, the
//! exact message in Chinese and English.

mod common;

use common::{B64Style, Link, TextForm, b64, b64_styled};
use hcp_protocol::error::{FieldError, Lang, ParamErrors, Problem};
use hcp_protocol::params::MAX_BATCH;
use hcp_protocol::types::TagType;
use hcp_protocol::{Channel, EvalEntityCode, EvalProcess, PageKind, PageParams, QrMsg, Route};

// ------------------------------------------------------------------ fixtures

/// Seed 000 §3.1 `/guide/`, with the values of its §4.8 example.
fn guide() -> Link {
    Link::new(&[
        ("affairName", &b64("其它无户口人员恢复户口")),
        ("affairCode", &b64("11211282001198258E4000109040000")),
        ("departmentCode", &b64("11211282001198258E")),
        ("appCode", "jianhang"),
        ("channel", "web"),
        ("evalEntityCode", "egovGuide"),
        ("evalProcess", "2"),
    ])
}

/// Seed 000 §3.2 `/front/pc/` online, with the values of its §4.11 example.
fn affair_online() -> Link {
    Link::new(&[
        ("affairName", &b64("石化项目核准")),
        (
            "affairSerialNo",
            &b64("210000-210100001009-20191012124738520"),
        ),
        ("departmentCode", &b64("11210000001099743F")),
        ("appCode", "egovHcp"),
        ("channel", "web"),
        ("evalEntityCode", "egovAffair"),
        ("evalProcess", "1"),
    ])
}

/// Seed 000 §3.3 `/front/pc/` hall, in the seed's parameter order, with the
/// values of its §4.5 example.
fn affair_hall() -> Link {
    Link::new(&[
        ("affairName", &b64("测试事项yx_证照")),
        (
            "affairSerialNo",
            &b64("210101-210100259014-20200819134236952"),
        ),
        ("departmentCode", &b64("11210100001583287J")),
        ("appCode", "hallCs"),
        ("channel", "hallPad"),
        ("evalEntityCode", "hallAffair"),
        ("evalProcess", "2"),
        ("workerName", &b64("李凤")),
        ("workerNo", "1212"),
        ("hallCode", "56417234343428097"),
        ("contactPhone", &b64("13812345678")),
        ("certificateNo", &b64("21010219900101123X")),
        ("offLine", "1"),
        ("userName", &b64("吴鹏")),
    ])
}

const CASE_1: &str = "210000-210100183015-20190805160712863";
const CASE_2: &str = "210000-210100183015-20190805160712864";

/// Seed 000 §3.4 `/front/evallist/`, with the values of its §4.6 example.
fn batch() -> Link {
    Link::new(&[
        ("affairName", &b64("电网工程项目核准")),
        ("affairSerialNos", &b64(&format!("{CASE_1},{CASE_2}"))),
        ("departmentCode", &b64("11210000001099743F")),
        ("appCode", "hallCs"),
        ("channel", "hallPad"),
        ("evalEntityCode", "hallAffair"),
        ("evalProcess", "2"),
        ("hallCode", "56417234343428097"),
        ("workerName", &b64("刘丹丹")),
        ("workerNo", "3101"),
        ("contactPhone", &b64("13812345678")),
        ("certificateNo", &b64("21010219900101123X")),
        ("offLine", "1"),
        ("userName", &b64("孙文岩")),
    ])
}

/// Seed 000 §3.5 `/front/hallworker/` online.
fn consult_online() -> Link {
    Link::new(&[
        ("appCode", "hallCs"),
        ("channel", "h5"),
        ("evalEntityCode", "hallAffair"),
    ])
}

/// Seed 000 §3.6 `/front/hallworker/` hall.
fn consult_hall() -> Link {
    Link::new(&[
        ("appCode", "hallCs"),
        ("channel", "hallPad"),
        ("evalEntityCode", "hallAffair"),
        ("workerName", &b64("李凤")),
        ("workerNo", "1212"),
        ("hallCode", "56417234343428097"),
    ])
}

/// The dynamic-QR example of seed 000 §6 (and seeds/README.md).
const SEED_QR: &str = "cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2";

fn dynamic() -> Link {
    Link::new(&[("msg", SEED_QR)])
}

/// Every page kind: its route, a valid link, and its required parameters.
fn pages() -> Vec<(PageKind, Route, Link, Vec<&'static str>)> {
    vec![
        (
            PageKind::Guide,
            Route::Guide,
            guide(),
            vec![
                "affairName",
                "affairCode",
                "departmentCode",
                "appCode",
                "channel",
                "evalEntityCode",
                "evalProcess",
            ],
        ),
        (
            PageKind::AffairOnline,
            Route::FrontPc,
            affair_online(),
            vec![
                "affairName",
                "affairSerialNo",
                "departmentCode",
                "appCode",
                "channel",
                "evalEntityCode",
                "evalProcess",
            ],
        ),
        (
            PageKind::AffairHall,
            Route::FrontPc,
            affair_hall(),
            vec![
                "affairName",
                "affairSerialNo",
                "departmentCode",
                "appCode",
                "channel",
                "evalEntityCode",
                "evalProcess",
                "workerName",
                "workerNo",
                "hallCode",
                "contactPhone",
                "certificateNo",
                "userName",
            ],
        ),
        (
            PageKind::Batch,
            Route::EvalList,
            batch(),
            vec![
                "affairName",
                "affairSerialNos",
                "departmentCode",
                "appCode",
                "channel",
                "evalEntityCode",
                "evalProcess",
                "hallCode",
                "workerName",
                "workerNo",
                "contactPhone",
                "certificateNo",
                "userName",
            ],
        ),
        (
            PageKind::ConsultOnline,
            Route::HallWorker,
            consult_online(),
            vec!["appCode", "channel", "evalEntityCode"],
        ),
        (
            PageKind::ConsultHall,
            Route::HallWorker,
            consult_hall(),
            vec![
                "appCode",
                "channel",
                "evalEntityCode",
                "workerName",
                "workerNo",
                "hallCode",
            ],
        ),
        (
            PageKind::Dynamic,
            Route::RatingDynamic,
            dynamic(),
            vec!["msg"],
        ),
    ]
}

// ------------------------------------------------------------------ helpers

fn parse(route: Route, link: &Link) -> Result<PageParams, ParamErrors> {
    PageParams::parse(route, &link.query())
}

fn ok(route: Route, link: &Link) -> PageParams {
    match parse(route, link) {
        Ok(p) => p,
        Err(e) => panic!("{route:?} {:?} should parse, got {e:?}", link.0),
    }
}

/// The link fails with exactly one error, on `field`, with `problem`.
fn only(route: Route, link: &Link, field: &str, problem: Problem) {
    match parse(route, link) {
        Ok(p) => panic!(
            "{route:?} {:?} should fail on {field}, parsed {p:?}",
            link.0
        ),
        Err(e) => assert_eq!(
            e.0,
            vec![FieldError::new(field, problem)],
            "{route:?} {:?}",
            link.0
        ),
    }
}

fn first_message(route: Route, link: &Link, lang: Lang) -> String {
    match parse(route, link) {
        Ok(p) => panic!("should fail, parsed {p:?}"),
        Err(e) => e.first().map(|f| f.message(lang)).unwrap_or_default(),
    }
}

fn long(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

// ------------------------------------------------------------------ valid links

#[test]
fn guide_link_parses() {
    let p = ok(Route::Guide, &guide());
    assert_eq!(p.kind(), PageKind::Guide);
    let PageParams::Guide(g) = &p else {
        panic!("not a guide: {p:?}")
    };
    assert_eq!(g.common.app_code.as_str(), "jianhang");
    assert_eq!(g.common.channel, Channel::Web);
    assert_eq!(g.affair_code.as_str(), "11211282001198258E4000109040000");
    assert_eq!(g.affair_name.as_str(), "其它无户口人员恢复户口");
    assert_eq!(g.department_code.as_str(), "11211282001198258E");
    assert_eq!(g.eval_process, EvalProcess::Done);
    assert_eq!(p.eval_entity_code(), EvalEntityCode::EgovGuide);
    assert_eq!(p.eval_process(), Some(EvalProcess::Done));
    assert!(p.needs_login());
    assert!(p.offline_evaluator().is_none());
    assert!(p.worker().is_none());
    assert!(p.case_numbers().is_empty());
    assert_eq!(p.kind().tag_type(), TagType::Case);
}

#[test]
fn affair_online_link_parses() {
    let p = ok(Route::FrontPc, &affair_online());
    assert_eq!(p.kind(), PageKind::AffairOnline);
    let PageParams::AffairOnline(a) = &p else {
        panic!("not affair online: {p:?}")
    };
    assert_eq!(a.common.app_code.as_str(), "egovHcp");
    assert_eq!(a.affair_name.as_str(), "石化项目核准");
    assert_eq!(
        a.affair_serial_no.as_str(),
        "210000-210100001009-20191012124738520"
    );
    assert_eq!(a.department_code.as_str(), "11210000001099743F");
    assert_eq!(a.eval_process, EvalProcess::Accepted);
    assert_eq!(p.eval_entity_code(), EvalEntityCode::EgovAffair);
    assert!(p.needs_login());
    assert_eq!(
        p.case_numbers()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        ["210000-210100001009-20191012124738520"]
    );
}

#[test]
fn affair_hall_link_parses_with_and_without_login() {
    let p = ok(Route::FrontPc, &affair_hall());
    assert_eq!(p.kind(), PageKind::AffairHall);
    let PageParams::AffairHall(h) = &p else {
        panic!("not affair hall: {p:?}")
    };
    assert_eq!(h.affair.affair_name.as_str(), "测试事项yx_证照");
    assert_eq!(h.affair.common.channel, Channel::HallPad);
    assert_eq!(h.worker.hall_code.as_str(), "56417234343428097");
    assert_eq!(h.worker.work_no.as_str(), "1212");
    assert_eq!(
        h.worker.worker_name.as_ref().map(|n| n.as_str()),
        Some("李凤")
    );
    assert_eq!(h.evaluator.user_name.as_str(), "吴鹏");
    assert_eq!(h.evaluator.contact_phone.expose(), "13812345678");
    assert_eq!(h.evaluator.certificate_no.expose(), "21010219900101123X");
    assert!(h.offline);
    assert!(!p.needs_login());
    assert_eq!(
        p.offline_evaluator().map(|e| e.user_name.as_str()),
        Some("吴鹏")
    );
    assert_eq!(p.eval_entity_code(), EvalEntityCode::HallAffair);
    assert_eq!(
        p.worker().map(|w| w.work_no.as_str().to_string()),
        Some("1212".to_string())
    );

    // Without offLine, or with offLine=0 or empty, the citizen must log in.
    for link in [
        affair_hall().without("offLine"),
        affair_hall().with("offLine", "0"),
        affair_hall().with("offLine", ""),
    ] {
        let p = ok(Route::FrontPc, &link);
        assert_eq!(p.kind(), PageKind::AffairHall);
        assert!(p.needs_login(), "{:?}", link.0);
        assert!(p.offline_evaluator().is_none());
    }
}

#[test]
fn batch_link_parses() {
    let p = ok(Route::EvalList, &batch());
    assert_eq!(p.kind(), PageKind::Batch);
    let PageParams::Batch(b) = &p else {
        panic!("not a batch: {p:?}")
    };
    assert_eq!(
        b.affair_serial_nos
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        [CASE_1, CASE_2]
    );
    assert_eq!(b.affair_name.as_str(), "电网工程项目核准");
    assert_eq!(b.worker.work_no.as_str(), "3101");
    assert_eq!(b.evaluator.user_name.as_str(), "孙文岩");
    assert!(!p.needs_login());
    assert_eq!(p.case_numbers().len(), 2);
    assert!(
        ok(Route::EvalList, &batch().without("offLine")).needs_login(),
        "without offLine a batch needs login"
    );
}

#[test]
fn batch_list_is_trimmed_and_accepts_the_seed_table_spelling() {
    // Spaces after the commas and a trailing comma are tolerated.
    let link = batch().with("affairSerialNos", &b64(&format!("{CASE_1}, {CASE_2},")));
    assert_eq!(ok(Route::EvalList, &link).case_numbers().len(), 2);
    // Seed 000's own parameter table calls it affairSerialNo.
    let link = batch()
        .without("affairSerialNos")
        .with("affairSerialNo", &b64(&format!("{CASE_1},{CASE_2}")));
    assert_eq!(ok(Route::EvalList, &link).case_numbers().len(), 2);
    // Exactly MAX_BATCH cases is fine.
    let list: Vec<String> = (0..MAX_BATCH).map(|i| format!("C-{i}")).collect();
    let link = batch().with("affairSerialNos", &b64(&list.join(",")));
    assert_eq!(ok(Route::EvalList, &link).case_numbers().len(), MAX_BATCH);
}

#[test]
fn consult_online_link_parses() {
    let p = ok(Route::HallWorker, &consult_online());
    assert_eq!(p.kind(), PageKind::ConsultOnline);
    assert_eq!(p.app_code().as_str(), "hallCs");
    assert_eq!(p.channel(), Channel::H5);
    assert_eq!(p.eval_entity_code(), EvalEntityCode::HallAffair);
    assert!(p.worker().is_none());
    assert_eq!(p.eval_process(), None);
    assert!(p.needs_login());
    assert_eq!(p.kind().tag_type(), TagType::Consult);
}

#[test]
fn consult_hall_link_parses() {
    let p = ok(Route::HallWorker, &consult_hall());
    assert_eq!(p.kind(), PageKind::ConsultHall);
    let w = p.worker().expect("a worker");
    assert_eq!(w.hall_code.as_str(), "56417234343428097");
    assert_eq!(w.work_no.as_str(), "1212");
    assert_eq!(w.worker_name.as_ref().map(|n| n.as_str()), Some("李凤"));
    assert_eq!(p.eval_process(), None);
    assert!(p.needs_login());
    assert_eq!(p.kind().tag_type(), TagType::Consult);
}

#[test]
fn dynamic_link_parses_both_dialects() {
    let p = ok(Route::RatingDynamic, &dynamic());
    assert_eq!(p.kind(), PageKind::Dynamic);
    assert_eq!(p.channel(), Channel::HallQr);
    assert_eq!(p.eval_entity_code(), EvalEntityCode::HallAffair);
    assert_eq!(p.app_code().as_str(), "cTPyv9r6");
    let w = p.worker().expect("worker");
    assert_eq!(w.work_no.as_str(), "0204");
    assert_eq!(w.worker_name.as_ref().map(|n| n.as_str()), Some("张三"));
    assert_eq!(w.hall_code.as_str(), "39357010579292161");
    assert_eq!(
        p.case_numbers()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>(),
        ["210000-210100009000-20200603093755953"]
    );
    assert_eq!(p.eval_process(), Some(EvalProcess::Done));
    assert!(p.needs_login());

    // The seed's URL as a string, with its prefix path: only the query matters.
    let url = format!("?msg={SEED_QR}");
    assert!(PageParams::parse(Route::RatingDynamic, &url).is_ok());

    let gd = "cTPyv9r6-0204-39357010579292161-210000-210100009000-20200603093755953-11210000001099516A2210100009000";
    let p = ok(Route::RatingDynamic, &Link::new(&[("msg", gd)]));
    let PageParams::Dynamic(q) = &p else {
        panic!("not dynamic: {p:?}")
    };
    assert!(matches!(q, QrMsg::Guangdong(_)));
    assert_eq!(p.worker().and_then(|w| w.worker_name), None);
    assert_eq!(p.eval_process(), Some(EvalProcess::Done));
}

#[test]
fn every_valid_link_parses_the_same_with_raw_values() {
    // Careless portals put base64 into the URL unescaped: `+` becomes a space
    // on the way in, `/` and `=` survive. The parse must be the same.
    for (kind, route, link, _) in pages() {
        let careful = PageParams::parse(route, &link.query());
        let raw = PageParams::parse(route, &link.raw_query());
        assert_eq!(careful, raw, "{kind:?}");
        assert_eq!(careful.map(|p| p.kind()), Ok(kind));
    }
    // The fixtures do exercise `+`.
    assert!(guide().raw_query().contains('+'));
}

#[test]
fn urls_may_carry_a_leading_question_mark_and_unknown_parameters() {
    for (kind, route, link, _) in pages() {
        let q = format!(
            "?{}&lang=en&elder=1&ticket=abc&returnUrl=x&utm=1",
            link.query()
        );
        assert_eq!(PageParams::parse(route, &q).map(|p| p.kind()), Ok(kind));
    }
}

#[test]
fn the_first_of_repeated_parameters_wins() {
    let q = format!("{}&appCode=second", guide().query());
    let p = PageParams::parse(Route::Guide, &q).expect("parses");
    assert_eq!(p.app_code().as_str(), "jianhang");
}

#[test]
fn every_base64_form_of_the_spec_is_accepted_in_a_link() {
    let name = "测试事项yx_证照 Ã (2/3)+é😀";
    for form in [TextForm::Utf8, TextForm::Escape, TextForm::UriComponent] {
        for url_safe in [false, true] {
            for padded in [false, true] {
                for plus_to_space in [false, true] {
                    let style = B64Style {
                        url_safe,
                        padded,
                        plus_to_space,
                    };
                    let v = b64_styled(name, form, style);
                    let p = ok(Route::Guide, &guide().with("affairName", &v));
                    let PageParams::Guide(g) = p else {
                        panic!("guide")
                    };
                    assert_eq!(g.affair_name.as_str(), name, "{form:?} {style:?}");
                }
            }
        }
    }
}

// ------------------------------------------------------------------ missing parameters

#[test]
fn each_required_parameter_missing_is_named() {
    for (_, route, link, required) in pages() {
        for key in required {
            only(route, &link.without(key), key, Problem::Missing);
        }
    }
}

#[test]
fn an_empty_query_names_every_required_parameter() {
    let e = PageParams::parse(Route::Guide, "").expect_err("empty");
    let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "appCode",
            "channel",
            "affairCode",
            "affairName",
            "departmentCode",
            "evalEntityCode",
            "evalProcess"
        ]
    );
    assert!(e.iter().all(|f| f.problem == Problem::Missing));

    let e = PageParams::parse(Route::RatingDynamic, "").expect_err("empty");
    assert_eq!(e.0, vec![FieldError::new("msg", Problem::Missing)]);
    let e = PageParams::parse(Route::HallWorker, "?").expect_err("empty");
    assert_eq!(e.0.len(), 3);
}

#[test]
fn parameter_names_are_case_sensitive() {
    let link = guide().without("appCode").with("APPCODE", "jianhang");
    only(Route::Guide, &link, "appCode", Problem::Missing);
}

// ------------------------------------------------------------------ malformed parameters

/// Bad values for each parameter, and what must be reported. Applied to every
/// page that has the parameter.
fn malformed() -> Vec<(&'static str, String, Problem)> {
    let mut v: Vec<(&'static str, String, Problem)> = Vec::new();
    let two: &'static [&'static str] = &["1", "2"];
    // Plain parameters.
    v.push(("appCode", String::new(), Problem::Empty));
    v.push(("appCode", "hall_Cs".into(), Problem::ForbiddenChar('_')));
    v.push(("appCode", "hall-Cs".into(), Problem::ForbiddenChar('-')));
    v.push(("appCode", "hall Cs".into(), Problem::ForbiddenChar(' ')));
    v.push((
        "appCode",
        long('a', 33),
        Problem::TooLong {
            max: 32,
            actual: 33,
        },
    ));
    v.push(("appCode", "a\u{1}".into(), Problem::ForbiddenChar('\u{1}')));
    v.push(("channel", String::new(), Problem::Empty));
    v.push(("channel", "WEB".into(), Problem::NotOneOf(Channel::ALL)));
    v.push(("channel", "wechat".into(), Problem::NotOneOf(Channel::ALL)));
    v.push(("channel", " web".into(), Problem::NotOneOf(Channel::ALL)));
    v.push(("evalProcess", String::new(), Problem::Empty));
    v.push(("evalProcess", "3".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", "0".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", "-1".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", "1.0".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", "01".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", "+1".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", " 2".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", "２".into(), Problem::NotOneOf(two)));
    v.push(("evalProcess", "two".into(), Problem::NotOneOf(two)));
    v.push((
        "evalProcess",
        "99999999999999999999".into(),
        Problem::NotOneOf(two),
    ));
    v.push(("hallCode", String::new(), Problem::Empty));
    v.push(("hallCode", "5641_7".into(), Problem::ForbiddenChar('_')));
    v.push(("hallCode", "5641-7".into(), Problem::ForbiddenChar('-')));
    v.push(("hallCode", "5641,7".into(), Problem::ForbiddenChar(',')));
    v.push((
        "hallCode",
        long('5', 33),
        Problem::TooLong {
            max: 32,
            actual: 33,
        },
    ));
    v.push(("workerNo", String::new(), Problem::Empty));
    v.push(("workerNo", "12_12".into(), Problem::ForbiddenChar('_')));
    v.push(("workerNo", "12-12".into(), Problem::ForbiddenChar('-')));
    v.push(("workerNo", "12\t12".into(), Problem::ForbiddenChar('\t')));
    v.push((
        "workerNo",
        long('1', 33),
        Problem::TooLong {
            max: 32,
            actual: 33,
        },
    ));
    // base64 text fields: the decoding errors, then the value checks.
    for key in ["affairName", "workerName", "userName"] {
        v.push((key, String::new(), Problem::Empty));
        v.push((key, "====".into(), Problem::Empty));
        v.push((key, "!!!!".into(), Problem::NotBase64));
        v.push((key, "5p2O5Yek%".into(), Problem::NotBase64));
        v.push((key, "a+b_".into(), Problem::NotBase64));
        v.push((key, "A".into(), Problem::NotBase64));
        v.push((key, "/w".into(), Problem::NotUtf8)); // 0xFF
        v.push((key, b64("%u5F20%2"), Problem::BadEscape));
        v.push((key, b64("%uD83D"), Problem::BadEscape)); // a lone surrogate
        v.push((key, b64("李\u{7}凤"), Problem::ControlChars));
        v.push((key, b64("李凤\n"), Problem::ControlChars));
        v.push((key, b64("%u674E%0A"), Problem::ControlChars)); // escape("李\n")
        v.push((key, b64("%E6%9D%8E%00"), Problem::ControlChars));
        v.push((key, b64("   "), Problem::Empty));
        v.push((key, b64("\u{3000}"), Problem::Empty)); // ideographic space
        // 事项名称 may have 100 characters; a person's name 50 (String(50)).
        let max = if key == "affairName" { 100 } else { 50 };
        v.push((
            key,
            b64(&long('凤', max + 1)),
            Problem::TooLong {
                max,
                actual: max + 1,
            },
        ));
    }
    // base64 code fields.
    for key in [
        "affairCode",
        "departmentCode",
        "affairSerialNo",
        "affairSerialNos",
    ] {
        v.push((key, String::new(), Problem::Empty));
        v.push((key, "!!!!".into(), Problem::NotBase64));
        v.push((key, b64("11210000_001"), Problem::ForbiddenChar('_')));
        v.push((key, b64("1121 0000"), Problem::ForbiddenChar(' ')));
        v.push((
            key,
            b64(&long('1', 65)),
            Problem::TooLong {
                max: 64,
                actual: 65,
            },
        ));
    }
    for key in ["affairCode", "departmentCode", "affairSerialNo"] {
        v.push((key, b64("112,10000"), Problem::ForbiddenChar(',')));
        v.push((key, b64("   "), Problem::ForbiddenChar(' ')));
    }
    // Personal fields.
    for key in ["contactPhone", "certificateNo"] {
        v.push((key, String::new(), Problem::Empty));
        v.push((key, "!!!!".into(), Problem::NotBase64));
        v.push((key, b64("   "), Problem::Empty));
        v.push((key, b64("138<1234>5678"), Problem::ForbiddenChar('<')));
        v.push((
            key,
            b64("１３８１２３４５６７８"),
            Problem::ForbiddenChar('１'),
        ));
        v.push((key, b64("138\u{1}"), Problem::ControlChars));
        v.push((key, b64("12"), Problem::Shape("过短", "is too short")));
        v.push((
            key,
            b64(&long('1', 33)),
            Problem::TooLong {
                max: 32,
                actual: 33,
            },
        ));
    }
    v
}

#[test]
fn each_malformed_parameter_is_named_on_every_page() {
    let cases = malformed();
    let mut checked = 0;
    for (_, route, link, _) in pages() {
        let keys = link.keys();
        for (key, value, problem) in &cases {
            if !keys.iter().any(|k| k == key) {
                continue;
            }
            only(route, &link.with(key, value), key, problem.clone());
            checked += 1;
        }
    }
    // Every case applies to at least one page.
    for (key, _, _) in &cases {
        assert!(
            pages()
                .iter()
                .any(|(_, _, l, _)| l.keys().iter().any(|k| k == key)),
            "{key} is on no page"
        );
    }
    assert!(checked > 300, "only {checked} cases checked");
}

#[test]
fn the_wrong_eval_entity_code_is_named_with_what_the_page_wants() {
    let guide_only: &'static [&'static str] = &["egovGuide"];
    let pc: &'static [&'static str] = &["egovAffair", "hallAffair"];
    let hall: &'static [&'static str] = &["hallAffair"];
    let cases: Vec<(Route, Link, &str, Problem)> = vec![
        (
            Route::Guide,
            guide(),
            "egovAffair",
            Problem::NotOneOf(guide_only),
        ),
        (
            Route::Guide,
            guide(),
            "egovguide",
            Problem::NotOneOf(guide_only),
        ),
        (Route::Guide, guide(), "", Problem::Empty),
        (
            Route::FrontPc,
            affair_online(),
            "egovGuide",
            Problem::NotOneOf(pc),
        ),
        (
            Route::FrontPc,
            affair_online(),
            "appAffair",
            Problem::NotOneOf(pc),
        ),
        (Route::FrontPc, affair_online(), "", Problem::Empty),
        (
            Route::FrontPc,
            affair_hall(),
            "HallAffair",
            Problem::NotOneOf(pc),
        ),
        (
            Route::EvalList,
            batch(),
            "egovAffair",
            Problem::NotOneOf(hall),
        ),
        (Route::EvalList, batch(), "", Problem::Empty),
        (
            Route::HallWorker,
            consult_online(),
            "egovAffair",
            Problem::NotOneOf(hall),
        ),
        (
            Route::HallWorker,
            consult_hall(),
            "egovGuide",
            Problem::NotOneOf(hall),
        ),
        (Route::HallWorker, consult_hall(), "", Problem::Empty),
    ];
    for (route, link, value, problem) in cases {
        only(
            route,
            &link.with("evalEntityCode", value),
            "evalEntityCode",
            problem,
        );
    }
}

#[test]
fn off_line_accepts_only_1_0_or_nothing() {
    let one: &'static [&'static str] = &["1"];
    for (route, link) in [(Route::FrontPc, affair_hall()), (Route::EvalList, batch())] {
        for bad in ["2", "true", "yes", "01", " 1"] {
            only(
                route,
                &link.with("offLine", bad),
                "offLine",
                Problem::NotOneOf(one),
            );
        }
    }
}

#[test]
fn batch_list_errors() {
    let key = "affairSerialNos";
    // Only separators: no case at all.
    for list in [",", " , ,", ",,,"] {
        only(
            Route::EvalList,
            &batch().with(key, &b64(list)),
            key,
            Problem::Empty,
        );
    }
    // Too many.
    let list: Vec<String> = (0..=MAX_BATCH).map(|i| format!("C-{i}")).collect();
    only(
        Route::EvalList,
        &batch().with(key, &b64(&list.join(","))),
        key,
        Problem::TooMany { max: MAX_BATCH },
    );
    // The same case twice.
    for list in [
        format!("{CASE_1},{CASE_1}"),
        format!("{CASE_1},{CASE_2}, {CASE_1}"),
    ] {
        only(
            Route::EvalList,
            &batch().with(key, &b64(&list)),
            key,
            Problem::Shape("含有重复的办件编号", "contains the same case number twice"),
        );
    }
    // One bad case number spoils the list.
    only(
        Route::EvalList,
        &batch().with(key, &b64(&format!("{CASE_1},bad_case"))),
        key,
        Problem::ForbiddenChar('_'),
    );
}

#[test]
fn naming_any_window_parameter_makes_a_consultation_a_hall_one() {
    // Each one alone: the other two are then missing.
    for (key, value) in [
        ("hallCode", "56417234343428097"),
        ("workerNo", "1212"),
        ("workerName", "5p2O5Yek"),
    ] {
        let e = PageParams::parse(
            Route::HallWorker,
            &consult_online().with(key, value).query(),
        )
        .expect_err("incomplete window");
        let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields.len(), 2, "{key}: {fields:?}");
        assert!(!fields.contains(&key));
        assert!(e.iter().all(|f| f.problem == Problem::Missing));
    }
}

#[test]
fn every_bad_parameter_is_reported_at_once_in_parameter_order() {
    let link = guide()
        .with("channel", "WEB")
        .with("affairName", "!!!!")
        .with("evalProcess", "3")
        .without("departmentCode");
    let e = parse(Route::Guide, &link).expect_err("bad");
    let got: Vec<(&str, &Problem)> = e.iter().map(|f| (f.field.as_str(), &f.problem)).collect();
    assert_eq!(
        got,
        [
            ("channel", &Problem::NotOneOf(Channel::ALL)),
            ("affairName", &Problem::NotBase64),
            ("departmentCode", &Problem::Missing),
            ("evalProcess", &Problem::NotOneOf(&["1", "2"])),
        ]
    );
    assert_eq!(
        e.to_string(),
        "参数 channel（渠道标识）必须是以下之一：web、android、ios、miniApp、h5、hallQr、hallPad、hallOther、other；\
         参数 affairName（事项名称）不是有效的 base64 编码；\
         参数 departmentCode（部门编码）缺失；\
         参数 evalProcess（评价阶段）必须是以下之一：1、2"
    );

    let e = parse(
        Route::FrontPc,
        &affair_hall().with("workerNo", "1_2").with("offLine", "2"),
    )
    .expect_err("bad");
    let fields: Vec<&str> = e.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["workerNo", "offLine"]);
}

// ------------------------------------------------------------------ messages

#[test]
fn representative_messages_in_chinese_and_english() {
    let cases: Vec<(Route, Link, &str, &str)> = vec![
        (
            Route::Guide,
            guide().without("appCode"),
            "参数 appCode（应用编码）缺失",
            "Parameter appCode (application code) is missing",
        ),
        (
            Route::Guide,
            guide().with("appCode", ""),
            "参数 appCode（应用编码）为空",
            "Parameter appCode (application code) is empty",
        ),
        (
            Route::FrontPc,
            affair_online().with("channel", "wechat"),
            "参数 channel（渠道标识）必须是以下之一：web、android、ios、miniApp、h5、hallQr、hallPad、hallOther、other",
            "Parameter channel (channel) must be one of: web, android, ios, miniApp, h5, hallQr, hallPad, hallOther, other",
        ),
        (
            Route::Guide,
            guide().with("affairCode", "!!!!"),
            "参数 affairCode（事项编码）不是有效的 base64 编码",
            "Parameter affairCode (service item code) is not valid base64",
        ),
        (
            Route::Guide,
            guide().with("affairName", "/w"),
            "参数 affairName（事项名称）解码后不是 UTF-8 文本",
            "Parameter affairName (service item name) does not decode to UTF-8 text",
        ),
        (
            Route::Guide,
            guide().with("affairName", &b64("%u5F20%2")),
            "参数 affairName（事项名称）的 escape/URI 编码无法解码",
            "Parameter affairName (service item name) has escape()/URI encoding that does not decode",
        ),
        (
            Route::Guide,
            guide().with("evalEntityCode", "egovAffair"),
            "参数 evalEntityCode（评价对象编码）必须是以下之一：egovGuide",
            "Parameter evalEntityCode (evaluated entity code) must be one of: egovGuide",
        ),
        (
            Route::FrontPc,
            affair_online().with("evalEntityCode", "egovGuide"),
            "参数 evalEntityCode（评价对象编码）必须是以下之一：egovAffair、hallAffair",
            "Parameter evalEntityCode (evaluated entity code) must be one of: egovAffair, hallAffair",
        ),
        (
            Route::FrontPc,
            affair_online().with("evalProcess", "3"),
            "参数 evalProcess（评价阶段）必须是以下之一：1、2",
            "Parameter evalProcess (evaluation stage) must be one of: 1, 2",
        ),
        (
            Route::FrontPc,
            affair_hall().with("workerNo", "12_12"),
            "参数 workerNo（工作人员编号）不能含有字符“_”",
            "Parameter workerNo (staff number) must not contain the character '_'",
        ),
        (
            Route::FrontPc,
            affair_hall().with("workerName", &b64(&long('凤', 51))),
            "参数 workerName（工作人员姓名）过长：最多 50 个字，实际 51 个字",
            "Parameter workerName (staff name) is too long: at most 50 characters, got 51",
        ),
        (
            Route::FrontPc,
            affair_hall().with("userName", &b64("吴\u{1b}[31m鹏")),
            "参数 userName（评价人姓名）含有控制字符",
            "Parameter userName (evaluator name) contains control characters",
        ),
        (
            Route::FrontPc,
            affair_hall().with("contactPhone", &b64("12")),
            "参数 contactPhone（评价人联系电话）过短",
            "Parameter contactPhone (evaluator phone) is too short",
        ),
        (
            Route::FrontPc,
            affair_hall().without("certificateNo"),
            "参数 certificateNo（评价人证件号码）缺失",
            "Parameter certificateNo (evaluator ID number) is missing",
        ),
        (
            Route::FrontPc,
            affair_hall().with("offLine", "2"),
            "参数 offLine（免登录标识）必须是以下之一：1",
            "Parameter offLine (offline flag) must be one of: 1",
        ),
        (
            Route::FrontPc,
            affair_hall().with("hallCode", "56417_234"),
            "参数 hallCode（大厅编码）不能含有字符“_”",
            "Parameter hallCode (hall code) must not contain the character '_'",
        ),
        (
            Route::EvalList,
            batch().with(
                "affairSerialNos",
                &b64(&(0..=MAX_BATCH)
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(",")),
            ),
            "参数 affairSerialNos（办件编号列表）数量过多：最多 200 个",
            "Parameter affairSerialNos (case numbers) has too many items: at most 200",
        ),
        (
            Route::EvalList,
            batch().with("affairSerialNos", &b64(&format!("{CASE_1},{CASE_1}"))),
            "参数 affairSerialNos（办件编号列表）含有重复的办件编号",
            "Parameter affairSerialNos (case numbers) contains the same case number twice",
        ),
        (
            Route::EvalList,
            batch().with("affairSerialNos", &b64(",")),
            "参数 affairSerialNos（办件编号列表）为空",
            "Parameter affairSerialNos (case numbers) is empty",
        ),
        (
            Route::HallWorker,
            consult_hall().without("workerName"),
            "参数 workerName（工作人员姓名）缺失",
            "Parameter workerName (staff name) is missing",
        ),
        (
            Route::RatingDynamic,
            Link::new(&[]),
            "参数 msg（二维码内容）缺失",
            "Parameter msg (QR code content) is missing",
        ),
        (
            Route::RatingDynamic,
            Link::new(&[("msg", "")]),
            "参数 msg（二维码内容）为空",
            "Parameter msg (QR code content) is empty",
        ),
        (
            Route::RatingDynamic,
            Link::new(&[("msg", &SEED_QR.replace("_2", "_3"))]),
            "参数 msg.evalProcess（评价阶段）必须是以下之一：1、2",
            "Parameter msg.evalProcess (evaluation stage) must be one of: 1, 2",
        ),
        (
            Route::RatingDynamic,
            Link::new(&[("msg", "cTPyv9r6_0204_JXU1RjIwJXU0RTA5")]),
            "参数 msg（二维码内容）格式不对：应为以 _ 连接的 7 段（appCode_workNo_hallWorkerName_hallCode_affairSerialNo_affairCode_evalProcess）",
            "Parameter msg (QR code content) has the wrong shape: expected 7 fields joined by _ (appCode_workNo_hallWorkerName_hallCode_affairSerialNo_affairCode_evalProcess)",
        ),
        (
            Route::RatingDynamic,
            Link::new(&[("msg", "cTPyv9r6-0204-39357010579292161")]),
            "参数 msg（二维码内容）格式不对：应为以 _ 连接的 7 段（辽宁）或以 - 连接的 appCode-workNo-hallCode-affairSerialNo-affairCode（广东）",
            "Parameter msg (QR code content) has the wrong shape: expected 7 fields joined by _ (Liaoning) or appCode-workNo-hallCode-affairSerialNo-affairCode (Guangdong)",
        ),
    ];
    for (route, link, zh, en) in cases {
        assert_eq!(first_message(route, &link, Lang::Zh), zh, "{:?}", link.0);
        assert_eq!(first_message(route, &link, Lang::En), en, "{:?}", link.0);
    }
}

#[test]
fn messages_never_echo_the_bad_value() {
    let probes = [
        ("channel", "<script>alert(1)</script>".to_string()),
        ("appCode", "<img_src=x>".to_string()),
        ("evalProcess", "<b>9</b>".to_string()),
        ("workerNo", "<i>_</i>".to_string()),
        ("affairName", b64("<script>\u{1}</script>")),
        ("contactPhone", b64("<138>")),
    ];
    for (key, value) in probes {
        let link = affair_hall().with(key, &value);
        let e = parse(Route::FrontPc, &link).expect_err("bad");
        for lang in [Lang::Zh, Lang::En] {
            for f in e.iter() {
                let m = f.message(lang);
                assert!(!m.contains(&value), "{key}: {m}");
                assert!(
                    !m.contains("<s") && !m.contains("<b") && !m.contains("<i"),
                    "{key}: {m}"
                );
            }
        }
    }
}

#[test]
fn page_titles_and_names() {
    let got: Vec<(&str, &str, &str)> = pages()
        .iter()
        .map(|(k, _, _, _)| (k.as_str(), k.title(Lang::Zh), k.title(Lang::En)))
        .collect();
    assert_eq!(
        got,
        [
            ("guide", "办事指南评价", "Rate this service guide"),
            ("affair-online", "办件评价", "Rate this case"),
            ("affair-hall", "办件评价", "Rate this case"),
            ("batch", "同一事项批量评价", "Rate these cases"),
            ("consult-online", "咨询评价", "Rate this consultation"),
            ("consult-hall", "咨询评价", "Rate this consultation"),
            ("dynamic", "办件评价", "Rate this case"),
        ]
    );
}

#[test]
fn page_options() {
    use hcp_protocol::PageOptions;
    let o = PageOptions::parse(
        "?lang=en&elder=1&ticket=t.k.n&returnUrl=https%3A%2F%2Fportal.example%2Fdone",
    );
    assert_eq!(o.lang, Lang::En);
    assert!(o.elder);
    assert_eq!(o.ticket.as_deref(), Some("t.k.n"));
    assert_eq!(o.return_url.as_deref(), Some("https://portal.example/done"));
    let o = PageOptions::parse("lang=zh&elder=true&ticket=&returnUrl=");
    assert_eq!(o, PageOptions::default());
    // A lang value whose second byte is inside a multi-byte character.
    for lang in ["张", "e张", "é", "ñe", "\u{10348}"] {
        assert_eq!(
            PageOptions::parse(&format!("lang={}", lang)).lang,
            Lang::Zh,
            "{lang}"
        );
    }
    assert_eq!(PageOptions::parse("lang=en-US").lang, Lang::En);
}
