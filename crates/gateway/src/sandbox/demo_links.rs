//! One working link per page variant, built from the sandbox's demo data,
//! printed by `serve` in sandbox mode (and usable by tests and `make run`).
//! Base64 parameters are encoded with the protocol crate, the query with
//! form encoding; pages that need a login carry a development ticket, and
//! the `offLine=1` hall links are signed (hcp_protocol::link) as a hall
//! system would sign them.

use crate::config::ConfigArgs;
use crate::config::Secret;
use crate::identity::ticket::issue_ticket;
use anyhow::{Context as _, anyhow};
use hcp_protocol::decode::encode_base64;
use hcp_sandbox::demo;

/// How long the tickets and signed links in demo links are valid.
pub const TICKET_TTL_SECS: i64 = 12 * 3600;

/// The seed's dynamic-QR example (seed 000 §6).
pub const SEED_QR_MSG: &str = "cTPyv9r6_0204_JXU1RjIwJXU0RTA5_39357010579292161_210000-210100009000-20200603093755953_11210000001099516A2210100009000_2";

/// A page variant and its link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLink {
    /// guide, affair-online, affair-hall, batch, consult-online, consult-hall, dynamic, dynamic-gd.
    pub name: &'static str,
    /// The absolute URL.
    pub url: String,
}

fn query(pairs: &[(&str, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish()
}

fn link(base: &str, name: &'static str, path: &str, pairs: &[(&str, String)]) -> DemoLink {
    DemoLink {
        name,
        url: format!("{}{path}?{}", base.trim_end_matches('/'), query(pairs)),
    }
}

/// A link signed with `secret`, valid until `expires`.
fn signed_link(
    base: &str,
    name: &'static str,
    route: hcp_protocol::Route,
    pairs: &[(&str, String)],
    secret: &Secret,
    expires: i64,
) -> anyhow::Result<DemoLink> {
    let q = hcp_protocol::link::sign(route, &query(pairs), secret.expose().as_bytes(), expires)
        .map_err(|e| anyhow!("cannot sign the demo link {name}: {e}"))?;
    Ok(DemoLink {
        name,
        url: format!("{}{}?{q}", base.trim_end_matches('/'), route.path()),
    })
}

fn case(serial: &str) -> anyhow::Result<&'static demo::Case> {
    demo::case(serial).ok_or_else(|| anyhow!("the sandbox demo data has no case {serial}"))
}

fn worker_name(hall: &str, work_no: &str) -> anyhow::Result<&'static str> {
    demo::worker(hall, work_no)
        .map(|w| w.name)
        .ok_or_else(|| anyhow!("the sandbox demo data has no worker {work_no} in hall {hall}"))
}

/// The links, for a gateway at `base` (`http://127.0.0.1:8080`), with tickets
/// signed by `ticket_secret` and hall links by `link_secret`, issued at `now`
/// (Unix seconds) and valid for [`TICKET_TTL_SECS`].
pub fn demo_links(
    base: &str,
    ticket_secret: &Secret,
    link_secret: &Secret,
    now: i64,
) -> anyhow::Result<Vec<DemoLink>> {
    let ticket = issue_ticket(
        ticket_secret,
        &crate::sandbox::demo_data::demo_citizen(now, TICKET_TTL_SECS),
    )
    .context("cannot sign the demo ticket")?;
    let app = demo::APP_CODE.to_string();
    let citizen = demo::CITIZEN;
    let b = |s: &str| encode_base64(s);

    let online = case("210000-210100004000-20250302083015301")?;
    let hall_case = case("210100-210100301001-20250310091512101")?;
    let batch: Vec<&demo::Case> = [
        "210100-210100301001-20250310091512101",
        "210100-210100301001-20250310092033102",
        "210100-210100301001-20250310093147103",
    ]
    .iter()
    .map(|s| case(s))
    .collect::<anyhow::Result<_>>()?;
    let shenyang = "56417234343428097";
    let province = "39357010579292161";
    let gd_case = case("210000-210100055000-20250305101010201")?;
    let gd_msg = format!(
        "{app}-0205-{province}-{}-{}",
        gd_case.affair_serial_no, gd_case.affair_code
    );
    let evaluator = |pairs: &mut Vec<(&str, String)>| {
        pairs.push(("userName", b(citizen.user_name)));
        pairs.push(("contactPhone", b(citizen.contact_phone)));
        pairs.push(("certificateNo", b(citizen.certificate_no)));
        pairs.push(("offLine", "1".to_string()));
    };

    let mut hall_pairs = vec![
        ("appCode", app.clone()),
        ("channel", "hallPad".to_string()),
        ("affairName", b(hall_case.affair_name)),
        ("affairSerialNo", b(hall_case.affair_serial_no)),
        ("departmentCode", b(hall_case.department_code)),
        ("evalEntityCode", "hallAffair".to_string()),
        ("evalProcess", "2".to_string()),
        ("hallCode", shenyang.to_string()),
        ("workerNo", "1212".to_string()),
        ("workerName", b(worker_name(shenyang, "1212")?)),
    ];
    evaluator(&mut hall_pairs);
    let serials: Vec<&str> = batch.iter().map(|c| c.affair_serial_no).collect();
    let mut batch_pairs = vec![
        ("appCode", app.clone()),
        ("channel", "hallPad".to_string()),
        ("affairName", b(batch[0].affair_name)),
        ("affairSerialNos", b(&serials.join(","))),
        ("departmentCode", b(batch[0].department_code)),
        ("evalEntityCode", "hallAffair".to_string()),
        ("evalProcess", "2".to_string()),
        ("hallCode", shenyang.to_string()),
        ("workerNo", "1212".to_string()),
        ("workerName", b(worker_name(shenyang, "1212")?)),
    ];
    evaluator(&mut batch_pairs);

    Ok(vec![
        link(
            base,
            "guide",
            "/guide/",
            &[
                ("appCode", app.clone()),
                ("channel", "web".to_string()),
                ("affairCode", b(online.affair_code)),
                ("affairName", b(online.affair_name)),
                ("departmentCode", b(online.department_code)),
                ("evalEntityCode", "egovGuide".to_string()),
                ("evalProcess", "2".to_string()),
                ("ticket", ticket.clone()),
            ],
        ),
        link(
            base,
            "affair-online",
            "/front/pc/",
            &[
                ("appCode", app.clone()),
                ("channel", "web".to_string()),
                ("affairName", b(online.affair_name)),
                ("affairSerialNo", b(online.affair_serial_no)),
                ("departmentCode", b(online.department_code)),
                ("evalEntityCode", "egovAffair".to_string()),
                ("evalProcess", "2".to_string()),
                ("ticket", ticket.clone()),
            ],
        ),
        signed_link(
            base,
            "affair-hall",
            hcp_protocol::Route::FrontPc,
            &hall_pairs,
            link_secret,
            now + TICKET_TTL_SECS,
        )?,
        signed_link(
            base,
            "batch",
            hcp_protocol::Route::EvalList,
            &batch_pairs,
            link_secret,
            now + TICKET_TTL_SECS,
        )?,
        link(
            base,
            "consult-online",
            "/front/hallworker/",
            &[
                ("appCode", app.clone()),
                ("channel", "web".to_string()),
                ("evalEntityCode", "hallAffair".to_string()),
                ("ticket", ticket.clone()),
            ],
        ),
        link(
            base,
            "consult-hall",
            "/front/hallworker/",
            &[
                ("appCode", app.clone()),
                ("channel", "hallPad".to_string()),
                ("evalEntityCode", "hallAffair".to_string()),
                ("hallCode", province.to_string()),
                ("workerNo", "0205".to_string()),
                ("workerName", b(worker_name(province, "0205")?)),
                ("ticket", ticket.clone()),
            ],
        ),
        link(
            base,
            "dynamic",
            "/rating-dynamic/",
            &[("msg", SEED_QR_MSG.to_string()), ("ticket", ticket.clone())],
        ),
        link(
            base,
            "dynamic-gd",
            "/rating-dynamic/",
            &[("msg", gd_msg), ("ticket", ticket)],
        ),
    ])
}

/// The links of the citizen's own pages: 我的评价 (`my`) and the demo
/// 一件事 开办企业 (`onething`), with the demo citizen's development ticket.
pub fn citizen_links(
    base: &str,
    ticket_secret: &Secret,
    now: i64,
) -> anyhow::Result<Vec<DemoLink>> {
    let ticket = issue_ticket(
        ticket_secret,
        &crate::sandbox::demo_data::demo_citizen(now, TICKET_TTL_SECS),
    )
    .context("cannot sign the demo ticket")?;
    let app = demo::APP_CODE.to_string();
    for serial in demo::ONETHING_CASES {
        case(serial)?;
    }
    Ok(vec![
        link(
            base,
            "my",
            hcp_protocol::my::MY_PATH,
            &[
                ("appCode", app.clone()),
                ("channel", "web".to_string()),
                ("ticket", ticket.clone()),
            ],
        ),
        link(
            base,
            "onething",
            hcp_protocol::my::ONETHING_PATH,
            &[
                ("appCode", app),
                ("channel", "web".to_string()),
                ("subBusiness", encode_base64(demo::ONETHING_SUBJECT)),
                (
                    "affairSerialNos",
                    encode_base64(&demo::ONETHING_CASES.join(",")),
                ),
                ("evalEntityCode", "egovAffair".to_string()),
                ("evalProcess", "2".to_string()),
                ("ticket", ticket),
            ],
        ),
    ])
}

/// The links as printed: `  guide          http://…`, one per line.
pub fn format_links(links: &[DemoLink]) -> String {
    links
        .iter()
        .map(|l| format!("  {:<14} {}\n", l.name, l.url))
        .collect()
}

/// The link secret `sign-link` signs with when none is configured: in
/// sandbox mode (the settings name no other upstream), the development one,
/// as `serve` checks.
pub fn dev_link_secret(args: &ConfigArgs) -> Option<Secret> {
    let sandbox = args
        .upstream
        .as_deref()
        .is_none_or(|u| u.trim().eq_ignore_ascii_case("sandbox"));
    sandbox.then(|| Secret::new(crate::sandbox::dev::LINK_SECRET))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcp_protocol::params::{PageKind, PageParams};
    use hcp_protocol::{Route, params::PageOptions};

    #[test]
    fn every_link_parses_as_its_page_kind_and_hall_links_are_signed() {
        let secret = Secret::new("dev-secret-for-tests");
        let link_secret = Secret::new("dev-link-secret-for-tests");
        let now = 1_700_000_000;
        let links = demo_links("http://127.0.0.1:8080", &secret, &link_secret, now).expect("links");
        let kinds: Vec<(&str, PageKind)> = links
            .iter()
            .map(|l| {
                let url = url::Url::parse(&l.url).expect("url");
                let route = Route::from_path(url.path()).expect("route");
                let q = url.query().unwrap_or("");
                let p = PageParams::parse(route, q).unwrap_or_else(|e| panic!("{}: {e}", l.name));
                if p.offline_evaluator().is_some() {
                    assert_eq!(
                        hcp_protocol::link::verify(route, q, b"dev-link-secret-for-tests", now),
                        Ok(now + TICKET_TTL_SECS),
                        "{}",
                        l.name
                    );
                }
                if p.needs_login() {
                    assert!(
                        PageOptions::parse(q).ticket.is_some(),
                        "{} needs a ticket",
                        l.name
                    );
                }
                (l.name, p.kind())
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("guide", PageKind::Guide),
                ("affair-online", PageKind::AffairOnline),
                ("affair-hall", PageKind::AffairHall),
                ("batch", PageKind::Batch),
                ("consult-online", PageKind::ConsultOnline),
                ("consult-hall", PageKind::ConsultHall),
                ("dynamic", PageKind::Dynamic),
                ("dynamic-gd", PageKind::Dynamic),
            ]
        );
        let text = format_links(&links);
        assert!(
            text.starts_with("  guide          http://127.0.0.1:8080/guide/?"),
            "{text}"
        );
    }

    #[test]
    fn the_citizens_links_parse_as_their_pages_and_carry_a_ticket() {
        use hcp_protocol::my::{MyParams, MyRoute, OneThingParams};
        let links = citizen_links("http://127.0.0.1:8080", &Secret::new("s"), 1_700_000_000)
            .expect("links");
        let names: Vec<&str> = links.iter().map(|l| l.name).collect();
        assert_eq!(names, vec!["my", "onething"]);
        for l in &links {
            let url = url::Url::parse(&l.url).expect("url");
            let q = url.query().unwrap_or("");
            assert!(PageOptions::parse(q).ticket.is_some(), "{}", l.name);
            match MyRoute::from_path(url.path()) {
                Some(MyRoute::My) => {
                    MyParams::parse(q).expect("my");
                }
                Some(MyRoute::OneThing) => {
                    let p = OneThingParams::parse(q).expect("onething");
                    assert_eq!(p.affair_serial_nos.len(), demo::ONETHING_CASES.len());
                    assert_eq!(p.sub_business.as_str(), "开办企业");
                }
                None => panic!("{}: not a citizen's page", l.name),
            }
        }
    }
}
