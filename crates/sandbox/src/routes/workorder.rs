//! The 8890 hotline's work-order interfaces (4.13, 4.14).
//!
//! A 差评 opens a work order (status 0 工单已生成). The hotline verifies it
//! with the citizen: invalid (validity 3) closes it (3 已办结); valid
//! (validity 1) sends it to the department (2 部门处理中). After the
//! department's rectification the hotline reports the steps (4.14), which
//! closes it (3 已办结).

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use hcp_protocol::upstream::code;

use super::{Fail, ok_null};
use crate::check::{self, Refusal};
use crate::store::{self, WO_DONE, WorkOrderProcess};
use crate::{Sandbox, clock};

/// Work order status: 部门处理中.
const WO_DEPARTMENT: i64 = 2;

fn no_such_order() -> Fail {
    Fail::Refused(Refusal {
        code: code::NO_WORK_ORDER,
        message: "工单不存在".to_string(),
    })
}

/// 4.13 更新差评工单有效性.
pub(crate) async fn eval_validity(
    State(sandbox): State<Sandbox>,
    body: Bytes,
) -> Result<Response, Fail> {
    let v = check::parse_body(&body)?;
    let req = check::eval_validity(&v)?;
    let validity = req.validity.0;
    let status = if validity == 1 {
        WO_DEPARTMENT
    } else {
        WO_DONE
    };
    let no = req.eval_work_order_no.trim().to_string();
    let now = clock::now_secs();
    let found = sandbox
        .db(move |c| store::set_validity(c, &no, validity, status, now))
        .await?;
    if !found {
        return Err(no_such_order());
    }
    tracing::info!(work_order = %req.eval_work_order_no, validity, status, "work order verified");
    Ok(ok_null())
}

/// 4.14 更新差评工单整改信息.
pub(crate) async fn eval_process(
    State(sandbox): State<Sandbox>,
    body: Bytes,
) -> Result<Response, Fail> {
    let v = check::parse_body(&body)?;
    let req = check::eval_process(&v)?;
    let steps: Vec<WorkOrderProcess> = req
        .process_list
        .iter()
        .map(|p| WorkOrderProcess {
            process_time: p.process_time.trim().to_string(),
            process_type: p.process_type.0,
            remark: p.remark.clone(),
            app_code: req.app_code.trim().to_string(),
        })
        .collect();
    let no = req.eval_work_order_no.trim().to_string();
    let app_code = req.app_code.trim().to_string();
    let now = clock::now_secs();
    let found = sandbox
        .db(move |c| store::add_processes(c, &no, &app_code, &steps, WO_DONE, now))
        .await?;
    if !found {
        return Err(no_such_order());
    }
    tracing::info!(work_order = %req.eval_work_order_no, steps = req.process_list.len(), "work order processed");
    Ok(ok_null())
}
