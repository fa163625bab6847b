//! `hcp-gateway pad-link`: issues, lists and revokes pad credentials, and
//! prints a pad's link (the credential in its fragment) and its window card.

use crate::cli::common::base_of;
use crate::cli::common::fail;
use crate::cli::common::open_db;
use crate::clock::now_secs;
use crate::config::ConfigArgs;
use crate::directory::halls;
use crate::hall::pads::Window;
use crate::hall::{links, pads};
use clap::Args;
use std::process::ExitCode;

/// `hcp-gateway pad-link`.
#[derive(Debug, Args)]
pub struct PadLinkArgs {
    /// The window's appCode (the hall system's, as in its rating links).
    #[arg(long)]
    pub app_code: Option<String>,
    /// The window's hall (大厅编码), which must be in the hall directory.
    #[arg(long)]
    pub hall_code: Option<String>,
    /// The window's worker number (工号), which must be in that hall.
    #[arg(long)]
    pub work_no: Option<String>,
    /// A name for the pad, shown by --list (e.g. "3号窗口 平板").
    #[arg(long)]
    pub label: Option<String>,
    /// The gateway's public base URL for the link [default: HCP_PUBLIC_URL, else http://HCP_LISTEN].
    #[arg(long)]
    pub base_url: Option<String>,
    /// List the pads (never their credentials) instead.
    #[arg(long, conflicts_with_all = ["app_code", "hall_code", "work_no", "revoke"])]
    pub list: bool,
    /// Revoke the pad with this id instead (its live connection closes within seconds).
    #[arg(long, value_name = "ID", conflicts_with_all = ["app_code", "hall_code", "work_no"])]
    pub revoke: Option<String>,
}

/// `hcp-gateway pad-link …`.
pub async fn pad_link(args: &ConfigArgs, a: &PadLinkArgs) -> ExitCode {
    let db = match open_db(args).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let now = now_secs();
    if a.list {
        return match db.read(|c| pads::list(c)).await {
            Ok(list) => {
                println!(
                    "{:<14}  {:<10}  {:<18}  {:<8}  {:<8}  label",
                    "id", "appCode", "hall", "workNo", "state"
                );
                for p in list {
                    println!(
                        "{:<14}  {:<10}  {:<18}  {:<8}  {:<8}  {}",
                        p.id,
                        p.window.app_code,
                        p.window.hall_code,
                        p.window.work_no,
                        if p.revoked_at.is_some() {
                            "revoked"
                        } else {
                            "active"
                        },
                        p.label.unwrap_or_default()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail("pad-link", format!("{e:#}")),
        };
    }
    if let Some(id) = &a.revoke {
        let id = id.clone();
        // The revocation is published on commit: with a shared PostgreSQL every
        // gateway hears it at once (each also looks every 2 s, which is how a
        // SQLite gateway, another process, learns of it).
        return match db.write(move |c| pads::revoke(c, &id, now)).await {
            Ok(true) => {
                println!(
                    "revoked; its pad is disconnected within seconds and cannot connect again"
                );
                ExitCode::SUCCESS
            }
            Ok(false) => fail(
                "pad-link",
                "no active pad has that id (hcp-gateway pad-link --list)",
            ),
            Err(e) => fail("pad-link", format!("{e:#}")),
        };
    }
    let (Some(app), Some(hall), Some(work)) = (&a.app_code, &a.hall_code, &a.work_no) else {
        return fail(
            "pad-link",
            "give --app-code, --hall-code and --work-no (a window of the hall directory), or --list, or --revoke ID",
        );
    };
    for (name, ok) in [
        (
            "--app-code",
            hcp_protocol::types::AppCode::new(app.as_str()).is_ok(),
        ),
        (
            "--hall-code",
            hcp_protocol::types::HallCode::new(hall.as_str()).is_ok(),
        ),
        (
            "--work-no",
            hcp_protocol::types::WorkNo::new(work.as_str()).is_ok(),
        ),
    ] {
        if !ok {
            return fail("pad-link", format!("{name} is not a valid code"));
        }
    }
    let window = Window {
        app_code: app.clone(),
        hall_code: hall.clone(),
        work_no: work.clone(),
    };
    let (w, label) = (window.clone(), a.label.clone());
    let issued = db
        .write(move |c| {
            let worker = halls::worker_name(c, &w.hall_code, &w.work_no)?;
            let hall_name = halls::hall_name(c, &w.hall_code)?;
            match worker.zip(hall_name) {
                None => Ok(None),
                Some(names) => Ok(Some((
                    pads::issue(c, &w, label.as_deref(), now, None)?,
                    names,
                ))),
            }
        })
        .await;
    match issued {
        Ok(Some((issued, (worker, hall_name)))) => {
            let base = base_of(args, a.base_url.as_deref());
            eprintln!(
                "pad {} for {worker} (工号 {}), {hall_name}; open this link once on the window's pad (keep it secret: it lets the pad rate reported cases):",
                issued.pad.id, window.work_no
            );
            println!("{}", links::pad_link(&base, &window, &issued.credential));
            ExitCode::SUCCESS
        }
        Ok(None) => fail(
            "pad-link",
            "that window is not in the hall directory (hcp-gateway import, or the push API)",
        ),
        Err(e) => fail("pad-link", format!("{e:#}")),
    }
}
