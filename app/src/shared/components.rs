//! Small pieces every page may use: form messages, error boxes, fields, router helpers.

use crate::shared::error::AppError;
use domain::FieldErrors;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

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
pub fn FieldMessage(
    errors: Signal<FieldErrors>,
    #[prop(into)] field: String,
    /// The message's element id, when two forms of a page share a field name
    /// (default: `{field}-error`).
    #[prop(optional, into)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("{field}-error"));
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
    // The page answers with the error's status: a missing booking is a 404, not a 200.
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status_code()),
    ) {
        response.set_status(status);
    }
    let sign_in = matches!(error, AppError::SignInRequired);
    let studio_missing = matches!(error, AppError::StudioMissing);
    // Instructors sign in with a password, students by an emailed link back to this page.
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let sign_in_href = if path.starts_with("/dashboard") {
        "/signin".to_owned()
    } else {
        format!(
            "/signin/email?next={}",
            domain::calendar::percent_encoded(&path)
        )
    };
    view! {
        <div class="error-box" role="alert">
            <p>{error.to_string()}</p>
            <Show when=move || sign_in>
                <p><a href=sign_in_href.clone()>"Sign in"</a></p>
            </Show>
            <Show when=move || studio_missing>
                <p><a href="/dashboard" rel="external">"Go to studio settings"</a></p>
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

/// The text child of a `<textarea>`. The server writes a textarea's children as they are
/// (Leptos treats it like `<script>`), so text such as `</textarea><img onerror=…>` would end
/// the element and run as markup: the server escapes it. The browser never re-renders a
/// hydrated textarea's children, so there the text is used as is.
pub fn textarea_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        let mut escaped = String::with_capacity(text.len());
        // The parser drops one newline right after `<textarea>`: keep a leading one.
        if text.starts_with('\n') {
            escaped.push('\n');
        }
        for character in text.chars() {
            match character {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                other => escaped.push(other),
            }
        }
        escaped
    } else {
        text.to_owned()
    }
}

/// A link to hand out, with a button that copies it (the field can also be selected and
/// copied by hand).
#[component]
pub fn CopyableLink(
    /// Names the field, e.g. "Share link of Private coaching".
    label: String,
    #[prop(into)] link: Signal<String>,
) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let text = link.get_untracked();
            leptos::task::spawn_local(async move {
                let outcome = match web_sys::window() {
                    Some(window) => {
                        wasm_bindgen_futures::JsFuture::from(
                            window.navigator().clipboard().write_text(&text),
                        )
                        .await
                    }
                    None => Err(wasm_bindgen::JsValue::NULL),
                };
                copied.set(Some(if outcome.is_ok() {
                    "Link copied."
                } else {
                    "Copying is blocked here: select the link and copy it."
                }));
            });
        }
    };
    let id = format!(
        "link-{}",
        label
            .chars()
            .map(|character| if character.is_ascii_alphanumeric() {
                character
            } else {
                '-'
            })
            .collect::<String>()
            .to_lowercase()
    );
    view! {
        <div class="copyable-link">
            <label class="visually-hidden" for=id.clone()>{label.clone()}</label>
            <input id=id readonly value=move || link.get() prop:value=move || link.get()/>
            <button type="button" class="small" on:click=copy aria-label=format!("Copy {}", label.to_lowercase())>"Copy link"</button>
            <span class="hint" role="status">{move || copied.get()}</span>
        </div>
    }
}

/// A date typed as the page writes dates ("24 December 2026", or 2026-12-24), the same in
/// every browser, with the date it reads as shown beside it.
#[component]
pub fn DateField(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] value: String,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let typed = RwSignal::new(value.clone());
    let reading = move || {
        typed.with(|text| {
            if text.trim().is_empty() {
                return String::new();
            }
            match domain::dates::parse_date(name, text) {
                Ok(date) => domain::dates::long_date(date),
                Err(error) => error.message,
            }
        })
    };
    view! {
        <label for=id>{label}</label>
        <input id=id name=name value=value inputmode="text" autocomplete="off" placeholder="24 December 2026"
            bind:value=typed
            aria-describedby=format!("{id}-reads {name}-error") aria-invalid=invalid(errors, name)/>
        <p class="hint" id=format!("{id}-reads") aria-live="polite">{reading}</p>
        <FieldMessage errors field=name/>
    }
}

pub fn param(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync {
    let params = use_params_map();
    move || params.with(|params| params.get(name).unwrap_or_default())
}

pub fn query_value(name: &'static str) -> impl Fn() -> Option<String> + Copy + Send + Sync {
    let query = use_query_map();
    move || {
        query
            .with(|query| query.get(name))
            .filter(|value| !value.trim().is_empty())
    }
}

/// The file picked in the `<input type="file">` that fired `event`.
#[cfg(feature = "hydrate")]
pub fn first_chosen_file(event: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

/// A query parameter of the page's address, empty when absent.
pub fn query_text(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync {
    let query = use_query_map();
    move || query.with(|query| query.get(name).unwrap_or_default())
}

/// Marks the page interactive once hydrated; end-to-end tests wait for it before typing, and
/// the not-found page tells a first render from a later navigation by it.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(body) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
