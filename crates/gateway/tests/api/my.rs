//! 我的评价's API (`/api/my/*`) against a real sandbox holding the demo
//! citizen's history: every rating state, the time filter and paging, a
//! case's ratings and a 差评's work order, guide ratings, rating from the
//! list; and whose data it is: only the verified ticket's user, whatever
//! else a request carries (a `userId` in the query, the body or a header, a
//! cookie, a ticket signed by someone else or not at all).

use hcp_gateway::config::Secret;
use hcp_gateway::identity::ticket::issue_ticket;
use hcp_sandbox::{Faults, demo};
use serde_json::{Value, json};

use crate::support::*;

const APP: &str = "cTPyv9r6";
/// Rated at both stages (12 days ago the last).
const BOTH: &str = "210100-210100501002-20250505100512501";
/// Rated on acceptance (25 days ago), finished since.
const ACCEPTED: &str = "210100-210100401008-20250512143020502";
/// Rated on completion only (50 days ago).
const DONE: &str = "210100-210100301003-20250420091533503";
/// A 差评 the department answered (100 days ago).
const RECTIFIED: &str = "210100-210100601004-20250415083000504";
/// A 差评 still with the department (6 days ago).
const OPEN: &str = "210100-210100401015-20250601100000505";
/// Finished, never rated.
const UNRATED: &str = "210000-210100004000-20250302083015301";
/// Only accepted, never rated.
const ACCEPTED_ONLY: &str = "210100-210100301001-20250311140208104";

/// The user id of the second citizen.
const OTHER: &str = "9b1e0c2d-0000-4000-8000-000000000002";

/// The sandbox with the demo citizen's history, seeded as `make run` does.
async fn app_with_history() -> TestApp {
    let app = spawn_app().await;
    app.sandbox
        .as_ref()
        .expect("sandbox")
        .sandbox()
        .seed_demo_history(hcp_gateway::clock::now_secs())
        .expect("history");
    app
}

/// A ticket of a second citizen (another userId, name and numbers).
fn other_ticket() -> String {
    let now = hcp_gateway::clock::now_secs();
    let mut c = hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600);
    c.user_id = OTHER.to_string();
    c.user_name = "李华".to_string();
    c.certificate_no = Some("110101199003074219".to_string());
    c.contact_phone = Some("13900001111".to_string());
    issue_ticket(&Secret::new(TICKET_SECRET), &c).expect("ticket")
}

impl TestApp {
    async fn my(&self, path: &str, ticket: Option<&str>) -> reqwest::Response {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(t) = ticket {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("get")
    }

    async fn my_json(&self, path: &str, ticket: &str) -> Value {
        let resp = self.my(path, Some(ticket)).await;
        assert_eq!(resp.status(), 200, "{path}");
        resp.json().await.expect("json")
    }

    /// Every case of every page of a range.
    async fn all_cases(&self, range: &str, ticket: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let v = self
                .my_json(
                    &format!("/api/my/cases?appCode={APP}&range={range}&page={page}"),
                    ticket,
                )
                .await;
            out.extend(v["cases"].as_array().cloned().unwrap_or_default());
            if page >= v["pageTotal"].as_u64().unwrap_or(0) {
                return out;
            }
            page += 1;
        }
    }
}

fn find<'a>(cases: &'a [Value], serial: &str) -> &'a Value {
    cases
        .iter()
        .find(|c| c["affairSerialNo"] == serial)
        .unwrap_or_else(|| panic!("{serial} not listed"))
}

fn listed(cases: &[Value], serial: &str) -> bool {
    cases.iter().any(|c| c["affairSerialNo"] == serial)
}

#[tokio::test]
async fn the_citizen_sees_every_case_with_its_state_paged_as_the_platform_pages() {
    let app = app_with_history().await;
    let ticket = demo_ticket();
    let resp = app
        .my(&format!("/api/my/cases?appCode={APP}"), Some(&ticket))
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store"),
        "personal: never cached"
    );
    let first: Value = resp.json().await.expect("json");
    let total = demo::cases_of(demo::CITIZEN.user_id).count();
    assert_eq!(first["total"], total as u64, "{first}");
    assert_eq!(first["pageNo"], 1);
    assert_eq!(first["pageTotal"], total.div_ceil(10) as u64);
    assert_eq!(first["cases"].as_array().map(Vec::len), Some(10));
    let all = app.all_cases("all", &ticket).await;
    assert_eq!(all.len(), total);
    // Newest application first, as the platform orders them.
    let applied: Vec<&str> = all
        .iter()
        .map(|c| c["applyTime"].as_str().unwrap_or(""))
        .collect();
    assert!(applied.windows(2).all(|w| w[0] >= w[1]), "{applied:?}");

    for (serial, status, stars, stage) in [
        (BOTH, "both_rated", Some(4), None),
        (ACCEPTED, "accepted_rated", Some(5), Some(2)),
        (DONE, "done_rated", Some(4), None),
        (RECTIFIED, "done_rated", Some(1), None),
        (OPEN, "done_rated", Some(2), None),
        (UNRATED, "unrated", None, Some(2)),
        (ACCEPTED_ONLY, "unrated", None, Some(1)),
    ] {
        let c = find(&all, serial);
        assert_eq!(c["status"], status, "{c}");
        assert_eq!(c["stars"].as_u64(), stars, "{c}");
        assert_eq!(c["rateStage"].as_u64(), stage, "{c}");
        assert_eq!(c["delivering"], false, "{c}");
    }
    assert_eq!(find(&all, ACCEPTED_ONLY)["finished"], false);
    assert_eq!(find(&all, UNRATED)["finished"], true);
    assert_eq!(
        find(&all, UNRATED)["departmentName"],
        "辽宁省发展和改革委员会"
    );
    assert_eq!(find(&all, UNRATED)["applyTime"], "2025-03-02 08:30:15");

    // The time filter: by evaluation time (4.10).
    let month = app.all_cases("1m", &ticket).await;
    assert!(listed(&month, BOTH) && listed(&month, ACCEPTED) && listed(&month, OPEN));
    assert!(!listed(&month, DONE) && !listed(&month, RECTIFIED));
    let quarter = app.all_cases("3m", &ticket).await;
    assert!(listed(&quarter, DONE) && !listed(&quarter, RECTIFIED));
    let year = app.all_cases("1y", &ticket).await;
    assert!(listed(&year, RECTIFIED));

    // Past the last page: an empty page, not an error.
    let past = app
        .my_json(&format!("/api/my/cases?appCode={APP}&page=99"), &ticket)
        .await;
    assert_eq!(past["cases"].as_array().map(Vec::len), Some(0), "{past}");
    for bad in ["range=2m", "page=0", "page=x"] {
        let resp = app
            .my(&format!("/api/my/cases?appCode={APP}&{bad}"), Some(&ticket))
            .await;
        assert_eq!(resp.status(), 400, "{bad}");
    }
    app.shutdown().await;
}

#[tokio::test]
async fn a_case_shows_each_stages_rating_and_what_the_department_answered_a_bad_one() {
    let app = app_with_history().await;
    let ticket = demo_ticket();
    let open =
        |serial: &str| format!("/api/my/case?appCode={APP}&channel=web&affairSerialNo={serial}");
    let v = app.my_json(&open(RECTIFIED), &ticket).await;
    assert_eq!(v["case"]["status"], "done_rated");
    assert!(v["accepted"].is_null(), "{v}");
    let done = &v["done"];
    assert_eq!(done["stars"], 1);
    assert_eq!(done["tags"], json!(["被要求提供额外材料"]));
    assert_eq!(done["remark"], "网上申请后又被要求到窗口补交三次材料");
    let order = &done["workOrder"];
    assert_eq!(
        (order["status"].as_u64(), order["validity"].as_u64()),
        (Some(3), Some(1)),
        "{order}"
    );
    let steps = order["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["kind"], 2);
    assert!(
        steps[1]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("已整改")),
        "{order}"
    );
    assert!(v["rate"].is_null(), "rated: nothing to rate");

    let v = app.my_json(&open(OPEN), &ticket).await;
    assert_eq!(v["done"]["workOrder"]["status"], 2, "{v}");

    let v = app.my_json(&open(BOTH), &ticket).await;
    assert_eq!(
        (v["accepted"]["stars"].as_u64(), v["done"]["stars"].as_u64()),
        (Some(5), Some(4))
    );
    assert!(v["done"]["workOrder"].is_null());

    // Rated on acceptance: its completion can be rated from the page, with
    // the link the gateway built from its directory.
    let v = app.my_json(&open(ACCEPTED), &ticket).await;
    let rate = &v["rate"];
    assert_eq!(rate["stage"], 2, "{v}");
    assert_eq!(rate["route"], "/front/pc/");
    let query = rate["query"].as_str().expect("query").to_string();
    let resp = app
        .submit(
            &submission("/front/pc/", &query, 5, &[], "我的评价里评的"),
            Some(&ticket),
        )
        .await;
    assert_eq!(resp.status(), 200);
    let answer: Value = resp.json().await.expect("json");
    assert_eq!(answer["status"], "delivered", "{answer}");
    // Back in the list: rated at both stages, nothing more to rate.
    let all = app.all_cases("all", &ticket).await;
    let c = find(&all, ACCEPTED);
    assert_eq!(
        (c["status"].as_str(), c["rateStage"].as_u64()),
        (Some("both_rated"), None),
        "{c}"
    );
    let stored = app
        .ratings()
        .into_iter()
        .find(|r| r.remark.as_deref() == Some("我的评价里评的"))
        .expect("stored");
    assert_eq!(stored.user_id.as_deref(), Some(demo::CITIZEN.user_id));
    assert_eq!(stored.eval_process, Some(2));
    assert_eq!(stored.eval_entity_code, "egovAffair");

    // An unknown case, or a bad number: said plainly.
    let resp = app.my(&open("210000-nope-1"), Some(&ticket)).await;
    assert_eq!(resp.status(), 404);
    let resp = app.my(&open("a_b"), Some(&ticket)).await;
    assert_eq!(resp.status(), 400);
    app.shutdown().await;
}

#[tokio::test]
async fn a_rating_on_its_way_is_shown_as_being_delivered_not_offered_again() {
    // The gateway confirms an unknown outcome only after a minute: the
    // entry stays pending while the platform does not have it.
    let app = app_with_history().await;
    let ticket = demo_ticket();
    let v = app
        .my_json(
            &format!("/api/my/case?appCode={APP}&channel=web&affairSerialNo={UNRATED}"),
            &ticket,
        )
        .await;
    let query = v["rate"]["query"].as_str().expect("rate").to_string();
    app.faults(Faults {
        fail_fraction: 1.0,
        ..Faults::NONE
    });
    let answer: Value = app
        .submit(&submission("/front/pc/", &query, 4, &[], ""), Some(&ticket))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(answer["status"], "queued", "{answer}");
    // The platform fails every request, the lists too: said plainly, no old data.
    let resp = app
        .my(&format!("/api/my/cases?appCode={APP}"), Some(&ticket))
        .await;
    assert_eq!(resp.status(), 502);
    let err: Value = resp.json().await.expect("json");
    assert_eq!(err["code"], "upstream");
    assert_eq!(err["zh"], "评价平台暂时无法访问，请稍后再试");
    app.faults(Faults::NONE);
    let all = app.all_cases("all", &ticket).await;
    let c = find(&all, UNRATED);
    assert_eq!(c["status"], "unrated", "the platform does not have it yet");
    assert_eq!(c["delivering"], true, "{c}");
    assert!(c["rateStage"].is_null(), "{c}");

    // The platform gone altogether.
    let mut app = app;
    app.stop_sandbox().await;
    for path in [
        format!("/api/my/cases?appCode={APP}"),
        format!("/api/my/guides?appCode={APP}"),
        format!("/api/my/case?appCode={APP}&affairSerialNo={BOTH}"),
    ] {
        let resp = app.my(&path, Some(&ticket)).await;
        assert_eq!(resp.status(), 502, "{path}");
        assert_eq!(
            resp.headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok()),
            Some("no-store")
        );
    }
    app.shutdown().await;
}

#[tokio::test]
async fn guide_ratings_are_listed_newest_first_with_their_tags() {
    let app = app_with_history().await;
    let ticket = demo_ticket();
    let v = app
        .my_json(&format!("/api/my/guides?appCode={APP}"), &ticket)
        .await;
    assert_eq!(v["total"], 2, "{v}");
    let guides = v["guides"].as_array().expect("guides");
    assert_eq!(guides[0]["affairName"], "居民身份证换领");
    assert_eq!(guides[0]["stars"], 5);
    assert_eq!(
        guides[0]["tags"],
        json!(["材料范本非常规范", "申请流程非常清晰"])
    );
    assert_eq!(guides[0]["remark"], "指南写得很清楚");
    assert_eq!(guides[1]["affairName"], "个体工商户设立登记");
    assert!(guides[1]["remark"].is_null());
    let month = app
        .my_json(&format!("/api/my/guides?appCode={APP}&range=1m"), &ticket)
        .await;
    assert_eq!(month["total"], 1, "{month}");
    // Another app's guide ratings are its own.
    let other = app
        .my_json("/api/my/guides?appCode=otherApp", &ticket)
        .await;
    assert_eq!(other["total"], 0, "{other}");
    app.shutdown().await;
}

#[tokio::test]
async fn a_citizen_never_sees_anothers_cases_whatever_the_request_carries() {
    let app = app_with_history().await;
    let mine = demo_ticket();
    let theirs = other_ticket();
    let me = demo::CITIZEN.user_id;
    let cases = format!("/api/my/cases?appCode={APP}");
    let case = format!("/api/my/case?appCode={APP}&affairSerialNo={RECTIFIED}");
    let guides = format!("/api/my/guides?appCode={APP}");

    // The second citizen has no cases, and cannot open the first one's.
    let v = app.my_json(&cases, &theirs).await;
    assert_eq!(
        (v["total"].as_u64(), v["cases"].as_array().map(Vec::len)),
        (Some(0), Some(0)),
        "{v}"
    );
    assert_eq!(app.my(&case, Some(&theirs)).await.status(), 404);
    assert_eq!(app.my_json(&guides, &theirs).await["total"], 0);

    // A userId in the query: refused by name, for every call.
    for path in [&cases, &case, &guides] {
        for forged in [
            format!("&userId={me}"),
            format!("&userId={me}&userId={OTHER}"),
        ] {
            let resp = app.my(&format!("{path}{forged}"), Some(&theirs)).await;
            assert_eq!(resp.status(), 400, "{path}{forged}");
            let err: Value = resp.json().await.expect("json");
            assert_eq!(err["field"], "userId", "{err}");
        }
        // Other ways of naming a user are not parameters either.
        for forged in ["&uid=1", "&user_id=1", "&passportName=wangxiaoming"] {
            let resp = app.my(&format!("{path}{forged}"), Some(&theirs)).await;
            assert_eq!(resp.status(), 400, "{path}{forged}");
        }
    }
    // Headers and cookies are never read for a user.
    for (name, value) in [
        ("x-user-id", me.to_string()),
        ("x-forwarded-user", me.to_string()),
        ("x-hcp-user", me.to_string()),
        ("cookie", format!("userId={me}; ticket={mine}")),
    ] {
        let v: Value = app
            .client
            .get(format!("{}{cases}", app.base))
            .bearer_auth(&theirs)
            .header(name, value.as_str())
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        assert_eq!(v["total"], 0, "{name}: {v}");
        let status = app
            .client
            .get(format!("{}{case}", app.base))
            .bearer_auth(&theirs)
            .header(name, value.as_str())
            .send()
            .await
            .expect("get")
            .status();
        assert_eq!(status, 404, "{name}");
    }
    // The first citizen's id in a ticket the gateway did not sign, or in
    // one not signed at all, or with no ticket: 401.
    let now = hcp_gateway::clock::now_secs();
    let forged = issue_ticket(
        &Secret::new("somebody-else's-secret-0123"),
        &hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600),
    )
    .expect("ticket");
    let b64 = |v: &Value| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&json!({"userId": me, "userName": "王小明", "userType": 1, "exp": now + 3600}))
    );
    // A valid ticket of the second citizen with its payload swapped for the first's.
    let parts: Vec<&str> = theirs.split('.').collect();
    let swapped = format!(
        "{}.{}.{}",
        parts[0],
        b64(&json!({"userId": me, "userName": "王小明", "userType": 1, "exp": now + 3600})),
        parts[2]
    );
    for path in [&cases, &case, &guides] {
        for ticket in [
            Some(forged.as_str()),
            Some(unsigned.as_str()),
            Some(swapped.as_str()),
            None,
        ] {
            let resp = app.my(path, ticket).await;
            assert_eq!(resp.status(), 401, "{path}");
            let err: Value = resp.json().await.expect("json");
            assert_eq!(err["code"], "login_required");
        }
    }

    // A rating given from 我的评价 is the ticket's citizen's, whatever user
    // the body or the page's query name.
    let rate = app
        .my_json(
            &format!("/api/my/case?appCode={APP}&channel=web&affairSerialNo={ACCEPTED}"),
            &mine,
        )
        .await["rate"]["query"]
        .as_str()
        .expect("rate")
        .to_string();
    let mut body = submission(
        "/front/pc/",
        &format!("{rate}&userId={OTHER}&userName=5p2O5Y2O"),
        5,
        &[],
        "forged body",
    );
    body["userId"] = json!(OTHER);
    body["user"] = json!({"userId": OTHER});
    body["rating"]["userId"] = json!(OTHER);
    let v: Value = app
        .submit(&body, Some(&mine))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["status"], "delivered", "{v}");
    let stored = app
        .ratings()
        .into_iter()
        .find(|r| r.remark.as_deref() == Some("forged body"))
        .expect("stored");
    assert_eq!(stored.user_id.as_deref(), Some(me));
    assert_eq!(stored.user_name.as_deref(), Some("王小明"));
    // And it does not show in the other citizen's list.
    assert_eq!(app.my_json(&cases, &theirs).await["total"], 0);
    app.shutdown().await;
}

#[tokio::test]
async fn the_logs_of_我的评价_name_no_citizen_and_no_case() {
    let mut setup = ChildSetup::new().await;
    setup
        .sandbox()
        .seed_demo_history(hcp_gateway::clock::now_secs())
        .expect("history");
    let mut gw = ChildGateway::start(&setup.env()).await;
    let http = client();
    let ticket = demo_ticket();
    for path in [
        format!("/api/my/cases?appCode={APP}&range=1y"),
        format!("/api/my/case?appCode={APP}&affairSerialNo={RECTIFIED}"),
        format!("/api/my/guides?appCode={APP}"),
        format!("/api/my/cases?appCode={APP}&userId={OTHER}"),
    ] {
        let resp = http
            .get(format!("{}{path}", gw.base))
            .bearer_auth(&ticket)
            .send()
            .await
            .expect("get");
        assert!(resp.status() == 200 || resp.status() == 400, "{path}");
    }
    gw.wait_for("the three calls logged", |o| {
        o.contains("guide ratings listed")
    })
    .await;
    let out = gw.output();
    for secret in [
        demo::CITIZEN.user_id,
        OTHER,
        RECTIFIED,
        "王小明",
        ticket.as_str(),
        "网上申请后又被要求",
    ] {
        assert!(!out.contains(secret), "the log shows {secret}:\n{out}");
    }
    gw.kill9().await;
    setup.stop_sandbox().await;
}
