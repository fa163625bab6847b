//! Page links as the tests open and alter them, and the login tickets of
//! test citizens.
//!
//! [`PageLink`] starts from a demo link (as sandbox mode prints them) or a
//! query of a test's own, and changes it one named parameter at a time. A
//! parameter the link does not have is a mistake in the test: `set` and
//! `remove` panic on it (and `add` on one it has), where a text replacement
//! would leave the link as it was and the test would quietly check the
//! valid link. Names are compared as the URL carries them (decoded); the
//! other pairs keep their place and their text, byte for byte, as a hall
//! system's signature (`hcp_protocol::link`) keeps them.

use hcp_gateway::config::Secret;
use hcp_gateway::identity::ticket::issue_ticket;
use hcp_protocol::decode::encode_base64;
use hcp_protocol::link;

use crate::support::app::{LINK_SECRET, TICKET_SECRET};

/// A page link: its route and its query's pairs, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    route: String,
    pairs: Vec<Pair>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pair {
    /// The name, decoded.
    key: String,
    /// The value, decoded.
    value: String,
    /// The pair as the query carries it.
    raw: String,
}

impl Pair {
    fn parse(raw: &str) -> Option<Pair> {
        let (key, value) = form_urlencoded::parse(raw.as_bytes()).next()?;
        Some(Pair {
            key: key.into_owned(),
            value: value.into_owned(),
            raw: raw.to_string(),
        })
    }

    fn new(key: &str, value: &str) -> Pair {
        let key_text: String = form_urlencoded::byte_serialize(key.as_bytes()).collect();
        Pair {
            key: key.to_string(),
            value: value.to_string(),
            raw: format!("{key_text}={}", query_value(value)),
        }
    }
}

/// `value` as a query carries it: what form decoding would read otherwise
/// (`%`, `&`, `+`, `#`, spaces, anything not ASCII) percent-encoded, the
/// rest as it is, so base64 (`/` and `=` included) stays readable.
fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/=:,@!*()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl PageLink {
    /// The demo link `name` (guide, affair-online, affair-hall, batch,
    /// consult-online, consult-hall, dynamic, dynamic-gd) as sandbox mode
    /// prints it, without its ticket; the hall links signed with
    /// [`LINK_SECRET`], valid for 12 hours.
    pub fn demo(name: &str) -> PageLink {
        let links = hcp_gateway::sandbox::demo_links::demo_links(
            "http://x",
            &Secret::new(TICKET_SECRET),
            &Secret::new(LINK_SECRET),
            hcp_gateway::clock::now_secs(),
        )
        .expect("links");
        let link = links
            .into_iter()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("no demo link named {name}"));
        let url = url::Url::parse(&link.url).expect("url");
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(url.query_pairs().filter(|(k, _)| k != "ticket"))
            .finish();
        PageLink::parse(url.path(), &query)
    }

    /// The link to `route` with the raw `query` (without `?`).
    pub fn parse(route: &str, query: &str) -> PageLink {
        PageLink {
            route: route.to_string(),
            pairs: query.split('&').filter_map(Pair::parse).collect(),
        }
    }

    fn position(&self, key: &str) -> usize {
        let at: Vec<usize> = (0..self.pairs.len())
            .filter(|i| self.pairs[*i].key == key)
            .collect();
        match at[..] {
            [i] => i,
            [] => panic!("the link has no parameter {key}: {}", self.url()),
            _ => panic!("the link has {key} more than once: {}", self.url()),
        }
    }

    /// The value of `key` (decoded); panics if the link has none.
    pub fn get(&self, key: &str) -> &str {
        &self.pairs[self.position(key)].value
    }

    /// `key` set to `value` (as it is to be read, decoded), in its place;
    /// panics if the link has no `key`. A signature is kept: the link is
    /// then one altered after signing.
    pub fn set(mut self, key: &str, value: &str) -> PageLink {
        let at = self.position(key);
        self.pairs[at] = Pair::new(key, value);
        self
    }

    /// `key` set to the base64 of `text` (a `*` parameter of SPEC §2).
    pub fn set_base64(self, key: &str, text: &str) -> PageLink {
        self.set(key, &encode_base64(text))
    }

    /// Without `key`; panics if the link has no `key`.
    pub fn remove(mut self, key: &str) -> PageLink {
        let at = self.position(key);
        self.pairs.remove(at);
        self
    }

    /// With `key=value` at the end; panics if the link has `key` already.
    pub fn add(mut self, key: &str, value: &str) -> PageLink {
        assert!(
            self.pairs.iter().all(|p| p.key != key),
            "the link has {key} already: {}",
            self.url()
        );
        self.pairs.push(Pair::new(key, value));
        self
    }

    /// Without its signature (`sign` and `expires`); panics if it has none.
    pub fn unsigned(self) -> PageLink {
        self.remove(link::SIGN_PARAM).remove(link::EXPIRES_PARAM)
    }

    /// Signed again with [`LINK_SECRET`], valid for an hour, as the hall
    /// system signs a link it issues.
    pub fn sign(self) -> PageLink {
        self.sign_with(
            LINK_SECRET.as_bytes(),
            hcp_gateway::clock::now_secs() + 3600,
        )
    }

    /// Signed again with `secret`, valid until `expires` (Unix seconds).
    pub fn sign_with(self, secret: &[u8], expires: i64) -> PageLink {
        let route = hcp_protocol::Route::from_path(&self.route).expect("a page route");
        let query = link::sign(route, &self.query(), secret, expires).expect("sign");
        PageLink::parse(&self.route, &query)
    }

    /// The route path (`/front/pc/`).
    pub fn route(&self) -> &str {
        &self.route
    }

    /// The query, without `?`.
    pub fn query(&self) -> String {
        let raws: Vec<&str> = self.pairs.iter().map(|p| p.raw.as_str()).collect();
        raws.join("&")
    }

    /// The route and the query: what a browser asks the gateway for.
    pub fn url(&self) -> String {
        format!("{}?{}", self.route, self.query())
    }
}

/// The demo link of a page variant: (route path, raw query without the
/// ticket), as [`PageLink::demo`] has it.
pub fn demo_page(name: &str) -> (String, String) {
    let link = PageLink::demo(name);
    (link.route().to_string(), link.query())
}

/// A page query (without `?`) signed with [`LINK_SECRET`], valid for an hour.
pub fn signed(route: &str, query: &str) -> String {
    PageLink::parse(route, query).sign().query()
}

/// The query of an online case page (`/front/pc/`, the demo appCode) of
/// the case `serial` named `name` of `department`, written by hand: the
/// base64 values as they are, not form-encoded.
pub fn case_query(name: &str, serial: &str, department: &str) -> String {
    format!(
        "appCode=cTPyv9r6&channel=web&evalEntityCode=egovAffair&evalProcess=2&affairName={}&affairSerialNo={}&departmentCode={}",
        encode_base64(name),
        encode_base64(serial),
        encode_base64(department)
    )
}

/// A ticket for a citizen with these phone and ID numbers.
pub fn ticket_for(phone: &str, id: &str, exp_in: i64) -> String {
    let now = hcp_gateway::clock::now_secs();
    let mut claims = hcp_gateway::sandbox::demo_data::demo_citizen(now, exp_in);
    claims.contact_phone = Some(phone.to_string());
    claims.certificate_no = Some(id.to_string());
    issue_ticket(&Secret::new(TICKET_SECRET), &claims).expect("ticket")
}

/// The demo ticket (demo citizen).
pub fn demo_ticket() -> String {
    let now = hcp_gateway::clock::now_secs();
    issue_ticket(
        &Secret::new(TICKET_SECRET),
        &hcp_gateway::sandbox::demo_data::demo_citizen(now, 3600),
    )
    .expect("ticket")
}

#[test]
fn set_changes_only_the_named_parameter_in_its_place() {
    let link = PageLink::parse("/front/pc/", "appCode=a1&workerNo=1212&workerName=5p2O5Yek");
    let changed = link.clone().set("workerNo", "7777");
    assert_eq!(
        changed.query(),
        "appCode=a1&workerNo=7777&workerName=5p2O5Yek"
    );
    assert_eq!(
        link.clone()
            .set_base64("workerName", "王<b>小明")
            .remove("appCode")
            .add("lang", "en")
            .url(),
        "/front/pc/?workerNo=1212&workerName=546LPGI%2B5bCP5piO&lang=en"
    );
    // Base64 padding stays as it is; what form decoding would change does not.
    assert_eq!(
        link.set("workerName", "MTM3MjIyMjMzMzM=")
            .set("appCode", "%% &#")
            .query(),
        "appCode=%25%25%20%26%23&workerNo=1212&workerName=MTM3MjIyMjMzMzM="
    );
}

#[test]
fn names_are_compared_decoded_and_other_pairs_keep_their_text() {
    let link = PageLink::parse("/guide/", "a%43=1&b=x%3D&c=%2B");
    assert_eq!(link.get("aC"), "1");
    assert_eq!(link.get("b"), "x=");
    assert_eq!(link.get("c"), "+");
    assert_eq!(link.set("aC", "2").query(), "aC=2&b=x%3D&c=%2B");
}

#[test]
fn a_signed_demo_link_verifies_and_an_altered_one_does_not() {
    let good = PageLink::demo("affair-hall");
    let now = hcp_gateway::clock::now_secs();
    let verify = |l: &PageLink| {
        link::verify(
            hcp_protocol::Route::FrontPc,
            &l.query(),
            LINK_SECRET.as_bytes(),
            now,
        )
    };
    assert!(verify(&good).is_ok());
    let forged = good.set_base64("userName", "张伪造");
    assert!(verify(&forged).is_err());
    assert!(verify(&forged.sign()).is_ok());
}

#[test]
#[should_panic(expected = "the link has no parameter workerNumber")]
fn a_parameter_the_link_does_not_have_panics() {
    let _ = PageLink::demo("affair-hall").set("workerNumber", "7777");
}

#[test]
#[should_panic(expected = "the link has offLine already")]
fn adding_a_parameter_the_link_has_panics() {
    let _ = PageLink::demo("affair-hall").add("offLine", "1");
}
