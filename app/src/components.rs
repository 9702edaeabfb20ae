//! Small pieces shared by the pages: form messages and error boxes.

use crate::error::AppError;
use domain::FieldErrors;
use leptos::prelude::*;

/// The field problems of the last submission of a server action.
pub fn field_errors_of<V, T>(value: V) -> Signal<FieldErrors>
where
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(error)) => error.field_errors(),
            _ => FieldErrors::default(),
        })
    })
}

/// The message of a failed submission that is not about one field.
pub fn form_error_of<V, T>(value: V) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Signal::derive(move || {
        value.with(|result| match result {
            Some(Err(error)) => Some(error.to_string()),
            _ => None,
        })
    })
}

/// Counts an action's successful submissions. Pages refetch on it rather than on every
/// submission, so a refused form keeps what was typed.
pub fn successes<V, T>(value: V) -> Memo<usize>
where
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Memo::new(move |previous: Option<&usize>| {
        let previous = previous.copied().unwrap_or(0);
        if value.with(|result| matches!(result, Some(Ok(_)))) {
            previous + 1
        } else {
            previous
        }
    })
}

pub fn succeeded<V, T>(value: V) -> Signal<bool>
where
    V: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Signal::derive(move || value.with(|result| matches!(result, Some(Ok(_)))))
}

/// The message under a form field; empty until the field has a problem.
#[component]
pub fn FieldMessage(errors: Signal<FieldErrors>, #[prop(into)] field: String) -> impl IntoView {
    let id = format!("{field}-error");
    view! {
        <p class="field-error" id=id aria-live="polite">
            {move || errors.with(|errors| errors.message_for(&field).map(str::to_owned))}
        </p>
    }
}

/// Whether a field currently has a problem, for `aria-invalid`.
pub fn invalid(
    errors: Signal<FieldErrors>,
    field: &'static str,
) -> impl Fn() -> &'static str + Send + Sync + Copy {
    move || {
        if errors.with(|errors| errors.message_for(field).is_some()) {
            "true"
        } else {
            "false"
        }
    }
}

#[component]
pub fn FormAlert(message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="form-alert" role="alert">{move || message.get()}</p>
        </Show>
    }
}

/// A failed page load, explained.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let sign_in = matches!(error, AppError::SignInRequired);
    let studio_missing = matches!(error, AppError::StudioMissing);
    view! {
        <div class="error-box" role="alert">
            <p>{error.to_string()}</p>
            <Show when=move || sign_in>
                <p><a href="/signin">"Sign in"</a></p>
            </Show>
            <Show when=move || studio_missing>
                <p><a href="/dashboard">"Go to studio settings"</a></p>
            </Show>
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading">"Loading…"</p> }
}

/// The email field of the account forms, reporting under `email`.
#[component]
pub fn EmailField(errors: Signal<FieldErrors>) -> impl IntoView {
    view! {
        <label for="email">"Email"</label>
        <input id="email" name="email" type="email" autocomplete="email" required
            aria-describedby="email-error" aria-invalid=invalid(errors, "email")/>
        <FieldMessage errors field="email"/>
    }
}

/// A password being chosen, with its rule as the hint; `field` names the input and its errors.
#[component]
pub fn NewPasswordField(
    field: &'static str,
    label: &'static str,
    hint: &'static str,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    view! {
        <label for=field>{label}</label>
        <input id=field name=field type="password" autocomplete="new-password" required
            aria-describedby=format!("{field}-hint {field}-error") aria-invalid=invalid(errors, field)/>
        <p class="hint" id=format!("{field}-hint")>{hint}</p>
        <FieldMessage errors field/>
    }
}
