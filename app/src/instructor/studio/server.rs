//! Server-side settings of the studio.

use crate::server::state::AppState;
use crate::shared::error::AppError;

/// Card payments can be offered only while the studio's Stripe account is connected.
pub(crate) async fn stripe_connected(state: &AppState, studio_id: i64) -> Result<bool, AppError> {
    Ok(state.store.stripe_account(studio_id).await?.is_some())
}
