//! `hcp-loadgen`: the load generator of `make bench` (bench/run.sh).
//!
//! Fixed concurrency for a fixed time after a warm-up, each worker on its own
//! keep-alive connection, against one of:
//!
//! - `--target upstream`: the platform API (`…/ebus/ping/`: the sandbox
//!   directly, or nginx in front of it). Every request carries a fresh x-rio
//!   nonce and signature, as the gateway's own client sends them.
//! - `--target gateway`: the widget API of `hcp-gateway` (`/api/…`).
//!
//! Workloads:
//!
//! - `tags`: the guide tag list for 5 stars (gateway: `GET /api/tags`;
//!   upstream: `GET eval/tag/list`).
//! - `guide`: a guide rating, unique per request (affairCode / affairName carry
//!   a sequence number, so each has its own outbox key). Gateway: the widget's
//!   `SubmitRequest` with a login ticket minted here (HS256, the gateway's
//!   ticket secret) for the demo citizen; upstream: the `GuideEvalRequest` the
//!   gateway would build from it (DES-encrypted personal fields, evalTime).
//!
//! An answer counts as an error unless it is HTTP 2xx and: code 0 (upstream),
//! `delivered` (gateway submit), a tag list (gateway tags). One summary line
//! is printed; `--json FILE` writes the numbers for the report.

mod pads;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use clap::{Parser, ValueEnum};
use hcp_protocol::api::{Rating, SubmitRequest, SubmitResponse, SubmitStatus, TagsResponse};
use hcp_protocol::crypt::DesKey;
use hcp_protocol::sign::{self, header};
use hcp_protocol::types::{LooseInt, LooseString, Remark, TagId};
use hcp_protocol::upstream::{self, EvalUser, Guide, GuideEvalRequest, TagRef};
use hcp_protocol::{Channel, EvalEntityCode, Stars};
use hcp_sandbox::{demo, dev};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// The gateway's sandbox-mode ticket secret (crates/gateway config::DEV_TICKET_SECRET).
const DEV_TICKET_SECRET: &str = "hcp-dev-ticket-secret-not-for-production";
/// The department of every benchmark rating.
const DEPARTMENT_CODE: &str = "BENCHDEPT01";
/// The remark of every benchmark rating.
const REMARK: &str = "基准测试：材料清楚，流程顺畅";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
enum Target {
    /// The platform API, x-rio signed (sandbox, or a proxy in front of it).
    Upstream,
    /// hcp-gateway's widget API.
    Gateway,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
enum Workload {
    /// The guide tag list for 5 stars.
    Tags,
    /// One unique guide rating per request.
    Guide,
}

/// Load generator for `make bench`: fixed concurrency, fixed duration, after a warm-up.
#[derive(Debug, Parser)]
#[command(name = "hcp-loadgen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Load a target and report throughput and latency.
    Run(Box<Args>),
    /// Print the gateway settings that match this generator's defaults
    /// (`HCP_PAAS_ID=… HCP_PAAS_TOKEN=… HCP_DES_KEY=… HCP_TICKET_SECRET=…
    /// HCP_ALLOW_DEV_SECRETS=true …`): the sandbox's development identity, for a
    /// (development-build) gateway in front of a standalone sandbox, which
    /// would otherwise refuse these published values.
    DevEnv,
    /// Report-to-pad latency with many hall pads connected, and the
    /// gateway's memory with them (`pads` module).
    Pads(pads::PadArgs),
}

/// One load run.
#[derive(Debug, clap::Args)]
struct Args {
    /// What to load.
    #[arg(long, value_enum)]
    target: Target,
    /// Which requests.
    #[arg(long, value_enum)]
    workload: Workload,
    /// Base URL: `http://127.0.0.1:PORT/ebus/ping/` (upstream) or `http://127.0.0.1:PORT/` (gateway).
    /// Given more than once (several gateways on one store), requests go to each in turn.
    #[arg(long, required = true)]
    base: Vec<String>,
    /// Requests in flight at once (one connection each).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Seconds measured.
    #[arg(long, default_value_t = 10.0)]
    duration_secs: f64,
    /// Seconds of load before measuring (not counted).
    #[arg(long, default_value_t = 2.0)]
    warmup_secs: f64,
    /// Stop measuring after this many requests even if time remains.
    #[arg(long, default_value_t = 1_000_000)]
    max_requests: u64,
    /// Runtime worker threads of the generator itself (it shares the machine with the servers).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 10)]
    timeout_secs: u64,
    /// x-rio-paasid (upstream target).
    #[arg(long, default_value = dev::PAAS_ID)]
    paas_id: String,
    /// x-rio token (upstream target).
    #[arg(long, default_value = dev::PAAS_TOKEN, hide_default_value = true)]
    paas_token: String,
    /// DES key of contactPhone / certificateNo (upstream target).
    #[arg(long, default_value = dev::DES_KEY, hide_default_value = true)]
    des_key: String,
    /// HS256 secret of the login ticket (gateway target): the gateway's HCP_TICKET_SECRET.
    #[arg(long, default_value = DEV_TICKET_SECRET, hide_default_value = true)]
    ticket_secret: String,
    /// appCode of the requests.
    #[arg(long, default_value = demo::APP_CODE)]
    app_code: String,
    /// A name for this run in the output.
    #[arg(long)]
    label: Option<String>,
    /// Write the results as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
}

/// What every request is made from.
struct Plan {
    target: Target,
    workload: Workload,
    /// Where requests go, in turn.
    bases: Vec<String>,
    paas_id: String,
    paas_token: String,
    des: DesKey,
    ticket: String,
    app_code: String,
    /// Makes affairCodes and nonces unique across runs.
    run_id: String,
    /// A 5-star guide tag of the sandbox's catalog.
    guide_tag: String,
    seq: AtomicU64,
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A login ticket for the demo citizen, as the portal would issue it (JWT, HS256).
fn mint_ticket(secret: &str, now: i64) -> Result<String, String> {
    let c = demo::CITIZEN;
    let claims = serde_json::json!({
        "userId": c.user_id,
        "userName": c.user_name,
        "userType": c.user_type,
        "certificateType": c.certificate_type,
        "certificateNo": c.certificate_no,
        "contactPhone": c.contact_phone,
        "passportName": c.passport_name,
        "exp": now + 3600,
        "iat": now,
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map_err(|e| e.to_string())?;
    mac.update(input.as_bytes());
    Ok(format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    ))
}

/// The outcome of one request: `Ok(())` or an error kind with a sample of the answer.
type Outcome = Result<(), (String, String)>;

fn fail(kind: impl Into<String>, sample: impl Into<String>) -> Outcome {
    Err((kind.into(), sample.into()))
}

impl Plan {
    fn next(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed)
    }

    fn signed(&self, req: reqwest::RequestBuilder, n: u64) -> reqwest::RequestBuilder {
        let timestamp = now_secs().to_string();
        let nonce = format!("bench-{}-{n}", self.run_id);
        let signature = sign::rio_signature(&timestamp, &self.paas_token, &nonce);
        req.header(header::PAASID, &self.paas_id)
            .header(header::TIMESTAMP, timestamp)
            .header(header::NONCE, nonce)
            .header(header::SIGNATURE, signature)
    }

    /// This request's guide: unique affairCode and affairName.
    fn guide(&self, n: u64) -> Guide {
        Guide {
            department_code: DEPARTMENT_CODE.to_string(),
            affair_code: format!("BENCH{}{n:09}", self.run_id),
            affair_name: format!("基准测试事项{n}"),
        }
    }

    fn rating(&self) -> Result<Rating, String> {
        Ok(Rating {
            stars: Stars::try_from(5).map_err(|e| format!("{e:?}"))?,
            tags: vec![TagId::new(self.guide_tag.clone()).map_err(|e| format!("{e:?}"))?],
            remark: Remark::new(REMARK).map_err(|e| format!("{e:?}"))?,
        })
    }

    /// The 4.8 body the gateway builds for the same rating (payload.rs).
    fn guide_eval(&self, n: u64) -> Result<GuideEvalRequest, String> {
        let c = demo::CITIZEN;
        let rating = self.rating()?;
        Ok(GuideEvalRequest {
            general_stars: rating.stars,
            remark: Some(REMARK.to_string()),
            tag_list: Some(vec![TagRef::Id(LooseString::from(self.guide_tag.as_str()))]),
            guide: self.guide(n),
            user: EvalUser {
                user_id: Some(c.user_id.to_string()),
                user_name: c.user_name.to_string(),
                contact_phone: Some(self.des.encrypt_hex(c.contact_phone)),
                passport_name: Some(c.passport_name.to_string()),
                user_type: LooseInt(c.user_type),
                certificate_type: Some(LooseInt(c.certificate_type)),
                certificate_no: Some(self.des.encrypt_hex(c.certificate_no)),
            },
            app_code: self.app_code.clone(),
            eval_entity_code: EvalEntityCode::EgovGuide,
            channel: Channel::Web,
            eval_time: sign::beijing_timestamp14(now_secs()),
        })
    }

    /// The widget's submission from the guide page for the same rating.
    fn submit_request(&self, n: u64) -> Result<SubmitRequest, String> {
        let g = self.guide(n);
        let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s.as_bytes());
        let query = format!(
            "appCode={}&channel=web&evalEntityCode=egovGuide&evalProcess=2&affairCode={}&affairName={}&departmentCode={}",
            enc(&self.app_code),
            b64(&g.affair_code),
            b64(&g.affair_name),
            b64(&g.department_code),
        );
        Ok(SubmitRequest {
            route: "/guide/".to_string(),
            query,
            rating: self.rating()?,
            hall: None,
            idempotency_key: None,
        })
    }

    async fn one(&self, http: &reqwest::Client) -> Outcome {
        let n = self.next();
        let base = &self.bases[usize::try_from(n).unwrap_or(0) % self.bases.len()];
        let req = match (self.target, self.workload) {
            (Target::Upstream, Workload::Tags) => {
                let url = format!(
                    "{}{}?appCode={}&evalEntityCode=egovGuide&generalStars=5",
                    base,
                    upstream::path::TAG_LIST,
                    enc(&self.app_code)
                );
                self.signed(http.get(url), n)
            }
            (Target::Upstream, Workload::Guide) => {
                let body = match self
                    .guide_eval(n)
                    .and_then(|b| serde_json::to_string(&b).map_err(|e| e.to_string()))
                {
                    Ok(b) => b,
                    Err(e) => return fail("build", e),
                };
                let url = format!("{}{}", base, upstream::path::GUIDE_EVAL);
                self.signed(
                    http.post(url)
                        .header("content-type", "application/json;charset=UTF-8")
                        .body(body),
                    n,
                )
            }
            (Target::Gateway, Workload::Tags) => http.get(format!(
                "{}api/tags?appCode={}&evalEntityCode=egovGuide&stars=5",
                base,
                enc(&self.app_code)
            )),
            (Target::Gateway, Workload::Guide) => {
                let body = match self
                    .submit_request(n)
                    .and_then(|b| serde_json::to_string(&b).map_err(|e| e.to_string()))
                {
                    Ok(b) => b,
                    Err(e) => return fail("build", e),
                };
                http.post(format!("{}api/submit", base))
                    .header("content-type", "application/json")
                    .header("authorization", format!("Bearer {}", self.ticket))
                    .body(body)
            }
        };
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => return fail("timeout", e.to_string()),
            Err(e) => return fail("transport", e.to_string()),
        };
        let status = resp.status();
        let body = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => return fail("transport", e.to_string()),
        };
        let sample = || {
            String::from_utf8_lossy(&body)
                .chars()
                .take(300)
                .collect::<String>()
        };
        if !status.is_success() {
            return fail(format!("http {}", status.as_u16()), sample());
        }
        match self.target {
            Target::Upstream => {
                match serde_json::from_slice::<upstream::Envelope<serde_json::Value>>(&body) {
                    Ok(e) if e.code == upstream::code::OK => Ok(()),
                    Ok(e) => fail(format!("code {}", e.code), sample()),
                    Err(_) => fail("unreadable", sample()),
                }
            }
            Target::Gateway => match self.workload {
                Workload::Tags => match serde_json::from_slice::<TagsResponse>(&body) {
                    Ok(t) if !t.tags.is_empty() => Ok(()),
                    Ok(_) => fail("no tags", sample()),
                    Err(_) => fail("unreadable", sample()),
                },
                Workload::Guide => match serde_json::from_slice::<SubmitResponse>(&body) {
                    Ok(r) if r.status == SubmitStatus::Delivered => Ok(()),
                    Ok(r) => fail(format!("{:?}", r.status).to_lowercase(), sample()),
                    Err(_) => fail("unreadable", sample()),
                },
            },
        }
    }
}

#[derive(Default)]
struct WorkerStats {
    /// Latencies of the measured requests, microseconds.
    latencies_us: Vec<u64>,
    ok: u64,
    errors: BTreeMap<String, (u64, String)>,
    warmup_requests: u64,
    warmup_errors: u64,
    last_done: Option<Instant>,
}

struct Window {
    warm_end: Instant,
    end: Instant,
    max_requests: u64,
    started: AtomicU64,
}

async fn worker(plan: Arc<Plan>, http: reqwest::Client, window: Arc<Window>) -> WorkerStats {
    let mut stats = WorkerStats::default();
    loop {
        let start = Instant::now();
        if start >= window.end {
            break;
        }
        let measured = start >= window.warm_end;
        if measured && window.started.fetch_add(1, Ordering::Relaxed) >= window.max_requests {
            break;
        }
        let outcome = plan.one(&http).await;
        let done = Instant::now();
        if !measured {
            stats.warmup_requests += 1;
            stats.warmup_errors += u64::from(outcome.is_err());
            continue;
        }
        stats
            .latencies_us
            .push(done.duration_since(start).as_micros() as u64);
        stats.last_done = Some(done);
        match outcome {
            Ok(()) => stats.ok += 1,
            Err((kind, sample)) => {
                stats.errors.entry(kind).or_insert((0, sample)).0 += 1;
            }
        }
    }
    stats
}

#[derive(Debug, Serialize)]
struct Report {
    label: String,
    target: Target,
    workload: Workload,
    base: String,
    concurrency: usize,
    threads: usize,
    warmup_secs: f64,
    /// From the end of the warm-up to the last measured answer.
    window_secs: f64,
    requests: u64,
    ok: u64,
    errors: u64,
    error_kinds: BTreeMap<String, u64>,
    error_samples: BTreeMap<String, String>,
    /// Successful answers per second.
    ok_rps: f64,
    /// All answers per second.
    rps: f64,
    mean_ms: f64,
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    warmup_requests: u64,
    warmup_errors: u64,
}

fn percentile_ms(sorted_us: &[u64], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    // Nearest rank.
    let rank = ((p / 100.0) * sorted_us.len() as f64).ceil() as usize;
    sorted_us[rank.clamp(1, sorted_us.len()) - 1] as f64 / 1000.0
}

fn main() -> std::process::ExitCode {
    // Err: one is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args = match Cli::parse().command {
        Command::Run(args) => *args,
        Command::DevEnv => {
            println!(
                "HCP_PAAS_ID={} HCP_PAAS_TOKEN={} HCP_DES_KEY={} HCP_TICKET_SECRET={} HCP_PUSH_SECRET={} HCP_ALLOW_DEV_SECRETS=true",
                dev::PAAS_ID,
                dev::PAAS_TOKEN,
                dev::DES_KEY,
                DEV_TICKET_SECRET,
                pads::PUSH_SECRET
            );
            return std::process::ExitCode::SUCCESS;
        }
        Command::Pads(args) => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build();
            return match runtime
                .map_err(|e| e.to_string())
                .and_then(|r| r.block_on(pads::run(args)))
            {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("hcp-loadgen pads: {e}");
                    std::process::ExitCode::FAILURE
                }
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hcp-loadgen: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hcp-loadgen: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let bases: Vec<String> = args
        .base
        .iter()
        .map(|b| {
            let mut b = b.clone();
            if !b.ends_with('/') {
                b.push('/');
            }
            b
        })
        .collect();
    let base = bases.join(",");
    let des = DesKey::parse(&args.des_key).map_err(|e| format!("--des-key: {e}"))?;
    let guide_tag = hcp_sandbox::tags::CATALOG
        .iter()
        .find(|t| t.group == hcp_sandbox::tags::TagGroup::Guide && t.stars == 5)
        .map(|t| t.id.to_string())
        .ok_or("the sandbox's tag catalog has no 5-star guide tag")?;
    let now = now_secs();
    let plan = Arc::new(Plan {
        target: args.target,
        workload: args.workload,
        bases,
        paas_id: args.paas_id.clone(),
        paas_token: args.paas_token.clone(),
        des,
        ticket: mint_ticket(&args.ticket_secret, now)?,
        app_code: args.app_code.clone(),
        run_id: format!("{:x}{:04x}", now, std::process::id() & 0xffff),
        guide_tag,
        seq: AtomicU64::new(0),
    });
    let label = args
        .label
        .clone()
        .unwrap_or_else(|| format!("{:?} {:?}", args.target, args.workload).to_lowercase());

    let client = || {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(args.timeout_secs))
            .connect_timeout(Duration::from_secs(2))
            .pool_max_idle_per_host(1)
            .tcp_nodelay(true)
            .user_agent("hcp-loadgen")
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))
    };

    // One request first: a configuration mistake shows at once, with the answer.
    if let Err((kind, sample)) = plan.one(&client()?).await {
        return Err(format!(
            "{label}: the first request failed ({kind}): {sample}"
        ));
    }

    let start = Instant::now();
    let warm_end = start + Duration::from_secs_f64(args.warmup_secs.max(0.0));
    let end = warm_end + Duration::from_secs_f64(args.duration_secs.max(0.1));
    let window = Arc::new(Window {
        warm_end,
        end,
        max_requests: args.max_requests,
        started: AtomicU64::new(0),
    });
    let mut tasks = Vec::with_capacity(args.concurrency);
    for _ in 0..args.concurrency.max(1) {
        tasks.push(tokio::spawn(worker(
            plan.clone(),
            client()?,
            window.clone(),
        )));
    }
    // A hard bound: the measured time, plus one request timeout, plus slack.
    let deadline = end + Duration::from_secs(args.timeout_secs + 5);
    let mut all = Vec::with_capacity(tasks.len());
    for t in tasks {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, t).await {
            Ok(Ok(s)) => all.push(s),
            Ok(Err(e)) => return Err(format!("a worker failed: {e}")),
            Err(_) => return Err("workers did not stop in time".to_string()),
        }
    }

    let mut latencies: Vec<u64> = Vec::new();
    let mut ok = 0;
    let mut kinds: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let (mut warmup_requests, mut warmup_errors) = (0, 0);
    let mut last = warm_end;
    for s in all {
        latencies.extend(s.latencies_us);
        ok += s.ok;
        for (k, (n, sample)) in s.errors {
            kinds.entry(k).or_insert((0, sample)).0 += n;
        }
        warmup_requests += s.warmup_requests;
        warmup_errors += s.warmup_errors;
        if let Some(d) = s.last_done {
            last = last.max(d);
        }
    }
    latencies.sort_unstable();
    let requests = latencies.len() as u64;
    let errors = requests - ok;
    let window_secs = last.duration_since(warm_end).as_secs_f64().max(1e-9);
    let mean_ms = if latencies.is_empty() {
        0.0
    } else {
        latencies.iter().sum::<u64>() as f64 / latencies.len() as f64 / 1000.0
    };
    let report = Report {
        label: label.clone(),
        target: args.target,
        workload: args.workload,
        base,
        concurrency: args.concurrency,
        threads: args.threads,
        warmup_secs: args.warmup_secs,
        window_secs,
        requests,
        ok,
        errors,
        error_kinds: kinds.iter().map(|(k, (n, _))| (k.clone(), *n)).collect(),
        error_samples: kinds
            .iter()
            .map(|(k, (_, s))| (k.clone(), s.clone()))
            .collect(),
        ok_rps: ok as f64 / window_secs,
        rps: requests as f64 / window_secs,
        mean_ms,
        p50_ms: percentile_ms(&latencies, 50.0),
        p90_ms: percentile_ms(&latencies, 90.0),
        p99_ms: percentile_ms(&latencies, 99.0),
        max_ms: latencies.last().map_or(0.0, |&v| v as f64 / 1000.0),
        warmup_requests,
        warmup_errors,
    };
    println!(
        "{label:<28} {:>9.0} ok req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.1} ms  {} requests, {} errors{}",
        report.ok_rps,
        report.p50_ms,
        report.p99_ms,
        report.max_ms,
        report.requests,
        report.errors,
        if report.errors > 0 {
            format!(" {:?}", report.error_kinds)
        } else {
            String::new()
        }
    );
    for (kind, sample) in &report.error_samples {
        eprintln!("  {label}: first {kind} answer: {sample}");
    }
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let v: Vec<u64> = (1..=100).map(|i| i * 1000).collect();
        assert_eq!(percentile_ms(&v, 50.0), 50.0);
        assert_eq!(percentile_ms(&v, 99.0), 99.0);
        assert_eq!(percentile_ms(&v, 100.0), 100.0);
        assert_eq!(percentile_ms(&[], 99.0), 0.0);
        assert_eq!(percentile_ms(&[7000], 1.0), 7.0);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(enc("cTPyv9r6"), "cTPyv9r6");
        assert_eq!(enc("a b&c=中"), "a%20b%26c%3D%E4%B8%AD");
    }

    #[test]
    fn the_ticket_is_a_three_part_hs256_jwt() {
        let t = mint_ticket("secret-of-sixteen+", 1_700_000_000).expect("ticket");
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).expect("b64")).expect("json");
        assert_eq!(claims["userId"], demo::CITIZEN.user_id);
        assert_eq!(claims["exp"], 1_700_000_000 + 3600);
    }
}
