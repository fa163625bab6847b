//! The widget's JSON codec: the gateway's bodies of `hcp_protocol::api` (and
//! of `my` and `pad`) and the page's `WidgetConfig`, read and written
//! through the browser's own `JSON.parse` / `JSON.stringify`. The saved
//! draft's lines are in `crate::draft`, beside its type.
//!
//! Why not serde: the widget ships to cheap phones over slow networks, and
//! serde_json with the derived visitors of these few bodies was about a fifth
//! of the wasm (docs/ARCHITECTURE.md, "Widget"). The gateway reads and
//! writes the same bodies with serde; this codec follows the serde
//! attributes of `crates/protocol/src/api.rs` field by field, one line a
//! field in [`json_object!`]:
//!
//! | mode        | serde                                              | reading                     | writing          |
//! |-------------|----------------------------------------------------|-----------------------------|------------------|
//! | `required`  | (none)                                             | must be there, right type   | always           |
//! | `default`   | `#[serde(default)]`                                | absent or `null`: default   | always           |
//! | `optional`  | `Option` + `skip_serializing_if = "Option::is_none"` | absent or `null`: `None`  | when `Some`      |
//! | `nonempty`  | `default` + `skip_serializing_if = "Vec::is_empty"` | absent or `null`: empty    | when not empty   |
//!
//! A body that does not read is `None` as a whole, as serde would refuse it.
//! Drift is caught in a real browser: tests/e2e/specs/codec.spec.js reads
//! every golden file the protocol crate writes with serde
//! (crates/protocol/tests/golden) through this codec and writes it back.

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
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A value with a JSON form.
pub trait Json: Sized {
    /// Reads the value (`None`: absent, of the wrong type, or invalid).
    fn read(v: &JsValue) -> Option<Self>;
    /// Writes it.
    fn write(&self) -> JsValue;
}

/// Parses JSON text and reads a `T` from it.
pub fn from_text<T: Json>(text: &str) -> Option<T> {
    T::read(&JSON::parse(text).ok()?)
}

/// Writes a `T` as JSON text.
pub fn to_text<T: Json>(value: &T) -> Option<String> {
    JSON::stringify(&value.write()).ok().map(String::from)
}

/// `o[key]` (`undefined` when `o` is not an object or has no such key).
fn get(o: &JsValue, key: &str) -> JsValue {
    if !o.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `o[key] = value`.
pub fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// The field modes of [`json_object!`] (see the module's table).
pub mod field {
    use super::*;

    /// Must be present and read.
    pub mod required {
        use super::*;
        /// Reads `o[key]`.
        pub fn read<T: Json>(o: &JsValue, key: &str) -> Option<T> {
            T::read(&get(o, key))
        }
        /// Writes `o[key]`.
        pub fn write<T: Json>(o: &Object, key: &str, v: &T) {
            set(o, key, &v.write());
        }
    }

    /// `#[serde(default)]`: absent or `null` is the default; always written.
    pub mod default {
        use super::*;
        /// Reads `o[key]`.
        pub fn read<T: Json + Default>(o: &JsValue, key: &str) -> Option<T> {
            let v = get(o, key);
            if absent(&v) {
                Some(T::default())
            } else {
                T::read(&v)
            }
        }
        /// Writes `o[key]`.
        pub fn write<T: Json>(o: &Object, key: &str, v: &T) {
            set(o, key, &v.write());
        }
    }

    /// `Option` skipped when `None`: absent or `null` is `None`.
    pub mod optional {
        use super::*;
        /// Reads `o[key]`.
        pub fn read<T: Json>(o: &JsValue, key: &str) -> Option<Option<T>> {
            let v = get(o, key);
            if absent(&v) {
                Some(None)
            } else {
                T::read(&v).map(Some)
            }
        }
        /// Writes `o[key]` when there is a value.
        pub fn write<T: Json>(o: &Object, key: &str, v: &Option<T>) {
            if let Some(v) = v {
                set(o, key, &v.write());
            }
        }
    }

    /// A list that defaults to empty and is skipped when empty.
    pub mod nonempty {
        use super::*;
        /// Reads `o[key]`.
        pub fn read<T: Json>(o: &JsValue, key: &str) -> Option<Vec<T>> {
            default::read(o, key)
        }
        /// Writes `o[key]` when the list has items.
        pub fn write<T: Json>(o: &Object, key: &str, v: &Vec<T>) {
            if !v.is_empty() {
                set(o, key, &v.write());
            }
        }
    }
}

/// Implements [`Json`] for a struct, one line a field:
/// `rust_name: "jsonName" mode`, `mode` one of [`field`]'s. (Also for the
/// widget's own stored values: `crate::draft`.)
macro_rules! json_object {
    ($ty:ident { $($field:ident : $key:literal $mode:ident),+ $(,)? }) => {
        impl $crate::codec::Json for $ty {
            fn read(v: &::wasm_bindgen::JsValue) -> Option<Self> {
                if !v.is_object() {
                    return None;
                }
                Some($ty { $($field: $crate::codec::field::$mode::read(v, $key)?),+ })
            }
            fn write(&self) -> ::wasm_bindgen::JsValue {
                let o = ::js_sys::Object::new();
                $($crate::codec::field::$mode::write(&o, $key, &self.$field);)+
                o.into()
            }
        }
    };
}
pub(crate) use json_object;

/// Implements [`Json`] for a validated string type through its `new` and `as_str`.
macro_rules! json_string {
    ($($ty:ty),+) => {$(
        impl Json for $ty {
            fn read(v: &JsValue) -> Option<Self> {
                <$ty>::new(v.as_string()?).ok()
            }
            fn write(&self) -> JsValue {
                JsValue::from_str(self.as_str())
            }
        }
    )+};
}

impl Json for String {
    fn read(v: &JsValue) -> Option<Self> {
        v.as_string()
    }
    fn write(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl Json for u8 {
    fn read(v: &JsValue) -> Option<Self> {
        let n = v.as_f64()?;
        (n.fract() == 0.0 && (0.0..=255.0).contains(&n)).then_some(n as u8)
    }
    fn write(&self) -> JsValue {
        JsValue::from(*self)
    }
}

impl Json for u32 {
    fn read(v: &JsValue) -> Option<Self> {
        let n = v.as_f64()?;
        (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
    }
    fn write(&self) -> JsValue {
        JsValue::from(*self)
    }
}

impl Json for bool {
    fn read(v: &JsValue) -> Option<Self> {
        v.as_bool()
    }
    fn write(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl<T: Json> Json for Vec<T> {
    fn read(v: &JsValue) -> Option<Self> {
        v.dyn_ref::<Array>()?.iter().map(|x| T::read(&x)).collect()
    }
    fn write(&self) -> JsValue {
        self.iter().map(Json::write).collect::<Array>().into()
    }
}

/// A number, as serde writes it; serde also reads a numeric string.
impl Json for Stars {
    fn read(v: &JsValue) -> Option<Self> {
        let n = match v.as_string() {
            Some(s) => s.trim().parse::<u8>().ok()?,
            None => u8::read(v)?,
        };
        Stars::try_from(i64::from(n)).ok()
    }
    fn write(&self) -> JsValue {
        JsValue::from(self.get())
    }
}

/// Its one name (`as_str` / `FromStr`, which serde uses too).
impl Json for PadEventKind {
    fn read(v: &JsValue) -> Option<Self> {
        v.as_string()?.parse().ok()
    }
    fn write(&self) -> JsValue {
        JsValue::from_str(self.as_str())
    }
}

/// Its one name (`SubmitStatus::as_str` / `FromStr`, which serde uses too).
impl Json for SubmitStatus {
    fn read(v: &JsValue) -> Option<Self> {
        v.as_string()?.parse().ok()
    }
    fn write(&self) -> JsValue {
        JsValue::from_str(self.as_str())
    }
}

/// Its one name (`EvalStatus::as_str` / `FromStr`, which serde uses too).
impl Json for EvalStatus {
    fn read(v: &JsValue) -> Option<Self> {
        v.as_string()?.parse().ok()
    }
    fn write(&self) -> JsValue {
        JsValue::from_str(self.as_str())
    }
}

json_string!(TagId, HallCode, WorkNo, Remark, IdempotencyKey);

json_object!(SubmitRequest {
    route: "route" required,
    query: "query" required,
    rating: "rating" required,
    hall: "hall" optional,
    idempotency_key: "idempotencyKey" optional,
});
json_object!(Rating {
    stars: "stars" required,
    tags: "tags" default,
    remark: "remark" default,
});
json_object!(HallChoice {
    hall_code: "hallCode" required,
    work_no: "workNo" required,
});
json_object!(SubmitResponse {
    status: "status" required,
    eval_id: "evalId" optional,
    cases: "cases" nonempty,
});
json_object!(CaseOutcome {
    affair_serial_no: "affairSerialNo" required,
    status: "status" required,
    message: "message" optional,
});
json_object!(TagsResponse {
    tags: "tags" required,
});
json_object!(Tag {
    id: "id" required,
    name: "name" required,
});
json_object!(HallsResponse {
    halls: "halls" required,
});
json_object!(Hall {
    hall_code: "hallCode" required,
    name: "name" required,
    workers: "workers" required,
});
json_object!(Worker {
    work_no: "workNo" required,
    name: "name" required,
});
json_object!(ApiError {
    code: "code" required,
    field: "field" optional,
    zh: "zh" required,
    en: "en" required,
});
json_object!(WidgetConfig {
    login_url: "loginUrl" required,
    allowed_origins: "allowedOrigins" default,
    api_base: "apiBase" required,
});
json_object!(MyCasesResponse {
    page_no: "pageNo" required,
    page_total: "pageTotal" required,
    total: "total" required,
    cases: "cases" required,
});
json_object!(MyCase {
    affair_serial_no: "affairSerialNo" required,
    affair_name: "affairName" required,
    department_name: "departmentName" optional,
    apply_time: "applyTime" optional,
    done_time: "doneTime" optional,
    finished: "finished" required,
    status: "status" required,
    stars: "stars" optional,
    rate_stage: "rateStage" optional,
    delivering: "delivering" default,
});
json_object!(MyCaseDetail {
    case: "case" required,
    accepted: "accepted" optional,
    done: "done" optional,
    rate: "rate" optional,
});
json_object!(StageRating {
    stars: "stars" required,
    tags: "tags" default,
    remark: "remark" optional,
    time: "time" required,
    work_order: "workOrder" optional,
});
json_object!(WorkOrder {
    status: "status" optional,
    validity: "validity" optional,
    steps: "steps" default,
});
json_object!(WorkOrderStep {
    time: "time" optional,
    kind: "kind" optional,
    text: "text" required,
});
json_object!(RateLink {
    stage: "stage" required,
    route: "route" required,
    query: "query" required,
});
json_object!(MyGuidesResponse {
    page_no: "pageNo" required,
    page_total: "pageTotal" required,
    total: "total" required,
    guides: "guides" required,
});
json_object!(MyGuideRating {
    affair_name: "affairName" optional,
    stars: "stars" required,
    tags: "tags" default,
    remark: "remark" optional,
    time: "time" required,
});
// The pad entry's bodies (hcp_protocol::pad).
json_object!(PadHello {
    credential: "credential" required,
});
json_object!(PadEvent {
    event: "event" required,
    window: "window" optional,
    case: "case" optional,
    rated: "rated" optional,
    zh: "zh" optional,
    en: "en" optional,
});
json_object!(PadWindow {
    app_code: "appCode" required,
    hall_name: "hallName" required,
    worker_name: "workerName" required,
    work_no: "workNo" required,
    consult_link: "consultLink" required,
});
json_object!(PadCase {
    affair_serial_no: "affairSerialNo" required,
    eval_process: "evalProcess" required,
    affair_name: "affairName" required,
    department_name: "departmentName" required,
    citizen: "citizen" required,
    dynamic_link: "dynamicLink" required,
    show_ms: "showMs" required,
});
json_object!(PadCaseRef {
    affair_serial_no: "affairSerialNo" required,
    eval_process: "evalProcess" required,
});
json_object!(PadRateRequest {
    case: "case" optional,
    rating: "rating" required,
    idempotency_key: "idempotencyKey" required,
});
