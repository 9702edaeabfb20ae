//! The printable page of an invoice, reached through its signed link: plain HTML with its own
//! stylesheet and a print button, no WASM.

use app::server::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/invoice/{link}", get(invoice))
        .with_state(state)
}

/// Only the site's own stylesheet and print script; nothing else loads or runs.
const INVOICE_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

async fn invoice(State(state): State<AppState>, Path(link): Path<String>) -> Response {
    match app::server::invoices::invoice_page(&state, &link).await {
        Ok(html) => (
            [
                (CONTENT_TYPE, "text/html; charset=utf-8"),
                (CACHE_CONTROL, "private, no-store"),
                (CONTENT_SECURITY_POLICY, INVOICE_POLICY),
            ],
            html,
        )
            .into_response(),
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            (
                status,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                error.to_string(),
            )
                .into_response()
        }
    }
}
