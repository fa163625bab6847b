//! The demo pad of sandbox mode: its window (沈阳测试大厅, 李凤, 1212), the
//! credential `serve` issues for it (the same for the same link secret), and
//! the demo case `hall-report --demo` reports to it.

use crate::hall::links::{card_link, pad_link};
use crate::hall::pads;
use crate::hall::pads::Window;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The demo pad's window: 沈阳测试大厅, 李凤, 1212.
pub fn demo_window() -> Window {
    Window {
        app_code: hcp_sandbox::demo::APP_CODE.to_string(),
        hall_code: "56417234343428097".to_string(),
        work_no: "1212".to_string(),
    }
}

/// Sandbox mode: issues the demo pad (the same credential for the same link
/// secret, so the link survives a restart) and returns the lines `serve`
/// prints: the pad link, the window card, and the command that reports a
/// demo case to the pad.
pub async fn demo_pad(state: &AppState, base: &str) -> anyhow::Result<String> {
    let seed = {
        let secret = state.config.links.secret.clone().unwrap_or_default();
        Sha256::digest(["hcp-demo-pad:", secret.expose()].concat().as_bytes()).to_vec()
    };
    let window = demo_window();
    let w = window.clone();
    let clock = state.clock.clone();
    let issued = state
        .db
        .write(move |c| pads::issue(c, &w, Some("demo"), clock.now_secs(), Some(&seed)))
        .await?;
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| {
            let cwd = std::env::current_dir().ok()?;
            Some(p.strip_prefix(&cwd).map(|r| r.to_path_buf()).unwrap_or(p))
        })
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "hcp-gateway".to_string());
    Ok(format!(
        "hall pad (评价器) of 李凤, 工号 1212, 沈阳测试大厅; the hall system's report of a demo case to it is the command below:\n  {:<14} {}\n  {:<14} {}\n  {:<14} {exe} hall-report --gateway {base} --demo\n",
        "pad",
        pad_link(base, &window, &issued.credential),
        "card",
        card_link(base, &window),
        "report",
    ))
}

/// A demo case report at the demo window: a new case number each time.
pub fn demo_report(now: i64) -> Option<String> {
    let stamp = hcp_protocol::sign::beijing_timestamp14(now);
    let serial = [
        "210100-210100301001-",
        &stamp,
        &format!("{:03}", now.rem_euclid(1000)),
    ]
    .concat();
    Some(case_report(&demo_window(), &serial, &stamp).to_string())
}

/// The hall system's report (`/api/hall/cases`' `data`) of the demo
/// citizen's 个体工商户设立登记, accepted at `window` as case `serial` at
/// `stamp` (yyyyMMddHHmmss): `hall-report --demo`, and the load generator's
/// reports to its thousand pads.
pub fn case_report(window: &Window, serial: &str, stamp: &str) -> Value {
    let c = hcp_sandbox::demo::CITIZEN;
    json!({
        "appCode": window.app_code,
        "hallCode": window.hall_code,
        "workNo": window.work_no,
        "evalProcess": 1,
        "affairSerialNo": serial,
        "affairCode": "11210100MB1536428E4210300301000",
        "affairName": "个体工商户设立登记",
        "departmentCode": "11210100001583301X",
        "departmentName": "沈阳市市场监督管理局",
        "affairApplyTime": stamp,
        "userName": c.user_name,
        "contactPhone": c.contact_phone,
        "certificateNo": c.certificate_no,
    })
}
