//! The studio's Bio Link page: plain HTML listing what it publishes, no WASM.

use app::server::state::AppState;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/bio/{slug}", get(bio_link))
        .with_state(state)
}

async fn bio_link(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    crate::printable::page(app::student::booking_site::bio_link::bio_link_page(&state, &slug).await)
}
