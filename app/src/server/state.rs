//! `AppState`: what every server function reaches through the Leptos context, and the clock.

use crate::server::clock::Clock;
use crate::server::links::{LinkPurpose, LinkSigner};
use crate::server::mail::{Mailer, OutgoingEmail};
use crate::server::media::MediaStore;
use crate::server::rate_limit::{ClientIp, Limited, RateLimiter, RateLimits};
use crate::server::secrets::SecretsKey;
use crate::server::stripe::{StripeGateway, StripeSettings};
use crate::shared::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::sync::Arc;
use store::Store;

/// Everything server functions need, provided through Leptos context.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Adds `Secure` to cookies; on when the app is served over HTTPS.
    pub secure_cookies: bool,
    /// Bounds concurrent Argon2 runs (19 MiB and real CPU each), so a flood of sign-ins
    /// queues instead of exhausting memory.
    pub password_hashing: Arc<tokio::sync::Semaphore>,
    pub mailer: Arc<dyn Mailer>,
    pub media: MediaStore,
    /// The address people reach the app at, e.g. `https://book.example.com`, for links in email.
    pub public_url: String,
    /// Signs students' booking links and private types' share links.
    pub links: LinkSigner,
    pub limiter: Arc<RateLimiter>,
    /// How long a picked time is held for the student filling in the booking form.
    pub hold_length: chrono::Duration,
    /// Every "now" of the app: tests move it instead of sleeping.
    pub clock: Arc<dyn Clock>,
    /// Seals the secrets studios hand us (their Stripe keys) before they are stored.
    pub secrets: SecretsKey,
    /// Stripe's API, called with each studio's own key.
    pub stripe: StripeGateway,
}

/// How the app is set up, as configured by the operator.
#[derive(Debug, Clone)]
pub struct AppSettings {
    pub public_url: String,
    pub secure_cookies: bool,
    pub hold_length: chrono::Duration,
    pub rate_limits: RateLimits,
    pub stripe: StripeSettings,
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        mailer: Arc<dyn Mailer>,
        media: MediaStore,
        links: LinkSigner,
        clock: Arc<dyn Clock>,
        secrets: SecretsKey,
        settings: AppSettings,
    ) -> Self {
        Self {
            store,
            secure_cookies: settings.secure_cookies,
            password_hashing: Arc::new(tokio::sync::Semaphore::new(PARALLEL_PASSWORD_HASHES)),
            mailer,
            media,
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            links,
            limiter: Arc::new(RateLimiter::new(settings.rate_limits)),
            hold_length: settings.hold_length,
            clock,
            secrets,
            stripe: StripeGateway::new(&settings.stripe),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Spends one request of the caller's IP (and of `account`), or refuses with 429.
    pub fn limit(&self, kind: Limited, account: Option<&str>) -> Result<(), AppError> {
        let ip = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientIp>().cloned())
            .map_or_else(|| "unknown".to_owned(), |ip| ip.0);
        let account = account.map(str::trim).filter(|account| !account.is_empty());
        if self.limiter.allow(kind, &ip, account, self.now()) {
            Ok(())
        } else {
            Err(AppError::TooManyRequests(
                "Too many attempts in a short time. Wait a minute, then try again.".to_owned(),
            ))
        }
    }

    /// Spends one request of an account (an email address) alone, e.g. once the form is parsed.
    pub fn limit_account(&self, kind: Limited, account: &str) -> Result<(), AppError> {
        if self.limiter.allow_account(kind, account, self.now()) {
            Ok(())
        } else {
            Err(AppError::TooManyRequests(
                "Too many attempts in a short time. Wait a minute, then try again.".to_owned(),
            ))
        }
    }

    /// The signed link path of a booking, e.g. `/booking/12.Xy…`.
    pub fn booking_path(&self, booking: &store::Booking) -> String {
        format!(
            "/booking/{}",
            self.links
                .sign(LinkPurpose::Booking, booking.id, &booking.public_token)
        )
    }

    /// The booking a signed link names; forged, altered and unknown links are all "not found".
    pub async fn booking_of_link(&self, link: &str) -> Result<store::Booking, AppError> {
        let not_found = || AppError::NotFound("We could not find this booking.".to_owned());
        let id = LinkSigner::id_of(link).ok_or_else(not_found)?;
        let booking = self.store.booking_by_id(id).await?.ok_or_else(not_found)?;
        if self.links.verify(
            LinkPurpose::Booking,
            link,
            booking.id,
            &booking.public_token,
        ) {
            Ok(booking)
        } else {
            Err(not_found())
        }
    }

    /// Sends an email in the background: the request answers the same whether or not the
    /// mail server is quick (or up), and a failure is logged for the operator.
    pub fn send_in_background(&self, email: OutgoingEmail) {
        let mailer = self.mailer.clone();
        tokio::spawn(async move {
            let subject = email.subject.clone();
            if let Err(error) = mailer.send(email).await {
                tracing::error!(%error, subject, "email not sent");
            }
        });
    }
}

pub(crate) const PARALLEL_PASSWORD_HASHES: usize = 2;

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}
