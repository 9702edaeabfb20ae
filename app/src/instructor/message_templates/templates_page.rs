//! `/dashboard/session-types/{id}/emails`: a session type's emails to students in the
//! instructor's words, previewed from a sample booking before they are saved.

use super::api::{
    EditMessageTemplate, TemplateEditorView, TemplateIntent, TemplateOutcome,
    message_template_editor,
};
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    ErrorBox, FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, param,
    query_value,
};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn MessageTemplatesPage() -> impl IntoView {
    view! {
        <Dashboard title="Emails to students">
            <MessageTemplates/>
        </Dashboard>
    }
}

#[component]
fn MessageTemplates() -> impl IntoView {
    let id = param("id");
    let kind = query_value("kind");
    let edit = ServerAction::<EditMessageTemplate>::new();
    // A preview leaves the typed text as it is; a save or a reset reloads what is in force.
    let changes = Memo::new(move |count: Option<&usize>| {
        let count = count.copied().unwrap_or(0);
        edit.value().with(|value| match value {
            Some(Ok(outcome)) if outcome.intent != TemplateIntent::Preview => count + 1,
            _ => count,
        })
    });
    let editor = Resource::new(
        move || (id(), kind().unwrap_or_default(), changes.get()),
        |(id, kind, _)| message_template_editor(id.parse().unwrap_or(0), kind),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok(editor) => Either::Left(view! { <TemplateEditor editor edit/> }),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TemplateEditor(
    editor: TemplateEditorView,
    edit: ServerAction<EditMessageTemplate>,
) -> impl IntoView {
    let errors = field_errors_of(edit.value());
    let alert = form_error_of(edit.value());
    let kind = editor.kind;
    let outcome = move || -> Option<TemplateOutcome> {
        edit.value()
            .get()
            .and_then(Result::ok)
            .filter(|outcome| outcome.kind == kind)
    };
    let status = move || {
        outcome().and_then(|outcome| match outcome.intent {
            TemplateIntent::Save => Some("Saved: students now get this email."),
            TemplateIntent::Reset => Some("Back to the standard email."),
            TemplateIntent::Preview => None,
        })
    };
    let base = format!("/dashboard/session-types/{}/emails", editor.session_type_id);
    view! {
        <p class="crumb"><a href=editor.back_link.clone()>{editor.back_label.clone()}</a></p>
        <h2>"Emails to students of "{editor.session_type_name.clone()}</h2>
        <nav class="filters" aria-label="Emails">
            {editor.kinds.iter().map(|(each, label, custom)| view! {
                <a href=format!("{base}?kind={}", each.as_str()) aria-current=(*each == kind).then_some("page")>
                    {label.clone()}{custom.then_some(" (yours)")}
                </a>
            }).collect_view()}
        </nav>
        <ActionForm action=edit attr:class="form" attr:novalidate=true>
            <FormAlert message=alert/>
            <input type="hidden" name="id" value=editor.session_type_id.to_string()/>
            <input type="hidden" name="kind" value=kind.as_str()/>
            <p class="meta">
                {editor.label.clone()}" · "{if editor.custom { "your wording" } else { "the standard wording" }}
            </p>
            <label for="subject">"Subject"</label>
            <input id="subject" name="subject" value=editor.subject.clone() maxlength="200"
                aria-describedby="subject-error" aria-invalid=invalid(errors, "subject")/>
            <FieldMessage errors field="subject"/>
            <label for="body">"Message"</label>
            <textarea id="body" name="body" rows="8" maxlength="5000"
                aria-describedby="body-hint body-error" aria-invalid=invalid(errors, "body")>{editor.body.clone()}</textarea>
            <p class="hint" id="body-hint">
                "Placeholders: "{editor.placeholders.clone()}". A blank line starts a new paragraph. The booking's details, its link and your contact details follow your text."
            </p>
            <FieldMessage errors field="body"/>
            <div class="card-actions">
                <button type="submit" name="intent" value="preview" disabled=move || edit.pending().get()>"Preview"</button>
                <button type="submit" class="primary" name="intent" value="save" disabled=move || edit.pending().get()>"Save email"</button>
                {editor.custom.then(|| view! {
                    <button type="submit" name="intent" value="reset" disabled=move || edit.pending().get()>"Reset to default"</button>
                })}
            </div>
            <p class="saved" role="status">{status}</p>
        </ActionForm>
        {move || outcome().and_then(|outcome| outcome.preview).map(|preview| view! {
            <section aria-labelledby="preview-heading" class="email-preview">
                <h2 id="preview-heading">"Preview"</h2>
                <p class="hint">"As Ada Lovelace would get it for a booking a week from now."</p>
                <p><strong>"Subject: "</strong><span class="preview-subject">{preview.subject}</span></p>
                <pre class="preview-text">{preview.text}</pre>
            </section>
        })}
    }
}
