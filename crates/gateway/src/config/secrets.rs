//! What a production gateway refuses to run with: secret values that are
//! public (the sandbox's development values, the seeds' and our docs'
//! examples) and secrets too short for their algorithm.
//!
//! The public values are known here by their SHA-256 digests only, so that a
//! build without the `sandbox` feature, which contains none of the
//! development values, still recognises and refuses them.

use sha2::{Digest, Sha256};

/// SHA-256 (lowercase hex) of every secret value that is published: what it is.
pub const PUBLIC_SECRET_DIGESTS: &[(&str, &str)] = &[
    (
        "a659be44008cd1dc8703332d2dad37c0607e0ef874bbf301fc470e26649277d3",
        "the sandbox's development PaaS token",
    ),
    (
        "9ee67afc23a37fb9e557122376c66553bbeab761917c72d7f1442845a4b4ef5b",
        "the sandbox's development DES key",
    ),
    (
        "140ef794e91fbab521583aaa9810fa83bafaa565c68581ce8f26b88acd917906",
        "the development ticket secret",
    ),
    (
        "321fe95d7f16537e8eb35ad3488dd6996b575ee4c89e197f80035a4254f0bbe9",
        "the development push secret",
    ),
    (
        "59acf71da1f03e2c8767439874a347c8e063d8f57076c235e99b2482074aaf86",
        "an earlier development push secret",
    ),
    (
        "aa6dce5576d2f389631139f2f573d827531214f59f9aa953640406b42ede414a",
        "the development link secret",
    ),
    (
        "073270e050ebb291931ecfd51d13ba14df7b40484e0e2d16873f366e2588ec2e",
        "the example token of seed 000's signature section",
    ),
    (
        "4922c2f8450dc7953612ef7096e69c15a11481334057894afa35869e8f03f08f",
        "the link-signing test vector's secret in README.md",
    ),
];

/// HS256 (the ticket) and HMAC-SHA256 (links) need keys at least as long as
/// the hash (RFC 7518 §3.2, RFC 2104 §3); the push secret is ours to choose
/// too, so it gets the same bar.
pub const MIN_CHOSEN_SECRET: usize = 32;
/// The PaaS token is assigned by the provincial API gateway, which we cannot
/// dictate to; only an obviously weak one is refused.
pub const MIN_PAAS_TOKEN: usize = 16;

/// What a public secret value is, if `value` is one.
pub fn public_secret(value: &str) -> Option<&'static str> {
    let digest = hex_sha256(value);
    PUBLIC_SECRET_DIGESTS
        .iter()
        .find(|(d, _)| *d == digest)
        .map(|(_, what)| *what)
}

fn hex_sha256(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

/// The production checks of one secret: `None` when it may be used, else the
/// line of the start-up refusal (naming the variable, never the value).
pub fn production_problem(var: &str, value: &str, min_len: usize) -> Option<String> {
    if let Some(what) = public_secret(value) {
        return Some(format!(
            "{var}: is {what}, which is published; set the production secret"
        ));
    }
    let len = value.len();
    let unit = if len == 1 { "byte" } else { "bytes" };
    (len < min_len).then(|| {
        format!(
            "{var}: is {len} {unit} long; use at least {min_len} (random, e.g. `openssl rand -hex 32`)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_values_are_recognised_by_digest() {
        assert_eq!(
            public_secret("Nu4WmXGBauU99NsNuwXjbV7hO2xwEef91Rp9rKX6WatcmiwWqXyk"),
            Some("the example token of seed 000's signature section")
        );
        assert_eq!(public_secret("a-real-secret-nobody-published-0123"), None);
        let p = production_problem("HCP_PUSH_SECRET", "hcp-dev-push-secret", 32).expect("refused");
        assert!(p.starts_with("HCP_PUSH_SECRET: is an earlier"), "{p}");
        assert!(!p.contains("hcp-dev-push-secret"), "{p}");
        let short = production_problem("HCP_LINK_SECRET", "short", 32).expect("refused");
        assert!(short.contains("5 bytes") && short.contains("32"), "{short}");
        assert_eq!(production_problem("HCP_X", &"k".repeat(32), 32), None);
    }

    /// The digests stand for the development values the sandbox build uses.
    #[cfg(feature = "sandbox")]
    #[test]
    fn every_development_value_is_known() {
        for v in [
            hcp_sandbox::dev::PAAS_TOKEN,
            hcp_sandbox::dev::DES_KEY,
            crate::sandbox::dev::TICKET_SECRET,
            crate::sandbox::dev::PUSH_SECRET,
            crate::sandbox::dev::LINK_SECRET,
        ] {
            assert!(public_secret(v).is_some(), "{v} is not in the list");
        }
    }
}
