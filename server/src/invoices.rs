//! The printable page of an invoice, reached through its signed link: plain HTML with its own
//! stylesheet and a print button, no WASM.

use app::server::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/invoice/{link}", get(invoice))
        .with_state(state)
}

async fn invoice(State(state): State<AppState>, Path(link): Path<String>) -> Response {
    crate::printable::page(app::server::invoices::invoice_page(&state, &link).await)
}
