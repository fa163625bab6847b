//! The checks a rating passes against the directories before its body is
//! built: the case is known and at the rated stage, the evaluator is its
//! reported applicant, the window is in its hall, the ticket carries what
//! the interface needs; and the upstream pieces made from a case record.

use crate::directory::records::CaseRecord;
use crate::error::AppError;
use crate::identity::evaluator::{Evaluator, applicant_digest};
use crate::rating::lookup::Lookup;
use hcp_protocol::error::{FieldError, Problem};
use hcp_protocol::params::HallWorker;
use hcp_protocol::types::{EvalProcess, LooseString};
use hcp_protocol::upstream::{Affair, Department, HallRef};

/// The directory's record of a case; `position` is its place in a batch (1-based).
pub(crate) fn case<'a>(
    lookup: &'a Lookup,
    serial: &str,
    position: Option<usize>,
) -> Result<&'a CaseRecord, AppError> {
    lookup
        .cases
        .get(serial)
        .ok_or(AppError::UnknownCase(position))
}

/// A case whose applicant the hall system reported may be rated by that
/// person only (compared by digest: the directory keeps no ID number).
pub(crate) fn check_applicant(c: &CaseRecord, evaluator: &Evaluator) -> Result<(), AppError> {
    let Some(want) = &c.applicant_digest else {
        return Ok(());
    };
    let given = evaluator
        .certificate_no
        .as_ref()
        .map(|n| applicant_digest(n.expose()));
    if given.as_ref() == Some(want) {
        Ok(())
    } else {
        tracing::info!("rating refused: the evaluator is not the case's reported applicant");
        Err(AppError::NotApplicant)
    }
}

pub(crate) fn check_stage(c: &CaseRecord, stage: EvalProcess) -> Result<(), AppError> {
    if stage == EvalProcess::Done && c.affair_done_time.is_none() {
        return Err(AppError::Param(FieldError::new(
            "evalProcess",
            Problem::Shape(
                "：该办件尚未办结，不能进行办结评价",
                ": the case is not finished yet, so its completion (stage 2) cannot be rated",
            ),
        )));
    }
    Ok(())
}

pub(crate) fn department(c: &CaseRecord) -> Department {
    Department {
        department_code: c.department_code.clone(),
        department_name: c.department_name.clone(),
        ouguid: None,
    }
}

pub(crate) fn affair(c: &CaseRecord) -> Affair {
    Affair {
        affair_serial_no: c.affair_serial_no.clone(),
        affair_code: c.affair_code.clone(),
        affair_name: c.affair_name.clone(),
        affair_deal_officer: c.affair_deal_officer.clone(),
        affair_apply_time: c.affair_apply_time.clone(),
        affair_done_time: c.affair_done_time.clone(),
    }
}

/// The hall object of a window named by the page. A hall the directory
/// knows must have the window, and the worker's name is the directory's
/// (whatever the URL calls them). A hall it does not know is refused when
/// it knows the app's halls; only without a hall directory at all is the
/// URL's name all there is.
pub(crate) fn hall_ref(worker: &HallWorker, lookup: &Lookup) -> Result<HallRef, AppError> {
    if lookup.hall_name.is_none() && lookup.halls_known {
        tracing::info!("rating refused: the hall is not in the hall directory");
        return Err(AppError::UnknownWorker { hall_unknown: true });
    }
    let name = match (&lookup.hall_name, &lookup.worker_name) {
        (Some(_), Some(name)) => name.clone(),
        (Some(_), None) => {
            tracing::info!("rating refused: the window is not in the directory's hall");
            return Err(AppError::UnknownWorker {
                hall_unknown: false,
            });
        }
        (None, _) => worker
            .worker_name
            .as_ref()
            .map(|n| n.as_str().to_string())
            .ok_or(AppError::UnknownWorker { hall_unknown: true })?,
    };
    Ok(HallRef {
        hall_code: LooseString::from(worker.hall_code.as_str()),
        hall_name: lookup.hall_name.clone(),
        hall_worker_name: name,
        work_no: LooseString::from(worker.work_no.as_str()),
    })
}

pub(crate) fn need(e: &Evaluator, phone_and_id: bool) -> Result<(), AppError> {
    // 4.5/4.6 require contactPhone and certificateNo; 4.8 requires certificateNo.
    let missing = if e.certificate_no.is_none() {
        Some("certificateNo")
    } else if phone_and_id && e.contact_phone.is_none() {
        Some("contactPhone")
    } else {
        None
    };
    match missing {
        None => Ok(()),
        Some(field) => Err(AppError::Unprocessable(hcp_protocol::api::ApiError {
            code: "invalid_param".to_string(),
            field: Some("ticket".to_string()),
            zh: format!("登录凭证缺少 {field}，无法提交此评价，请重新登录"),
            en: format!(
                "The login ticket has no {field}, which this rating needs; please log in again"
            ),
        })),
    }
}
