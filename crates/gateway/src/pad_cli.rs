//! The pad's commands: `hcp-gateway pad-link` (issue, list, revoke pad
//! credentials) and `hcp-gateway hall-report` (play the hall system: a
//! signed case report), and the demo pad `serve` prints in sandbox mode.

use std::process::ExitCode;

use clap::Args;
#[cfg(feature = "sandbox")]
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[cfg(feature = "sandbox")]
use crate::AppState;
use crate::cli::open_db;
use crate::config::{Config, ConfigArgs};
use crate::db::now_secs;
use crate::directory;
use crate::pads::{self, Window};

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

/// `hcp-gateway hall-report`.
#[derive(Debug, Args)]
pub struct HallReportArgs {
    /// The gateway's base URL [default: http://HCP_LISTEN].
    #[arg(long)]
    pub gateway: Option<String>,
    /// The report (`data`): one JSON object, README.md "The hall window".
    #[arg(long, conflicts_with = "demo")]
    pub data: Option<String>,
    /// Report a new demo case (王小明, 个体工商户设立登记, accepted) at the
    /// demo pad's window (沈阳测试大厅, 李凤, 1212).
    #[arg(long)]
    pub demo: bool,
}

fn fail(cmd: &str, msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("hcp-gateway {cmd}: {msg}");
    ExitCode::from(2)
}

fn base_of(args: &ConfigArgs, given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| args.public_url.clone())
        .unwrap_or_else(|| {
            let listen = args.listen.as_deref().unwrap_or("127.0.0.1:8080");
            ["http://", listen].concat()
        })
        .trim_end_matches('/')
        .to_string()
}

/// The pad link of a credential: the window in the query (for the people
/// who set the pad up; the credential decides), the credential in the
/// fragment, which browsers never send anywhere (the pad keeps it in its
/// storage and takes it out of the address bar).
pub fn pad_link_url(base: &str, window: &Window, credential: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("appCode", &window.app_code)
        .append_pair("hallCode", &window.hall_code)
        .append_pair("workNo", &window.work_no)
        .finish();
    [base, "/pad/?", &query, "#pad=", credential].concat()
}

/// The printable window card of a window.
pub fn card_link(base: &str, window: &Window) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("appCode", &window.app_code)
        .append_pair("hallCode", &window.hall_code)
        .append_pair("workNo", &window.work_no)
        .finish();
    [base, "/hall/card/?", &query].concat()
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
            let worker = directory::worker_name(c, &w.hall_code, &w.work_no)?;
            let hall_name = directory::hall_name(c, &w.hall_code)?;
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
            println!("{}", pad_link_url(&base, &window, &issued.credential));
            ExitCode::SUCCESS
        }
        Ok(None) => fail(
            "pad-link",
            "that window is not in the hall directory (hcp-gateway import, or the push API)",
        ),
        Err(e) => fail("pad-link", format!("{e:#}")),
    }
}

/// The demo pad's window: 沈阳测试大厅, 李凤, 1212.
#[cfg(feature = "sandbox")]
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
#[cfg(feature = "sandbox")]
pub async fn demo_pad(state: &AppState, base: &str) -> anyhow::Result<String> {
    let seed = {
        let secret = state.config.links.secret.clone().unwrap_or_default();
        Sha256::digest(["hcp-demo-pad:", secret.expose()].concat().as_bytes()).to_vec()
    };
    let window = demo_window();
    let w = window.clone();
    let issued = state
        .db
        .write(move |c| pads::issue(c, &w, Some("demo"), now_secs(), Some(&seed)))
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
        pad_link_url(base, &window, &issued.credential),
        "card",
        card_link(base, &window),
        "report",
    ))
}

/// A demo case report at the demo window: a new case number each time.
#[cfg(feature = "sandbox")]
pub fn demo_report(now: i64) -> Value {
    let c = hcp_sandbox::demo::CITIZEN;
    let stamp = hcp_protocol::sign::beijing_timestamp14(now);
    let serial = [
        "210100-210100301001-",
        &stamp,
        &format!("{:03}", now.rem_euclid(1000)),
    ]
    .concat();
    let w = demo_window();
    json!({
        "appCode": w.app_code,
        "hallCode": w.hall_code,
        "workNo": w.work_no,
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

/// The signed form of a hall call with `data` (seed 004 with `datasha256`).
pub fn signed_form(
    appcode: &str,
    modulecode: &str,
    secret: &str,
    data: &str,
    now: i64,
) -> Vec<(String, String)> {
    let digest: String = Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut pairs = vec![
        ("appcode".to_string(), appcode.to_string()),
        ("modulecode".to_string(), modulecode.to_string()),
        ("timestamp".to_string(), now.to_string()),
        (
            "nonce".to_string(),
            uuid::Uuid::new_v4().simple().to_string(),
        ),
        ("datasha256".to_string(), digest),
    ];
    let sign = hcp_protocol::sign::md5_param_signature(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        secret,
    );
    pairs.push(("data".to_string(), data.to_string()));
    pairs.push(("sign".to_string(), sign));
    pairs
}

/// `hcp-gateway hall-report …`.
pub async fn hall_report(args: &ConfigArgs, a: &HallReportArgs) -> ExitCode {
    let config = match Config::resolve(args.clone()) {
        Ok(c) => c,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(2);
        }
    };
    let Some(secret) = config.push.secret.clone() else {
        return fail(
            "hall-report",
            "HCP_PUSH_SECRET is not set: the hall system's calls are signed with it",
        );
    };
    let now = now_secs();
    let data = match (&a.data, a.demo) {
        (Some(d), _) => d.clone(),
        #[cfg(feature = "sandbox")]
        (None, true) => demo_report(now).to_string(),
        #[cfg(not(feature = "sandbox"))]
        (None, true) => {
            return fail(
                "hall-report",
                "--demo needs a development build (the sandbox's demo data)",
            );
        }
        (None, false) => return fail("hall-report", "give --data '{…}' or --demo"),
    };
    let base = a
        .gateway
        .clone()
        .unwrap_or_else(|| ["http://", &config.listen.to_string()].concat());
    let url = [base.trim_end_matches('/'), "/api/hall/cases"].concat();
    let form = signed_form(
        &config.push.appcode,
        &config.push.modulecode,
        secret.expose(),
        &data,
        now,
    );
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish();
    let client = reqwest::Client::new();
    let resp = client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await;
    match resp {
        Ok(r) => {
            let status = r.status();
            let text = r.text().await.unwrap_or_default();
            println!("{text}");
            if status.is_success() {
                ExitCode::SUCCESS
            } else {
                eprintln!("hcp-gateway hall-report: the gateway answered HTTP {status}");
                ExitCode::from(1)
            }
        }
        Err(e) => fail("hall-report", format!("cannot reach {url}: {e}")),
    }
}
