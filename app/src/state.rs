//! Server-side state and helpers that server functions share: authentication, the clock.

use crate::error::AppError;
use crate::links::{LinkPurpose, LinkSigner};
use crate::mail::{Mailer, OutgoingEmail};
use crate::media::MediaStore;
use crate::rate_limit::{ClientIp, Limited, RateLimiter, RateLimits};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use chrono::{DateTime, Utc};
use http::HeaderValue;
use http::header::{COOKIE, SET_COOKIE};
use leptos::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use store::{Store, Studio, User};

pub const SESSION_COOKIE: &str = "bookable_session";
const SESSION_DAYS: i64 = 30;

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
}

/// How the app is set up, as configured by the operator.
#[derive(Debug, Clone)]
pub struct AppSettings {
    pub public_url: String,
    pub secure_cookies: bool,
    pub hold_length: chrono::Duration,
    pub rate_limits: RateLimits,
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        mailer: Arc<dyn Mailer>,
        media: MediaStore,
        links: LinkSigner,
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
        }
    }

    /// Spends one request of the caller's IP (and of `account`), or refuses with 429.
    pub fn limit(&self, kind: Limited, account: Option<&str>) -> Result<(), AppError> {
        let ip = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ClientIp>().cloned())
            .map_or_else(|| "unknown".to_owned(), |ip| ip.0);
        let account = account.map(str::trim).filter(|account| !account.is_empty());
        if self.limiter.allow(kind, &ip, account, now()) {
            Ok(())
        } else {
            Err(AppError::TooManyRequests(
                "Too many attempts in a short time. Wait a minute, then try again.".to_owned(),
            ))
        }
    }

    /// Spends one request of an account (an email address) alone, e.g. once the form is parsed.
    pub fn limit_account(&self, kind: Limited, account: &str) -> Result<(), AppError> {
        if self.limiter.allow_account(kind, account, now()) {
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

const PARALLEL_PASSWORD_HASHES: usize = 2;

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the server function context");
        AppError::Internal
    })
}

pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// A random 256-bit token, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// Argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1), off the async threads.
pub async fn hash_password(state: &AppState, password: String) -> Result<String, AppError> {
    let _permit = state
        .password_hashing
        .acquire()
        .await
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password hashing task failed");
        AppError::Internal
    })?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// A hash of a random password: verifying against it costs the same as against a real one,
/// so an unknown email takes as long to refuse as a wrong password.
const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Kb6aXSK+z0SJqg9XFeN0xBvDjYKR4pNmyR6ruA5qWQI";

pub async fn verify_password(state: &AppState, password: String, stored: Option<String>) -> bool {
    let Ok(_permit) = state.password_hashing.acquire().await else {
        return false;
    };
    let found = stored.is_some();
    let hash = stored.unwrap_or_else(|| DECOY_HASH.to_owned());
    let matches = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    found && matches
}

fn session_token_from_request() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    session_token(&parts.headers)
}

/// The session cookie's token among a request's headers.
pub fn session_token(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_owned())
}

fn set_session_cookie(value: &str, max_age_seconds: i64, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    );
    if let (Some(response), Ok(header)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        response.append_header(SET_COOKIE, header);
    }
}

/// Starts a session for the user and sends its cookie.
pub async fn start_session(state: &AppState, user_id: store::UserId) -> Result<(), AppError> {
    let token = random_token();
    let expires = now() + chrono::Duration::days(SESSION_DAYS);
    state
        .store
        .create_auth_session(user_id, &token_hash(&token), expires)
        .await?;
    set_session_cookie(&token, SESSION_DAYS * 24 * 3600, state.secure_cookies);
    Ok(())
}

pub async fn end_session(state: &AppState) -> Result<(), AppError> {
    if let Some(token) = session_token_from_request() {
        state.store.delete_auth_session(&token_hash(&token)).await?;
    }
    set_session_cookie("", 0, state.secure_cookies);
    Ok(())
}

pub async fn signed_in_user(state: &AppState) -> Result<Option<User>, AppError> {
    match session_token_from_request() {
        Some(token) => Ok(state
            .store
            .user_for_session(&token_hash(&token), now())
            .await?),
        None => Ok(None),
    }
}

/// The studio of the instructor whose session cookie is among `headers`, for plain HTTP
/// handlers outside server functions.
pub async fn studio_from_headers(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Studio, AppError> {
    let token = session_token(headers).ok_or(AppError::SignInRequired)?;
    let user = state
        .store
        .user_for_session(&token_hash(&token), now())
        .await?
        .ok_or(AppError::SignInRequired)?;
    state
        .store
        .studio_of_owner(user.id)
        .await?
        .ok_or(AppError::StudioMissing)
}

pub async fn require_user(state: &AppState) -> Result<User, AppError> {
    signed_in_user(state).await?.ok_or(AppError::SignInRequired)
}

/// The signed-in instructor's studio; refuses callers who are signed out or have none yet.
pub async fn require_studio(state: &AppState) -> Result<Studio, AppError> {
    let user = require_user(state).await?;
    state
        .store
        .studio_of_owner(user.id)
        .await?
        .ok_or(AppError::StudioMissing)
}
