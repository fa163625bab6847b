//! 1,000 mixed ratings (guide, window, online case, batch of two hall
//! cases) from 1,000 citizens, each with its own idempotency key, driven
//! through a normal platform, an outage, a platform failing 30 % of its
//! requests, a `kill -9` of the gateway with the clients retrying, a
//! platform that answers only after the gateway's timeout, and one that
//! drops its answers. Then what the platform stored (sandbox.db) is
//! counted: every accepted rating exactly once.

use hcp_gateway::directory::cases;
use hcp_gateway::sandbox::demo_data;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use hcp_gateway::config::Secret;
use hcp_gateway::directory::records::CaseRecord;
use hcp_gateway::identity::ticket::issue_ticket;
use hcp_protocol::decode::encode_base64;
use hcp_sandbox::Faults;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::support::*;

const RATINGS: usize = 1000;
/// Submissions in flight at once.
const CLIENTS: usize = 16;
const APP: &str = hcp_sandbox::demo::APP_CODE;

/// What the i-th rating is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Guide,
    Consult,
    Affair,
    Batch,
}

fn kind(i: usize) -> Kind {
    match i % 10 {
        0..=2 => Kind::Guide,
        3..=5 => Kind::Consult,
        6 | 7 => Kind::Affair,
        _ => Kind::Batch,
    }
}

fn serial(i: usize, n: usize) -> String {
    format!("210000-T12-{i:05}-{n}")
}

/// The cases the affair and batch ratings name.
fn cases() -> Vec<CaseRecord> {
    (0..RATINGS)
        .filter(|i| matches!(kind(*i), Kind::Affair | Kind::Batch))
        .flat_map(|i| {
            let n = if kind(i) == Kind::Batch { 2 } else { 1 };
            (0..n).map(move |k| CaseRecord {
                affair_serial_no: serial(i, k),
                affair_code: "T12ITEM".into(),
                affair_name: "测试事项".into(),
                department_code: "T12DEPT".into(),
                department_name: Some("测试部门".into()),
                affair_deal_officer: "张三".into(),
                affair_apply_time: "20250301090000".into(),
                affair_done_time: Some("20250302090000".into()),
                applicant_digest: None,
            })
        })
        .collect()
}

fn ticket(i: usize) -> String {
    let now = hcp_gateway::clock::now_secs();
    let mut claims = hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600);
    claims.user_id = format!("t12-citizen-{i:05}");
    issue_ticket(&Secret::new(TICKET_SECRET), &claims).expect("ticket")
}

fn query(pairs: &[(&str, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

/// The i-th submission (keyed, marked `t12-{i}` in its remark) and its ticket.
fn rating(i: usize) -> (Value, Option<String>) {
    let b = encode_base64;
    let app = APP.to_string();
    let (route, q, login) = match kind(i) {
        Kind::Guide => (
            "/guide/",
            query(&[
                ("appCode", app),
                ("channel", "web".into()),
                ("affairCode", b(&format!("T12G{i:05}"))),
                ("affairName", b("测试指南")),
                ("departmentCode", b("T12DEPT")),
                ("evalEntityCode", "egovGuide".into()),
                ("evalProcess", "2".into()),
            ]),
            true,
        ),
        Kind::Consult => {
            let (no, name) = [("0204", "张三"), ("0205", "李四"), ("0206", "王芳")][i % 3];
            (
                "/front/hallworker/",
                query(&[
                    ("appCode", app),
                    ("channel", "hallPad".into()),
                    ("evalEntityCode", "hallAffair".into()),
                    ("hallCode", "39357010579292161".into()),
                    ("workerNo", no.into()),
                    ("workerName", b(name)),
                ]),
                true,
            )
        }
        Kind::Affair => (
            "/front/pc/",
            query(&[
                ("appCode", app),
                ("channel", "web".into()),
                ("affairName", b("测试事项")),
                ("affairSerialNo", b(&serial(i, 0))),
                ("departmentCode", b("T12DEPT")),
                ("evalEntityCode", "egovAffair".into()),
                ("evalProcess", "2".into()),
            ]),
            true,
        ),
        Kind::Batch => {
            let c = hcp_sandbox::demo::CITIZEN;
            let route = "/front/evallist/";
            (
                route,
                // The hall system's link carries the evaluator: signed.
                signed(
                    route,
                    &query(&[
                        ("appCode", app),
                        ("channel", "hallPad".into()),
                        ("affairName", b("测试事项")),
                        (
                            "affairSerialNos",
                            b(&format!("{},{}", serial(i, 0), serial(i, 1))),
                        ),
                        ("departmentCode", b("T12DEPT")),
                        ("evalEntityCode", "hallAffair".into()),
                        ("evalProcess", "2".into()),
                        ("hallCode", "56417234343428097".into()),
                        ("workerNo", "1212".into()),
                        ("workerName", b("李凤")),
                        ("userName", b(c.user_name)),
                        ("contactPhone", b(c.contact_phone)),
                        ("certificateNo", b(c.certificate_no)),
                        ("offLine", "1".into()),
                    ]),
                ),
                false,
            )
        }
    };
    let stars = 1 + (i % 5) as u8;
    // A 差评 needs a reason: every rating has its remark (the marker).
    let body = keyed(
        submission(route, &q, stars, &[], &format!("t12-{i}")),
        &format!("t12key{i:010}{}", new_key()),
    );
    (body, login.then(|| ticket(i)))
}

/// What the client was finally told.
#[derive(Debug, Clone)]
struct Told {
    status: String,
    cases: Vec<String>,
    /// Requests it took (retries after a lost answer included).
    tries: usize,
}

/// Sends ratings `range` from CLIENTS clients at once; each retries with
/// the same key until it gets an answer (the gateway may be dead for a while).
fn drive(
    range: std::ops::Range<usize>,
    base: Arc<RwLock<String>>,
    answered: Arc<AtomicUsize>,
) -> JoinSet<(usize, Told)> {
    let gate = Arc::new(Semaphore::new(CLIENTS));
    let http = client();
    let mut set = JoinSet::new();
    for i in range {
        let (gate, http, base, answered) =
            (gate.clone(), http.clone(), base.clone(), answered.clone());
        set.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("semaphore");
            let (body, ticket) = rating(i);
            let mut tries = 0;
            // A citizen's page retrying after a lost answer.
            let v = eventually_ok(60, &format!("an answer to rating {i}"), || {
                tries += 1;
                let url = format!("{}/api/submit", base.read().expect("base").clone());
                let mut req = http.post(url).json(&body);
                if let Some(t) = &ticket {
                    req = req.bearer_auth(t);
                }
                async move {
                    match req.send().await {
                        Ok(resp) if resp.status() == 200 => {
                            resp.json::<Value>().await.map_err(|e| e.to_string())
                        }
                        Ok(resp) => Err(format!("HTTP {}", resp.status())),
                        Err(e) => Err(e.to_string()),
                    }
                }
            })
            .await;
            answered.fetch_add(1, Ordering::Relaxed);
            let cases = v["cases"]
                .as_array()
                .map(|cs| {
                    cs.iter()
                        .map(|c| c["status"].as_str().unwrap_or("").to_string())
                        .collect()
                })
                .unwrap_or_default();
            let status = v["status"].as_str().unwrap_or("").to_string();
            (
                i,
                Told {
                    status,
                    cases,
                    tries,
                },
            )
        });
    }
    set
}

async fn collect(mut set: JoinSet<(usize, Told)>, into: &mut HashMap<usize, Told>) {
    while let Some(r) = set.join_next().await {
        let (i, told) = r.expect("client task");
        into.insert(i, told);
    }
}

fn set_faults(setup: &ChildSetup, faults: Faults) {
    setup.sandbox().set_faults(faults).expect("faults");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_ratings_through_outage_kill_9_and_a_slow_platform_are_each_stored_once() {
    let started = Instant::now();
    let synthetic = cases();
    let mut setup = ChildSetup::seeded(move |c| {
        c.execute_batch("BEGIN")?;
        demo_data::seed_demo(c)?;
        cases::upsert_cases(c, &synthetic)?;
        c.execute_batch("COMMIT")?;
        Ok(())
    })
    .await;
    let env = fast_env(setup.dir.path(), setup.upstream()).set("RUST_LOG", "warn");
    let mut gw = ChildGateway::start(&env).await;
    let base = Arc::new(RwLock::new(gw.base.clone()));
    let answered = Arc::new(AtomicUsize::new(0));
    let mut told: HashMap<usize, Told> = HashMap::new();

    // 1. A normal platform.
    collect(drive(0..200, base.clone(), answered.clone()), &mut told).await;
    // 2. An outage: the platform is down while 200 are rated.
    setup.stop_sandbox().await;
    collect(drive(200..400, base.clone(), answered.clone()), &mut told).await;
    setup.restart_sandbox().await;
    // 3. A platform failing 30 % of its requests, unhandled.
    set_faults(
        &setup,
        Faults {
            fail_fraction: 0.3,
            ..Faults::NONE
        },
    );
    collect(drive(400..600, base.clone(), answered.clone()), &mut told).await;
    // 4. kill -9 of the gateway while 200 are rated on a slow platform
    //    (attempts in flight, landed, unanswered); the clients retry.
    set_faults(
        &setup,
        Faults {
            answer_delay_ms: 600,
            ..Faults::NONE
        },
    );
    let before = answered.load(Ordering::Relaxed);
    let running = drive(600..800, base.clone(), answered.clone());
    eventually(30, "60 answers in phase 4 before the kill", || {
        answered.load(Ordering::Relaxed) >= before + 60
    })
    .await;
    gw.kill9().await;
    gw = ChildGateway::start(&env).await;
    *base.write().expect("base") = gw.base.clone();
    collect(running, &mut told).await;
    // 5. A platform that answers after the gateway's timeout, then one that
    //    drops its answers after storing.
    collect(drive(800..900, base.clone(), answered.clone()), &mut told).await;
    set_faults(
        &setup,
        Faults {
            drop_after_store: true,
            ..Faults::NONE
        },
    );
    collect(drive(900..1000, base.clone(), answered.clone()), &mut told).await;
    // The platform recovers; the outbox settles.
    set_faults(&setup, Faults::NONE);
    let state = settled_in(&setup.db(), 60).await;

    // Count what the platform stored, per rating.
    let stored = setup.ratings();
    let rows = by_remark(&stored);
    let (mut accepted, mut once, mut doubled, mut lost, mut not_accepted) = (0, 0, 0, 0, 0);
    let mut problems = Vec::new();
    for i in 0..RATINGS {
        let t = told.get(&i).expect("every client was answered");
        let expect = if kind(i) == Kind::Batch { 2 } else { 1 };
        let ok = |s: &str| s == "delivered" || s == "queued";
        let is_accepted = ok(&t.status) && t.cases.iter().all(|c| ok(c));
        let n = rows.get(&format!("t12-{i}")).copied().unwrap_or(0);
        if !is_accepted {
            not_accepted += 1;
            problems.push(format!("rating {i} ({:?}) told {t:?}", kind(i)));
            continue;
        }
        accepted += 1;
        match n.cmp(&expect) {
            std::cmp::Ordering::Equal => once += 1,
            std::cmp::Ordering::Greater => {
                doubled += 1;
                problems.push(format!("rating {i} ({:?}) stored {n} times", kind(i)));
            }
            std::cmp::Ordering::Less => {
                lost += 1;
                problems.push(format!("rating {i} ({:?}) stored {n} of {expect}", kind(i)));
            }
        }
    }
    let retried = told.values().filter(|t| t.tries > 1).count();
    println!(
        "1,000 ratings in {:.1} s: accepted {accepted}, stored exactly once {once}, doubled {doubled}, lost {lost}, not accepted {not_accepted}; \
         platform rows {} (batches: 2 each); clients that retried after a lost answer {retried}; \
         outbox entries {}, delivered {}, already rated {}; after an unknown outcome: confirmed {}, resent {}",
        started.elapsed().as_secs_f64(),
        stored.len(),
        state.entries,
        state.states.get("delivered").copied().unwrap_or(0),
        state.states.get("already_rated").copied().unwrap_or(0),
        state.confirmed,
        state.resent,
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(accepted, RATINGS);
    assert_eq!(once, RATINGS);
    // Nothing stored that no citizen was told about.
    let expected_rows: usize = (0..RATINGS)
        .map(|i| if kind(i) == Kind::Batch { 2 } else { 1 })
        .sum();
    assert_eq!(stored.len(), expected_rows);
    assert!(retried > 0, "the kill cost some clients their answer");
    assert!(state.confirmed > 0 && state.resent > 0, "{state:?}");
    gw.kill9().await;
    setup.stop_sandbox().await;
}
