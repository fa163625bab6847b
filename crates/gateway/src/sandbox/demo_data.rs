//! The demo data of `hcp_sandbox::demo` as the gateway's directory records,
//! seeded at every start in sandbox mode, and the demo citizen's ticket
//! claims.

use crate::directory::cases::upsert_cases;
use crate::directory::departments;
use crate::directory::halls::upsert_halls;
use crate::directory::records::DepartmentRecord;
use crate::directory::records::{CaseRecord, HallRecord, WorkerRecord};
use crate::identity::ticket::TicketClaims;
use crate::store::Tx;

/// The demo halls and cases of `hcp_sandbox::demo`, as directory records.
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
pub fn seed_demo(tx: &mut dyn Tx) -> anyhow::Result<(usize, usize)> {
    let (cases, halls) = demo_records();
    let n = (upsert_cases(tx, &cases)?, upsert_halls(tx, &halls)?);
    departments::upsert(tx, &demo_departments())?;
    Ok(n)
}

/// The demo departments of `hcp_sandbox::demo`.
pub fn demo_departments() -> Vec<DepartmentRecord> {
    hcp_sandbox::demo::DEPARTMENTS
        .iter()
        .map(|d| DepartmentRecord {
            code: d.code.to_string(),
            name: d.name.to_string(),
        })
        .collect()
}

/// Claims for the sandbox's demo citizen, valid for `ttl_secs` from `now`.
pub fn demo_citizen(now: i64, ttl_secs: i64) -> TicketClaims {
    let c = hcp_sandbox::demo::CITIZEN;
    TicketClaims {
        user_id: c.user_id.to_string(),
        user_name: c.user_name.to_string(),
        user_type: c.user_type,
        certificate_type: Some(c.certificate_type),
        certificate_no: Some(c.certificate_no.to_string()),
        contact_phone: Some(c.contact_phone.to_string()),
        passport_name: Some(c.passport_name.to_string()),
        exp: now + ttl_secs,
        iat: Some(now),
        nbf: None,
    }
}
