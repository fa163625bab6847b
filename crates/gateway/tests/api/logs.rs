//! Logs never contain a phone or ID number (at most masked), a ticket, a
//! query string or a secret — checked on a real child process at debug level.

use hcp_protocol::decode::encode_base64;
use serde_json::Value;

use crate::support::*;

const PHONE: &str = "13955554444";
const ID: &str = "110105198807076611";
const URL_PHONE: &str = "13722223333";
const URL_ID: &str = "11010119900307861X";

#[tokio::test]
async fn logs_hold_no_personal_numbers_tickets_queries_or_secrets() {
    for format in ["compact", "json"] {
        let mut setup = ChildSetup::new().await;
        let env = setup.env().set("HCP_LOG_FORMAT", format);
        let mut gw = ChildGateway::start(&env).await;
        let ticket = ticket_for(PHONE, ID, 3600);

        // An offLine=1 page carrying the evaluator's numbers in its URL.
        let link = PageLink::demo("affair-hall")
            .set_base64("contactPhone", URL_PHONE)
            .set_base64("certificateNo", URL_ID);
        let (route, query) = (link.route().to_string(), link.query());
        assert!(query.contains(&encode_base64(URL_PHONE)), "{query}");
        // Signed again by the hall system for the new evaluator.
        let query = link.sign().query();
        let v: Value = gw
            .submit(&submission(&route, &query, 5, &[], ""), None)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(v["status"], "delivered", "{v}");
        // Ticket holders: a good and a refused submission, and a page load with the ticket in its URL.
        for name in ["dynamic", "guide"] {
            let (route, query) = demo_page(name);
            let resp = gw
                .submit(&submission(&route, &query, 1, &[], "态度差"), Some(&ticket))
                .await;
            assert_eq!(resp.status(), 200);
        }
        let resp = gw
            .submit(
                &submission("/rating-dynamic/", "msg=x", 5, &[], ""),
                Some(&format!("{ticket}x")),
            )
            .await;
        assert_eq!(resp.status(), 400);
        let page = gw.get(&format!("/front/pc/?{query}&ticket={ticket}")).await;
        assert_eq!(page.status(), 200);
        // A failing delivery too (platform down).
        setup.stop_sandbox().await;
        let (route, query) = demo_page("dynamic-gd");
        let _ = gw
            .submit(&submission(&route, &query, 5, &[], ""), Some(&ticket))
            .await;
        gw.wait_for("the failed delivery", |o| {
            o.contains("delivery failed; will retry")
        })
        .await;

        let logs = gw.output();
        gw.kill9().await;
        assert!(
            logs.contains("rating accepted"),
            "{format}: logs are there:\n{logs}"
        );
        let forbidden = [
            PHONE.to_string(),
            ID.to_string(),
            URL_PHONE.to_string(),
            URL_ID.to_string(),
            encode_base64(URL_PHONE),
            encode_base64(URL_ID),
            hcp_sandbox::demo::CITIZEN.contact_phone.to_string(),
            hcp_sandbox::demo::CITIZEN.certificate_no.to_string(),
            ticket.clone(),
            hcp_sandbox::dev::PAAS_TOKEN.to_string(),
            TICKET_SECRET.to_string(),
            LINK_SECRET.to_string(),
            "sign=".to_string(),
            "affairSerialNo=".to_string(),
            "msg=".to_string(),
        ];
        for f in &forbidden {
            assert!(
                !logs.contains(f.as_str()),
                "{format}: the logs contain {f}:\n{logs}"
            );
        }
        // The ticket's payload part is not there either.
        let payload = ticket.split('.').nth(1).expect("payload");
        assert!(!logs.contains(payload), "{format}: ticket payload in logs");
        if format == "json" {
            for line in logs.lines().filter(|l| l.starts_with('{')) {
                serde_json::from_str::<Value>(line)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            }
            assert!(logs.lines().filter(|l| l.starts_with('{')).count() > 5);
        }
    }
}
