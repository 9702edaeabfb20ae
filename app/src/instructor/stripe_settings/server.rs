//! Settings > Stripe on the server: sealing the studio's Stripe secrets, reading them back
//! for calls to Stripe and webhooks, and asking Stripe whether a key works.

use super::api::{ConnectedStripeView, StripeConnectionView};
use crate::server::state::AppState;
use crate::server::stripe::{StripeProblem, WebhookRefusal, verify_webhook};
use crate::shared::error::AppError;
use domain::stripe_keys::{StripeKeys, StripeSecretKey, WebhookSigningSecret};
use store::{Studio, StudioId};

/// What a sealed secret is for; sealed for one studio, it does not open for another.
fn secret_key_purpose(studio_id: StudioId) -> String {
    format!("stripe-secret-key:{studio_id}")
}

fn webhook_secret_purpose(studio_id: StudioId) -> String {
    format!("stripe-webhook-secret:{studio_id}")
}

/// Said when the stored keys were sealed with a key this server no longer has.
fn keys_need_entering_again() -> AppError {
    AppError::Unavailable(
        "Your Stripe keys can no longer be read on this server (its secrets key changed): \
         enter them again in Settings > Stripe."
            .to_owned(),
    )
}

/// The path Stripe posts this studio's events to.
pub fn webhook_path(studio_id: StudioId) -> String {
    format!("/stripe/webhook/{studio_id}")
}

pub async fn connection_view(
    state: &AppState,
    studio: &Studio,
) -> Result<StripeConnectionView, AppError> {
    let account = state.store.stripe_account(studio.id).await?;
    Ok(StripeConnectionView {
        connected: account.map(|account| ConnectedStripeView {
            mode: account.mode,
            secret_key_hint: account.secret_key_hint,
            publishable_key: account.publishable_key.as_str().to_owned(),
            connected_at: studio.settings.timezone.long_moment(account.connected_at),
        }),
        webhook_url: format!("{}{}", state.public_url, webhook_path(studio.id)),
    })
}

/// Stripe's verdict on a secret key: a refused key is the secret key field's error.
pub async fn check_with_stripe(state: &AppState, secret: &StripeSecretKey) -> Result<(), AppError> {
    state
        .stripe
        .check_connection(secret)
        .await
        .map_err(|problem| match problem {
            StripeProblem::KeyRefused(_) => {
                AppError::field(StripeSecretKey::FIELD, problem.to_string())
            }
            StripeProblem::Unreachable
            | StripeProblem::Refused(_)
            | StripeProblem::CardDeclined(_)
            | StripeProblem::AlreadyRefunded => AppError::Unavailable(problem.to_string()),
        })
}

pub async fn save_keys(
    state: &AppState,
    studio: &Studio,
    keys: &StripeKeys,
) -> Result<(), AppError> {
    let account = store::StripeAccount {
        studio_id: studio.id,
        mode: keys.mode(),
        publishable_key: keys.publishable.clone(),
        secret_key_sealed: state
            .secrets
            .seal(&secret_key_purpose(studio.id), keys.secret.expose()),
        secret_key_hint: keys.secret.masked(),
        webhook_secret_sealed: state
            .secrets
            .seal(&webhook_secret_purpose(studio.id), keys.webhook.expose()),
        connected_at: state.now(),
    };
    state.store.save_stripe_account(&account).await?;
    tracing::info!(
        studio = studio.id,
        mode = keys.mode().as_str(),
        "Stripe connected"
    );
    Ok(())
}

/// The studio's secret key, opened; `None` when Stripe is not connected.
pub async fn opened_secret_key(
    state: &AppState,
    studio_id: StudioId,
) -> Result<Option<StripeSecretKey>, AppError> {
    let Some(account) = state.store.stripe_account(studio_id).await? else {
        return Ok(None);
    };
    let text = state
        .secrets
        .open(&secret_key_purpose(studio_id), &account.secret_key_sealed)
        .map_err(|_| keys_need_entering_again())?;
    StripeSecretKey::parse(&text)
        .map(Some)
        .map_err(|_| keys_need_entering_again())
}

/// The studio's webhook signing secret, opened; `None` when Stripe is not connected.
pub async fn opened_webhook_secret(
    state: &AppState,
    studio_id: StudioId,
) -> Result<Option<WebhookSigningSecret>, AppError> {
    let Some(account) = state.store.stripe_account(studio_id).await? else {
        return Ok(None);
    };
    let text = state
        .secrets
        .open(
            &webhook_secret_purpose(studio_id),
            &account.webhook_secret_sealed,
        )
        .map_err(|_| keys_need_entering_again())?;
    WebhookSigningSecret::parse(&text)
        .map(Some)
        .map_err(|_| keys_need_entering_again())
}

/// Why a webhook was not taken.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("this studio has not connected Stripe")]
    NotConnected,
    #[error("refused: {0}")]
    Refused(#[from] WebhookRefusal),
    #[error(transparent)]
    App(#[from] AppError),
}

/// Takes one of Stripe's webhooks for a studio, checked on its raw body against the studio's
/// signing secret; answers what was done with it.
pub async fn receive_webhook(
    state: &AppState,
    studio_id: StudioId,
    signature: Option<&str>,
    body: &[u8],
) -> Result<String, WebhookError> {
    let secret = opened_webhook_secret(state, studio_id)
        .await?
        .ok_or(WebhookError::NotConnected)?;
    let event = verify_webhook(body, signature, &secret, state.now())?;
    tracing::info!(studio = studio_id, event = %event.id, kind = %event.kind, "Stripe webhook");
    let paid_intent = match (event.kind.as_str(), event.object_id.as_deref()) {
        ("payment_intent.succeeded", Some(intent)) => intent,
        _ => {
            let first = state
                .store
                .record_stripe_event(studio_id, &event.id, state.now())
                .await
                .map_err(AppError::from)?;
            return Ok(if first {
                format!("{} {}: nothing to do.", event.kind, event.id)
            } else {
                format!("{} {}: taken before.", event.kind, event.id)
            });
        }
    };
    let outcome =
        crate::server::card_payments::settle_paid(state, studio_id, paid_intent, Some(&event.id))
            .await?;
    Ok(settled_text(&event.id, paid_intent, &outcome))
}

/// What a webhook's answer says it did (Stripe shows it in the endpoint's log).
fn settled_text(event: &str, intent: &str, outcome: &store::SettleOutcome) -> String {
    use domain::card_payments::Settlement;
    match outcome {
        store::SettleOutcome::RepeatedEvent => format!("{event}: taken before."),
        store::SettleOutcome::UnknownPaymentIntent => {
            format!("{event}: no booking is paid by {intent}; ignored.")
        }
        store::SettleOutcome::Settled {
            settlement,
            booking,
        } => {
            let id = booking.id;
            match settlement {
                Settlement::ConfirmsBooking => format!("{event}: booking {id} confirmed."),
                Settlement::CountsTowardsConfirmedBooking => {
                    format!("{event}: counted for booking {id}, already confirmed.")
                }
                Settlement::RefundsLatePayment => {
                    format!("{event}: booking {id} had ended; the payment is kept for refund.")
                }
                Settlement::AlreadySettled => format!("{event}: booking {id} was settled before."),
            }
        }
    }
}
