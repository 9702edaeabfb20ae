//! The library of contracts and questionnaires: list, write, edit, remove; and the choices the
//! session type form attaches.

#[cfg(feature = "ssr")]
use super::server::{editor_of, owned_form, parsed_form, types_asking_for};
use crate::instructor::session_types::api::QuestionForm;
#[cfg(feature = "ssr")]
use crate::server::auth::require_studio;
#[cfg(feature = "ssr")]
use crate::server::state::app_state;
use crate::shared::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One form as the library lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryEntry {
    pub id: i64,
    /// "Contract" or "Questionnaire".
    pub kind_label: String,
    pub title: String,
    /// "12 questions", or the contract's first words.
    pub summary: String,
    /// The session types and minis that ask for it.
    pub used_by: Vec<String>,
}

/// A form as its editor shows it; `id` is `None` for a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEditorView {
    pub id: Option<i64>,
    /// `contract` or `questionnaire`.
    pub kind: String,
    pub title: String,
    /// A contract's text.
    pub body: String,
    /// A questionnaire's questions.
    pub questions: Vec<QuestionForm>,
    /// "{student_name}, {session_name}, …": what a contract may name.
    pub placeholders: String,
    pub used_by: Vec<String>,
}

/// The editor's form as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryFormInput {
    /// Blank for a new form.
    #[serde(default)]
    pub id: String,
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub body: String,
    /// Sent as `questions[0][prompt]`, `questions[0][kind]`… by the questions editor.
    #[serde(default)]
    pub questions: Vec<QuestionForm>,
}

/// The library's forms a session type can ask for, as (id, title) of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachableForms {
    pub contracts: Vec<(i64, String)>,
    pub questionnaires: Vec<(i64, String)>,
}

/// The studio's contracts, then its questionnaires, each with the types that ask for it.
#[server(endpoint = "forms_library")]
pub async fn forms_library() -> Result<Vec<LibraryEntry>, AppError> {
    use domain::forms::LibraryForm;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let types = state.store.session_types(studio.id).await?;
    let forms = state.store.library_forms(studio.id).await?;
    Ok(forms
        .into_iter()
        .map(|stored| {
            let summary = match &stored.form {
                LibraryForm::Contract(contract) => {
                    let words: String = contract.body.source().chars().take(90).collect();
                    if contract.body.source().chars().count() > 90 {
                        format!("{}…", words.trim_end())
                    } else {
                        words
                    }
                }
                LibraryForm::Questionnaire(questionnaire) => match questionnaire.questions.len() {
                    1 => "1 question".to_owned(),
                    n => format!("{n} questions"),
                },
            };
            LibraryEntry {
                id: stored.id,
                kind_label: match stored.form.kind() {
                    domain::forms::FormKind::Contract => "Contract".to_owned(),
                    domain::forms::FormKind::Questionnaire => "Questionnaire".to_owned(),
                },
                title: stored.form.title().to_string(),
                summary,
                used_by: types_asking_for(&types, stored.id),
            }
        })
        .collect())
}

/// A form to edit, or a blank one of `kind` when `id` is `new`.
#[server(endpoint = "library_form_editor")]
pub async fn library_form_editor(id: String, kind: String) -> Result<FormEditorView, AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    if id == "new" {
        let kind = domain::forms::FormKind::parse(&kind).ok_or_else(|| {
            AppError::BadRequest("kind must be contract or questionnaire".to_owned())
        })?;
        return Ok(editor_of(kind, None, Vec::new()));
    }
    let stored = owned_form(&state, &studio, &id).await?;
    let types = state.store.session_types(studio.id).await?;
    Ok(editor_of(
        stored.form.kind(),
        Some(&stored),
        types_asking_for(&types, stored.id),
    ))
}

/// Saves a new or edited form and returns to the library.
#[server(endpoint = "save_library_form")]
pub async fn save_library_form(#[server(flatten)] form: LibraryFormInput) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let parsed = parsed_form(&form)?;
    let now = state.now();
    if form.id.trim().is_empty() {
        state
            .store
            .add_library_form(studio.id, &parsed, now)
            .await?;
    } else {
        let existing = owned_form(&state, &studio, &form.id).await?;
        state
            .store
            .update_library_form(studio.id, existing.id, &parsed, now)
            .await?
            .ok_or_else(|| {
                AppError::BadRequest("A form cannot change from contract to questionnaire.".into())
            })?;
    }
    leptos_axum::redirect("/dashboard/forms");
    Ok(())
}

/// Removes a form: the types that asked for it stop asking; signed copies stay.
#[server(endpoint = "remove_library_form")]
pub async fn remove_library_form(id: i64) -> Result<(), AppError> {
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    if state.store.remove_library_form(studio.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(
            "This form is not in your library.".to_owned(),
        ))
    }
}

/// What the session type form offers to attach.
#[server(endpoint = "form_choices")]
pub async fn form_choices() -> Result<AttachableForms, AppError> {
    use domain::forms::LibraryForm;
    let state = app_state()?;
    let studio = require_studio(&state).await?;
    let mut choices = AttachableForms::default();
    for stored in state.store.library_forms(studio.id).await? {
        let title = stored.form.title().to_string();
        match stored.form {
            LibraryForm::Contract(_) => choices.contracts.push((stored.id, title)),
            LibraryForm::Questionnaire(_) => choices.questionnaires.push((stored.id, title)),
        }
    }
    Ok(choices)
}
