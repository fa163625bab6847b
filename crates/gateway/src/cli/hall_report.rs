//! `hcp-gateway hall-report`: plays the hall system, sending a signed case
//! report (seed-004 form) to a running gateway's `/api/hall/cases`; with
//! `--demo`, a new demo case at the demo pad's window (sandbox mode).

use crate::cli::common::fail;
use crate::clock::now_secs;
use crate::config::{Config, ConfigArgs};
use clap::Args;
use hcp_protocol::sign::SignedForm;
use std::process::ExitCode;

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
        (None, true) => match crate::sandbox::demo_report(now) {
            Some(report) => report,
            None => {
                return fail(
                    "hall-report",
                    "--demo needs a development build (the sandbox's demo data)",
                );
            }
        },
        (None, false) => return fail("hall-report", "give --data '{…}' or --demo"),
    };
    let base = a
        .gateway
        .clone()
        .unwrap_or_else(|| ["http://", &config.listen.to_string()].concat());
    let url = [base.trim_end_matches('/'), "/api/hall/cases"].concat();
    let signer = SignedForm {
        appcode: &config.push.appcode,
        modulecode: &config.push.modulecode,
        secret: secret.expose(),
    };
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    let body = signer.body(&data, now, &nonce);
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
