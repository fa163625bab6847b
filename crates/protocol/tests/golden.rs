//! Golden files: serde's JSON of every body the widget reads or writes
//! (`hcp_protocol::api`), written to `tests/golden/<Type>.json` as an array
//! of samples: every field set, then the smallest body serde accepts.
//!
//! The widget does not use serde (src/codec.rs reads and writes these bodies
//! through the browser's JSON, for size). Its codec is checked against these
//! files in a real browser: tests/e2e/specs/codec.spec.js reads each sample
//! with the widget's codec, writes it back, and fails on any difference. So a
//! field renamed or added here, and not in the codec, fails `make test`.
//!
//! This test rewrites the files whenever serde's output changes (commit the
//! change); what it asserts is that each sample survives serde's own round
//! trip. Adding a field to a body: one line in its `full` sample below (the
//! struct literal does not compile without it), one line in the codec.

use std::fmt::Debug;
use std::path::PathBuf;

use hcp_protocol::api::{
    ApiError, CaseOutcome, Hall, HallChoice, HallsResponse, Rating, SubmitRequest, SubmitResponse,
    SubmitStatus, Tag, TagsResponse, WidgetConfig, Worker,
};
use hcp_protocol::my::{
    EvalStatus, MyCase, MyCaseDetail, MyCasesResponse, MyGuideRating, MyGuidesResponse, RateLink,
    StageRating, WorkOrder, WorkOrderStep,
};
use hcp_protocol::pad::{
    PadCase, PadCaseRef, PadEvent, PadEventKind, PadHello, PadRateRequest, PadWindow,
};
use hcp_protocol::types::{HallCode, IdempotencyKey, TagId, WorkNo};
use hcp_protocol::{Remark, Stars};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Checks serde's round trip of every sample and (re)writes `<name>.json`.
fn golden<T: Serialize + DeserializeOwned + PartialEq + Debug>(name: &str, samples: &[T]) {
    for s in samples {
        let v = serde_json::to_value(s).expect("serializes");
        let back: T = serde_json::from_value(v.clone()).expect("reads back");
        assert_eq!(&back, s, "{name}: serde's round trip of {v}");
    }
    let text = serde_json::to_string_pretty(samples).expect("serializes") + "\n";
    let path = dir().join(format!("{name}.json"));
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::create_dir_all(dir()).expect("golden dir");
        std::fs::write(&path, text).expect("write golden file");
    }
}

/// Every body type with a golden file, by file name.
const NAMES: &[&str] = &[
    "SubmitRequest",
    "SubmitResponse",
    "TagsResponse",
    "HallsResponse",
    "ApiError",
    "WidgetConfig",
    "MyCasesResponse",
    "MyCaseDetail",
    "MyGuidesResponse",
    "PadHello",
    "PadEvent",
    "PadRateRequest",
];

fn full_submit_request() -> SubmitRequest {
    SubmitRequest {
        route: "/front/hallworker/".into(),
        query: "appCode=cTPyv9r6&channel=web&evalEntityCode=hallAffair&lang=en".into(),
        rating: Rating {
            stars: Stars::try_from(2).expect("stars"),
            tags: vec![
                TagId::new("1001").expect("tag"),
                TagId::new("t-2").expect("tag"),
            ],
            remark: Remark::new("排队太久，\"窗口\"少\n<b>不是标记</b> ✓").expect("remark"),
        },
        hall: Some(HallChoice {
            hall_code: HallCode::new("39357010579292161").expect("hall"),
            work_no: WorkNo::new("0205").expect("work no"),
        }),
        idempotency_key: Some(
            IdempotencyKey::new("0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c").expect("key"),
        ),
    }
}

fn full_submit_response() -> SubmitResponse {
    SubmitResponse {
        status: SubmitStatus::Queued,
        eval_id: Some("EV-2026-0001".into()),
        cases: vec![
            CaseOutcome {
                affair_serial_no: "210000-210100009000-20200603093755953".into(),
                status: SubmitStatus::Delivered,
                message: None,
            },
            CaseOutcome {
                affair_serial_no: "210000-210100009000-20200603093755954".into(),
                status: SubmitStatus::Refused,
                message: Some("办件不存在".into()),
            },
            CaseOutcome {
                affair_serial_no: "210000-210100009000-20200603093755955".into(),
                status: SubmitStatus::AlreadyRated,
                message: Some("请勿重复评价".into()),
            },
        ],
    }
}

#[test]
fn submit_request() {
    let full = full_submit_request();
    let minimal = SubmitRequest {
        rating: Rating {
            tags: Vec::new(),
            remark: Remark::default(),
            ..full.rating.clone()
        },
        hall: None,
        idempotency_key: None,
        ..full.clone()
    };
    golden("SubmitRequest", &[full, minimal]);
}

#[test]
fn submit_response() {
    let full = full_submit_response();
    let minimal = SubmitResponse {
        status: SubmitStatus::AlreadyRated,
        eval_id: None,
        cases: Vec::new(),
    };
    golden("SubmitResponse", &[full, minimal]);
}

#[test]
fn tags_response() {
    let full = TagsResponse {
        tags: vec![
            Tag {
                id: "1001".into(),
                name: "材料范本非常规范".into(),
            },
            Tag {
                id: "t\"2".into(),
                name: "<i>态度</i> & 效率".into(),
            },
        ],
    };
    golden("TagsResponse", &[full, TagsResponse { tags: Vec::new() }]);
}

#[test]
fn halls_response() {
    let full = HallsResponse {
        halls: vec![
            Hall {
                hall_code: "39357010579292161".into(),
                name: "辽宁省政务服务中心".into(),
                workers: vec![
                    Worker {
                        work_no: "0204".into(),
                        name: "张三".into(),
                    },
                    Worker {
                        work_no: "0205".into(),
                        name: "李四".into(),
                    },
                ],
            },
            Hall {
                hall_code: "56417234343428097".into(),
                name: "沈阳测试大厅".into(),
                workers: Vec::new(),
            },
        ],
    };
    golden(
        "HallsResponse",
        &[full, HallsResponse { halls: Vec::new() }],
    );
}

#[test]
fn api_error() {
    let full = ApiError {
        code: "invalid_param".into(),
        field: Some("rating.remark".into()),
        zh: "参数 remark（评价内容）过长".into(),
        en: "Parameter remark (comment) is too long".into(),
    };
    let minimal = ApiError {
        field: None,
        ..full.clone()
    };
    golden("ApiError", &[full, minimal]);
}

#[test]
fn widget_config() {
    let full = WidgetConfig {
        login_url: "https://login.example.gov.cn/sso?from=hcp".into(),
        allowed_origins: vec![
            "https://portal.example.gov.cn".into(),
            "http://127.0.0.1:8081".into(),
        ],
        api_base: "/api".into(),
    };
    let minimal = WidgetConfig {
        allowed_origins: Vec::new(),
        ..full.clone()
    };
    golden("WidgetConfig", &[full, minimal]);
}

fn full_my_case() -> MyCase {
    MyCase {
        affair_serial_no: "210000-210100004000-20250302083015301".into(),
        affair_name: "企业投资项目备案 <b>不是标记</b>".into(),
        department_name: Some("辽宁省发展和改革委员会".into()),
        apply_time: Some("2025-03-02 08:30:15".into()),
        done_time: Some("2025-03-04 17:00:00".into()),
        finished: true,
        status: EvalStatus::AcceptedRated,
        stars: Some(Stars::try_from(4).expect("stars")),
        rate_stage: Some(2),
        delivering: true,
    }
}

fn minimal_my_case() -> MyCase {
    MyCase {
        department_name: None,
        apply_time: None,
        done_time: None,
        finished: false,
        status: EvalStatus::Unrated,
        stars: None,
        rate_stage: None,
        delivering: false,
        ..full_my_case()
    }
}

#[test]
fn my_cases_response() {
    let full = MyCasesResponse {
        page_no: 2,
        page_total: 3,
        total: 21,
        cases: vec![full_my_case(), minimal_my_case()],
    };
    let minimal = MyCasesResponse {
        page_no: 1,
        page_total: 0,
        total: 0,
        cases: Vec::new(),
    };
    golden("MyCasesResponse", &[full, minimal]);
}

#[test]
fn my_case_detail() {
    let bad = StageRating {
        stars: Stars::try_from(1).expect("stars"),
        tags: vec!["多次跑腿".into(), "材料\"反复\"提交".into()],
        remark: Some("跑了三次\n才办成".into()),
        time: "2025-08-20 10:00:00".into(),
        work_order: Some(WorkOrder {
            status: Some(3),
            validity: Some(1),
            steps: vec![
                WorkOrderStep {
                    time: Some("2025-08-21 09:00:00".into()),
                    kind: Some(1),
                    text: "已联系办事人核实".into(),
                },
                WorkOrderStep {
                    time: None,
                    kind: None,
                    text: "已整改".into(),
                },
            ],
        }),
    };
    let good = StageRating {
        stars: Stars::MAX,
        tags: Vec::new(),
        remark: None,
        time: "2025-03-02 09:00:00".into(),
        work_order: None,
    };
    let full = MyCaseDetail {
        case: full_my_case(),
        accepted: Some(good),
        done: Some(bad),
        rate: Some(RateLink {
            stage: 2,
            route: "/front/pc/".into(),
            query: "appCode=cTPyv9r6&channel=web&evalEntityCode=egovAffair&evalProcess=2".into(),
        }),
    };
    let minimal = MyCaseDetail {
        case: minimal_my_case(),
        accepted: None,
        done: None,
        rate: None,
    };
    let empty_order = MyCaseDetail {
        done: Some(StageRating {
            work_order: Some(WorkOrder {
                status: None,
                validity: None,
                steps: Vec::new(),
            }),
            ..full.done.clone().expect("done")
        }),
        ..minimal.clone()
    };
    golden("MyCaseDetail", &[full, minimal, empty_order]);
}

#[test]
fn my_guides_response() {
    let full = MyGuidesResponse {
        page_no: 1,
        page_total: 1,
        total: 2,
        guides: vec![
            MyGuideRating {
                affair_name: Some("内部资料性出版物准印证核发".into()),
                stars: Stars::try_from(3).expect("stars"),
                tags: vec!["材料范本比较规范".into()],
                remark: Some("还行".into()),
                time: "2019-10-13 20:07:14".into(),
            },
            MyGuideRating {
                affair_name: None,
                stars: Stars::MAX,
                tags: Vec::new(),
                remark: None,
                time: "2019-10-14 08:00:00".into(),
            },
        ],
    };
    let minimal = MyGuidesResponse {
        page_no: 1,
        page_total: 0,
        total: 0,
        guides: Vec::new(),
    };
    golden("MyGuidesResponse", &[full, minimal]);
}

#[test]
fn pad_hello() {
    golden(
        "PadHello",
        &[
            PadHello {
                credential: "p1a2b3c4d5e6.Zm9vYmFyYmF6cXV4cXV1eA".into(),
            },
            // The smallest body serde accepts (the gateway refuses it).
            PadHello {
                credential: String::new(),
            },
        ],
    );
}

#[test]
fn pad_event() {
    let case = PadCase {
        affair_serial_no: "210100-210100301001-20250310091512101".into(),
        eval_process: 2,
        affair_name: "个体工商户设立登记".into(),
        department_name: "沈阳市市场监督管理局".into(),
        citizen: "王*明".into(),
        dynamic_link: "http://127.0.0.1:8080/rating-dynamic/?msg=cTPyv9r6_1212_JXU2NzRFJXU1MUU0_56417234343428097_210100-210100301001-20250310091512101_C1_2".into(),
        show_ms: 180_000,
    };
    let full = PadEvent {
        event: PadEventKind::Hello,
        window: Some(PadWindow {
            app_code: "cTPyv9r6".into(),
            hall_name: "沈阳测试大厅".into(),
            worker_name: "李凤".into(),
            work_no: "1212".into(),
            consult_link: "http://127.0.0.1:8080/front/hallworker/?appCode=cTPyv9r6&channel=hallQr&evalEntityCode=hallAffair&hallCode=56417234343428097&workerNo=1212&workerName=5p2O5Yek".into(),
        }),
        case: Some(case.clone()),
        rated: Some(PadCaseRef {
            affair_serial_no: case.affair_serial_no.clone(),
            eval_process: 2,
        }),
        zh: Some("凭证已被撤销".into()),
        en: Some("The credential was revoked".into()),
    };
    let minimal = PadEvent {
        event: PadEventKind::Rated,
        window: None,
        case: None,
        rated: None,
        zh: None,
        en: None,
    };
    golden("PadEvent", &[full, minimal]);
}

#[test]
fn pad_rate_request() {
    let full = PadRateRequest {
        case: Some(PadCaseRef {
            affair_serial_no: "210100-210100301001-20250310091512101".into(),
            eval_process: 1,
        }),
        rating: full_submit_request().rating,
        idempotency_key: IdempotencyKey::new("0190a1b2c3d4e5f60718293a4b5c6d7e").expect("key"),
    };
    let minimal = PadRateRequest {
        case: None,
        rating: Rating {
            stars: Stars::MAX,
            tags: Vec::new(),
            remark: Remark::default(),
        },
        ..full.clone()
    };
    golden("PadRateRequest", &[full, minimal]);
}

#[test]
fn every_golden_file_is_a_body_tested_here() {
    for entry in std::fs::read_dir(dir()).expect("golden dir") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        let stem = name.strip_suffix(".json").unwrap_or(&name);
        assert!(
            NAMES.contains(&stem),
            "tests/golden/{name} is not written by this test: remove it"
        );
    }
}
