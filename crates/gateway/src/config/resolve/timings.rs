//! The numbers: the outbox's timing, the submission wait, the /api rate
//! limits, the catalogs' freshness, the upstream timeout, the rating
//! periods and the pad's display time. Each must be greater than 0; the
//! lease must outlast one upstream request and a period ten years at most.

use std::num::NonZeroU32;
use std::time::Duration;

use super::Problems;
use crate::config::{ConfigArgs, RateLimit, RatingPeriods, RetryPolicy};

/// The numbers as given or defaulted (a 0 is reported and defaulted).
pub(super) struct Tunables {
    retry_initial_ms: u64,
    retry_max_secs: u64,
    lease_secs: u64,
    submit_wait_ms: u64,
    tags_ttl_secs: u64,
    per_second: u64,
    burst: u64,
    upstream_timeout_ms: u64,
    confirm_after_secs: u64,
    consult_days: u64,
    guide_days: u64,
    pad_show_secs: u64,
}

impl Tunables {
    /// Reads them, reporting each 0.
    pub(super) fn read(args: &ConfigArgs, p: &mut Problems) -> Tunables {
        let mut positive = |v: Option<u64>, field: &str, default: u64| -> u64 {
            match v {
                Some(0) => {
                    p.invalid(format!("{}: must be greater than 0", env_name(field)));
                    default
                }
                Some(n) => n,
                None => default,
            }
        };
        Tunables {
            retry_initial_ms: positive(args.retry_initial_ms, "retry_initial_ms", 2000),
            retry_max_secs: positive(args.retry_max_secs, "retry_max_secs", 600),
            lease_secs: positive(args.lease_secs, "lease_secs", 30),
            submit_wait_ms: positive(args.submit_wait_ms, "submit_wait_ms", 3000),
            tags_ttl_secs: positive(args.tags_ttl_secs, "tags_ttl_secs", 600),
            per_second: positive(
                args.rate_limit_per_second.map(u64::from),
                "rate_limit_per_second",
                5,
            ),
            burst: positive(args.rate_limit_burst.map(u64::from), "rate_limit_burst", 60),
            upstream_timeout_ms: positive(args.upstream_timeout_ms, "upstream_timeout_ms", 5000),
            confirm_after_secs: positive(args.confirm_after_secs, "confirm_after_secs", 60),
            consult_days: positive(args.consult_period_days, "consult_period_days", 1),
            guide_days: positive(args.guide_period_days, "guide_period_days", 30),
            pad_show_secs: positive(args.pad_show_secs, "pad_show_secs", 180),
        }
    }

    /// An attempt may take the whole request timeout; its lease must outlast
    /// it (the lease is renewed between a confirmation and a resend).
    pub(super) fn check_lease(&self, p: &mut Problems) {
        let timeout_ms = self.upstream_timeout_ms;
        if self.lease_secs.saturating_mul(1000) < timeout_ms.saturating_add(1000) {
            p.invalid(format!(
                "HCP_LEASE_SECS: must be at least {} (one upstream request, HCP_UPSTREAM_TIMEOUT_MS = {timeout_ms}, plus a second)",
                timeout_ms.saturating_add(1000).div_ceil(1000)
            ));
        }
    }

    /// A rating period is ten years at most.
    pub(super) fn check_periods(&self, p: &mut Problems) {
        for (days, var) in [
            (self.consult_days, "HCP_CONSULT_PERIOD_DAYS"),
            (self.guide_days, "HCP_GUIDE_PERIOD_DAYS"),
        ] {
            if days > 3650 {
                p.invalid(format!("{var}: must be at most 3650 (ten years)"));
            }
        }
    }

    pub(super) fn retry(&self) -> RetryPolicy {
        RetryPolicy {
            initial: Duration::from_millis(self.retry_initial_ms),
            max: Duration::from_secs(self.retry_max_secs),
            lease: Duration::from_secs(self.lease_secs),
            confirm_after: Duration::from_secs(self.confirm_after_secs),
        }
    }

    pub(super) fn submit_wait(&self) -> Duration {
        Duration::from_millis(self.submit_wait_ms)
    }

    pub(super) fn rate_limit(&self) -> RateLimit {
        let nz = |n: u64| {
            NonZeroU32::new(u32::try_from(n).unwrap_or(u32::MAX)).unwrap_or(NonZeroU32::MIN)
        };
        RateLimit {
            per_second: nz(self.per_second),
            burst: nz(self.burst),
        }
    }

    pub(super) fn tags_ttl(&self) -> Duration {
        Duration::from_secs(self.tags_ttl_secs)
    }

    pub(super) fn upstream_timeout(&self) -> Duration {
        Duration::from_millis(self.upstream_timeout_ms)
    }

    pub(super) fn periods(&self) -> RatingPeriods {
        RatingPeriods {
            consult_days: self.consult_days,
            guide_days: self.guide_days,
        }
    }

    pub(super) fn pad_show(&self) -> Duration {
        Duration::from_secs(self.pad_show_secs)
    }
}

/// The environment variable of a field.
fn env_name(field: &str) -> String {
    format!("HCP_{}", field.to_ascii_uppercase())
}
