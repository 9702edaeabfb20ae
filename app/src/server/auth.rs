//! Passwords (Argon2id), session cookies and who is signed in.

use crate::server::state::AppState;
use crate::server::tokens::{random_token, token_hash};
use crate::shared::error::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use http::HeaderValue;
use http::header::{COOKIE, SET_COOKIE};
use leptos::prelude::*;
use store::{Studio, User};

pub const SESSION_COOKIE: &str = "bookable_session";
pub(crate) const SESSION_DAYS: i64 = 30;

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
pub(crate) const DECOY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Kb6aXSK+z0SJqg9XFeN0xBvDjYKR4pNmyR6ruA5qWQI";

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

pub(crate) fn session_token_from_request() -> Option<String> {
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

pub(crate) fn set_session_cookie(value: &str, max_age_seconds: i64, secure: bool) {
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
    let expires = state.now() + chrono::Duration::days(SESSION_DAYS);
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
            .user_for_session(&token_hash(&token), state.now())
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
        .user_for_session(&token_hash(&token), state.now())
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

/// The address someone asks an emailed link for (a password reset, a sign-in link), within
/// the limit on such emails per address and per network address.
pub(crate) fn email_link_recipient(
    state: &AppState,
    email: &str,
) -> Result<domain::text::Email, AppError> {
    let email = domain::text::Email::parse("email", email)?;
    state.limit(
        crate::server::rate_limit::Limited::EmailLink,
        Some(email.as_str()),
    )?;
    Ok(email)
}
