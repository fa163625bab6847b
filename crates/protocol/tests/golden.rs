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
