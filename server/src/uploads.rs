//! Uploads that are not form fields: a session type's cover image, sent as multipart by the
//! edit page and answered in JSON, errors typed like server functions'.

use app::server::auth::studio_from_headers;
use app::server::media::MediaStore;
use app::server::state::AppState;
use app::shared::error::AppError;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use domain::session_type::ImageFormat;
use http::{HeaderMap, StatusCode};
use serde::Serialize;

/// The multipart field that carries the file, and the form field errors are reported under.
const COVER_FIELD: &str = "cover_image";

pub fn routes<S>(state: AppState) -> Router<S> {
    Router::new()
        .route("/uploads/cover", post(upload_cover))
        // Room for the largest accepted image plus the multipart framing; the exact limit is
        // checked on the bytes, with a message.
        .layer(DefaultBodyLimit::max(
            ImageFormat::MAX_COVER_BYTES + 64 * 1024,
        ))
        .with_state(state)
}

#[derive(Debug, Serialize)]
pub struct UploadedCover {
    /// The value of the session type form's `cover_image` field.
    pub name: String,
    pub url: String,
}

struct Refusal(AppError);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.0)).into_response()
    }
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        Refusal(error)
    }
}

async fn upload_cover(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Json<UploadedCover>, Refusal> {
    let studio = studio_from_headers(&state, &headers).await?;
    let mut multipart = multipart.map_err(|rejection| {
        AppError::BadRequest(format!(
            "send the image as multipart/form-data: {rejection}"
        ))
    })?;
    let bytes = loop {
        let field = multipart
            .next_field()
            .await
            .map_err(too_large_or_malformed)?;
        let Some(field) = field else {
            return Err(AppError::field(COVER_FIELD, "Choose an image to upload.").into());
        };
        if field.name() == Some(COVER_FIELD) {
            break field.bytes().await.map_err(too_large_or_malformed)?;
        }
    };
    let format = ImageFormat::of_cover(COVER_FIELD, &bytes).map_err(AppError::from)?;
    let cover = state
        .media
        .save_cover(studio.id, format, &bytes)
        .await
        .map_err(|error| {
            tracing::error!(%error, "could not store a cover image");
            AppError::Internal
        })?;
    Ok(Json(UploadedCover {
        url: MediaStore::url_of(&cover),
        name: cover.as_str().to_owned(),
    }))
}

fn too_large_or_malformed(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::field(
            COVER_FIELD,
            "The image is larger than 5 MB; covers can be at most 5 MB.",
        )
    } else {
        AppError::BadRequest(format!("the upload was cut off or malformed: {error}"))
    }
}
