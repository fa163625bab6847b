//! The case directory (已办数据库) and the hall directory: what the platform
//! requires about a case or a window that a page URL does not carry. (The
//! department directory is read and written in `departments`; its records
//! are parsed and imported here with the others.)
//!
//! Both live in `gateway.db` and are filled by `hcp-gateway import` (CSV with
//! a header row, or a JSON array of objects), by the signed push API
//! (`routes::directory_push`), and in sandbox mode from `hcp_sandbox::demo`.
//! Field names are the platform's (`affairSerialNo`, `hallCode`, …). Every
//! record is validated with the protocol crate's types before it is stored.

use std::collections::BTreeMap;

use crate::args;
use crate::store::Tx;
use hcp_protocol::api;
use hcp_protocol::error::{FieldError, Lang, Problem};
use hcp_protocol::sign::parse_timestamp14;
use hcp_protocol::types::{AppCode, CaseNo, Code, HallCode, Name, PersonName, Personal, WorkNo};
use serde_json::Value;

use crate::db::now_ms;
use crate::departments::{self, DepartmentRecord};
use crate::identity::applicant_digest;

/// A case in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRecord {
    /// 办件编号.
    pub affair_serial_no: String,
    /// 实施清单编码.
    pub affair_code: String,
    /// 事项名称.
    pub affair_name: String,
    /// 部门编码.
    pub department_code: String,
    /// 部门名称.
    pub department_name: Option<String>,
    /// 事项受理人姓名.
    pub affair_deal_officer: String,
    /// 受理时间 yyyyMMddHHmmss.
    pub affair_apply_time: String,
    /// 办结时间 yyyyMMddHHmmss, once done.
    pub affair_done_time: Option<String>,
    /// The applicant the hall system reported (`certificateNo` in a record),
    /// kept as its digest (`identity::applicant_digest`), never the number:
    /// only that person may rate the case.
    pub applicant_digest: Option<String>,
}

/// A hall window worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerRecord {
    /// 工作人员编号.
    pub work_no: String,
    /// 姓名.
    pub name: String,
}

/// A hall with (some of) its workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallRecord {
    /// 大厅编码.
    pub hall_code: String,
    /// 大厅名称.
    pub hall_name: String,
    /// The appCode it belongs to; `None` means every app.
    pub app_code: Option<String>,
    /// Workers to add or update (none are removed).
    pub workers: Vec<WorkerRecord>,
}

/// What a directory file or push holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryKind {
    /// Case records.
    Cases,
    /// Hall (and worker) records.
    Halls,
    /// Department records (`departments`).
    Departments,
}

impl DirectoryKind {
    /// `cases` or `halls`.
    pub fn as_str(self) -> &'static str {
        match self {
            DirectoryKind::Cases => "cases",
            DirectoryKind::Halls => "halls",
            DirectoryKind::Departments => "departments",
        }
    }
}

/// A problem with one record: where (record index or file line) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// "line 5" or "data[3]".
    pub place: String,
    /// The message, naming the field, in both languages.
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

pub(crate) fn field_error(field: &str, p: Problem) -> String {
    let e = FieldError::new(field, p);
    format!("{} / {}", e.message(Lang::Zh), e.message(Lang::En))
}

/// A record as loose text fields (JSON strings or numbers, CSV cells).
pub(crate) type Fields = BTreeMap<String, String>;

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn get<'a>(f: &'a Fields, key: &str) -> Option<&'a str> {
    f.get(key).map(String::as_str).filter(|s| !s.is_empty())
}

pub(crate) fn req<T>(
    f: &Fields,
    key: &str,
    parse: impl FnOnce(&str) -> Result<T, Problem>,
    errs: &mut Vec<String>,
) -> Option<T> {
    match get(f, key) {
        None => {
            errs.push(field_error(key, Problem::Missing));
            None
        }
        Some(v) => match parse(v) {
            Ok(t) => Some(t),
            Err(p) => {
                errs.push(field_error(key, p));
                None
            }
        },
    }
}

fn opt<T>(
    f: &Fields,
    key: &str,
    parse: impl FnOnce(&str) -> Result<T, Problem>,
    errs: &mut Vec<String>,
) -> Option<T> {
    match get(f, key) {
        None => None,
        Some(v) => match parse(v) {
            Ok(t) => Some(t),
            Err(p) => {
                errs.push(field_error(key, p));
                None
            }
        },
    }
}

fn time14(s: &str) -> Result<String, Problem> {
    parse_timestamp14(s)
        .map(|_| s.to_string())
        .ok_or(Problem::Shape(
            "不是 yyyyMMddHHmmss 格式的时间",
            "is not a yyyyMMddHHmmss time",
        ))
}

fn case_from(f: &Fields) -> Result<CaseRecord, Vec<String>> {
    let mut errs = Vec::new();
    let serial = req(
        f,
        "affairSerialNo",
        |s| CaseNo::new(s).map(|c| c.as_str().to_string()),
        &mut errs,
    );
    let code = req(
        f,
        "affairCode",
        |s| Code::new(s).map(|c| c.as_str().to_string()),
        &mut errs,
    );
    let name = req(
        f,
        "affairName",
        |s| Name::new(s).map(|c| c.as_str().to_string()),
        &mut errs,
    );
    let dept = req(
        f,
        "departmentCode",
        |s| Code::new(s).map(|c| c.as_str().to_string()),
        &mut errs,
    );
    let dept_name = opt(
        f,
        "departmentName",
        |s| Name::new(s).map(|c| c.as_str().to_string()),
        &mut errs,
    );
    let officer = req(
        f,
        "affairDealOfficer",
        |s| PersonName::new(s).map(|c| c.as_str().to_string()),
        &mut errs,
    );
    let apply = req(f, "affairApplyTime", time14, &mut errs);
    let done = opt(f, "affairDoneTime", time14, &mut errs);
    let applicant = opt(
        f,
        "certificateNo",
        |s| Personal::new(s).map(|p| applicant_digest(p.expose())),
        &mut errs,
    );
    if let (Some(a), Some(d)) = (&apply, &done)
        && parse_timestamp14(d) < parse_timestamp14(a)
    {
        errs.push(field_error(
            "affairDoneTime",
            Problem::Shape("早于受理时间", "is before affairApplyTime"),
        ));
    }
    match (serial, code, name, dept, officer, apply) {
        (Some(s), Some(c), Some(n), Some(d), Some(o), Some(a)) if errs.is_empty() => {
            Ok(CaseRecord {
                affair_serial_no: s,
                affair_code: c,
                affair_name: n,
                department_code: d,
                department_name: dept_name,
                affair_deal_officer: o,
                affair_apply_time: a,
                affair_done_time: done,
                applicant_digest: applicant,
            })
        }
        _ => Err(errs),
    }
}

fn hall_head(f: &Fields, errs: &mut Vec<String>) -> Option<(String, String, Option<String>)> {
    let code = req(
        f,
        "hallCode",
        |s| HallCode::new(s).map(|c| c.as_str().to_string()),
        errs,
    );
    let name = req(
        f,
        "hallName",
        |s| Name::new(s).map(|c| c.as_str().to_string()),
        errs,
    );
    let app = opt(
        f,
        "appCode",
        |s| AppCode::new(s).map(|c| c.as_str().to_string()),
        errs,
    );
    Some((code?, name?, app))
}

fn worker_from(f: &Fields, errs: &mut Vec<String>) -> Option<WorkerRecord> {
    let work_no = req(
        f,
        "workNo",
        |s| WorkNo::new(s).map(|c| c.as_str().to_string()),
        errs,
    );
    let name = req(
        f,
        "workerName",
        |s| PersonName::new(s).map(|c| c.as_str().to_string()),
        errs,
    );
    Some(WorkerRecord {
        work_no: work_no?,
        name: name?,
    })
}

/// A flat hall row (CSV, or a JSON object without `workers`): a hall and at most one worker.
fn hall_row(f: &Fields) -> Result<HallRecord, Vec<String>> {
    let mut errs = Vec::new();
    let head = hall_head(f, &mut errs);
    let has_worker = get(f, "workNo").is_some() || get(f, "workerName").is_some();
    let worker = if has_worker {
        worker_from(f, &mut errs)
    } else {
        None
    };
    match head {
        Some((hall_code, hall_name, app_code)) if errs.is_empty() => Ok(HallRecord {
            hall_code,
            hall_name,
            app_code,
            workers: worker.into_iter().collect(),
        }),
        _ => Err(errs),
    }
}

fn fields_of(obj: &serde_json::Map<String, Value>) -> Fields {
    obj.iter()
        .filter_map(|(k, v)| text_of(v).map(|t| (k.clone(), t)))
        .collect()
}

fn hall_object(obj: &serde_json::Map<String, Value>) -> Result<HallRecord, Vec<String>> {
    let Some(workers) = obj.get("workers") else {
        return hall_row(&fields_of(obj));
    };
    let mut errs = Vec::new();
    let head = hall_head(&fields_of(obj), &mut errs);
    let mut list = Vec::new();
    match workers {
        Value::Array(items) => {
            for (i, w) in items.iter().enumerate() {
                match w {
                    Value::Object(wo) => {
                        let mut f = fields_of(wo);
                        // Accept {workNo, name} as well as {workNo, workerName}.
                        if !f.contains_key("workerName")
                            && let Some(n) = f.get("name").cloned()
                        {
                            f.insert("workerName".to_string(), n);
                        }
                        let mut werrs = Vec::new();
                        match worker_from(&f, &mut werrs) {
                            Some(w) if werrs.is_empty() => list.push(w),
                            _ => {
                                errs.extend(werrs.into_iter().map(|m| format!("workers[{i}]: {m}")))
                            }
                        }
                    }
                    _ => errs.push(format!("workers[{i}]: 不是对象 / is not an object")),
                }
            }
        }
        _ => errs.push(field_error(
            "workers",
            Problem::Shape("必须是数组", "must be an array"),
        )),
    }
    match head {
        Some((hall_code, hall_name, app_code)) if errs.is_empty() => Ok(HallRecord {
            hall_code,
            hall_name,
            app_code,
            workers: list,
        }),
        _ => Err(errs),
    }
}

/// Parsed and validated records, and the ones refused.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Valid case records.
    pub cases: Vec<CaseRecord>,
    /// Valid hall records.
    pub halls: Vec<HallRecord>,
    /// Valid department records.
    pub departments: Vec<DepartmentRecord>,
    /// Refused records, each with its place.
    pub errors: Vec<RecordError>,
}

impl Parsed {
    /// How many records are valid.
    pub fn valid(&self) -> usize {
        self.cases.len() + self.halls.len() + self.departments.len()
    }
}

/// Which directory a set of field names belongs to: cases (`affairSerialNo`),
/// else halls (`hallCode`), else departments (`departmentCode`; a case
/// record names its department too, so cases win).
pub fn kind_of_keys<'a>(mut keys: impl Iterator<Item = &'a str>) -> Option<DirectoryKind> {
    let (mut hall, mut department) = (false, false);
    for k in keys.by_ref() {
        match k {
            "affairSerialNo" => return Some(DirectoryKind::Cases),
            "hallCode" => hall = true,
            "departmentCode" => department = true,
            _ => {}
        }
    }
    if hall {
        Some(DirectoryKind::Halls)
    } else {
        department.then_some(DirectoryKind::Departments)
    }
}

/// Validates a JSON array of records of `kind`; `place` names an index (`data[3]`).
pub fn parse_json_records(kind: DirectoryKind, items: &[Value]) -> Parsed {
    let mut out = Parsed::default();
    for (i, item) in items.iter().enumerate() {
        let place = format!("data[{i}]");
        let Value::Object(obj) = item else {
            out.errors.push(RecordError {
                place,
                message: "不是对象 / is not an object".to_string(),
            });
            continue;
        };
        let r = match kind {
            DirectoryKind::Cases => case_from(&fields_of(obj)).map(|c| out.cases.push(c)),
            DirectoryKind::Halls => hall_object(obj).map(|h| out.halls.push(h)),
            DirectoryKind::Departments => {
                departments::record_from(&fields_of(obj)).map(|d| out.departments.push(d))
            }
        };
        if let Err(errs) = r {
            out.errors.push(RecordError {
                place,
                message: errs.join("; "),
            });
        }
    }
    out
}

/// Why an import file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not JSON or CSV of a known shape.
    #[error("{0}")]
    Shape(String),
}

/// Reads an import file's text: a JSON array of objects, or CSV with a header
/// row. The kind (cases or halls) is recognised from the field names.
pub fn parse_import(text: &str, json_hint: bool) -> Result<(DirectoryKind, Parsed), ImportError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if json_hint || trimmed.starts_with('[') {
        let v: Value = serde_json::from_str(trimmed).map_err(|e| {
            ImportError::Shape(format!(
                "not a JSON array of records (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        let Value::Array(items) = v else {
            return Err(ImportError::Shape(
                "the JSON file must hold an array of records".to_string(),
            ));
        };
        let keys: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|o| o.keys().cloned())
            .collect();
        let kind = kind_of_keys(keys.iter().map(String::as_str)).ok_or_else(|| {
            ImportError::Shape(
                "the records have neither affairSerialNo (cases), hallCode (halls) nor departmentCode (departments)".to_string(),
            )
        })?;
        return Ok((kind, parse_json_records(kind, &items)));
    }
    parse_csv(trimmed)
}

fn parse_csv(text: &str) -> Result<(DirectoryKind, Parsed), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Shape(format!("cannot read the CSV header row: {e}")))?
        .clone();
    let kind = kind_of_keys(headers.iter()).ok_or_else(|| {
        ImportError::Shape(
            "the CSV header row names neither affairSerialNo (cases), hallCode (halls) nor departmentCode (departments)"
                .to_string(),
        )
    })?;
    let mut out = Parsed::default();
    // Hall rows are grouped by hall so that one hall with many workers is one record.
    let mut halls: Vec<HallRecord> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let default_line = u64::try_from(i).unwrap_or(0) + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(default_line);
                out.errors.push(RecordError {
                    place: format!("line {line}"),
                    message: format!("不是有效的 CSV 行 / not a valid CSV row ({e})"),
                });
                continue;
            }
        };
        let line = row.position().map(|p| p.line()).unwrap_or(default_line);
        if row.iter().all(str::is_empty) {
            continue;
        }
        let fields: Fields = headers
            .iter()
            .zip(row.iter())
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect();
        let place = format!("line {line}");
        match kind {
            DirectoryKind::Cases => match case_from(&fields) {
                Ok(c) => out.cases.push(c),
                Err(errs) => out.errors.push(RecordError {
                    place,
                    message: errs.join("; "),
                }),
            },
            DirectoryKind::Halls => match hall_row(&fields) {
                Ok(h) => match halls.iter_mut().find(|x| x.hall_code == h.hall_code) {
                    Some(existing) => {
                        existing.hall_name = h.hall_name;
                        if h.app_code.is_some() {
                            existing.app_code = h.app_code;
                        }
                        existing.workers.extend(h.workers);
                    }
                    None => halls.push(h),
                },
                Err(errs) => out.errors.push(RecordError {
                    place,
                    message: errs.join("; "),
                }),
            },
            DirectoryKind::Departments => match departments::record_from(&fields) {
                Ok(d) => out.departments.push(d),
                Err(errs) => out.errors.push(RecordError {
                    place,
                    message: errs.join("; "),
                }),
            },
        }
    }
    out.halls = halls;
    Ok((kind, out))
}

/// Stores cases (insert or update) within the caller's job. Returns how many.
pub fn upsert_cases(tx: &mut dyn Tx, cases: &[CaseRecord]) -> anyhow::Result<usize> {
    let now = now_ms();
    for c in cases {
        tx.execute(
            "INSERT INTO cases (affair_serial_no, affair_code, affair_name, department_code, department_name,
                affair_deal_officer, affair_apply_time, affair_done_time, updated_at, applicant_digest)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT(affair_serial_no) DO UPDATE SET
                affair_code = excluded.affair_code, affair_name = excluded.affair_name,
                department_code = excluded.department_code, department_name = excluded.department_name,
                affair_deal_officer = excluded.affair_deal_officer,
                affair_apply_time = excluded.affair_apply_time,
                affair_done_time = excluded.affair_done_time, updated_at = excluded.updated_at,
                applicant_digest = COALESCE(excluded.applicant_digest, cases.applicant_digest)",
            args![
                &c.affair_serial_no,
                &c.affair_code,
                &c.affair_name,
                &c.department_code,
                &c.department_name,
                &c.affair_deal_officer,
                &c.affair_apply_time,
                &c.affair_done_time,
                now,
                &c.applicant_digest
            ],
        )?;
    }
    Ok(cases.len())
}

/// Stores halls and their workers (insert or update; nothing is removed)
/// within the caller's job. Returns how many halls.
pub fn upsert_halls(tx: &mut dyn Tx, halls: &[HallRecord]) -> anyhow::Result<usize> {
    let now = now_ms();
    for h in halls {
        tx.execute(
            "INSERT INTO halls (hall_code, hall_name, app_code, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT(hall_code) DO UPDATE SET hall_name = excluded.hall_name,
                app_code = COALESCE(excluded.app_code, halls.app_code), updated_at = excluded.updated_at",
            args![&h.hall_code, &h.hall_name, &h.app_code, now],
        )?;
        for w in &h.workers {
            tx.execute(
                "INSERT INTO workers (hall_code, work_no, name, updated_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT(hall_code, work_no) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at",
                args![&h.hall_code, &w.work_no, &w.name, now],
            )?;
        }
    }
    Ok(halls.len())
}

/// The case with this number.
pub fn find_case(tx: &mut dyn Tx, serial: &str) -> anyhow::Result<Option<CaseRecord>> {
    tx.query_opt(
        "SELECT affair_serial_no, affair_code, affair_name, department_code, department_name,
                affair_deal_officer, affair_apply_time, affair_done_time, applicant_digest
         FROM cases WHERE affair_serial_no = $1",
        args![serial],
    )?
    .map(|r| {
        Ok(CaseRecord {
            affair_serial_no: r.get(0)?,
            affair_code: r.get(1)?,
            affair_name: r.get(2)?,
            department_code: r.get(3)?,
            department_name: r.get(4)?,
            affair_deal_officer: r.get(5)?,
            affair_apply_time: r.get(6)?,
            affair_done_time: r.get(7)?,
            applicant_digest: r.get(8)?,
        })
    })
    .transpose()
}

/// Uses up a push nonce at `now` (Unix seconds): `false` when it was seen
/// within `ttl_secs` (at this gateway or, on a shared PostgreSQL, at any
/// other). Nonces older than that are forgotten.
pub fn use_push_nonce(
    tx: &mut dyn Tx,
    nonce: &str,
    now: i64,
    ttl_secs: i64,
) -> anyhow::Result<bool> {
    tx.execute(
        "DELETE FROM push_nonces WHERE seen_at < $1",
        args![now - ttl_secs],
    )?;
    // Two gateways inserting the same nonce at once: the second waits for
    // the first's commit, then finds the conflict and inserts nothing.
    let inserted = tx.execute(
        "INSERT INTO push_nonces (nonce, seen_at) VALUES ($1, $2) ON CONFLICT(nonce) DO NOTHING",
        args![nonce, now],
    )?;
    Ok(inserted == 1)
}

/// Whether the directory holds any hall for `app_code` (its own or every app's).
pub fn knows_halls(tx: &mut dyn Tx, app_code: &str) -> anyhow::Result<bool> {
    Ok(tx
        .query_opt(
            "SELECT 1 FROM halls WHERE app_code IS NULL OR app_code = $1 LIMIT 1",
            args![app_code],
        )?
        .is_some())
}

/// A hall's name.
pub fn hall_name(tx: &mut dyn Tx, hall_code: &str) -> anyhow::Result<Option<String>> {
    tx.query_opt(
        "SELECT hall_name FROM halls WHERE hall_code = $1",
        args![hall_code],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// A worker's name.
pub fn worker_name(
    tx: &mut dyn Tx,
    hall_code: &str,
    work_no: &str,
) -> anyhow::Result<Option<String>> {
    tx.query_opt(
        "SELECT name FROM workers WHERE hall_code = $1 AND work_no = $2",
        args![hall_code, work_no],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// The halls (of `app_code` and of every app), with their workers, for `GET /api/halls`.
pub fn list_halls(tx: &mut dyn Tx, app_code: Option<&str>) -> anyhow::Result<Vec<api::Hall>> {
    let halls = tx.query(
        "SELECT hall_code, hall_name FROM halls
         WHERE CAST($1 AS TEXT) IS NULL OR app_code IS NULL OR app_code = $1 ORDER BY hall_code",
        args![app_code],
    )?;
    let mut out = Vec::with_capacity(halls.len());
    for h in halls {
        let code: String = h.get(0)?;
        let workers = tx
            .query(
                "SELECT work_no, name FROM workers WHERE hall_code = $1 ORDER BY work_no",
                args![&code],
            )?
            .iter()
            .map(|r| {
                Ok(api::Worker {
                    work_no: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        out.push(api::Hall {
            hall_code: code,
            name: h.get(1)?,
            workers,
        });
    }
    Ok(out)
}

/// The appCodes the hall directory names.
pub fn app_codes(tx: &mut dyn Tx) -> anyhow::Result<Vec<String>> {
    tx.query(
        "SELECT DISTINCT app_code FROM halls WHERE app_code IS NOT NULL ORDER BY app_code",
        args![],
    )?
    .iter()
    .map(|r| r.get(0))
    .collect()
}

/// How many cases, halls and workers the directory holds.
pub fn counts(tx: &mut dyn Tx) -> anyhow::Result<(i64, i64, i64)> {
    Ok((
        tx.value("SELECT COUNT(*) FROM cases", args![])?,
        tx.value("SELECT COUNT(*) FROM halls", args![])?,
        tx.value("SELECT COUNT(*) FROM workers", args![])?,
    ))
}

/// The demo halls and cases of `hcp_sandbox::demo`, as directory records.
#[cfg(feature = "sandbox")]
pub fn demo_records() -> (Vec<CaseRecord>, Vec<HallRecord>) {
    let cases = hcp_sandbox::demo::CASES
        .iter()
        .map(|c| CaseRecord {
            affair_serial_no: c.affair_serial_no.to_string(),
            affair_code: c.affair_code.to_string(),
            affair_name: c.affair_name.to_string(),
            department_code: c.department_code.to_string(),
            department_name: Some(c.department_name.to_string()),
            affair_deal_officer: c.affair_deal_officer.to_string(),
            affair_apply_time: c.affair_apply_time.to_string(),
            affair_done_time: c.affair_done_time.map(str::to_string),
            applicant_digest: None,
        })
        .collect();
    let halls = hcp_sandbox::demo::HALLS
        .iter()
        .map(|h| HallRecord {
            hall_code: h.code.to_string(),
            hall_name: h.name.to_string(),
            app_code: None,
            workers: h
                .workers
                .iter()
                .map(|w| WorkerRecord {
                    work_no: w.work_no.to_string(),
                    name: w.name.to_string(),
                })
                .collect(),
        })
        .collect();
    (cases, halls)
}

/// Seeds the directories (cases, halls, departments) with the demo data
/// (sandbox mode). Upserts, so a restart keeps what was imported or pushed
/// for other cases. Returns how many cases and halls.
#[cfg(feature = "sandbox")]
pub fn seed_demo(tx: &mut dyn Tx) -> anyhow::Result<(usize, usize)> {
    let (cases, halls) = demo_records();
    let n = (upsert_cases(tx, &cases)?, upsert_halls(tx, &halls)?);
    departments::upsert(tx, &departments::demo_records())?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES_CSV: &str = "affairSerialNo,affairCode,affairName,departmentCode,departmentName,affairDealOfficer,affairApplyTime,affairDoneTime
210000-1-1,C001,事项一,D01,部门,张三,20250101090000,20250102090000
210000-1-2,,事项二,D01,部门,张三,20250101090000,
210000-1-3,C001,事项三,D01,部门,张三,2025-01-01,
";

    #[test]
    fn csv_cases_report_bad_rows_by_line() {
        let (kind, p) = parse_import(CASES_CSV, false).expect("csv");
        assert_eq!(kind, DirectoryKind::Cases);
        assert_eq!(p.cases.len(), 1);
        assert_eq!(p.errors.len(), 2);
        assert_eq!(p.errors[0].place, "line 3");
        assert!(
            p.errors[0].message.contains("affairCode"),
            "{}",
            p.errors[0]
        );
        assert_eq!(p.errors[1].place, "line 4");
        assert!(
            p.errors[1].message.contains("affairApplyTime"),
            "{}",
            p.errors[1]
        );
    }

    #[test]
    fn csv_halls_group_workers() {
        let text =
            "hallCode,hallName,workNo,workerName\nH1,一号厅,01,甲\nH1,一号厅,02,乙\nH2,二号厅,,\n";
        let (kind, p) = parse_import(text, false).expect("csv");
        assert_eq!(kind, DirectoryKind::Halls);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.halls.len(), 2);
        assert_eq!(p.halls[0].workers.len(), 2);
        assert!(p.halls[1].workers.is_empty());
    }

    #[test]
    fn department_files_are_recognised_by_their_fields() {
        let text = "departmentCode,departmentName\n11210100001583301X,沈阳市市场监督管理局\nD_1,\n";
        let (kind, p) = parse_import(text, false).expect("csv");
        assert_eq!(kind, DirectoryKind::Departments);
        assert_eq!(p.departments.len(), 1);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].place, "line 3");
        let (kind, p) = parse_import(
            r#"[{"departmentCode": "D1", "departmentName": "一号部门"}]"#,
            false,
        )
        .expect("json");
        assert_eq!(kind, DirectoryKind::Departments);
        assert_eq!(p.departments[0].name, "一号部门");
        // A case record names its department too: still a case.
        assert_eq!(
            kind_of_keys(["departmentCode", "affairSerialNo"].into_iter()),
            Some(DirectoryKind::Cases)
        );
    }

    #[test]
    fn json_halls_with_workers_and_bare_number_codes() {
        let text = r#"[{"hallCode": 56417234343428097, "hallName": "沈阳测试大厅",
            "workers": [{"workNo": "1212", "name": "李凤"}, {"workNo": "12_3", "workerName": "x"}]}]"#;
        let (kind, p) = parse_import(text, false).expect("json");
        assert_eq!(kind, DirectoryKind::Halls);
        assert_eq!(p.halls.len(), 0);
        assert_eq!(p.errors.len(), 1);
        assert!(
            p.errors[0].message.contains("workers[1]"),
            "{}",
            p.errors[0]
        );
        assert!(p.errors[0].message.contains("workNo"), "{}", p.errors[0]);
        let ok = r#"[{"hallCode": 56417234343428097, "hallName": "沈阳测试大厅",
            "workers": [{"workNo": "1212", "name": "李凤"}]}]"#;
        let (_, p) = parse_import(ok, false).expect("json");
        assert_eq!(p.halls[0].hall_code, "56417234343428097");
        assert_eq!(p.halls[0].workers[0].name, "李凤");
    }

    #[test]
    fn a_push_nonce_is_used_once_within_its_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::open(&dir.path().join("g.db")).expect("db");
        db.blocking(|c| {
            assert!(use_push_nonce(c, "n1", 1_000, 600)?);
            assert!(!use_push_nonce(c, "n1", 1_599, 600)?);
            assert!(use_push_nonce(c, "n2", 1_599, 600)?);
            // Forgotten after its time: usable again (the timestamp check refuses old requests).
            assert!(use_push_nonce(c, "n1", 1_601, 600)?);
            Ok(())
        })
        .expect("db");
    }

    #[cfg(feature = "sandbox")]
    #[test]
    fn stored_and_found() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::open(&dir.path().join("g.db")).expect("db");
        db.blocking(|c| {
            seed_demo(c)?;
            seed_demo(c)?;
            let case = find_case(c, "210000-210100009000-20200603093755953")?.expect("case");
            assert_eq!(case.affair_code, "11210000001099516A2210100009000");
            assert_eq!(
                worker_name(c, "39357010579292161", "0204")?.as_deref(),
                Some("张三")
            );
            assert_eq!(hall_name(c, "nope")?, None);
            let halls = list_halls(c, Some("cTPyv9r6"))?;
            assert_eq!(halls.len(), hcp_sandbox::demo::HALLS.len());
            let (cases, _, _) = counts(c)?;
            assert_eq!(
                usize::try_from(cases).unwrap_or(0),
                hcp_sandbox::demo::CASES.len()
            );
            Ok(())
        })
        .expect("db work");
    }
}
