//! What a pad is shown: the `hello` snapshot of its window, a reported
//! case's view (masked name, the case's dynamic link and QR code), and the
//! events that tell it a case was rated or a rating refused.

use crate::directory::halls;
use crate::hall::links::{self, WindowParts};
use crate::hall::pads::{Pad, Window};
use crate::hall::reported;
use crate::hall::reported::Reported;
use crate::state::AppState;
use hcp_protocol::pad::{PadCase, PadCaseRef, PadEvent, PadEventKind, PadWindow, mask_name};

/// The names the directory has for a window: (hall name, worker name).
pub(crate) async fn window_names(
    state: &AppState,
    w: &Window,
) -> anyhow::Result<Option<(String, String)>> {
    let (hall, work) = (w.hall_code.clone(), w.work_no.clone());
    state
        .db
        .read(move |c| {
            let hall_name = halls::hall_name(c, &hall)?;
            let worker = halls::worker_name(c, &hall, &work)?;
            Ok(hall_name.zip(worker))
        })
        .await
}

pub(crate) fn parts<'a>(w: &'a Window, worker_name: &'a str) -> WindowParts<'a> {
    WindowParts {
        app_code: &w.app_code,
        hall_code: &w.hall_code,
        work_no: &w.work_no,
        worker_name,
    }
}

/// How a reported case is shown, or `None` when it is no longer shown at
/// `now` (or its case record is gone from the directory).
pub async fn case_view(
    state: &AppState,
    case: &Reported,
    worker_name: &str,
    base: &str,
    now: i64,
) -> anyhow::Result<Option<PadCase>> {
    let show = i64::try_from(state.config.pad_show.as_secs()).unwrap_or(i64::MAX);
    let left = case.reported_at.saturating_add(show) - now;
    if left <= 0 || case.rated_at.is_some() {
        return Ok(None);
    }
    let serial = case.affair_serial_no.clone();
    let Some(record) = state
        .db
        // Its department named from the department directory when the case has no name.
        .read(move |c| crate::directory::cases::find_with_department(c, &serial))
        .await?
    else {
        return Ok(None);
    };
    let link = links::dynamic_link(
        base,
        parts(&case.window, worker_name),
        &case.affair_serial_no,
        &record.affair_code,
        case.eval_process,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Some(PadCase {
        affair_serial_no: case.affair_serial_no.clone(),
        eval_process: case.eval_process,
        affair_name: record.affair_name,
        department_name: record.department_name.unwrap_or(record.department_code),
        citizen: mask_name(case.user_name.as_deref().unwrap_or_default()),
        dynamic_link: link,
        show_ms: u32::try_from(left.saturating_mul(1000)).unwrap_or(u32::MAX),
    }))
}

/// The case a window's pads show now, if any.
pub async fn showing(
    state: &AppState,
    w: &Window,
    worker_name: &str,
    base: &str,
) -> anyhow::Result<Option<PadCase>> {
    let now = state.clock.now_secs();
    let since = now - i64::try_from(state.config.pad_show.as_secs()).unwrap_or(i64::MAX);
    let window = w.clone();
    let Some(case) = state
        .db
        .read(move |c| reported::showing(c, &window, since))
        .await?
    else {
        return Ok(None);
    };
    case_view(state, &case, worker_name, base, now).await
}

/// The `hello` event: the pad's window (from the hall directory) and its
/// current case. `None` when the window is no longer in the directory.
pub async fn snapshot(state: &AppState, pad: &Pad, base: &str) -> anyhow::Result<Option<PadEvent>> {
    let Some((hall_name, worker_name)) = window_names(state, &pad.window).await? else {
        return Ok(None);
    };
    let case = showing(state, &pad.window, &worker_name, base).await?;
    Ok(Some(PadEvent {
        event: PadEventKind::Hello,
        window: Some(PadWindow {
            consult_link: links::consult_link(base, parts(&pad.window, &worker_name)),
            app_code: pad.window.app_code.clone(),
            hall_name,
            worker_name,
            work_no: pad.window.work_no.clone(),
        }),
        case,
        rated: None,
        zh: None,
        en: None,
    }))
}

/// An event that carries nothing but its kind and a case reference.
pub fn rated_event(affair_serial_no: &str, eval_process: u8) -> PadEvent {
    PadEvent {
        event: PadEventKind::Rated,
        window: None,
        case: None,
        rated: Some(PadCaseRef {
            affair_serial_no: affair_serial_no.to_string(),
            eval_process,
        }),
        zh: None,
        en: None,
    }
}

/// The `refused` event, saying why.
pub fn refused_event(zh: &str, en: &str) -> PadEvent {
    PadEvent {
        event: PadEventKind::Refused,
        window: None,
        case: None,
        rated: None,
        zh: Some(zh.to_string()),
        en: Some(en.to_string()),
    }
}
