//! Two gateways (separate processes) on one PostgreSQL, with the sandbox
//! upstream: ratings spread over both; one is killed with SIGKILL while its
//! attempts are in flight, holding their leases; the other takes them over
//! after the lease and delivers them; every rating reaches the platform
//! exactly once. A push nonce used at one is refused at the other, and a
//! directory push to one is visible at the other. A pad connected to one
//! sees a case the hall system reported to the other, and turns to thanks
//! when a phone rates the case through the other.

use hcp_gateway::hall::pads;
use hcp_gateway::sandbox::demo_data;

use hcp_gateway::args;
use hcp_gateway::clock::{now_ms, now_secs};
use hcp_gateway::config::Secret;

use hcp_gateway::identity::ticket::issue_ticket;

use hcp_gateway::store::Store;
use hcp_protocol::decode::encode_base64;
use hcp_protocol::pad::PadEventKind;
use hcp_sandbox::Faults;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::pad::{case, connect_to, next, window};
use crate::pg;
use crate::support::*;

/// Ratings before the kill (spread over both) and after it (the survivor's).
const BEFORE: usize = 24;
const AFTER: usize = 8;

fn guide(i: usize) -> (Value, String) {
    let q = form_urlencoded::Serializer::new(String::new())
        .append_pair("appCode", hcp_sandbox::demo::APP_CODE)
        .append_pair("channel", "web")
        .append_pair("affairCode", &encode_base64(&format!("PGG{i:05}")))
        .append_pair("affairName", &encode_base64("两个网关的指南"))
        .append_pair("departmentCode", &encode_base64("PGDEPT"))
        .append_pair("evalEntityCode", "egovGuide")
        .append_pair("evalProcess", "2")
        .finish();
    let mut claims = hcp_gateway::sandbox::demo_data::demo_citizen(now_secs(), 3600);
    claims.user_id = format!("pg-citizen-{i:05}");
    let ticket = issue_ticket(&Secret::new(TICKET_SECRET), &claims).expect("ticket");
    let body = keyed(
        submission("/guide/", &q, 5, &[], &format!("pg-{i}")),
        &format!("pgkey{i:010}{}", new_key()),
    );
    (body, ticket)
}

/// Submits ratings `range`, each to the gateway `to(i)` names; every one is
/// answered (accepted: queued or delivered).
async fn submit_all(range: std::ops::Range<usize>, to: impl Fn(usize) -> String) {
    let http = client();
    let mut set = JoinSet::new();
    for i in range {
        let (http, base) = (http.clone(), to(i));
        set.spawn(async move {
            let (body, ticket) = guide(i);
            let resp = submit_request(&http, &base, &body, Some(&ticket))
                .send()
                .await
                .expect("submit");
            assert_eq!(resp.status(), 200, "rating {i}");
            let v: Value = resp.json().await.expect("json");
            let status = v["status"].as_str().unwrap_or("").to_string();
            assert!(
                status == "queued" || status == "delivered",
                "rating {i}: {v}"
            );
        });
    }
    while let Some(r) = set.join_next().await {
        r.expect("client");
    }
}

async fn push(base: &str, which: &str, form: PushForm) -> (u16, Value) {
    let resp = post_form(base, &format!("/api/directory/{which}"), form).await;
    (resp.status().as_u16(), resp.json().await.expect("json"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_gateways_on_one_postgres_deliver_every_rating_once_through_a_sigkill() {
    let Some(url) = pg::fresh_database("two_gateways").await else {
        return;
    };
    let mut setup = ChildSetup::without_gateway_db().await;
    let store = Store::connect_postgres(&url).await.expect("store");
    store
        .write(demo_data::seed_demo)
        .await
        .expect("seed the directory");
    // A platform that stores a rating, then answers after 3 s: attempts
    // are in flight, their entries leased, when a gateway dies, and what they
    // sent has landed (a blind resend would double it).
    let delay = |ms: u64| Faults {
        answer_delay_ms: ms,
        ..Faults::NONE
    };
    let env = setup
        .env()
        .set("HCP_DATABASE_URL", &url)
        .set("HCP_LEASE_SECS", 5)
        .set("HCP_UPSTREAM_TIMEOUT_MS", 4000)
        .set("HCP_CONFIRM_AFTER_SECS", 1)
        .set("HCP_SUBMIT_WAIT_MS", 200)
        .set("HCP_PUSH_SECRET", PUSH_SECRET)
        .set("HCP_RATE_LIMIT_PER_SECOND", 100000)
        .set("HCP_RATE_LIMIT_BURST", 100000)
        .set("RUST_LOG", "info");
    let a = ChildGateway::start(&env).await;
    let b = ChildGateway::start(&env).await;
    assert!(a.output().contains("backend=postgres"), "{}", a.output());

    // A directory push to A, visible at B; its nonce replayed to B is refused.
    let halls = json!([{"hallCode": "88888888888888888", "hallName": "共享大厅",
        "workers": [{"workNo": "0001", "name": "共享员甲"}]}])
    .to_string();
    let form = PushForm::signed(&halls, now_secs(), "pg-shared-nonce", PUSH_SECRET);
    let (status, v) = push(&a.base, "halls", form.clone()).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = push(&b.base, "halls", form).await;
    assert_eq!(
        (status, v["status"].as_str()),
        (400, Some("300")),
        "the nonce A used, replayed to B: {v}"
    );
    assert!(
        v["msg"].as_str().is_some_and(|m| m.contains("nonce")),
        "{v}"
    );
    let listed: Value = client()
        .get(format!("{}/api/halls", b.base))
        .send()
        .await
        .expect("halls")
        .json()
        .await
        .expect("json");
    let hall = listed["halls"]
        .as_array()
        .expect("halls")
        .iter()
        .find(|h| h["hallCode"] == "88888888888888888")
        .expect("A's push listed at B")
        .clone();
    assert_eq!(hall["workers"][0]["name"], "共享员甲");

    // A pad connected to B; the hall system reports a case to A: B's pad
    // shows it (A's commit, PostgreSQL NOTIFY, B's listener, B's pad).
    let cred = store
        .write(|c| pads::issue(c, &window("1212"), Some("B's pad"), now_secs(), None))
        .await
        .expect("issue a pad")
        .credential;
    let mut pad = connect_to(&b.base, &cred).await;
    let hello = next(&mut pad).await.expect("hello");
    assert_eq!(hello.event, PadEventKind::Hello);
    assert!(hello.case.is_none());
    let reported = case("PG-PAD-1", "1212", 2).to_string();
    let answer: Value = client()
        .post(format!("{}/api/hall/cases", a.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(PushForm::fresh(&reported, PUSH_SECRET))
        .send()
        .await
        .expect("report")
        .json()
        .await
        .expect("json");
    assert_eq!(answer["status"], "200", "{answer}");
    // `pads` counts the pads connected to the gateway that answered (A: none).
    assert_eq!(answer["data"]["pads"], 0, "{answer}");
    let shown = next(&mut pad).await.expect("the case, at B");
    assert_eq!(shown.event, PadEventKind::Case);
    assert_eq!(
        shown.case.as_ref().map(|c| c.affair_serial_no.as_str()),
        Some("PG-PAD-1")
    );
    // The citizen rates it on a phone, through A: B's pad turns to thanks.
    let link = answer["data"]["dynamicLink"].as_str().expect("link");
    let query = link.split_once('?').map(|(_, q)| q).expect("query");
    let resp = a
        .submit(
            &json!({"route": "/rating-dynamic/", "query": query, "rating": {"stars": 5}}),
            Some(&demo_ticket()),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let rated = next(&mut pad).await.expect("rated, at B");
    assert_eq!(
        (
            rated.event,
            rated.rated.map(|r| (r.affair_serial_no, r.eval_process))
        ),
        (PadEventKind::Rated, Some(("PG-PAD-1".to_string(), 2)))
    );
    let pad_events = 3;
    drop(pad);

    // Ratings spread over both; answered `queued` while the platform works.
    setup.sandbox().set_faults(delay(3000)).expect("faults");
    let (base_a, base_b) = (a.base.clone(), b.base.clone());
    submit_all(0..BEFORE, |i| {
        if i % 2 == 0 {
            base_a.clone()
        } else {
            base_b.clone()
        }
    })
    .await;
    let leased: i64 = store
        .read(|c| {
            c.value(
                "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND lease_until > $1",
                args![now_ms()],
            )
        })
        .await
        .expect("leased");
    assert!(leased > 0, "entries are leased when A dies");
    a.kill9().await;
    setup.sandbox().set_faults(Faults::NONE).expect("faults");

    // Mid-stream: more ratings, to the survivor.
    let base_b2 = base_b.clone();
    submit_all(BEFORE..BEFORE + AFTER, |_| base_b2.clone()).await;

    // B delivers everything, A's leased entries after their lease.
    let (in_store, survivor) = (&store, &b);
    let state = eventually_ok(60, "B to settle the shared outbox", || async move {
        let state = store_outbox_state(in_store).await;
        if state.pending == 0 {
            Ok(state)
        } else {
            Err(format!("{state:?}\nB printed:\n{}", survivor.output()))
        }
    })
    .await;
    let stored = setup.ratings();
    let marks = by_remark(&stored);
    let total = BEFORE + AFTER;
    for i in 0..total {
        assert_eq!(
            marks.get(&format!("pg-{i}")),
            Some(&1),
            "rating {i}: {marks:?}"
        );
    }
    // The phone rating of the pad's case, once, beside the guide ratings.
    let pad_rated = stored
        .iter()
        .filter(|r| r.affair_serial_no.as_deref() == Some("PG-PAD-1"))
        .count();
    assert_eq!(pad_rated, 1, "the pad's case rated once");
    assert_eq!(stored.len(), total + 1, "nothing else, nothing twice");
    assert_eq!(state.entries, i64::try_from(total + 1).unwrap_or(0));
    assert_eq!(state.states.get("delivered"), Some(&state.entries));
    // What A held when it died was an unknown outcome: B asked the platform
    // and found it there, rather than sending it again.
    assert!(state.confirmed > 0, "{state:?}");
    eprintln!(
        "two gateways on one PostgreSQL: {total} guide ratings ({BEFORE} over both, {AFTER} after the SIGKILL) and 1 case rated by phone, \
         {leased} leased at the kill, {} confirmed and {} resent by the survivor, {} stored at the platform; \
         a pad on B saw {pad_events} events (hello, A's reported case, A's phone rating)",
        state.confirmed,
        state.resent,
        stored.len()
    );
    b.kill9().await;
    setup.stop_sandbox().await;
}
