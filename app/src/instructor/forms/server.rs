//! Server-side helpers of the forms library: a studio's own form, the editor's view, the
//! parsed form, and which types ask for a form.

use super::api::{FormEditorView, LibraryFormInput};
use crate::instructor::session_types::api::QuestionForm;
use crate::server::state::AppState;
use crate::shared::error::AppError;
use domain::forms::{CONTRACT_PLACEHOLDERS, Contract, FormKind, LibraryForm, Questionnaire};

/// A form of the studio's library by the id in a path; another studio's is "not found".
pub(crate) async fn owned_form(
    state: &AppState,
    studio: &store::Studio,
    id: &str,
) -> Result<store::StoredForm, AppError> {
    let not_found = || AppError::NotFound("This form is not in your library.".to_owned());
    let id = id.trim().parse::<i64>().map_err(|_| not_found())?;
    state
        .store
        .library_form(studio.id, id)
        .await?
        .ok_or_else(not_found)
}

/// The names of the types (and minis) that ask for form `id`.
pub(crate) fn types_asking_for(types: &[store::SessionType], id: i64) -> Vec<String> {
    types
        .iter()
        .filter(|session_type| {
            let forms = session_type.spec.forms;
            forms.contract == Some(id) || forms.questionnaire == Some(id)
        })
        .map(|session_type| session_type.spec.name.to_string())
        .collect()
}

pub(crate) fn editor_of(
    kind: FormKind,
    stored: Option<&store::StoredForm>,
    used_by: Vec<String>,
) -> FormEditorView {
    let mut view = FormEditorView {
        id: stored.map(|stored| stored.id),
        kind: kind.as_str().to_owned(),
        placeholders: domain::templates::Placeholder::written(&CONTRACT_PLACEHOLDERS),
        used_by,
        ..FormEditorView::default()
    };
    match stored.map(|stored| &stored.form) {
        Some(LibraryForm::Contract(contract)) => {
            view.title = contract.title.to_string();
            view.body = contract.body.source().to_owned();
        }
        Some(LibraryForm::Questionnaire(questionnaire)) => {
            view.title = questionnaire.title.to_string();
            view.questions = questionnaire
                .questions
                .as_slice()
                .iter()
                .map(QuestionForm::of)
                .collect();
        }
        None => {}
    }
    view
}

/// The editor's form as a library form, every mistake under its field.
pub(crate) fn parsed_form(form: &LibraryFormInput) -> Result<LibraryForm, AppError> {
    match FormKind::parse(form.kind.trim()) {
        Some(FormKind::Contract) => Ok(LibraryForm::Contract(Contract::parse(
            &form.title,
            &form.body,
        )?)),
        Some(FormKind::Questionnaire) => {
            let questions = QuestionForm::inputs(form.questions.clone());
            Ok(LibraryForm::Questionnaire(Questionnaire::parse(
                &form.title,
                &questions,
            )?))
        }
        None => Err(AppError::BadRequest(
            "kind must be contract or questionnaire".to_owned(),
        )),
    }
}

/// The library forms a session type attaches must be this studio's, each of its kind.
pub(crate) async fn check_forms_belong_to(
    state: &AppState,
    studio: &store::Studio,
    spec: &domain::session_type::SessionTypeSpec,
) -> Result<(), AppError> {
    let attached = [
        ("contract_id", spec.forms.contract, FormKind::Contract),
        (
            "questionnaire_id",
            spec.forms.questionnaire,
            FormKind::Questionnaire,
        ),
    ];
    for (field, id, kind) in attached {
        let Some(id) = id else { continue };
        let found = state.store.library_form(studio.id, id).await?;
        if found.is_none_or(|stored| stored.form.kind() != kind) {
            return Err(AppError::field(
                field,
                format!(
                    "This {} is not in your library any more; choose another.",
                    kind.as_str()
                ),
            ));
        }
    }
    Ok(())
}
