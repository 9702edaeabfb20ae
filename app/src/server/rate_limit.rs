//! Per-IP and per-account request limits for sign-in, booking and emailed links.
//!
//! Token buckets in this process's memory: each key may spend `burst` requests at once and
//! regains them evenly over a minute. Several processes each keep their own buckets, so the
//! effective limit grows with their number; that bounds abuse well enough without a shared
//! store in the request path.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;

/// The address a request came from, as the server determined it (a request extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

/// What is being limited; each has its own buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limited {
    SignIn,
    Booking,
    /// Emails sent on request: password resets and sign-in links.
    EmailLink,
}

/// Requests a minute allowed to one IP and to one account (email), per kind of request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub per_ip: u32,
    pub per_account: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub sign_in: Limits,
    pub booking: Limits,
    pub email_link: Limits,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            sign_in: Limits {
                per_ip: 20,
                per_account: 5,
            },
            booking: Limits {
                per_ip: 30,
                per_account: 10,
            },
            email_link: Limits {
                per_ip: 10,
                per_account: 3,
            },
        }
    }
}

impl RateLimits {
    /// Every limit multiplied, e.g. for load tests from one address.
    pub fn scaled(factor: u32) -> Self {
        let scale = |limits: Limits| Limits {
            per_ip: limits.per_ip.saturating_mul(factor),
            per_account: limits.per_account.saturating_mul(factor),
        };
        let defaults = Self::default();
        Self {
            sign_in: scale(defaults.sign_in),
            booking: scale(defaults.booking),
            email_link: scale(defaults.email_link),
        }
    }

    fn of(&self, kind: Limited) -> Limits {
        match kind {
            Limited::SignIn => self.sign_in,
            Limited::Booking => self.booking,
            Limited::EmailLink => self.email_link,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Bucket {
    tokens: f64,
    updated: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Ip(Limited, String),
    Account(Limited, String),
}

/// Buckets beyond this many are pruned of the full ones, so memory stays bounded.
pub(crate) const PRUNE_ABOVE: usize = 50_000;

#[derive(Debug)]
pub struct RateLimiter {
    limits: RateLimits,
    buckets: Mutex<Buckets>,
}

#[derive(Debug, Default)]
pub(crate) struct Buckets {
    by_key: HashMap<Key, Bucket>,
    last_pruned: Option<DateTime<Utc>>,
}

/// Pruning scans every bucket, so it runs at most this often.
pub(crate) const PRUNE_EVERY_SECONDS: i64 = 10;

impl RateLimiter {
    pub fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            buckets: Mutex::new(Buckets::default()),
        }
    }

    /// Spends one request of `ip` and, when given, of the account; `false` when either is out.
    pub fn allow(
        &self,
        kind: Limited,
        ip: &str,
        account: Option<&str>,
        now: DateTime<Utc>,
    ) -> bool {
        let limits = self.limits.of(kind);
        let mut keys = vec![(Key::Ip(kind, ip.to_owned()), limits.per_ip)];
        if let Some(account) = account {
            keys.push((
                Key::Account(kind, account.trim().to_lowercase()),
                limits.per_account,
            ));
        }
        self.spend(&keys, now)
    }

    /// Spends one request of an account alone.
    pub fn allow_account(&self, kind: Limited, account: &str, now: DateTime<Utc>) -> bool {
        let account = account.trim().to_lowercase();
        if account.is_empty() {
            return true;
        }
        let burst = self.limits.of(kind).per_account;
        self.spend(&[(Key::Account(kind, account), burst)], now)
    }

    fn spend(&self, keys: &[(Key, u32)], now: DateTime<Utc>) -> bool {
        let mut buckets = match self.buckets.lock() {
            Ok(buckets) => buckets,
            Err(poisoned) => poisoned.into_inner(),
        };
        let due = buckets
            .last_pruned
            .is_none_or(|last| (now - last).num_seconds() >= PRUNE_EVERY_SECONDS);
        if buckets.by_key.len() > PRUNE_ABOVE && due {
            // A bucket untouched for a minute is full again: forgetting it changes nothing.
            buckets
                .by_key
                .retain(|_, bucket| (now - bucket.updated).num_seconds() < 60);
            buckets.last_pruned = Some(now);
        }
        let allowed = keys.iter().all(|(key, burst)| {
            buckets
                .by_key
                .get(key)
                .is_none_or(|bucket| refilled(*bucket, *burst, now) >= 1.0)
        });
        if allowed {
            for (key, burst) in keys {
                let bucket = buckets.by_key.entry(key.clone()).or_insert(Bucket {
                    tokens: f64::from(*burst),
                    updated: now,
                });
                bucket.tokens = refilled(*bucket, *burst, now) - 1.0;
                bucket.updated = now;
            }
        }
        allowed
    }
}

pub(crate) fn refilled(bucket: Bucket, burst: u32, now: DateTime<Utc>) -> f64 {
    let elapsed_seconds = (now - bucket.updated).num_milliseconds().max(0) as f64 / 1000.0;
    let burst = f64::from(burst);
    (bucket.tokens + elapsed_seconds * burst / 60.0).min(burst)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    #[test]
    fn an_ip_gets_its_burst_then_waits_for_the_bucket_to_refill() {
        let limiter = RateLimiter::new(RateLimits::default());
        let now = start();
        for _ in 0..20 {
            assert!(limiter.allow(Limited::SignIn, "10.0.0.1", None, now));
        }
        assert!(!limiter.allow(Limited::SignIn, "10.0.0.1", None, now));
        assert!(
            limiter.allow(Limited::SignIn, "10.0.0.2", None, now),
            "other IPs are not affected"
        );
        assert!(
            limiter.allow(Limited::Booking, "10.0.0.1", None, now),
            "other kinds neither"
        );
        assert!(limiter.allow(
            Limited::SignIn,
            "10.0.0.1",
            None,
            now + Duration::seconds(3)
        ));
    }

    #[test]
    fn an_account_is_limited_across_addresses() {
        let limiter = RateLimiter::new(RateLimits::default());
        let now = start();
        for n in 0..5 {
            let ip = format!("10.0.1.{n}");
            assert!(limiter.allow(Limited::SignIn, &ip, Some("Ada@Example.com"), now));
        }
        assert!(!limiter.allow(Limited::SignIn, "10.0.2.1", Some("ada@example.com"), now));
        assert!(limiter.allow(Limited::SignIn, "10.0.2.1", Some("bob@example.com"), now));
    }

    #[test]
    fn a_refused_request_spends_nothing() {
        let limiter = RateLimiter::new(RateLimits::default());
        let now = start();
        for _ in 0..3 {
            assert!(limiter.allow(Limited::EmailLink, "10.0.0.9", Some("a@example.com"), now));
        }
        for _ in 0..20 {
            assert!(!limiter.allow(Limited::EmailLink, "10.0.0.9", Some("a@example.com"), now));
        }
        assert!(
            limiter.allow(Limited::EmailLink, "10.0.0.9", Some("b@example.com"), now),
            "the IP still has requests left: refusals did not use them"
        );
    }
}
