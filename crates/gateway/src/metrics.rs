//! Prometheus metrics, one registry per gateway (so tests running several
//! gateways in one process do not mix them up): requests by route and
//! status, upstream latency by interface, outbox entries by state,
//! deliveries by outcome, confirmations of unknown outcomes and how those
//! entries were settled, the tag catalogs, and the pads connected.

use std::sync::Arc;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

/// The gateway's metrics. Cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    /// `hcp_http_requests_total{route,method,status}`.
    pub http_requests: IntCounterVec,
    /// `hcp_upstream_request_duration_seconds{interface,outcome}`.
    pub upstream_latency: HistogramVec,
    /// `hcp_outbox_entries{state}`, refreshed on every scrape.
    pub outbox_entries: IntGaugeVec,
    /// `hcp_outbox_deliveries_total{outcome}`: delivered, confirmed, already_rated, refused, retry.
    pub deliveries: IntCounterVec,
    /// `hcp_tag_cache_total{result}`: hit, miss, stale.
    pub tag_cache: IntCounterVec,
    /// `hcp_outbox_confirmations_total{kind,result}`: found, rated_by_other, absent, failed.
    pub confirmations: IntCounterVec,
    /// `hcp_outbox_recovered_entries{how}`: confirmed, resent; refreshed on every scrape.
    pub recovered: IntGaugeVec,
    /// `hcp_outbox_unconfirmed_entries`: pending entries whose last attempt's outcome is unknown.
    pub unconfirmed: prometheus::IntGauge,
    /// `hcp_tag_refresh_total{outcome}`: ok, refused, error.
    pub tag_refresh: IntCounterVec,
    /// `hcp_tag_catalogs{state}`: stored, missing; refreshed on every scrape.
    pub tag_catalogs: IntGaugeVec,
    /// `hcp_pad_connections`: pads connected to this gateway's live updates.
    pub pad_connections: prometheus::IntGauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// A fresh registry with every metric registered.
    pub fn new() -> anyhow::Result<Metrics> {
        let registry = Registry::new();
        let http_requests = IntCounterVec::new(
            Opts::new(
                "hcp_http_requests_total",
                "HTTP requests by matched route, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let upstream_latency = HistogramVec::new(
            HistogramOpts::new(
                "hcp_upstream_request_duration_seconds",
                "Upstream request latency by interface and outcome (ok, refused, error)",
            )
            .buckets(vec![
                0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0,
            ]),
            &["interface", "outcome"],
        )?;
        let outbox_entries = IntGaugeVec::new(
            Opts::new("hcp_outbox_entries", "Outbox entries by state"),
            &["state"],
        )?;
        let deliveries = IntCounterVec::new(
            Opts::new(
                "hcp_outbox_deliveries_total",
                "Delivery attempts by outcome",
            ),
            &["outcome"],
        )?;
        let tag_cache = IntCounterVec::new(
            Opts::new("hcp_tag_cache_total", "Tag list lookups by cache result"),
            &["result"],
        )?;
        let confirmations = IntCounterVec::new(
            Opts::new(
                "hcp_outbox_confirmations_total",
                "Queries asking the platform whether a rating with an unknown outcome landed, by entry kind and result (found, rated_by_other, absent, failed)",
            ),
            &["kind", "result"],
        )?;
        let recovered = IntGaugeVec::new(
            Opts::new(
                "hcp_outbox_recovered_entries",
                "Entries settled after an attempt with an unknown outcome: confirmed delivered by the platform's query, or resent after the query did not show them",
            ),
            &["how"],
        )?;
        let unconfirmed = prometheus::IntGauge::new(
            "hcp_outbox_unconfirmed_entries",
            "Pending entries whose last attempt's outcome is unknown, waiting to be confirmed",
        )?;
        let tag_refresh = IntCounterVec::new(
            Opts::new(
                "hcp_tag_refresh_total",
                "Background tag catalog fetches by outcome (ok, refused, error)",
            ),
            &["outcome"],
        )?;
        let tag_catalogs = IntGaugeVec::new(
            Opts::new(
                "hcp_tag_catalogs",
                "Tag catalogs kept (stored) and shown by pages but never fetched (missing)",
            ),
            &["state"],
        )?;
        let pad_connections = prometheus::IntGauge::new(
            "hcp_pad_connections",
            "Hall window pads connected to this gateway's live updates",
        )?;
        registry.register(Box::new(pad_connections.clone()))?;
        registry.register(Box::new(confirmations.clone()))?;
        registry.register(Box::new(recovered.clone()))?;
        registry.register(Box::new(unconfirmed.clone()))?;
        registry.register(Box::new(tag_refresh.clone()))?;
        registry.register(Box::new(tag_catalogs.clone()))?;
        for r in crate::delivery::kinds::Recovery::ALL {
            recovered.with_label_values(&[r.as_str()]).set(0);
        }
        registry.register(Box::new(http_requests.clone()))?;
        registry.register(Box::new(upstream_latency.clone()))?;
        registry.register(Box::new(outbox_entries.clone()))?;
        registry.register(Box::new(deliveries.clone()))?;
        registry.register(Box::new(tag_cache.clone()))?;
        for state in crate::delivery::kinds::State::ALL {
            outbox_entries.with_label_values(&[state.as_str()]).set(0);
        }
        Ok(Metrics {
            registry: Arc::new(registry),
            http_requests,
            upstream_latency,
            outbox_entries,
            deliveries,
            tag_cache,
            confirmations,
            recovered,
            unconfirmed,
            tag_refresh,
            tag_catalogs,
            pad_connections,
        })
    }

    /// The text exposition format.
    pub fn render(&self) -> anyhow::Result<String> {
        let mut buf = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut buf)?;
        Ok(String::from_utf8(buf)?)
    }
}
