//! `/dashboard/forms/{id}` (or `/dashboard/forms/new?kind=…`): one contract (a title and a
//! text with placeholders) or one questionnaire (a title and its questions).

use super::api::{FormEditorView, SaveLibraryForm, library_form_editor};
use crate::instructor::dashboard::Dashboard;
use crate::instructor::session_types::fields::QuestionsEditor;
use crate::shared::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, param,
    query_value, textarea_text,
};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn FormEditorPage() -> impl IntoView {
    view! {
        <Dashboard title="Forms">
            <FormEditorLoader/>
        </Dashboard>
    }
}

#[component]
fn FormEditorLoader() -> impl IntoView {
    let id = param("id");
    let kind = query_value("kind");
    let editor = Resource::new(
        move || (id(), kind().unwrap_or_default()),
        |(id, kind)| library_form_editor(id, kind),
    );
    view! {
        <p class="crumb"><a href="/dashboard/forms">"All forms"</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editor) => Either::Left(view! { <FormEditor editor/> }),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FormEditor(editor: FormEditorView) -> impl IntoView {
    let save = ServerAction::<SaveLibraryForm>::new();
    let errors = field_errors_of(save.value());
    let alert = form_error_of(save.value());
    let contract = editor.kind == "contract";
    let heading = match (contract, editor.id.is_some()) {
        (true, false) => "New contract",
        (true, true) => "Edit contract",
        (false, false) => "New questionnaire",
        (false, true) => "Edit questionnaire",
    };
    let used_by = (!editor.used_by.is_empty()).then(|| {
        view! {
            <p class="notice">"Used by "{editor.used_by.join(", ")}". Changes apply to bookings made from now on; contracts already signed keep the text that was signed."</p>
        }
    });
    let content = if contract {
        Either::Left(view! {
            <label for="body">"Contract text"</label>
            <textarea id="body" name="body" rows="16" maxlength="20000"
                aria-describedby="body-hint body-error" aria-invalid=invalid(errors, "body")>{textarea_text(&editor.body)}</textarea>
            <p class="hint" id="body-hint">"Placeholders, filled in for each booking: "{editor.placeholders.clone()}
                ". {student_name} is the name the client types. A blank line starts a new paragraph."</p>
            <FieldMessage errors field="body"/>
        })
    } else {
        Either::Right(view! { <QuestionsEditor initial=editor.questions.clone() errors/> })
    };
    view! {
        <h2>{heading}</h2>
        {used_by}
        <ActionForm action=save attr:class="form" attr:novalidate=true>
            <FormAlert message=alert/>
            <input type="hidden" name="id" value=editor.id.map(|id| id.to_string()).unwrap_or_default()/>
            <input type="hidden" name="kind" value=editor.kind.clone()/>
            <label for="title">"Title"</label>
            <input id="title" name="title" value=editor.title.clone() maxlength="100" required
                placeholder=if contract { "Mini session contract" } else { "Family details" }
                aria-describedby="title-error" aria-invalid=invalid(errors, "title")/>
            <FieldMessage errors field="title"/>
            {content}
            <div class="card-actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {if contract { "Save contract" } else { "Save questionnaire" }}
                </button>
                <a class="button" href="/dashboard/forms">"Cancel"</a>
            </div>
        </ActionForm>
    }
}
