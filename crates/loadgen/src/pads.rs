//! `hcp-loadgen pads`: report-to-pad latency with many pads connected, and
//! the gateway's memory with them (make bench's `pads` part).
//!
//! Against a running gateway (`--base`) whose gateway.db is in
//! `--data-dir`: puts one hall with `--pads` windows into its hall
//! directory and issues a pad credential for each (through the gateway's own
//! store functions, as `hcp-gateway import` and `pad-link` would), connects
//! one live WebSocket per pad and waits for every `hello`, then reports
//! `--reports` cases one after another, each at another window, with the
//! hall system's signed call (seed 004 + datasha256, the development push
//! identity), and times each from sending the report to its window's pad
//! receiving the `case` event. The gateway's resident memory
//! (`/proc/<pid>/status` VmRSS of `--gateway-pid`) is read before the pads
//! connect, with them connected, and after the reports.

use hcp_gateway::directory::halls;
use hcp_gateway::hall::pads;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use hcp_gateway::directory::records::{HallRecord, WorkerRecord};
use hcp_gateway::hall::pads::Window;
use hcp_gateway::sandbox::demo_pad::case_report;
use hcp_gateway::store::Store;
use hcp_protocol::sign::SignedForm;
use serde::Serialize;
use serde_json::json;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;

/// The development push identity (the gateway's `HCP_PUSH_*` in bench/run.sh).
pub const PUSH_APPCODE: &str = "hcp-directory";
/// The development push module.
pub const PUSH_MODULECODE: &str = "directory";
/// The development push secret (crates/gateway dev.rs).
pub const PUSH_SECRET: &str = "hcp-dev-push-secret-not-for-production";

const APP_CODE: &str = "cTPyv9r6";
const HALL: &str = "9000000000000001";

/// `hcp-loadgen pads`.
#[derive(Debug, clap::Args)]
pub struct PadArgs {
    /// The gateway: `http://127.0.0.1:PORT/`.
    #[arg(long)]
    base: String,
    /// The gateway's HCP_DATA_DIR (its gateway.db gets the windows and the pads).
    #[arg(long)]
    data_dir: PathBuf,
    /// Pads connected (one window each).
    #[arg(long, default_value_t = 1000)]
    pads: usize,
    /// Cases reported, one at a time.
    #[arg(long, default_value_t = 300)]
    reports: usize,
    /// Connections opened at once while connecting.
    #[arg(long, default_value_t = 50)]
    connect_concurrency: usize,
    /// The gateway's process id (its memory is read from /proc).
    #[arg(long)]
    gateway_pid: Option<u32>,
    /// Where to write the figures (JSON).
    #[arg(long)]
    json: Option<PathBuf>,
}

/// The figures.
#[derive(Debug, Serialize)]
struct PadFigures {
    pads: usize,
    connected: usize,
    connect_secs: f64,
    reports: usize,
    delivered: usize,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    mean_ms: f64,
    rss_idle_kb: Option<u64>,
    rss_connected_kb: Option<u64>,
    rss_after_kb: Option<u64>,
    errors: Vec<String>,
}

fn rss_kb(pid: Option<u32>) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The signed form of a hall call (README.md, "The hall window").
fn signed(data: &str, n: usize) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let nonce = format!("bench-{}-{n}", std::process::id());
    let signer = SignedForm {
        appcode: PUSH_APPCODE,
        modulecode: PUSH_MODULECODE,
        secret: PUSH_SECRET,
    };
    signer.body(data, i64::try_from(now).unwrap_or(i64::MAX), &nonce)
}

fn work_no(i: usize) -> String {
    format!("B{i:05}")
}

type Waiting = Arc<Mutex<HashMap<String, oneshot::Sender<Instant>>>>;

/// One pad: connects, says hello, waits for `hello`, then reports every
/// `case` it receives to whoever waits for that case.
async fn pad(
    url: String,
    credential: String,
    waiting: Waiting,
    ready: oneshot::Sender<Result<(), String>>,
) {
    let mut ws = match tokio_tungstenite::connect_async(url.as_str()).await {
        Ok((ws, _)) => ws,
        Err(e) => {
            let _ = ready.send(Err(format!("connect: {e}")));
            return;
        }
    };
    let hello = json!({ "credential": credential }).to_string();
    if ws.send(Message::Text(hello.into())).await.is_err() {
        let _ = ready.send(Err("hello not sent".to_string()));
        return;
    }
    let mut ready = Some(ready);
    while let Some(Ok(msg)) = ws.next().await {
        let Message::Text(text) = msg else {
            continue;
        };
        let at = Instant::now();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(text.as_str()) else {
            continue;
        };
        match v["event"].as_str() {
            Some("hello") => {
                if let Some(r) = ready.take() {
                    let _ = r.send(Ok(()));
                }
            }
            Some("case") => {
                let serial = v["case"]["affairSerialNo"].as_str().unwrap_or_default();
                let waiter = waiting.lock().ok().and_then(|mut w| w.remove(serial));
                if let Some(w) = waiter {
                    let _ = w.send(at);
                }
            }
            Some("refused") => {
                if let Some(r) = ready.take() {
                    let _ = r.send(Err(format!("refused: {v}")));
                }
                return;
            }
            _ => {}
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs the measurement.
pub async fn run(a: PadArgs) -> Result<(), String> {
    let db = Store::open_sqlite(&a.data_dir.join("gateway.db"))
        .await
        .map_err(|e| format!("gateway.db: {e:#}"))?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let n = a.pads;
    let hall = HallRecord {
        hall_code: HALL.to_string(),
        hall_name: "基准测试大厅".to_string(),
        app_code: None,
        workers: (0..n)
            .map(|i| WorkerRecord {
                work_no: work_no(i),
                name: "窗口人员".to_string(),
            })
            .collect(),
    };
    // One write: one transaction for the hall and every pad.
    let credentials: Vec<String> = db
        .write(move |tx| {
            halls::upsert_halls(tx, std::slice::from_ref(&hall))?;
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let w = Window {
                    app_code: APP_CODE.to_string(),
                    hall_code: HALL.to_string(),
                    work_no: work_no(i),
                };
                out.push(pads::issue(tx, &w, Some("bench"), now, None)?.credential);
            }
            Ok(out)
        })
        .await
        .map_err(|e| format!("cannot issue the pads: {e:#}"))?;

    let base = a.base.trim_end_matches('/').to_string();
    let ws_url = format!("{}/api/pad/live", base.replacen("http://", "ws://", 1));
    let rss_idle = rss_kb(a.gateway_pid);
    let waiting: Waiting = Arc::default();
    let started = Instant::now();
    let mut errors = Vec::new();
    let mut connected = 0;
    for chunk in credentials.chunks(a.connect_concurrency.max(1)) {
        let mut readies = Vec::new();
        for c in chunk {
            let (tx, rx) = oneshot::channel();
            tokio::spawn(pad(ws_url.clone(), c.clone(), Arc::clone(&waiting), tx));
            readies.push(rx);
        }
        for r in readies {
            match tokio::time::timeout(Duration::from_secs(30), r).await {
                Ok(Ok(Ok(()))) => connected += 1,
                Ok(Ok(Err(e))) => errors.push(e),
                _ => errors.push("no hello within 30 s".to_string()),
            }
        }
    }
    let connect_secs = started.elapsed().as_secs_f64();
    // Let the gateway settle (allocations freed, tasks parked) before reading its memory.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_connected = rss_kb(a.gateway_pid);

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let mut latencies = Vec::with_capacity(a.reports);
    let stamp = chrono_stamp(now);
    for i in 0..a.reports {
        let window = (i * 7919) % n;
        let serial = format!("210100-BENCH-{}-{i}", std::process::id());
        let w = Window {
            app_code: APP_CODE.to_string(),
            hall_code: HALL.to_string(),
            work_no: work_no(window),
        };
        let data = case_report(&w, &serial, &stamp).to_string();
        let (tx, rx) = oneshot::channel();
        if let Ok(mut w) = waiting.lock() {
            w.insert(serial.clone(), tx);
        }
        let sent = Instant::now();
        let resp = client
            .post(format!("{base}/api/hall/cases"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(signed(&data, i))
            .send()
            .await;
        match resp {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => {
                errors.push(format!("report {i}: HTTP {}", r.status()));
                continue;
            }
            Err(e) => {
                errors.push(format!("report {i}: {e}"));
                continue;
            }
        }
        match tokio::time::timeout(Duration::from_secs(10), rx).await {
            Ok(Ok(at)) => latencies.push(at.duration_since(sent).as_secs_f64() * 1000.0),
            _ => errors.push(format!("report {i}: its pad saw nothing within 10 s")),
        }
    }
    let rss_after = rss_kb(a.gateway_pid);
    let mut sorted = latencies.clone();
    sorted.sort_by(f64::total_cmp);
    let figures = PadFigures {
        pads: n,
        connected,
        connect_secs,
        reports: a.reports,
        delivered: latencies.len(),
        p50_ms: percentile(&sorted, 50.0),
        p90_ms: percentile(&sorted, 90.0),
        p99_ms: percentile(&sorted, 99.0),
        max_ms: sorted.last().copied().unwrap_or(0.0),
        mean_ms: if sorted.is_empty() {
            0.0
        } else {
            sorted.iter().sum::<f64>() / sorted.len() as f64
        },
        rss_idle_kb: rss_idle,
        rss_connected_kb: rss_connected,
        rss_after_kb: rss_after,
        errors: errors.into_iter().take(20).collect(),
    };
    println!(
        "pads: {}/{} connected in {:.2} s; {} of {} reports seen by their pad: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; gateway RSS {:?} -> {:?} kB ({:?} after)",
        figures.connected,
        figures.pads,
        figures.connect_secs,
        figures.delivered,
        figures.reports,
        figures.p50_ms,
        figures.p99_ms,
        figures.max_ms,
        figures.rss_idle_kb,
        figures.rss_connected_kb,
        figures.rss_after_kb
    );
    if let Some(path) = &a.json {
        let text = serde_json::to_string_pretty(&figures).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if figures.connected < n || figures.delivered < a.reports {
        return Err(format!(
            "not every pad connected or saw its case: {:?}",
            figures.errors
        ));
    }
    Ok(())
}

/// yyyyMMddHHmmss in Beijing time.
fn chrono_stamp(now: i64) -> String {
    hcp_protocol::sign::beijing_timestamp14(now)
}

#[cfg(test)]
mod tests {
    use hcp_protocol::sign::{data_sha256, verify_md5_param_signature};

    #[test]
    fn a_hall_call_is_signed_with_the_development_push_identity_and_a_nonce_of_its_own() {
        let body = super::signed("[]", 7);
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default()
        };
        assert_eq!(get("appcode"), super::PUSH_APPCODE);
        assert_eq!(get("modulecode"), super::PUSH_MODULECODE);
        assert_eq!(get("data"), "[]");
        assert_eq!(get("datasha256"), data_sha256("[]"));
        assert_eq!(get("nonce"), format!("bench-{}-7", std::process::id()));
        assert!(verify_md5_param_signature(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            super::PUSH_SECRET,
            get("sign")
        ));
    }
}
