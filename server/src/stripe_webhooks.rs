//! `POST /stripe/webhook/{studio}`: Stripe's events for one studio, read as raw bytes so the
//! signature is checked on exactly what Stripe signed.

use app::instructor::stripe_settings::server::{WebhookError, receive_webhook};
use app::server::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use http::{HeaderMap, StatusCode};

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/stripe/webhook/{studio}", post(webhook))
        // Stripe's events are a few kilobytes; nothing larger is read, let alone hashed.
        .layer(axum::extract::DefaultBodyLimit::max(256 * 1024))
        .with_state(state)
}

async fn webhook(
    State(state): State<AppState>,
    Path(studio): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(studio_id) = studio.parse::<i64>() else {
        return (StatusCode::NOT_FOUND, "No such studio.").into_response();
    };
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok());
    match receive_webhook(&state, studio_id, signature, &body).await {
        Ok(done) => (StatusCode::OK, done).into_response(),
        Err(WebhookError::NotConnected) => (
            StatusCode::NOT_FOUND,
            "This studio has not connected Stripe.",
        )
            .into_response(),
        Err(WebhookError::Refused(refusal)) => {
            tracing::warn!(studio = studio_id, %refusal, "Stripe webhook refused");
            (StatusCode::BAD_REQUEST, format!("Refused: {refusal}.")).into_response()
        }
        Err(WebhookError::App(error)) => {
            let status =
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            (status, error.to_string()).into_response()
        }
    }
}
