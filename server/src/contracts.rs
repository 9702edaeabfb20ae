//! The printable signed copy of a booking's contract, reached through the booking's signed
//! link: plain HTML with the invoice's stylesheet and print button, no WASM.

use app::server::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/booking/{link}/contract", get(signed_copy))
        .with_state(state)
}

async fn signed_copy(State(state): State<AppState>, Path(link): Path<String>) -> Response {
    crate::printable::page(app::server::contracts::signed_copy_page(&state, &link).await)
}
