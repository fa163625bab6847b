//! The demo citizen's past ratings ([`demo::HISTORY`]), stored as the
//! platform would hold them had they come through its interfaces, so that
//! 我的评价 shows a case in every state from the first `make run`: rated at
//! one stage, at both, a 差评 whose work order has the department's
//! feedback, and one still with the department; and guide ratings.
//!
//! They did not come over HTTP: their x-rio headers say `demo-history` and
//! `signature_verified` is false, so they are never mistaken for received
//! ratings. Seeding is idempotent (fixed evaluation ids).

use hcp_protocol::EvalEntityCode;
use hcp_protocol::sign::beijing_timestamp14;
use hcp_protocol::types::Personal;
use serde_json::json;

use crate::Sandbox;
use crate::demo::{self, PastRating};
use crate::error::{Error, Result};
use crate::store::{self, RatingKind, RioHeaders, StoredRating, WO_DONE, WorkOrderProcess};

/// The x-rio paasid recorded for the seeded history.
pub const SEEDED_PAASID: &str = "demo-history";

/// Work order status: 部门处理中.
const WO_DEPARTMENT: i64 = 2;

/// The 8890 hotline's appCode in seed 000 §4.13/4.14.
const HOTLINE: &str = "hotLine8890";

const DAY: i64 = 86_400;

fn personal(s: &str) -> Result<Personal> {
    Personal::new(s).map_err(|p| Error::Corrupt(format!("demo citizen: {p:?}")))
}

impl Sandbox {
    /// Stores [`demo::HISTORY`], each rating `days_ago` days before `now`
    /// (Unix seconds), with its work order and the hotline's reports.
    /// Ratings already stored (by id, or their case and stage) are left as
    /// they are. Returns how many were stored now. Blocking.
    pub fn seed_demo_history(&self, now: i64) -> Result<usize> {
        let mut rows: Vec<(StoredRating, Option<demo::PastWorkOrder>)> = demo::HISTORY
            .iter()
            .map(|h| Ok((self.past_rating(h, now)?, h.work_order)))
            .collect::<Result<_>>()?;
        // Oldest first, as they would have arrived: the lists order by arrival.
        rows.sort_by_key(|(r, _)| r.created_at);
        self.with_conn(|c| {
            let tx = c.transaction()?;
            let mut fresh = Vec::new();
            for (r, order) in rows {
                if store::rating_exists(&tx, &r.eval_id)? {
                    continue;
                }
                if let (Some(serial), Some(process)) = (&r.affair_serial_no, r.eval_process)
                    && store::case_rated(&tx, serial, process)?
                {
                    continue;
                }
                store::insert_rating(&tx, &r)?;
                fresh.push((r, order));
            }
            tx.commit()?;
            for (r, order) in &fresh {
                let (Some(no), Some(order)) = (&r.work_order_no, order) else {
                    continue;
                };
                let status = if order.validity == 1 {
                    WO_DEPARTMENT
                } else {
                    WO_DONE
                };
                store::set_validity(c, no, order.validity, status, r.created_at)?;
                let steps: Vec<WorkOrderProcess> = order
                    .steps
                    .iter()
                    .map(|(days, kind, text)| WorkOrderProcess {
                        process_time: beijing_timestamp14(now - days * DAY),
                        process_type: *kind,
                        remark: Some((*text).to_string()),
                        app_code: HOTLINE.to_string(),
                    })
                    .collect();
                let status = if order.closed { WO_DONE } else { WO_DEPARTMENT };
                let last = order.steps.iter().map(|s| now - s.0 * DAY).max();
                store::add_processes(c, no, HOTLINE, &steps, status, last.unwrap_or(r.created_at))?;
            }
            Ok(fresh.len())
        })
    }

    fn past_rating(&self, h: &PastRating, now: i64) -> Result<StoredRating> {
        let citizen = demo::CITIZEN;
        let key = &self.config().des_key;
        let at = now - h.days_ago * DAY;
        let eval_time = beijing_timestamp14(at);
        let case = match h.affair_serial_no {
            Some(serial) => Some(
                demo::case(serial)
                    .ok_or_else(|| Error::Corrupt(format!("demo history: no case {serial}")))?,
            ),
            None => None,
        };
        let (kind, entity) = match case {
            Some(c) => (RatingKind::Affair, c.eval_entity_code),
            None => (RatingKind::Guide, EvalEntityCode::EgovGuide),
        };
        let department_code = case
            .map(|c| c.department_code)
            .or(h.guide.map(|g| g.2))
            .unwrap_or_default();
        let remark = (!h.remark.is_empty()).then(|| h.remark.to_string());
        let body = json!({
            "appCode": demo::APP_CODE,
            "channel": "web",
            "evalEntityCode": entity.as_str(),
            "generalStars": h.stars,
            "evalProcess": case.map(|_| h.eval_process),
            "remark": remark,
            "evalTime": eval_time,
            "tagList": h.tags,
            "affairSerialNo": h.affair_serial_no,
            "guide": h.guide.map(|g| json!({"affairCode": g.0, "affairName": g.1, "departmentCode": g.2})),
            "user": {"userId": citizen.user_id, "userName": citizen.user_name, "userType": citizen.user_type},
            "seeded": "demo history (not received over HTTP)",
        });
        Ok(StoredRating {
            eval_id: h.eval_id.to_string(),
            kind,
            app_code: demo::APP_CODE.to_string(),
            eval_entity_code: entity.as_str().to_string(),
            channel: "web".to_string(),
            general_stars: h.stars,
            remark,
            eval_process: case.map(|_| h.eval_process),
            eval_time: eval_time.clone(),
            client_eval_time: Some(eval_time),
            tag_ids: h.tags.iter().map(|t| (*t).to_string()).collect(),
            affair_serial_no: case.map(|c| c.affair_serial_no.to_string()),
            affair_code: case
                .map(|c| c.affair_code)
                .or(h.guide.map(|g| g.0))
                .map(str::to_string),
            affair_name: case
                .map(|c| c.affair_name)
                .or(h.guide.map(|g| g.1))
                .map(str::to_string),
            affair_deal_officer: case.map(|c| c.affair_deal_officer.to_string()),
            affair_apply_time: case.map(|c| c.affair_apply_time.to_string()),
            affair_done_time: case.and_then(|c| c.affair_done_time.map(str::to_string)),
            department_code: Some(department_code.to_string()),
            department_name: demo::department(department_code).map(|d| d.name.to_string()),
            hall_code: case.and_then(|c| c.hall_code.map(str::to_string)),
            hall_name: case
                .and_then(|c| c.hall_code)
                .and_then(demo::hall)
                .map(|h| h.name.to_string()),
            hall_worker_name: case
                .and_then(|c| Some(demo::worker(c.hall_code?, c.work_no?)?.name.to_string())),
            work_no: case.and_then(|c| c.work_no.map(str::to_string)),
            user_id: Some(citizen.user_id.to_string()),
            user_name: Some(citizen.user_name.to_string()),
            user_type: Some(citizen.user_type),
            certificate_type: Some(citizen.certificate_type),
            passport_name: Some(citizen.passport_name.to_string()),
            contact_phone: Some(personal(citizen.contact_phone)?),
            contact_phone_cipher: Some(key.encrypt_hex(citizen.contact_phone)),
            certificate_no: Some(personal(citizen.certificate_no)?),
            certificate_no_cipher: Some(key.encrypt_hex(citizen.certificate_no)),
            sub_business: None,
            work_order_no: h.work_order.map(|_| format!("B{}", h.eval_id)),
            rio: RioHeaders {
                paasid: SEEDED_PAASID.to_string(),
                timestamp: at.to_string(),
                nonce: format!("seed-{}", h.eval_id),
                signature: String::new(),
            },
            signature_verified: false,
            body: body.to_string(),
            created_at: at,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Sandbox, SandboxConfig, demo};

    #[test]
    fn the_history_is_stored_once_with_its_work_orders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sandbox = Sandbox::open(SandboxConfig::dev(dir.path().join("s.db"))).expect("sandbox");
        let now = 1_764_460_800;
        assert_eq!(
            sandbox.seed_demo_history(now).expect("seed"),
            demo::HISTORY.len()
        );
        assert_eq!(sandbox.seed_demo_history(now + 5).expect("again"), 0);
        let ratings = sandbox.ratings().expect("ratings");
        assert_eq!(ratings.len(), demo::HISTORY.len());
        assert!(ratings.iter().all(|r| !r.signature_verified));
        let orders = sandbox.work_orders().expect("orders");
        assert_eq!(orders.len(), 2);
        let closed = orders
            .iter()
            .find(|o| o.eval_id == "40262765985660005")
            .expect("rectified");
        assert_eq!((closed.status, closed.validity), (3, Some(1)));
        assert_eq!(closed.processes.len(), 2);
        assert_eq!(closed.processes[1].process_type, 2);
        let open = orders
            .iter()
            .find(|o| o.eval_id == "40262765985660006")
            .expect("open");
        assert_eq!(open.status, 2);
        // Dated days before `now`, in Beijing time.
        let both = sandbox
            .rating("40262765985660002")
            .expect("read")
            .expect("stored");
        assert_eq!(
            both.eval_time,
            hcp_protocol::sign::beijing_timestamp14(now - 12 * 86_400)
        );
    }
}
