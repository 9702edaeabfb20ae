//! Instructor accounts: sign-up, sign-in and out, password reset and change.

#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "sign_up")]
pub async fn sign_up(email: String, password: String) -> Result<(), AppError> {
    use crate::server::auth::{hash_password, start_session};
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::SignIn, None)?;
    let mut errors = domain::FieldErrors::new();
    let email = errors.take(domain::text::Email::parse("email", &email));
    let password = errors.take(domain::text::NewPassword::parse("password", &password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(errors.into());
    };
    let hash = hash_password(&state, password.expose()).await?;
    let user = state.store.create_user(&email, &hash, state.now()).await?;
    start_session(&state, user.id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::server::auth::{start_session, verify_password};
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::SignIn, Some(&email))?;
    let email = domain::text::Email::parse("email", &email)?;
    let user = state.store.user_by_email(&email).await?;
    let stored = user.as_ref().map(|user| user.password_hash.clone());
    if !verify_password(&state, password, stored).await {
        return Err(AppError::WrongCredentials);
    }
    let user = user.ok_or(AppError::WrongCredentials)?;
    start_session(&state, user.id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

/// How long an emailed password-reset link works.
#[cfg(feature = "ssr")]
const RESET_LINK_HOURS: i64 = 1;

/// Emails a reset link when the address has an account. The answer is the same either way,
/// so the form cannot be used to find out who has an account.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::server::{
        auth::email_link_recipient,
        tokens::{random_token, token_hash},
    };
    let state = app_state()?;
    let email = email_link_recipient(&state, &email)?;
    let Some(user) = state.store.user_by_email(&email).await? else {
        return Ok(());
    };
    let token = random_token();
    state
        .store
        .create_password_reset(
            user.id,
            &token_hash(&token),
            state.now() + chrono::Duration::hours(RESET_LINK_HOURS),
        )
        .await?;
    let link = format!("{}/reset-password?token={token}", state.public_url);
    state.send_in_background(crate::server::notices::password_reset(
        user.email,
        &link,
        RESET_LINK_HOURS,
    ));
    Ok(())
}

/// Sets a new password through an emailed link, signs the person in and ends every other
/// session.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::server::{
        auth::{hash_password, start_session},
        tokens::token_hash,
    };
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::SignIn, None)?;
    let password = domain::text::NewPassword::parse("password", &password)?;
    let hash = hash_password(&state, password.expose()).await?;
    let Some(user_id) = state
        .store
        .reset_password(&token_hash(token.trim()), state.now(), &hash)
        .await?
    else {
        return Err(AppError::Unavailable(
            "This reset link has expired or was already used. Ask for a new one.".to_owned(),
        ));
    };
    start_session(&state, user_id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}

/// Changes the signed-in person's password after checking the current one; every other
/// session (another browser, a lost phone) is signed out.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::auth::{hash_password, require_user, start_session, verify_password};
    let state = app_state()?;
    let user = require_user(&state).await?;
    let new_password = domain::text::NewPassword::parse("new_password", &new_password);
    if !verify_password(&state, current_password, Some(user.password_hash.clone())).await {
        let mut errors = domain::FieldErrors::new();
        errors.push(domain::FieldError::new(
            "current_password",
            "This is not your current password.",
        ));
        if let Err(error) = new_password {
            errors.push(error);
        }
        return Err(errors.into());
    }
    let hash = hash_password(&state, new_password?.expose()).await?;
    state.store.replace_password(user.id, &hash).await?;
    start_session(&state, user.id).await?;
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = app_state()?;
    crate::server::auth::end_session(&state).await?;
    leptos_axum::redirect("/");
    Ok(())
}
