//! The case directory (已办数据库) in the store: what the platform requires
//! about a case that a page URL does not carry, upserted by import, push and
//! the hall system's reports, and found by case number (with its
//! department's name from the department directory when it has none).

use crate::args;
use crate::clock::now_ms;
use crate::directory::cases;
use crate::directory::records::CaseRecord;
use crate::store::Tx;

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

/// A case from the case directory, its department named by the department
/// directory when the record has no name of its own (the platform stores
/// the name it is sent).
pub fn find_with_department(conn: &mut dyn Tx, serial: &str) -> anyhow::Result<Option<CaseRecord>> {
    let Some(mut c) = cases::find_case(conn, serial)? else {
        return Ok(None);
    };
    if c.department_name.is_none() {
        c.department_name = crate::directory::departments::name(conn, &c.department_code)?;
    }
    Ok(Some(c))
}
