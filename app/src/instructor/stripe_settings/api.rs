//! Server functions of Settings > Stripe and their wire types.

#[cfg(feature = "ssr")]
use super::server::{self, opened_secret_key};
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;

use crate::shared::error::AppError;
use domain::stripe_keys::StripeMode;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A connected Stripe account as the settings page shows it: never a secret, only its hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectedStripeView {
    pub mode: StripeMode,
    /// `sk_test_…WXYZ`.
    pub secret_key_hint: String,
    pub publishable_key: String,
    /// When the keys were saved, in the studio's time zone.
    pub connected_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripeConnectionView {
    pub connected: Option<ConnectedStripeView>,
    /// Where the instructor points Stripe's webhooks for this studio.
    pub webhook_url: String,
}

#[server(endpoint = "stripe_connection")]
pub async fn stripe_connection() -> Result<StripeConnectionView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    server::connection_view(&state, &studio).await
}

/// Checks the keys with Stripe, then keeps them: the secrets sealed, never shown again.
#[server(endpoint = "connect_stripe")]
pub async fn connect_stripe(
    #[server(default)] secret_key: String,
    #[server(default)] publishable_key: String,
    #[server(default)] webhook_secret: String,
) -> Result<StripeConnectionView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    // Each try asks Stripe about a key: no testing of many keys through this server.
    state.limit(
        crate::server::rate_limit::Limited::SignIn,
        Some(&format!("stripe-keys:{}", studio.id)),
    )?;
    let keys =
        domain::stripe_keys::StripeKeys::parse(&secret_key, &publishable_key, &webhook_secret)?;
    server::check_with_stripe(&state, &keys.secret).await?;
    server::save_keys(&state, &studio, &keys).await?;
    server::connection_view(&state, &studio).await
}

/// Asks Stripe again whether the saved secret key works; says what it answered.
#[server(endpoint = "test_stripe_connection")]
pub async fn test_stripe_connection() -> Result<String, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let secret = opened_secret_key(&state, studio.id).await?.ok_or_else(|| {
        AppError::Unavailable("Stripe is not connected: enter your keys first.".to_owned())
    })?;
    server::check_with_stripe(&state, &secret).await?;
    Ok(format!(
        "Stripe accepted the secret key {} ({}).",
        secret.masked(),
        secret.mode().label()
    ))
}

/// Forgets the keys and stops offering card payments.
#[server(endpoint = "disconnect_stripe")]
pub async fn disconnect_stripe() -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    state.store.disconnect_stripe(studio.id).await?;
    Ok(())
}
