//! Server-side helpers of the session types: a studio's own type, its cover, its view.

use crate::server::convert;
use crate::shared::error::AppError;
use crate::shared::views::SessionTypeView;

/// A cover must be a file this studio uploaded: another studio's or a made-up name is refused.
pub(crate) async fn check_cover_belongs_to(
    state: &crate::server::state::AppState,
    studio: &store::Studio,
    spec: &domain::session_type::SessionTypeSpec,
) -> Result<(), AppError> {
    match &spec.cover_image {
        Some(cover) if !state.media.is_cover_of(studio.id, cover).await => Err(AppError::field(
            "cover_image",
            "Upload the cover image again: this file is not one of yours.",
        )),
        _ => Ok(()),
    }
}

pub(crate) async fn owned_session_type(
    state: &crate::server::state::AppState,
    studio: &store::Studio,
    id: i64,
) -> Result<store::SessionType, AppError> {
    state
        .store
        .session_type(studio.id, id)
        .await?
        .ok_or_else(|| AppError::NotFound("This session type does not exist.".to_owned()))
}

pub(crate) async fn save_owned_session_type(
    state: &crate::server::state::AppState,
    studio: &store::Studio,
    id: i64,
    spec: &domain::session_type::SessionTypeSpec,
) -> Result<SessionTypeView, AppError> {
    let updated = state
        .store
        .update_session_type(studio.id, id, spec)
        .await?
        .ok_or_else(|| AppError::NotFound("This session type does not exist.".to_owned()))?;
    Ok(convert::session_type_view(&updated))
}

/// A type as the instructor sees it: a link-only type with its share link.
pub(crate) fn instructor_view(
    state: &crate::server::state::AppState,
    studio: &store::Studio,
    offerings: &domain::offerings::Offerings,
    session_type: &store::SessionType,
) -> SessionTypeView {
    let link_only = crate::server::booking_ops::is_link_only(offerings, session_type);
    SessionTypeView {
        link_only,
        share_link: link_only.then(|| {
            format!(
                "{}{}",
                state.public_url,
                crate::server::booking_ops::share_path(state, studio, session_type)
            )
        }),
        ..convert::session_type_view(session_type)
    }
}
