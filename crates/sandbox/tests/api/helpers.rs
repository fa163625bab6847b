//! Spawning a sandbox on a random loopback port and calling it over real
//! HTTP with real x-rio signatures.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hcp_protocol::crypt::DesKey;
use hcp_protocol::sign::{self, header};
use hcp_sandbox::{SandboxConfig, SandboxHandle, StoredRating, WorkOrder, dev};
use serde_json::Value;

/// A running sandbox with its own temporary data directory.
pub struct TestSandbox {
    pub handle: SandboxHandle,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A nonce no other request of this test run uses.
pub fn nonce() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "t{}:{:x}:{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub fn key() -> DesKey {
    DesKey::parse(dev::DES_KEY).expect("dev key")
}

/// DES-encrypts a personal value with the dev key, as the gateway does.
pub fn enc(plain: &str) -> String {
    key().encrypt_hex(plain)
}

/// The x-rio headers of one request.
#[derive(Debug, Clone)]
pub struct Rio {
    pub paasid: Option<String>,
    pub timestamp: Option<String>,
    pub nonce: Option<String>,
    pub signature: Option<String>,
}

impl Rio {
    /// Correctly signed with the dev identity, at `now + skew` seconds.
    pub fn signed_at(skew: i64) -> Rio {
        Rio::signed_with(dev::PAAS_ID, dev::PAAS_TOKEN, now() + skew)
    }

    /// Correctly signed now.
    pub fn signed() -> Rio {
        Rio::signed_at(0)
    }

    pub fn signed_with(paasid: &str, token: &str, ts: i64) -> Rio {
        let ts = ts.to_string();
        let nonce = nonce();
        let sig = sign::rio_signature(&ts, token, &nonce);
        Rio {
            paasid: Some(paasid.to_string()),
            timestamp: Some(ts),
            nonce: Some(nonce),
            signature: Some(sig),
        }
    }

    pub fn apply(&self, mut req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        for (name, value) in [
            (header::PAASID, &self.paasid),
            (header::TIMESTAMP, &self.timestamp),
            (header::NONCE, &self.nonce),
            (header::SIGNATURE, &self.signature),
        ] {
            if let Some(v) = value {
                req = req.header(name, v);
            }
        }
        req
    }
}

pub async fn spawn_sandbox() -> TestSandbox {
    spawn_configured(|_| {}).await
}

pub async fn spawn_configured(adjust: impl FnOnce(&mut SandboxConfig)) -> TestSandbox {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = SandboxConfig::dev(dir.path().join("sandbox").join("sandbox.db"));
    adjust(&mut config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let handle = hcp_sandbox::spawn(config, listener)
        .await
        .expect("spawn sandbox");
    TestSandbox {
        handle,
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client"),
        dir,
    }
}

impl TestSandbox {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.handle.base_url())
    }

    /// POSTs a JSON body, correctly signed; the envelope.
    pub async fn post(&self, path: &str, body: &Value) -> Value {
        self.post_with(path, body, &Rio::signed()).await
    }

    pub async fn post_with(&self, path: &str, body: &Value, rio: &Rio) -> Value {
        self.post_raw(path, body.to_string(), rio).await
    }

    pub async fn post_raw(&self, path: &str, body: String, rio: &Rio) -> Value {
        let req = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body);
        let res = rio.apply(req).send().await.expect("send");
        assert_eq!(res.status(), 200, "HTTP status of {path}");
        res.json().await.expect("JSON envelope")
    }

    /// GETs with query parameters, correctly signed; the envelope.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Value {
        self.get_with(path, query, &Rio::signed()).await
    }

    pub async fn get_with(&self, path: &str, query: &[(&str, &str)], rio: &Rio) -> Value {
        let url = reqwest::Url::parse_with_params(&self.url(path), query).expect("url");
        let res = rio.apply(self.client.get(url)).send().await.expect("send");
        assert_eq!(res.status(), 200, "HTTP status of {path}");
        res.json().await.expect("JSON envelope")
    }

    pub fn ratings(&self) -> Vec<StoredRating> {
        self.handle.sandbox().ratings().expect("ratings")
    }

    pub fn work_orders(&self) -> Vec<WorkOrder> {
        self.handle.sandbox().work_orders().expect("work orders")
    }
}

/// Asserts an envelope's code, showing the whole envelope when it differs.
#[track_caller]
pub fn assert_code(envelope: &Value, code: i64) {
    assert_eq!(envelope["code"], code, "envelope: {envelope}");
}

/// Asserts a code-2 refusal whose message is exactly `message`.
#[track_caller]
pub fn assert_refused(envelope: &Value, message: &str) {
    assert_code(envelope, 2);
    assert_eq!(envelope["message"], message, "envelope: {envelope}");
    assert!(envelope["data"].is_null());
}

/// Removes a field at a dotted path (`affair.affairCode`, `affairList.0.affairSerialNo`).
pub fn remove(v: &mut Value, path: &str) {
    let parts: Vec<&str> = path.split('.').collect();
    let (last, parents) = parts.split_last().expect("path");
    let mut cur = v;
    for p in parents {
        cur = match p.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[*p],
        };
    }
    match (cur, last.parse::<usize>()) {
        (Value::Array(a), Ok(i)) if i < a.len() => {
            a.remove(i);
        }
        (Value::Object(m), _) => {
            m.remove(*last);
        }
        (other, _) => panic!("nothing to remove at {path}: {other}"),
    }
}

/// Sets a field at a dotted path.
pub fn set(v: &mut Value, path: &str, value: Value) {
    let mut cur = v;
    for p in path.split('.') {
        cur = match p.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[p],
        };
    }
    *cur = value;
}
