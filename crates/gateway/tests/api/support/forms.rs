//! Seed-004 signed forms, as the directory's source and the hall system
//! send them (`hcp_protocol::sign::SignedForm`, the one builder the
//! gateway's `hall-report` and the load generator use too), and the wrong
//! ones the tests make from them: one named field changed after signing
//! (a field the form does not have panics, so a test cannot quietly send
//! the good form), or a field left out and the rest signed again.

use hcp_protocol::sign::{SignedForm, md5_param_signature};

/// The push identity of test gateways (their HCP_PUSH_APPCODE default).
pub const PUSH_APPCODE: &str = "hcp-directory";
/// Their HCP_PUSH_MODULECODE default.
pub const PUSH_MODULECODE: &str = "directory";

/// A seed-004 form: its pairs in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushForm(Vec<(String, String)>);

impl PushForm {
    /// A call with `data`, at `timestamp`, with `nonce`, signed with `secret`
    /// under the test gateways' push identity.
    pub fn signed(data: &str, timestamp: i64, nonce: &str, secret: &str) -> Self {
        let signer = SignedForm {
            appcode: PUSH_APPCODE,
            modulecode: PUSH_MODULECODE,
            secret,
        };
        Self(signer.form(data, timestamp, nonce))
    }

    /// A call with `data` signed with `secret` now, with a nonce of its own.
    pub fn fresh(data: &str, secret: &str) -> Self {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        Self::signed(data, hcp_gateway::clock::now_secs(), &nonce, secret)
    }

    /// A form of exactly these pairs (one that was never signed).
    pub fn of(pairs: &[(&str, &str)]) -> Self {
        Self(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn position(&self, field: &str) -> usize {
        let at: Vec<usize> = (0..self.0.len())
            .filter(|i| self.0[*i].0 == field)
            .collect();
        match at[..] {
            [i] => i,
            [] => panic!("the form has no field {field}: {:?}", self.names()),
            _ => panic!("the form has {field} more than once: {:?}", self.names()),
        }
    }

    fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(k, _)| k.as_str()).collect()
    }

    /// The value of `field`; panics if the form has none.
    pub fn get(&self, field: &str) -> &str {
        &self.0[self.position(field)].1
    }

    /// `field` changed to `value` after signing (digest and signature
    /// kept); panics if the form has no such field.
    pub fn set(mut self, field: &str, value: impl ToString) -> Self {
        let at = self.position(field);
        self.0[at].1 = value.to_string();
        self
    }

    /// Without `field`; panics if the form has no such field.
    pub fn remove(mut self, field: &str) -> Self {
        let at = self.position(field);
        self.0.remove(at);
        self
    }

    /// `sign` made again over the pairs it has now, with `secret`: what a
    /// signer sending exactly these pairs sends.
    pub fn resign(self, secret: &str) -> Self {
        let sign =
            md5_param_signature(self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())), secret);
        self.set("sign", sign)
    }

    /// The request body (form-encoded).
    pub fn body(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.0)
            .finish()
    }
}

impl From<PushForm> for reqwest::Body {
    fn from(form: PushForm) -> Self {
        form.body().into()
    }
}

/// POSTs a form-encoded `body` to `path` of the gateway at `base`.
pub async fn post_form(
    base: &str,
    path: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    crate::support::client()
        .post(format!("{base}{path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("post")
}

#[test]
fn a_changed_field_keeps_the_signature_and_resigning_makes_a_good_one() {
    let good = PushForm::signed("[]", 1_700_000_000, "n-1", "s");
    let names: Vec<&str> = good.names();
    assert_eq!(
        names,
        [
            "appcode",
            "modulecode",
            "timestamp",
            "nonce",
            "datasha256",
            "data",
            "sign"
        ]
    );
    let changed = good.clone().set("timestamp", 1_700_000_001);
    assert_eq!(changed.get("timestamp"), "1700000001");
    assert_eq!(changed.get("sign"), good.get("sign"));
    let resigned = changed.resign("s");
    assert_eq!(
        resigned,
        PushForm::signed("[]", 1_700_000_001, "n-1", "s"),
        "signed again over the same pairs: the builder's form"
    );
    let published = good.remove("datasha256").resign("s");
    assert_eq!(
        published.names(),
        [
            "appcode",
            "modulecode",
            "timestamp",
            "nonce",
            "data",
            "sign"
        ]
    );
}

#[test]
#[should_panic(expected = "the form has no field datasha25")]
fn a_field_the_form_does_not_have_panics() {
    let _ = PushForm::fresh("[]", "s").set("datasha25", "x");
}
