//! Students sign in by an emailed link and see their bookings.

#[cfg(feature = "ssr")]
use super::server::{SIGN_IN_LINK_MINUTES, local_path};
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyBookingView {
    pub link: String,
    pub studio_name: String,
    pub session_type_name: String,
    pub when: String,
    pub status_label: String,
}

/// Emails a one-time sign-in link: students prove their address instead of keeping a password.
/// The answer is the same whatever the address, so it tells nobody who has an account.
#[server(endpoint = "request_sign_in_link")]
pub async fn request_sign_in_link(
    email: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::server::{
        auth::email_link_recipient,
        tokens::{random_token, token_hash},
    };
    let state = app_state()?;
    let email = email_link_recipient(&state, &email)?;
    let token = random_token();
    state
        .store
        .create_sign_in_link(
            &email,
            &token_hash(&token),
            state.now() + chrono::Duration::minutes(SIGN_IN_LINK_MINUTES),
        )
        .await?;
    let link = format!(
        "{}/signin/link?token={token}&next={}",
        state.public_url,
        domain::calendar::percent_encoded(&local_path(&next))
    );
    state.send_in_background(crate::server::notices::sign_in_link(
        email,
        &link,
        SIGN_IN_LINK_MINUTES,
    ));
    Ok(())
}

/// Uses an emailed sign-in link: signs the student in (creating their account the first time).
#[server(endpoint = "sign_in_with_link")]
pub async fn sign_in_with_link(
    token: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::server::{auth::start_session, tokens::token_hash};
    let state = app_state()?;
    state.limit(crate::server::rate_limit::Limited::SignIn, None)?;
    let email = state
        .store
        .use_sign_in_link(&token_hash(token.trim()), state.now())
        .await?
        .ok_or_else(|| {
            AppError::NotFound(
                "This sign-in link has expired or was already used. Ask for a new one.".to_owned(),
            )
        })?;
    let user = match state.store.user_by_email(&email).await? {
        Some(user) => user,
        // No password yet: "!" is no valid hash, so only links (or a reset) sign this account in.
        None => state.store.create_user(&email, "!", state.now()).await?,
    };
    start_session(&state, user.id).await?;
    leptos_axum::redirect(&local_path(&next));
    Ok(())
}

/// The signed-in student's bookings in every studio, soonest first.
#[server(endpoint = "my_bookings")]
pub async fn my_bookings() -> Result<Vec<MyBookingView>, AppError> {
    let state = app_state()?;
    let user = crate::server::auth::require_user(&state).await?;
    let bookings = state.store.bookings_of_user(user.id).await?;
    let mut views = Vec::with_capacity(bookings.len());
    for summary in bookings {
        let booking = &summary.booking;
        let Some(studio) = state.store.studio(booking.studio_id).await? else {
            continue;
        };
        let zone = studio.settings.timezone;
        views.push(MyBookingView {
            link: state.booking_path(booking),
            studio_name: summary.studio_name.clone(),
            session_type_name: summary.session_type_name.clone(),
            when: format!(
                "{}, {} ({})",
                zone.long_date(booking.start),
                zone.time_range(booking.start, booking.end),
                zone.name()
            ),
            status_label: booking.status().label().to_owned(),
        });
    }
    Ok(views)
}
