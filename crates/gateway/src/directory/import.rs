//! Reading directory records from outside: CSV with a header row or a JSON
//! array of objects (the import command, the signed push API, the hall
//! system's reports), each field checked with the protocol crate's types
//! and each bad record named by its place. Field names are the platform's
//! (`affairSerialNo`, `hallCode`, …). Storing them is `cases`, `halls` and
//! `departments`.

use crate::directory::records::DepartmentRecord;
use crate::directory::records::{CaseRecord, DirectoryKind, HallRecord, RecordError, WorkerRecord};
use crate::identity::evaluator::applicant_digest;
use hcp_protocol::error::{FieldError, Lang, Problem};
use hcp_protocol::sign::parse_timestamp14;
use hcp_protocol::types::{AppCode, CaseNo, Code, HallCode, Name, PersonName, Personal, WorkNo};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

fn field_error(field: &str, p: Problem) -> String {
    let e = FieldError::new(field, p);
    format!("{} / {}", e.message(Lang::Zh), e.message(Lang::En))
}

/// A record as loose text fields (JSON strings or numbers, CSV cells).
type Fields = BTreeMap<String, String>;

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(crate) fn get<'a>(f: &'a Fields, key: &str) -> Option<&'a str> {
    f.get(key).map(String::as_str).filter(|s| !s.is_empty())
}

/// A required field, checked by `parse`; a missing or bad one is named in `errs`.
pub(crate) fn req<T>(
    f: &Fields,
    key: &str,
    parse: impl FnOnce(&str) -> Result<T, Problem>,
    errs: &mut Vec<String>,
) -> Option<T> {
    if get(f, key).is_none() {
        errs.push(field_error(key, Problem::Missing));
        return None;
    }
    opt(f, key, parse, errs)
}

/// An optional field, checked by `parse` when present; a bad one is named in `errs`.
pub(crate) fn opt<T>(
    f: &Fields,
    key: &str,
    parse: impl FnOnce(&str) -> Result<T, Problem>,
    errs: &mut Vec<String>,
) -> Option<T> {
    let v = get(f, key)?;
    match parse(v) {
        Ok(t) => Some(t),
        Err(p) => {
            errs.push(field_error(key, p));
            None
        }
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

/// A field checked as the protocol crate's type `T` (the one rule for that
/// kind of value), kept as its text.
fn checked<T: FromStr<Err = Problem> + fmt::Display>(s: &str) -> Result<String, Problem> {
    s.parse::<T>().map(|v| v.to_string())
}

fn case_from(f: &Fields) -> Result<CaseRecord, Vec<String>> {
    let mut errs = Vec::new();
    let serial = req(f, "affairSerialNo", checked::<CaseNo>, &mut errs);
    let code = req(f, "affairCode", checked::<Code>, &mut errs);
    let name = req(f, "affairName", checked::<Name>, &mut errs);
    let dept = req(f, "departmentCode", checked::<Code>, &mut errs);
    let dept_name = opt(f, "departmentName", checked::<Name>, &mut errs);
    let officer = req(f, "affairDealOfficer", checked::<PersonName>, &mut errs);
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
    let code = req(f, "hallCode", checked::<HallCode>, errs);
    let name = req(f, "hallName", checked::<Name>, errs);
    let app = opt(f, "appCode", checked::<AppCode>, errs);
    Some((code?, name?, app))
}

fn worker_from(f: &Fields, errs: &mut Vec<String>) -> Option<WorkerRecord> {
    let work_no = req(f, "workNo", checked::<WorkNo>, errs);
    let name = req(f, "workerName", checked::<PersonName>, errs);
    Some(WorkerRecord {
        work_no: work_no?,
        name: name?,
    })
}

/// Validates one record (`departmentCode`, `departmentName`), naming each bad field.
pub fn department_from(f: &Fields) -> Result<DepartmentRecord, Vec<String>> {
    let mut errs = Vec::new();
    let code = req(f, "departmentCode", checked::<Code>, &mut errs);
    let name = req(f, "departmentName", checked::<Name>, &mut errs);
    match (code, name) {
        (Some(code), Some(name)) if errs.is_empty() => Ok(DepartmentRecord { code, name }),
        _ => Err(errs),
    }
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
                department_from(&fields_of(obj)).map(|d| out.departments.push(d))
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
            DirectoryKind::Departments => match department_from(&fields) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::records::DirectoryKind;

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
    fn records_name_their_bad_fields() {
        let f: Fields = [("departmentCode", "D_1"), ("departmentName", "")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let errs = department_from(&f).expect_err("bad");
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].contains("departmentCode"), "{errs:?}");
        assert!(errs[1].contains("departmentName"), "{errs:?}");
    }
}
