//! The department directory (部门目录): department code → name, so that a
//! page or a stored rating shows 沈阳市市场监督管理局 where a URL carries
//! only `11210100001583301X` (seed 000's guide and case URLs name no
//! department). An unknown code is still shown as the code.
//!
//! Filled like the hall directory (`halls`): `hcp-gateway import` of a
//! CSV or JSON file whose records have `departmentCode` and
//! `departmentName` (and no `affairSerialNo` or `hallCode`), the signed push
//! API (`POST /api/directory/departments`), and in sandbox mode
//! `hcp_sandbox::demo::DEPARTMENTS`. Every statement about it is here.

use crate::args;
use crate::clock::now_ms;
use crate::directory::cases;
use crate::directory::records::DepartmentRecord;
use crate::store::Tx;
use hcp_protocol::PageParams;

/// Stores departments (insert or update the name); the caller holds the
/// transaction. Returns how many.
pub fn upsert(tx: &mut dyn Tx, records: &[DepartmentRecord]) -> anyhow::Result<usize> {
    let now = now_ms();
    for d in records {
        tx.execute(
            "INSERT INTO departments (department_code, department_name, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT(department_code) DO UPDATE SET department_name = excluded.department_name,
                updated_at = excluded.updated_at",
            args![&d.code, &d.name, now],
        )?;
    }
    Ok(records.len())
}

/// The name of the department with this code.
pub fn name(tx: &mut dyn Tx, code: &str) -> anyhow::Result<Option<String>> {
    tx.query_opt(
        "SELECT department_name FROM departments WHERE department_code = $1",
        args![code],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// How many departments the directory holds.
pub fn count(tx: &mut dyn Tx) -> anyhow::Result<i64> {
    tx.value("SELECT COUNT(*) FROM departments", args![])
}

/// The department code a rating page shows (办理部门), if it shows one.
pub fn code_of(params: &PageParams) -> Option<&str> {
    match params {
        PageParams::Guide(p) => Some(p.department_code.as_str()),
        PageParams::AffairOnline(p) => Some(p.department_code.as_str()),
        PageParams::AffairHall(p) => Some(p.affair.department_code.as_str()),
        PageParams::Batch(p) => Some(p.department_code.as_str()),
        _ => None,
    }
}

/// The name a department code is shown by: the department directory's;
/// else, for a case whose directory record has this department, the name
/// that record carries.
pub fn name_for(
    conn: &mut dyn Tx,
    code: &str,
    case: Option<&str>,
) -> anyhow::Result<Option<String>> {
    if let Some(n) = name(conn, code)? {
        return Ok(Some(n));
    }
    let Some(serial) = case else {
        return Ok(None);
    };
    Ok(cases::find_case(conn, serial)?
        .filter(|c| c.department_code == code)
        .and_then(|c| c.department_name))
}

/// The name of a rating page's department, to show in its place ([`name_for`]).
pub fn for_page(conn: &mut dyn Tx, params: &PageParams) -> anyhow::Result<Option<String>> {
    let Some(code) = code_of(params) else {
        return Ok(None);
    };
    let case = params.case_numbers().first().map(|c| c.as_str());
    name_for(conn, code, case)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::records;
    use hcp_protocol::Route;
    use hcp_protocol::decode::encode_base64 as b;

    fn db() -> (tempfile::TempDir, crate::store::Db) {
        crate::store::Db::temp()
    }

    #[test]
    fn a_page_shows_the_directory_name_else_the_cases_else_nothing() {
        let (_d, db) = db();
        db.blocking(|c| {
            upsert(
                c,
                &[DepartmentRecord {
                    code: "D1".into(),
                    name: "一号部门".into(),
                }],
            )?;
            upsert(
                c,
                &[DepartmentRecord {
                    code: "D1".into(),
                    name: "第一部门".into(),
                }],
            )?;
            assert_eq!(count(c)?, 1);
            let guide = |code: &str| {
                PageParams::parse(
                    Route::Guide,
                    &format!(
                        "appCode=a&channel=web&evalEntityCode=egovGuide&evalProcess=2&affairCode={}&affairName={}&departmentCode={}",
                        b("A1"),
                        b("事项"),
                        b(code)
                    ),
                )
                .expect("guide")
            };
            assert_eq!(for_page(c, &guide("D1"))?.as_deref(), Some("第一部门"));
            assert_eq!(for_page(c, &guide("D2"))?, None);
            // A case page: the case record's name when the directory has none.
            cases::upsert_cases(
                c,
                &[records::CaseRecord {
                    affair_serial_no: "210000-1-1".into(),
                    affair_code: "A1".into(),
                    affair_name: "事项".into(),
                    department_code: "D2".into(),
                    department_name: Some("二号部门".into()),
                    affair_deal_officer: "张三".into(),
                    affair_apply_time: "20250101090000".into(),
                    affair_done_time: None,
                    applicant_digest: None,
                }],
            )?;
            let case = |code: &str| {
                PageParams::parse(
                    Route::FrontPc,
                    &format!(
                        "appCode=a&channel=web&evalEntityCode=egovAffair&evalProcess=1&affairName={}&affairSerialNo={}&departmentCode={}",
                        b("事项"),
                        b("210000-1-1"),
                        b(code)
                    ),
                )
                .expect("case")
            };
            assert_eq!(for_page(c, &case("D2"))?.as_deref(), Some("二号部门"));
            // Not when the URL names another department than the case's.
            assert_eq!(for_page(c, &case("D3"))?, None);
            Ok(())
        })
        .expect("db");
    }
}
