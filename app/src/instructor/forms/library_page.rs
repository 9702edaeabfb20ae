//! `/dashboard/forms`: the studio's contracts and questionnaires, where each is used, and new
//! ones.

use super::api::{LibraryEntry, RemoveLibraryForm, forms_library};
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{ErrorBox, FormAlert, Loading, form_error_of};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn FormsLibraryPage() -> impl IntoView {
    view! {
        <Dashboard title="Forms">
            <FormsLibrary/>
        </Dashboard>
    }
}

#[component]
fn FormsLibrary() -> impl IntoView {
    let remove = ServerAction::<RemoveLibraryForm>::new();
    let alert = form_error_of(remove.value());
    let forms = Resource::new(move || remove.version().get(), |_| forms_library());
    view! {
        <h2>"Contracts & questionnaires"</h2>
        <p class="hint">"Write them once and attach them to any session type or mini session: clients sign the contract and answer the questionnaire when they book."</p>
        <p class="card-actions">
            <a class="button primary" href="/dashboard/forms/new?kind=contract">"+ New contract"</a>
            <a class="button" href="/dashboard/forms/new?kind=questionnaire">"+ New questionnaire"</a>
        </p>
        <FormAlert message=alert/>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match forms.await {
                    Ok(entries) if entries.is_empty() => Either::Left(view! {
                        <p class="empty">"Your library is empty. Start with a contract or a questionnaire."</p>
                    }.into_any()),
                    Ok(entries) => Either::Left(view! {
                        <ul class="cards forms-library">
                            {entries.into_iter().map(|entry| view! { <FormCard entry remove/> }).collect_view()}
                        </ul>
                    }.into_any()),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FormCard(entry: LibraryEntry, remove: ServerAction<RemoveLibraryForm>) -> impl IntoView {
    let used = if entry.used_by.is_empty() {
        "Not attached to any session yet".to_owned()
    } else {
        format!("Used by {}", entry.used_by.join(", "))
    };
    let confirm = if entry.used_by.is_empty() {
        format!("Remove \u{201c}{}\u{201d}?", entry.title)
    } else {
        format!(
            "Remove \u{201c}{}\u{201d}? {} will stop asking for it; contracts already signed are kept.",
            entry.title,
            entry.used_by.join(", ")
        )
    };
    let yes_label = format!("Yes, remove {}", entry.title);
    let asking = RwSignal::new(false);
    let id = entry.id;
    let edit_href = format!("/dashboard/forms/{}", entry.id);
    let edit_label = format!("Edit {}", entry.title);
    let remove_label = format!("Remove {}", entry.title);
    view! {
        <li class="card">
            <p class="meta">{entry.kind_label}</p>
            <h3>{entry.title}</h3>
            <p class="muted">{entry.summary}</p>
            <p class="meta">{used}</p>
            <Show when=move || asking.get() fallback=move || view! {
                <div class="card-actions">
                    <a class="button" href=edit_href.clone() aria-label=edit_label.clone()>"Edit"</a>
                    <button type="button" aria-label=remove_label.clone()
                        on:click=move |_| asking.set(true)>"Remove"</button>
                </div>
            }>
                <p class="notice" role="alert">{confirm.clone()}</p>
                <div class="card-actions">
                    <button type="button" class="danger" disabled=move || remove.pending().get()
                        aria-label=yes_label.clone()
                        on:click=move |_| { remove.dispatch(RemoveLibraryForm { id }); }>"Yes, remove"</button>
                    <button type="button" on:click=move |_| asking.set(false)>"Keep it"</button>
                </div>
            </Show>
        </li>
    }
}
