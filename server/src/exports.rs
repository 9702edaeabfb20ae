//! Files the dashboard downloads: the studio's payments and refunds as CSV, for the window the
//! payments page shows. Signed-in instructors only, and only their own studio's.

use app::instructor::payments::api::PaymentsFilter;
use app::instructor::payments::server::{books, csv_file_name, csv_of};
use app::server::auth::studio_from_headers;
use app::server::state::AppState;
use app::shared::error::AppError;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, StatusCode};

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/dashboard/payments.csv", get(payments_csv))
        .with_state(state)
}

async fn payments_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    filter: Result<Query<PaymentsFilter>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        let Query(filter) = filter.map_err(|rejection| {
            AppError::BadRequest(format!("the filters could not be read: {rejection}"))
        })?;
        let studio = studio_from_headers(&state, &headers).await?;
        books(&state, &studio, &filter).await
    }
    .await;
    match result {
        Ok(books) => {
            let disposition = format!("attachment; filename=\"{}\"", csv_file_name(&books));
            let mut response = (
                [
                    (CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (CACHE_CONTROL, "private, no-store"),
                ],
                csv_of(&books),
            )
                .into_response();
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                response.headers_mut().insert(CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            let reason = match &error {
                AppError::Invalid(errors) => errors.to_string(),
                other => other.to_string(),
            };
            (status, [(CACHE_CONTROL, "no-store")], reason).into_response()
        }
    }
}
