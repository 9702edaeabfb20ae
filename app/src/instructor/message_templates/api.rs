//! The email editor's server functions and wire types.

#[cfg(feature = "ssr")]
use super::server::{preview, template_of};
#[cfg(feature = "ssr")]
use crate::instructor::session_types::server::owned_session_type;
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;
use crate::shared::error::AppError;
use domain::jobs::JobKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One session type's email of one kind, as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateEditorView {
    pub session_type_id: i64,
    pub session_type_name: String,
    /// Where "Back" goes: a mini's overview, or the session type's page.
    pub back_link: String,
    pub back_label: String,
    /// Each email that can be worded: (kind, label, worded by the instructor).
    pub kinds: Vec<(JobKind, String, bool)>,
    pub kind: JobKind,
    pub label: String,
    /// The instructor's wording, or the standard one.
    pub subject: String,
    pub body: String,
    pub custom: bool,
    /// "{student_name}, {session_name}, …".
    pub placeholders: String,
}

/// What the editor asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateIntent {
    Preview,
    Save,
    Reset,
}

/// An email as a sample booking would receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewView {
    pub subject: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateOutcome {
    pub kind: JobKind,
    pub intent: TemplateIntent,
    pub preview: Option<PreviewView>,
}

/// The kind named in the address, the booking confirmation when none is.
#[cfg(feature = "ssr")]
fn kind_of(raw: &str) -> Result<JobKind, AppError> {
    match raw.trim() {
        "" => Ok(JobKind::Confirmation),
        text => JobKind::parse(text)
            .filter(|kind| domain::templates::customizable(*kind))
            .ok_or_else(|| AppError::NotFound("There is no such email to word.".to_owned())),
    }
}

#[server(endpoint = "message_template_editor")]
pub async fn message_template_editor(
    id: i64,
    #[server(default)] kind: String,
) -> Result<TemplateEditorView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let session_type = owned_session_type(&state, &studio, id).await?;
    let kind = kind_of(&kind)?;
    let worded = state.store.message_templates(session_type.id).await?;
    let (template, custom) = template_of(&worded, kind);
    Ok(TemplateEditorView {
        session_type_id: session_type.id,
        session_type_name: session_type.spec.name.to_string(),
        back_link: if session_type.spec.mini.is_some() {
            format!("/dashboard/minis/{}", session_type.id)
        } else {
            format!("/dashboard/session-types/{}", session_type.id)
        },
        back_label: if session_type.spec.mini.is_some() {
            "Back to the mini session".to_owned()
        } else {
            "Back to the session type".to_owned()
        },
        kinds: domain::templates::CUSTOMIZABLE
            .into_iter()
            .map(|each| {
                let custom = worded.iter().any(|(worded, _)| *worded == each);
                (each, each.label().to_owned(), custom)
            })
            .collect(),
        kind,
        label: kind.label().to_owned(),
        subject: template.subject.source().to_owned(),
        body: template.body.source().to_owned(),
        custom,
        placeholders: domain::templates::Placeholder::all_written(),
    })
}

/// Previews, saves or resets a session type's wording of one email. A template naming an
/// unknown placeholder is refused, next to its field, before anything is saved.
#[server(endpoint = "edit_message_template")]
pub async fn edit_message_template(
    id: i64,
    kind: String,
    #[server(default)] subject: String,
    #[server(default)] body: String,
    intent: String,
) -> Result<TemplateOutcome, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let session_type = owned_session_type(&state, &studio, id).await?;
    let kind = kind_of(&kind)?;
    let intent = match intent.as_str() {
        "preview" => TemplateIntent::Preview,
        "save" => TemplateIntent::Save,
        "reset" => TemplateIntent::Reset,
        _ => {
            return Err(AppError::BadRequest(
                "Choose to preview, save or reset the email.".to_owned(),
            ));
        }
    };
    if intent == TemplateIntent::Reset {
        state
            .store
            .reset_message_template(session_type.id, kind)
            .await?;
        return Ok(TemplateOutcome {
            kind,
            intent,
            preview: None,
        });
    }
    let template = domain::templates::MessageTemplate::parse(&subject, &body)?;
    if intent == TemplateIntent::Save {
        state
            .store
            .save_message_template(session_type.id, kind, &template)
            .await?;
    }
    Ok(TemplateOutcome {
        kind,
        intent,
        preview: Some(preview(&state, &studio, &session_type, kind, template).await?),
    })
}
