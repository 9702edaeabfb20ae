//! The plain pages (invoices, signed contracts, the Bio Link): plain HTML reached through a signed link,
//! with the site's own stylesheet and print button and nothing else, never cached.

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};

/// Only the site's own stylesheet, print script and images; nothing else loads or runs.
const PAGE_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The page, or what kept it from being shown (e.g. 404 for a forged link) as plain text.
pub fn page(made: Result<String, app::shared::error::AppError>) -> Response {
    match made {
        Ok(html) => (
            [
                (CONTENT_TYPE, "text/html; charset=utf-8"),
                (CACHE_CONTROL, "private, no-store"),
                (CONTENT_SECURITY_POLICY, PAGE_POLICY),
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
