//! The client of the provincial platform (or the sandbox): base URL,
//! timeouts (connect 2 s, whole request `HCP_UPSTREAM_TIMEOUT_MS`, 5 s by
//! default), and the x-rio signature on every request (paasid, timestamp in
//! seconds, a fresh nonce, signature). It records each interface's latency
//! and never logs the token or a body.
//!
//! A failure says whether the request may have reached the platform
//! ([`UpstreamError::may_have_landed`]): only a failed connection proves it
//! did not; after a timeout or a connection lost mid-answer, a rating may be
//! stored there, and the outbox confirms before sending it again.

use std::time::{Duration, Instant};

use hcp_protocol::sign::{self, header};
use hcp_protocol::upstream::Envelope;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde_json::Value;
use url::Url;

use crate::clock::now_secs;
use crate::config::Secret;
use crate::metrics::Metrics;

/// Connect timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// Why a request got no usable answer. Every one of these is worth a retry.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// Could not connect: the request never left.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The connection broke after the request was sent (or while sending).
    #[error("network error: {0}")]
    Network(String),
    /// No answer within the timeout.
    #[error("timed out")]
    Timeout,
    /// An HTTP status other than 2xx.
    #[error("HTTP status {0}")]
    Status(u16),
    /// A 2xx answer that is not the platform's JSON envelope.
    #[error("unreadable answer: {0}")]
    BadBody(String),
}

impl UpstreamError {
    /// Whether the platform may have handled the request although no usable
    /// answer came: everything but a failed connection and a 4xx (the request
    /// itself was turned away). A 5xx or an unreadable answer may come from
    /// a proxy that failed after the platform stored.
    pub fn may_have_landed(&self) -> bool {
        match self {
            UpstreamError::Connect(_) => false,
            UpstreamError::Status(s) => !(400..500).contains(s),
            UpstreamError::Network(_) | UpstreamError::Timeout | UpstreamError::BadBody(_) => true,
        }
    }
}

/// The signed client. Cheap to clone.
#[derive(Clone)]
pub struct UpstreamClient {
    http: reqwest::Client,
    base: Url,
    paas_id: String,
    token: Secret,
    metrics: Metrics,
}

impl std::fmt::Debug for UpstreamClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpstreamClient")
            .field("base", &self.base.as_str())
            .field("paas_id", &self.paas_id)
            .field("token", &self.token)
            .finish()
    }
}

impl UpstreamClient {
    /// A client for `base` (ending with `/`), each request given `timeout`.
    pub fn new(
        base: Url,
        paas_id: String,
        token: Secret,
        metrics: Metrics,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT.min(timeout))
            .timeout(timeout)
            .user_agent(concat!("hcp-gateway/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(UpstreamClient {
            http,
            base,
            paas_id,
            token,
            metrics,
        })
    }

    /// The base URL.
    pub fn base(&self) -> &Url {
        &self.base
    }

    fn url(&self, interface: &str) -> Result<Url, UpstreamError> {
        self.base
            .join(interface)
            .map_err(|e| UpstreamError::BadBody(format!("bad interface path {interface}: {e}")))
    }

    fn sign(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let timestamp = now_secs().to_string();
        // Unique within ten minutes by construction: 122 random bits.
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let signature = sign::rio_signature(&timestamp, self.token.expose(), &nonce);
        req.header(header::PAASID, &self.paas_id)
            .header(header::TIMESTAMP, timestamp)
            .header(header::NONCE, nonce)
            .header(header::SIGNATURE, signature)
    }

    /// POSTs a JSON body (already serialized) to `interface`.
    pub async fn post_json(
        &self,
        interface: &str,
        body: String,
    ) -> Result<Envelope<Value>, UpstreamError> {
        let url = self.url(interface)?;
        let req = self
            .http
            .post(url)
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=UTF-8"),
            )
            .body(body);
        self.send(interface, self.sign(req)).await
    }

    /// GETs `interface` with query parameters.
    pub async fn get(
        &self,
        interface: &str,
        query: &[(&str, &str)],
    ) -> Result<Envelope<Value>, UpstreamError> {
        let mut url = self.url(interface)?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        self.send(interface, self.sign(self.http.get(url))).await
    }

    async fn send(
        &self,
        interface: &str,
        req: reqwest::RequestBuilder,
    ) -> Result<Envelope<Value>, UpstreamError> {
        let started = Instant::now();
        let result = async {
            let resp = req.send().await.map_err(classify)?;
            let status = resp.status();
            if !status.is_success() {
                return Err(UpstreamError::Status(status.as_u16()));
            }
            let bytes = resp.bytes().await.map_err(classify)?;
            serde_json::from_slice::<Envelope<Value>>(&bytes).map_err(|e| {
                UpstreamError::BadBody(format!(
                    "not the platform's JSON envelope (line {}, column {})",
                    e.line(),
                    e.column()
                ))
            })
        }
        .await;
        let elapsed = started.elapsed();
        let outcome = match &result {
            Ok(env) if env.code == 0 => "ok",
            Ok(_) => "refused",
            Err(_) => "error",
        };
        self.metrics
            .upstream_latency
            .with_label_values(&[interface, outcome])
            .observe(elapsed.as_secs_f64());
        match &result {
            Ok(env) => tracing::debug!(
                interface,
                code = env.code,
                elapsed_ms = elapsed.as_millis() as u64,
                "upstream answered"
            ),
            Err(e) => {
                tracing::info!(interface, error = %e, elapsed_ms = elapsed.as_millis() as u64, "upstream request failed")
            }
        }
        result
    }
}

fn classify(e: reqwest::Error) -> UpstreamError {
    // A connect timeout is a failed connection: nothing was sent.
    if e.is_connect() {
        UpstreamError::Connect(chain(e))
    } else if e.is_timeout() {
        UpstreamError::Timeout
    } else {
        UpstreamError::Network(chain(e))
    }
}

/// The error and its causes, on one line.
fn chain(e: reqwest::Error) -> String {
    // Without the URL: it is ours, and the chain is enough to diagnose.
    let e = e.without_url();
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
