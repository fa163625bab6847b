//! The store's test-suite, run against both backends: each case is a
//! function of two handles on one store — for SQLite the same gateway's
//! (one file has one writer), for PostgreSQL two gateways' (two pools on one
//! database) — and runs as `store::<case>::sqlite` and
//! `store::<case>::postgres` (the latter on `make test`'s throwaway cluster).

use hcp_gateway::delivery::listing;
use hcp_gateway::delivery::outbox;
use hcp_gateway::directory::cases;
use hcp_gateway::directory::catalog;
use hcp_gateway::directory::departments;
use hcp_gateway::directory::halls;
use hcp_gateway::hall::pads;
use hcp_gateway::hall::reported;
use hcp_gateway::identity::nonces;
use std::collections::HashSet;
use std::time::Duration;

use hcp_gateway::args;
use hcp_gateway::delivery::kinds::Outcome;
use hcp_gateway::delivery::kinds::{Kind, State};
use hcp_gateway::delivery::outbox::Enqueued;
use hcp_gateway::directory::catalog::CatalogKey;
use hcp_gateway::directory::records::DepartmentRecord;
use hcp_gateway::directory::records::{CaseRecord, HallRecord, WorkerRecord};
use hcp_gateway::hall::live::{self, Event};
use hcp_gateway::hall::pads::{Refusal, Window};
use hcp_gateway::hall::reported::{Reported, Stored};
use hcp_gateway::rating::plan::ClientKey;
use hcp_gateway::rating::plan::{IdemKey, Plan, UpstreamBody};
use hcp_gateway::store::Store;
use hcp_protocol::api::Tag;
use hcp_protocol::types::AppCode;
use hcp_protocol::types::{EvalProcess, LooseInt, Stars};
use hcp_protocol::upstream::{Department, EvalUser, MultiEvalAffair, MultiEvalRequest};
use hcp_protocol::{Channel, EvalEntityCode};
use tokio::task::JoinSet;

use crate::pg;

/// Two handles on a fresh SQLite store (the same one twice).
async fn sqlite() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open_sqlite(&dir.path().join("gateway.db"))
        .await
        .expect("sqlite");
    (dir, store.clone(), store)
}

/// Two gateways' handles on a fresh PostgreSQL database, if there is a cluster.
async fn postgres(test: &str) -> Option<(String, Store, Store)> {
    let url = pg::fresh_database(test).await?;
    let a = Store::connect_postgres(&url).await.expect("postgres a");
    let b = Store::connect_postgres(&url).await.expect("postgres b");
    Some((url, a, b))
}

macro_rules! both {
    ($case:ident) => {
        mod $case {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let (_dir, a, b) = super::sqlite().await;
                super::$case(a, b).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some((_url, a, b)) = super::postgres(stringify!($case)).await {
                    assert_eq!(a.backend(), hcp_gateway::store::Backend::Postgres);
                    super::$case(a, b).await;
                }
            }
        }
    };
}

both!(a_rating_key_is_taken_once_however_many_submit_at_once);
both!(a_client_key_repeat_is_the_same_entry_from_any_gateway);
both!(a_lease_is_held_by_one_and_taken_over_after_it_expires);
both!(a_push_nonce_is_used_once_across_gateways);
both!(notifications_are_heard_after_commit_and_never_after_rollback);
both!(directories_and_catalogs_written_at_one_are_read_at_the_other);
both!(a_pad_issued_at_one_gateway_is_known_at_the_other_and_its_revocation_heard_by_both);
both!(a_reported_case_is_shown_at_every_gateway_and_rated_once);
both!(departments_written_at_one_are_named_at_the_other);
both!(pending_ratings_and_onething_entries_read_the_same_at_either_gateway);

fn batch_plan(cases: &[&str]) -> Plan {
    Plan {
        body: UpstreamBody::Multi(MultiEvalRequest {
            app_code: "a1".into(),
            eval_entity_code: EvalEntityCode::HallAffair,
            affair_code: "C1".into(),
            affair_name: "n".into(),
            hall: None,
            department: Department {
                department_code: "D".into(),
                department_name: None,
                ouguid: None,
            },
            affair_list: cases
                .iter()
                .map(|c| MultiEvalAffair {
                    affair_serial_no: c.to_string(),
                    affair_deal_officer: "o".into(),
                    affair_apply_time: "20250101000000".into(),
                    affair_done_time: None,
                })
                .collect(),
            user: EvalUser {
                user_id: None,
                user_name: "u".into(),
                contact_phone: None,
                passport_name: None,
                user_type: LooseInt(1),
                certificate_type: None,
                certificate_no: None,
            },
            tag_list: Some(vec![]),
            general_stars: Stars::MAX,
            remark: None,
            eval_process: EvalProcess::Done,
            channel: Channel::HallPad,
            eval_time: None,
        }),
        keys: cases
            .iter()
            .map(|c| IdemKey {
                key: format!("case:a1:{c}:2"),
                case_no: Some(c.to_string()),
            })
            .collect(),
        client: None,
    }
}

/// The handle for the i-th writer: alternately each gateway's.
fn pick(i: usize, a: &Store, b: &Store) -> Store {
    if i.is_multiple_of(2) {
        a.clone()
    } else {
        b.clone()
    }
}

async fn a_rating_key_is_taken_once_however_many_submit_at_once(a: Store, b: Store) {
    let mut set = JoinSet::new();
    for i in 0..16 {
        let store = pick(i, &a, &b);
        set.spawn(async move {
            store
                .write(|c| outbox::enqueue(c, &batch_plan(&["A", "B"]), 1_000, 30_000))
                .await
                .expect("enqueue")
        });
    }
    let (mut fresh, mut already) = (0, 0);
    while let Some(r) = set.join_next().await {
        match r.expect("task") {
            Enqueued::Fresh {
                entry: Some(e),
                already: none,
            } => {
                assert_eq!(e.cases, vec!["A".to_string(), "B".to_string()]);
                assert!(none.is_empty());
                fresh += 1;
            }
            Enqueued::Fresh {
                entry: None,
                already: cases,
            } => {
                assert_eq!(cases, vec!["A".to_string(), "B".to_string()]);
                already += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((fresh, already), (1, 15));
    let entries: i64 = b
        .read(|c| c.value("SELECT COUNT(*) FROM outbox", args![]))
        .await
        .expect("count");
    assert_eq!(entries, 1, "one entry for one rating");
}

async fn a_client_key_repeat_is_the_same_entry_from_any_gateway(a: Store, b: Store) {
    let keyed = |fingerprint: &str| Plan {
        client: Some(ClientKey {
            key: "client:a1:0f8e2c4a9b7d4e1f8a6c3b5d7e9f1a2c".into(),
            fingerprint: fingerprint.into(),
        }),
        ..batch_plan(&["K"])
    };
    let mut set = JoinSet::new();
    for i in 0..12 {
        let (store, plan) = (pick(i, &a, &b), keyed("f1"));
        set.spawn(async move {
            store
                .write(move |c| outbox::enqueue(c, &plan, 1_000, 30_000))
                .await
                .expect("enqueue")
        });
    }
    let (mut fresh, mut repeat) = (0, 0);
    while let Some(r) = set.join_next().await {
        match r.expect("task") {
            Enqueued::Fresh { entry: Some(_), .. } => fresh += 1,
            Enqueued::Repeat(view) => {
                assert_eq!(view.state, State::Pending);
                repeat += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((fresh, repeat), (1, 11));
    let plan = keyed("f2");
    let reused = b
        .write(move |c| outbox::enqueue(c, &plan, 2_000, 30_000))
        .await
        .expect("enqueue");
    assert!(matches!(reused, Enqueued::KeyReused), "{reused:?}");
}

async fn a_lease_is_held_by_one_and_taken_over_after_it_expires(a: Store, b: Store) {
    // Twenty entries, each leased by the gateway that accepted it at t=1 s
    // for 30 s; that gateway died (nothing recorded).
    let mut first = Vec::new();
    for i in 0..20 {
        let case = format!("L{i:02}");
        let e = a
            .write(move |c| outbox::enqueue(c, &batch_plan(&[&case]), 1_000, 30_000))
            .await
            .expect("enqueue");
        let Enqueued::Fresh { entry: Some(e), .. } = e else {
            panic!("fresh");
        };
        first.push(e);
    }
    // While the leases run, nobody else takes them.
    let none = b
        .write(|c| outbox::claim_due(c, 30_000, 30_000))
        .await
        .expect("claim");
    assert!(none.is_none(), "{none:?}");
    assert_eq!(
        b.read(outbox::next_due).await.expect("due"),
        Some(31_000),
        "due when the leases end"
    );
    // After: eight claimers on the two gateways at once; each entry is
    // taken by exactly one of them.
    let mut set = JoinSet::new();
    for i in 0..8 {
        let store = pick(i, &a, &b);
        set.spawn(async move {
            let mut got = Vec::new();
            while let Some(e) = store
                .write(|c| outbox::claim_due(c, 40_000, 30_000))
                .await
                .expect("claim")
            {
                got.push(e);
            }
            got
        });
    }
    let mut taken = Vec::new();
    while let Some(r) = set.join_next().await {
        taken.extend(r.expect("task"));
    }
    let ids: HashSet<i64> = taken.iter().map(|e| e.id).collect();
    assert_eq!(taken.len(), 20, "every entry taken");
    assert_eq!(ids.len(), 20, "none taken twice");
    assert!(
        taken.iter().all(|e| e.unknown_since == Some(1_000)),
        "the dead gateway's attempt is an unknown outcome since its lease began"
    );
    // The dead gateway's lease token no longer closes anything; the new one does.
    let ok = Outcome::Delivered {
        eval_id: Some("9".into()),
        response: "{}".into(),
    };
    let retry = hcp_gateway::config::RetryPolicy {
        initial: Duration::from_secs(2),
        max: Duration::from_secs(600),
        lease: Duration::from_secs(30),
        confirm_after: Duration::from_secs(10),
    };
    let (old, new, o2) = (first[0].clone(), taken[0].clone(), ok.clone());
    let stale = a
        .write(move |c| outbox::record(c, &old, &o2, None, 41_000, &retry))
        .await
        .expect("record");
    assert!(!stale, "an expired lease's holder cannot close the entry");
    let now = b
        .write(move |c| outbox::record(c, &new, &ok, None, 41_000, &retry))
        .await
        .expect("record");
    assert!(now);
    let counts = a.read(listing::counts).await.expect("counts");
    assert_eq!(listing::count_of(&counts, State::Delivered), 1);
    assert_eq!(listing::count_of(&counts, State::Pending), 19);
}

async fn a_push_nonce_is_used_once_across_gateways(a: Store, b: Store) {
    let mut set = JoinSet::new();
    for i in 0..16 {
        let store = pick(i, &a, &b);
        set.spawn(async move {
            store
                .write(|c| nonces::use_push_nonce(c, "nonce-1", 1_000, 600))
                .await
                .expect("nonce")
        });
    }
    let mut used = 0;
    while let Some(r) = set.join_next().await {
        used += usize::from(r.expect("task"));
    }
    assert_eq!(used, 1, "accepted once, refused fifteen times");
    let later = b
        .write(|c| nonces::use_push_nonce(c, "nonce-1", 1_601, 600))
        .await
        .expect("nonce");
    assert!(later, "forgotten after its time");
}

async fn notifications_are_heard_after_commit_and_never_after_rollback(a: Store, b: Store) {
    let mut heard = b.subscribe("test_pads").await.expect("subscribe");
    let mut also = a.subscribe("test_pads").await.expect("subscribe");
    a.write(|c| c.notify("test_pads", "p1")).await.expect("p1");
    let refused: anyhow::Result<()> = a
        .write(|c| {
            c.notify("test_pads", "p2")?;
            anyhow::bail!("rolled back")
        })
        .await;
    assert!(refused.is_err());
    b.write(|c| c.notify("test_pads", "p3")).await.expect("p3");
    for rx in [&mut heard, &mut also] {
        let mut got = Vec::new();
        while got.len() < 2 {
            let m = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await
                .expect("a notification within 10 s")
                .expect("open");
            got.push(m);
        }
        assert_eq!(
            got,
            vec!["p1".to_string(), "p3".to_string()],
            "p2 was rolled back"
        );
    }
    assert!(a.subscribe("Not A Channel").await.is_err());
}

async fn directories_and_catalogs_written_at_one_are_read_at_the_other(a: Store, b: Store) {
    let halls = vec![HallRecord {
        hall_code: "H1".into(),
        hall_name: "一号大厅".into(),
        app_code: Some("a1".into()),
        workers: vec![WorkerRecord {
            work_no: "0001".into(),
            name: "张三".into(),
        }],
    }];
    a.write(move |c| halls::upsert_halls(c, &halls))
        .await
        .expect("halls");
    let listed = b
        .read(|c| halls::list_halls(c, Some("a1")))
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].workers[0].name, "张三");
    let none = b
        .read(|c| halls::list_halls(c, Some("other")))
        .await
        .expect("list");
    assert!(none.is_empty());
    let all = b.read(|c| halls::list_halls(c, None)).await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(
        b.read(|c| halls::worker_name(c, "H1", "0001"))
            .await
            .expect("worker")
            .as_deref(),
        Some("张三")
    );
    // A catalog fetched at one gateway, read at the other; an older fetch
    // arriving late does not replace it.
    let mut heard = b.subscribe(catalog::CHANNEL).await.expect("subscribe");
    let key = CatalogKey::new(
        &AppCode::new("a1").expect("app"),
        EvalEntityCode::EgovGuide,
        Stars::MAX,
        None,
    );
    let tags = |name: &str| {
        vec![Tag {
            id: "t1".into(),
            name: name.into(),
        }]
    };
    let (k, t) = (key.clone(), tags("快"));
    a.write(move |c| catalog::store::save(c, &k, &t, 2_000))
        .await
        .expect("save");
    let (k, t) = (key.clone(), tags("慢"));
    a.write(move |c| catalog::store::save(c, &k, &t, 1_000))
        .await
        .expect("save");
    tokio::time::timeout(Duration::from_secs(10), heard.recv())
        .await
        .expect("announced")
        .expect("open");
    let kept = b.read(catalog::store::load).await.expect("load");
    assert_eq!(kept, vec![(key, tags("快"), 2_000)]);
}

fn pad_window(work_no: &str) -> Window {
    Window {
        app_code: "a1".into(),
        hall_code: "H1".into(),
        work_no: work_no.into(),
    }
}

/// The next pads' event heard on the store's channel, as (topic, event).
async fn next_pad_note(rx: &mut tokio::sync::broadcast::Receiver<String>) -> (String, Event) {
    let payload = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a pads' notification within 10 s")
        .expect("open");
    let v: serde_json::Value = serde_json::from_str(&payload).expect("json");
    (
        v["topic"].as_str().expect("topic").to_string(),
        serde_json::from_value(v["event"].clone()).expect("event"),
    )
}

async fn a_pad_issued_at_one_gateway_is_known_at_the_other_and_its_revocation_heard_by_both(
    a: Store,
    b: Store,
) {
    let mut at_a = a.subscribe(live::CHANNEL).await.expect("subscribe");
    let mut at_b = b.subscribe(live::CHANNEL).await.expect("subscribe");
    let issued = a
        .write(|c| pads::issue(c, &pad_window("1212"), Some("窗口 3"), 100, None))
        .await
        .expect("issue");
    let cred = issued.credential.clone();
    let known = b
        .read(move |c| pads::authenticate(c, &cred))
        .await
        .expect("authenticate");
    assert_eq!(known, Ok(issued.pad.clone()));
    // The store keeps the digest only.
    let secret = issued
        .credential
        .split_once('.')
        .expect("id.secret")
        .1
        .to_string();
    let stored: String = b
        .read(|c| c.value("SELECT secret_digest FROM pads", args![]))
        .await
        .expect("digest");
    assert!(!stored.contains(&secret));
    // Both gateways revoke it at once: one revocation, heard at both.
    let mut set = JoinSet::new();
    for (i, store) in [a.clone(), b.clone(), a.clone(), b.clone()]
        .into_iter()
        .enumerate()
    {
        let id = issued.pad.id.clone();
        let now = 200 + i64::try_from(i).unwrap_or(0);
        set.spawn(async move {
            store
                .write(move |c| pads::revoke(c, &id, now))
                .await
                .expect("revoke")
        });
    }
    let mut revoked = 0;
    while let Some(r) = set.join_next().await {
        revoked += usize::from(r.expect("task"));
    }
    assert_eq!(revoked, 1, "revoked once");
    for rx in [&mut at_a, &mut at_b] {
        let (topic, event) = next_pad_note(rx).await;
        assert_eq!(topic, pad_window("1212").topic());
        assert_eq!(
            event,
            Event::Revoked {
                pad_id: issued.pad.id.clone()
            }
        );
        assert!(rx.try_recv().is_err(), "one revocation, one notification");
    }
    let cred = issued.credential.clone();
    let refused = a
        .read(move |c| pads::authenticate(c, &cred))
        .await
        .expect("authenticate");
    assert_eq!(refused, Err(Refusal::Revoked));
    let listed = b.read(pads::list).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert!(listed[0].revoked_at.is_some());
    let since = b
        .read(|c| pads::revoked_since(c, 150))
        .await
        .expect("since");
    assert_eq!(since, vec![(issued.pad.id.clone(), pad_window("1212"))]);
}

async fn a_reported_case_is_shown_at_every_gateway_and_rated_once(a: Store, b: Store) {
    let case = |serial: &str, at: i64| Reported {
        window: pad_window("1212"),
        affair_serial_no: serial.into(),
        eval_process: 2,
        user_name: Some("王小明".into()),
        contact_phone_des: Some("aa".into()),
        certificate_no_des: Some("bb".into()),
        reported_at: at,
        rated_at: None,
    };
    let (c1, c2) = (case("A-1", 1_000), case("A-2", 1_010));
    assert_eq!(
        a.write(move |c| reported::report(c, &c1))
            .await
            .expect("report"),
        Stored::Fresh
    );
    assert_eq!(
        b.write(move |c| reported::report(c, &c2))
            .await
            .expect("report"),
        Stored::Fresh
    );
    let shown = a
        .read(|c| reported::showing(c, &pad_window("1212"), 900))
        .await
        .expect("showing")
        .expect("a case");
    assert_eq!(shown.affair_serial_no, "A-2");
    assert_eq!(shown.eval_process, 2);
    // Rated through both gateways at once (a pad and a phone): marked once.
    let mut set = JoinSet::new();
    for i in 0..8 {
        let store = pick(i, &a, &b);
        set.spawn(async move {
            store
                .write(|c| reported::mark_rated(c, "a1", &["A-2", "X-9"], 2, "pad", 1_020))
                .await
                .expect("mark")
        });
    }
    let mut marked = Vec::new();
    while let Some(r) = set.join_next().await {
        marked.extend(r.expect("task"));
    }
    assert_eq!(marked, vec![(pad_window("1212"), "A-2".to_string())]);
    let after = b
        .read(|c| reported::find(c, "a1", "A-2", 2))
        .await
        .expect("find")
        .expect("kept");
    assert_eq!(after.rated_at, Some(1_020));
    assert_eq!(
        b.read(|c| reported::showing(c, &pad_window("1212"), 900))
            .await
            .expect("showing")
            .map(|r| r.affair_serial_no),
        Some("A-1".into())
    );
    // Reported again once rated, at either gateway: nothing changes.
    let again = case("A-2", 1_030);
    assert_eq!(
        a.write(move |c| reported::report(c, &again))
            .await
            .expect("report"),
        Stored::AlreadyRated
    );
    assert_eq!(
        b.read(|c| reported::find(c, "a1", "A-2", 2))
            .await
            .expect("find")
            .map(|r| r.reported_at),
        Some(1_010)
    );
    assert_eq!(
        b.write(|c| reported::expire(c, 1_005))
            .await
            .expect("expire"),
        1
    );
    assert_eq!(
        a.read(|c| reported::find(c, "a1", "A-1", 2))
            .await
            .expect("find")
            .and_then(|r| r.certificate_no_des),
        None
    );
}

async fn departments_written_at_one_are_named_at_the_other(a: Store, b: Store) {
    let dept = |name: &str| {
        vec![DepartmentRecord {
            code: "D1".into(),
            name: name.into(),
        }]
    };
    let first = dept("一号部门");
    a.write(move |c| departments::upsert(c, &first))
        .await
        .expect("upsert");
    let second = dept("第一部门");
    b.write(move |c| departments::upsert(c, &second))
        .await
        .expect("upsert");
    assert_eq!(a.read(departments::count).await.expect("count"), 1);
    assert_eq!(
        a.read(|c| departments::name(c, "D1"))
            .await
            .expect("name")
            .as_deref(),
        Some("第一部门")
    );
    assert_eq!(
        a.read(|c| departments::name(c, "D2")).await.expect("name"),
        None
    );
    // A code the directory lacks: the name its case record carries.
    let cases = vec![CaseRecord {
        affair_serial_no: "210000-1-1".into(),
        affair_code: "A1".into(),
        affair_name: "事项".into(),
        department_code: "D2".into(),
        department_name: Some("二号部门".into()),
        affair_deal_officer: "张三".into(),
        affair_apply_time: "20250101090000".into(),
        affair_done_time: None,
        applicant_digest: None,
    }];
    b.write(move |c| cases::upsert_cases(c, &cases))
        .await
        .expect("cases");
    assert_eq!(
        a.read(|c| departments::name_for(c, "D2", Some("210000-1-1")))
            .await
            .expect("name")
            .as_deref(),
        Some("二号部门")
    );
    assert_eq!(
        a.read(|c| departments::name_for(c, "D3", Some("210000-1-1")))
            .await
            .expect("name"),
        None
    );
}

async fn pending_ratings_and_onething_entries_read_the_same_at_either_gateway(a: Store, b: Store) {
    // 我的评价: a case whose rating is accepted and not yet delivered.
    a.write(|c| outbox::enqueue(c, &batch_plan(&["P"]), 1_000, 30_000))
        .await
        .expect("enqueue");
    let keys = vec!["case:a1:P:2".to_string(), "case:a1:Q:2".to_string()];
    let k = keys.clone();
    let pending = b
        .read(move |c| listing::pending_keys(c, &k))
        .await
        .expect("pending");
    assert_eq!(pending, vec!["case:a1:P:2".to_string()]);
    b.write(|c| c.execute("UPDATE outbox SET state = 'delivered'", args![]))
        .await
        .expect("deliver");
    let k = keys.clone();
    assert!(
        a.read(move |c| listing::pending_keys(c, &k))
            .await
            .expect("pending")
            .is_empty()
    );
    // 一件事's entries are their own kind, read back as such by either gateway.
    a.write(|c| {
        c.execute(
            "INSERT INTO outbox (kind, interface, body, display_key, state, next_attempt_at, created_at)
             VALUES ('onething', '/x', '{}', 'k', 'pending', 0, 0)",
            args![],
        )
    })
    .await
    .expect("insert");
    let claimed = b
        .write(|c| outbox::claim_due(c, 5_000, 30_000))
        .await
        .expect("claim")
        .expect("due");
    assert_eq!(claimed.kind, Kind::OneThing);
    let counts = a.read(listing::counts).await.expect("counts");
    assert_eq!(listing::count_of(&counts, State::Pending), 1);
}

/// PostgreSQL only: every session commits with `synchronous_commit=on`,
/// whatever the database's default says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sessions_commit_durably_whatever_the_default() {
    let Some(url) = pg::fresh_database("durability").await else {
        return;
    };
    let name = url.rsplit('/').next().expect("database name").to_string();
    pg::psql(
        &url,
        &format!("ALTER DATABASE {name} SET synchronous_commit = off"),
    )
    .await;
    let store = Store::connect_postgres(&url).await.expect("store");
    let setting: String = store
        .read(|c| c.value("SHOW synchronous_commit", args![]))
        .await
        .expect("show");
    assert_eq!(setting, "on");
}

/// PostgreSQL only: migrations run once however many gateways start at
/// once, and a database a newer gateway migrated is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_migrates_once_and_refuses_a_newer_schema() {
    let Some(url) = pg::fresh_database("migrations").await else {
        return;
    };
    let mut set = JoinSet::new();
    for _ in 0..4 {
        let url = url.clone();
        set.spawn(async move { Store::connect_postgres(&url).await.map(|_| ()) });
    }
    while let Some(r) = set.join_next().await {
        r.expect("task").expect("four gateways starting together");
    }
    pg::psql(
        &url,
        "INSERT INTO refinery_schema_history (version, name, applied_on, checksum)
         VALUES (999, 'from_the_future', '2030-01-01T00:00:00Z', '0')",
    )
    .await;
    let e = Store::connect_postgres(&url)
        .await
        .expect_err("a newer schema");
    assert!(format!("{e:#}").contains("newer hcp-gateway"), "{e:#}");
}
