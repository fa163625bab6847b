//! `hcp-gateway hall-report`: plays the hall system, sending a signed case
//! report (seed-004 form) to a running gateway's `/api/hall/cases`; with
//! `--demo`, a new demo case at the demo pad's window (sandbox mode).

use crate::cli::common::fail;
use crate::clock::now_secs;
use crate::config::{Config, ConfigArgs};
use clap::Args;
use sha2::{Digest, Sha256};
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
