//! The dynamic-QR `msg` parameter, in both dialects.
//!
//! - Liaoning (seed 000 §6): `appCode_workNo_hallWorkerName_hallCode_affairSerialNo_affairCode_evalProcess`,
//!   the worker name base64-encoded (the seed's example encodes its `escape()` form).
//! - Guangdong (seed 001 §3.4.1): `appCode-workNo-hallCode-affairSerialNo-affairCode`,
//!   where the case number itself contains `-`.
//!
//! Both are parsed from their fixed-shape ends, so a field in the middle (the
//! base64 name, which may use the URL-safe `_`; the Guangdong case number with
//! its `-`) may contain the separator.

use std::fmt;
use std::str::FromStr;

use crate::decode;
use crate::error::{Collector, FieldError, ParamErrors, Problem};
use crate::types::{AppCode, CaseNo, Code, EvalProcess, HallCode, PersonName, WorkNo};

/// A parsed dynamic-QR `msg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrMsg {
    /// Liaoning's 7 `_`-joined fields.
    Liaoning(LiaoningQr),
    /// Guangdong's 5 `-`-joined fields.
    Guangdong(GuangdongQr),
}

/// Liaoning's `msg` (seed 000 §6). Fields are read through [`QrMsg`]'s
/// accessors; they are private so the kept base64 name cannot go stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiaoningQr {
    /// 应用编码.
    app_code: AppCode,
    /// 窗口服务人员工号.
    work_no: WorkNo,
    /// 窗口服务人员姓名, decoded.
    worker_name: PersonName,
    /// The name exactly as it was encoded, so that building gives back the same `msg`.
    worker_name_b64: String,
    /// 大厅编码.
    hall_code: HallCode,
    /// 办件编号.
    affair_serial_no: CaseNo,
    /// 事项实施清单编码.
    affair_code: Code,
    /// 评价阶段.
    eval_process: EvalProcess,
}

/// Guangdong's `msg` (seed 001 §3.4.1). It names no worker and no stage.
/// Fields are private so every value can be written back ([`GuangdongQr::new`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuangdongQr {
    /// 应用编码.
    app_code: AppCode,
    /// 窗口服务人员工号.
    work_no: WorkNo,
    /// 大厅编码.
    hall_code: HallCode,
    /// 办件编号 (contains `-`).
    affair_serial_no: CaseNo,
    /// 事项实施清单编码 (never contains `-`).
    affair_code: Code,
}

impl LiaoningQr {
    /// Builds a Liaoning `msg` from its parts, encoding the worker name the way
    /// the seed's example does: base64 of its `escape()` form. The few names
    /// whose `escape()` form reads back as something else (Latin-1-only names
    /// like `Ã©`, whose escapes `%C3%A9` are also UTF-8 for `é`) are written as
    /// `encodeURIComponent()` output instead, which always reads back as itself.
    pub fn new(
        app_code: AppCode,
        work_no: WorkNo,
        worker_name: PersonName,
        hall_code: HallCode,
        affair_serial_no: CaseNo,
        affair_code: Code,
        eval_process: EvalProcess,
    ) -> LiaoningQr {
        let escaped = decode::encode_base64(&decode::js_escape(worker_name.as_str()));
        let worker_name_b64 =
            if decode::base64_text(&escaped).as_deref() == Ok(worker_name.as_str()) {
                escaped
            } else {
                decode::encode_base64(&decode::encode_uri_component(worker_name.as_str()))
            };
        LiaoningQr {
            app_code,
            work_no,
            worker_name,
            worker_name_b64,
            hall_code,
            affair_serial_no,
            affair_code,
            eval_process,
        }
    }
}

impl GuangdongQr {
    /// Builds a Guangdong `msg` from its parts. The affair code is the last
    /// `-`-separated field, so it must not contain `-`.
    pub fn new(
        app_code: AppCode,
        work_no: WorkNo,
        hall_code: HallCode,
        affair_serial_no: CaseNo,
        affair_code: Code,
    ) -> Result<GuangdongQr, FieldError> {
        if affair_code.as_str().contains('-') {
            return Err(FieldError::new(
                "msg.affairCode",
                Problem::ForbiddenChar('-'),
            ));
        }
        Ok(GuangdongQr {
            app_code,
            work_no,
            hall_code,
            affair_serial_no,
            affair_code,
        })
    }
}

impl QrMsg {
    /// Parses either dialect: a `msg` with `_` is Liaoning's, otherwise Guangdong's.
    pub fn parse(msg: &str) -> Result<QrMsg, ParamErrors> {
        if msg.is_empty() {
            return Err(ParamErrors(vec![FieldError::new("msg", Problem::Empty)]));
        }
        if msg.contains('_') {
            parse_liaoning(msg).map(QrMsg::Liaoning)
        } else {
            parse_guangdong(msg).map(QrMsg::Guangdong)
        }
    }

    /// Writes the `msg` back in its own dialect.
    pub fn build(&self) -> String {
        match self {
            QrMsg::Liaoning(q) => [
                q.app_code.as_str(),
                q.work_no.as_str(),
                &q.worker_name_b64,
                q.hall_code.as_str(),
                q.affair_serial_no.as_str(),
                q.affair_code.as_str(),
                &q.eval_process.get().to_string(),
            ]
            .join("_"),
            QrMsg::Guangdong(q) => [
                q.app_code.as_str(),
                q.work_no.as_str(),
                q.hall_code.as_str(),
                q.affair_serial_no.as_str(),
                q.affair_code.as_str(),
            ]
            .join("-"),
        }
    }

    /// 应用编码.
    pub fn app_code(&self) -> &AppCode {
        match self {
            QrMsg::Liaoning(q) => &q.app_code,
            QrMsg::Guangdong(q) => &q.app_code,
        }
    }

    /// 窗口服务人员工号.
    pub fn work_no(&self) -> &WorkNo {
        match self {
            QrMsg::Liaoning(q) => &q.work_no,
            QrMsg::Guangdong(q) => &q.work_no,
        }
    }

    /// 窗口服务人员姓名, when the dialect carries it (Guangdong's does not).
    pub fn worker_name(&self) -> Option<&PersonName> {
        match self {
            QrMsg::Liaoning(q) => Some(&q.worker_name),
            QrMsg::Guangdong(_) => None,
        }
    }

    /// 大厅编码.
    pub fn hall_code(&self) -> &HallCode {
        match self {
            QrMsg::Liaoning(q) => &q.hall_code,
            QrMsg::Guangdong(q) => &q.hall_code,
        }
    }

    /// 办件编号.
    pub fn affair_serial_no(&self) -> &CaseNo {
        match self {
            QrMsg::Liaoning(q) => &q.affair_serial_no,
            QrMsg::Guangdong(q) => &q.affair_serial_no,
        }
    }

    /// 事项实施清单编码.
    pub fn affair_code(&self) -> &Code {
        match self {
            QrMsg::Liaoning(q) => &q.affair_code,
            QrMsg::Guangdong(q) => &q.affair_code,
        }
    }

    /// 评价阶段. Guangdong's QR is printed when a case is done (seed 001
    /// §2.3.1), so it rates the 办结 stage.
    pub fn eval_process(&self) -> EvalProcess {
        match self {
            QrMsg::Liaoning(q) => q.eval_process,
            QrMsg::Guangdong(_) => EvalProcess::Done,
        }
    }
}

impl FromStr for QrMsg {
    type Err = ParamErrors;
    fn from_str(s: &str) -> Result<Self, ParamErrors> {
        QrMsg::parse(s)
    }
}

impl fmt::Display for QrMsg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.build())
    }
}

fn field<T>(c: &mut Collector, name: &str, r: Result<T, Problem>) -> Option<T> {
    c.take(r.map_err(|p| FieldError::new(["msg.", name].concat(), p)))
}

fn parse_liaoning(msg: &str) -> Result<LiaoningQr, ParamErrors> {
    let parts: Vec<&str> = msg.split('_').collect();
    if parts.len() < 7 {
        return Err(ParamErrors(vec![FieldError::new(
            "msg",
            Problem::Shape(
                "格式不对：应为以 _ 连接的 7 段（appCode_workNo_hallWorkerName_hallCode_affairSerialNo_affairCode_evalProcess）",
                "has the wrong shape: expected 7 fields joined by _ (appCode_workNo_hallWorkerName_hallCode_affairSerialNo_affairCode_evalProcess)",
            ),
        )]));
    }
    let n = parts.len();
    // The name is base64 and may itself contain '_' (URL-safe alphabet): it is
    // whatever lies between the two leading and the four trailing fields.
    let name_b64 = parts[2..n - 4].join("_");
    let mut c = Collector::default();
    let app_code = field(&mut c, "appCode", parts[0].parse());
    let work_no = field(&mut c, "workNo", parts[1].parse());
    let worker_name = field(
        &mut c,
        "hallWorkerName",
        decode::base64_text(&name_b64).and_then(PersonName::new),
    );
    let hall_code = field(&mut c, "hallCode", parts[n - 4].parse());
    let affair_serial_no = field(&mut c, "affairSerialNo", parts[n - 3].parse());
    let affair_code = field(&mut c, "affairCode", parts[n - 2].parse());
    let eval_process = field(&mut c, "evalProcess", parts[n - 1].parse());
    match (
        app_code,
        work_no,
        worker_name,
        hall_code,
        affair_serial_no,
        affair_code,
        eval_process,
    ) {
        (
            Some(app_code),
            Some(work_no),
            Some(worker_name),
            Some(hall_code),
            Some(affair_serial_no),
            Some(affair_code),
            Some(eval_process),
        ) if c.is_empty() => Ok(LiaoningQr {
            app_code,
            work_no,
            worker_name,
            worker_name_b64: name_b64,
            hall_code,
            affair_serial_no,
            affair_code,
            eval_process,
        }),
        _ => Err(c.finish()),
    }
}

fn parse_guangdong(msg: &str) -> Result<GuangdongQr, ParamErrors> {
    let parts: Vec<&str> = msg.split('-').collect();
    if parts.len() < 5 {
        return Err(ParamErrors(vec![FieldError::new(
            "msg",
            Problem::Shape(
                "格式不对：应为以 _ 连接的 7 段（辽宁）或以 - 连接的 appCode-workNo-hallCode-affairSerialNo-affairCode（广东）",
                "has the wrong shape: expected 7 fields joined by _ (Liaoning) or appCode-workNo-hallCode-affairSerialNo-affairCode (Guangdong)",
            ),
        )]));
    }
    let n = parts.len();
    let serial = parts[3..n - 1].join("-");
    let mut c = Collector::default();
    let app_code = field(&mut c, "appCode", parts[0].parse());
    let work_no = field(&mut c, "workNo", parts[1].parse());
    let hall_code = field(&mut c, "hallCode", parts[2].parse());
    let affair_serial_no = field(&mut c, "affairSerialNo", serial.parse());
    let affair_code = field(&mut c, "affairCode", parts[n - 1].parse());
    match (app_code, work_no, hall_code, affair_serial_no, affair_code) {
        (
            Some(app_code),
            Some(work_no),
            Some(hall_code),
            Some(affair_serial_no),
            Some(affair_code),
        ) if c.is_empty() => Ok(GuangdongQr {
            app_code,
            work_no,
            hall_code,
            affair_serial_no,
            affair_code,
        }),
        _ => Err(c.finish()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2";

    #[test]
    fn the_seed_example_decodes_zhang_san() {
        let q = QrMsg::parse(SEED).expect("seed msg parses");
        assert_eq!(q.app_code().as_str(), "cTPyv9r6");
        assert_eq!(q.work_no().as_str(), "0204");
        assert_eq!(q.worker_name().map(PersonName::as_str), Some("张三"));
        assert_eq!(q.hall_code().as_str(), "39357010579292161");
        assert_eq!(
            q.affair_serial_no().as_str(),
            "210000-210100009000-20200603093755953"
        );
        assert_eq!(q.affair_code().as_str(), "11210000001099516A2210100009000");
        assert_eq!(q.eval_process(), EvalProcess::Done);
        assert_eq!(q.build(), SEED);
    }

    #[test]
    fn guangdong_case_numbers_keep_their_dashes() {
        let msg = "cTPyv9r6-0204-39357010579292161-210000-210100009000-20200603093755953-11210000001099516A2210100009000";
        let q = QrMsg::parse(msg).expect("gd msg parses");
        assert!(matches!(q, QrMsg::Guangdong(_)));
        assert_eq!(
            q.affair_serial_no().as_str(),
            "210000-210100009000-20200603093755953"
        );
        assert_eq!(q.affair_code().as_str(), "11210000001099516A2210100009000");
        assert_eq!(q.worker_name(), None);
        assert_eq!(q.build(), msg);
    }

    #[test]
    fn a_url_safe_name_with_underscore_is_kept_whole() {
        // base64url of "?>?" is "Pz4_": the name segment contains the separator.
        let msg = "app1_7_Pz4_Pz4__123_C-1_A1_1";
        let q = QrMsg::parse(msg).expect("parses");
        assert_eq!(q.worker_name().map(PersonName::as_str), Some("?>??>?"));
        assert_eq!(q.build(), msg);
    }

    #[test]
    fn new_liaoning_encodes_like_the_seed() {
        let q = LiaoningQr::new(
            "cTPyv9r6".parse().expect("app"),
            "0204".parse().expect("no"),
            "张三".parse().expect("name"),
            "39357010579292161".parse().expect("hall"),
            "210000-210100009000-20200603093755953"
                .parse()
                .expect("case"),
            "11210000001099516A2210100009000".parse().expect("code"),
            EvalProcess::Done,
        );
        assert_eq!(QrMsg::Liaoning(q).build(), SEED);
    }

    #[test]
    fn errors_name_each_bad_segment() {
        let e = QrMsg::parse("a_b_c").expect_err("too short");
        assert!(e.has("msg"));
        let e = QrMsg::parse("app_1_!!!_hall_case_code_3").expect_err("bad");
        assert!(e.has("msg.hallWorkerName"));
        assert!(e.has("msg.evalProcess"));
        assert!(!e.has("msg.appCode"));
        let e = QrMsg::parse("a-b-c").expect_err("short gd");
        assert!(e.has("msg"));
        assert!(QrMsg::parse("").expect_err("empty").has("msg"));
    }
}
