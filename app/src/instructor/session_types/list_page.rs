//! `/dashboard/session-types`: the types by status, their actions, and a new one.

use super::api::{
    CreateSessionType, DuplicateSessionType, SessionTypeForm, SetSessionTypeStatus,
    session_type_ratings, session_types,
};
use super::fields::SessionTypeFields;
use crate::instructor::dashboard::Dashboard;
use crate::instructor::minis::api::{CreateMiniSession, mini_session_ids};
use crate::shared::components::{
    CopyableLink, ErrorBox, FormAlert, Loading, field_errors_of, form_error_of, succeeded,
};
use crate::shared::views::SessionTypeView;
use domain::session_type::SessionStatus;
use leptos::either::Either;
use leptos_router::hooks::use_query_map;

use leptos::prelude::*;

#[component]
pub fn SessionTypesPage() -> impl IntoView {
    view! {
        <Dashboard title="Session types">
            <SessionTypes/>
        </Dashboard>
    }
}

#[component]
fn SessionTypes() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query
            .with(|query| query.get("status"))
            .filter(|status| !status.is_empty())
    });
    let create = ServerAction::<CreateSessionType>::new();
    let duplicate = ServerAction::<DuplicateSessionType>::new();
    let set_status = ServerAction::<SetSessionTypeStatus>::new();
    let types = Resource::new(
        move || {
            (
                create.version().get(),
                duplicate.version().get(),
                set_status.version().get(),
            )
        },
        |_| session_types(),
    );
    let ratings = Resource::new(|| (), |_| session_type_ratings());
    let forms = Resource::new(|| (), |()| crate::instructor::forms::api::form_choices());
    let create_mini = ServerAction::<CreateMiniSession>::new();
    let minis = Resource::new(move || create.version().get(), |_| mini_session_ids());
    let mini_errors = field_errors_of(create_mini.value());
    let mini_alert = form_error_of(create_mini.value());
    let errors = field_errors_of(create.value());
    let alert = form_error_of(create.value());
    let action_alert = Signal::derive(move || {
        form_error_of(duplicate.value())
            .get()
            .or_else(|| form_error_of(set_status.value()).get())
    });
    let saved = succeeded(create.value());
    let new_type = SessionTypeForm {
        duration_minutes: "60".to_owned(),
        capacity: "1".to_owned(),
        status: SessionStatus::Draft.as_str().to_owned(),
        ..SessionTypeForm::default()
    };
    view! {
        <details class="new-session">
            <summary class="button primary">"+ New session"</summary>
            <ul class="choices">
                <li><a href="#new-type-heading">"Create Session Type"</a>" \u{2014} 1-on-1 or group sessions in your opening hours"</li>
                <li>
                    <ActionForm action=create_mini attr:class="form inline-form" attr:novalidate=true>
                        <FormAlert message=mini_alert/>
                        <label>"Mini session title"<input name="name" maxlength="80" required/></label>
                        <p class="field-error" aria-live="polite">{move || mini_errors.with(|errors| errors.message_for("name").map(str::to_owned))}</p>
                        <button type="submit" class="primary">"Create Mini Session"</button>
                    </ActionForm>
                    <p class="hint">"Dates of short spots that clients book, sign and pay for in one go."</p>
                </li>
            </ul>
        </details>
        <section aria-labelledby="types-heading">
            <h2 id="types-heading">"Your session types"</h2>
            <nav class="filters" aria-label="Filter by status">
                <a href="/dashboard/session-types" aria-current=move || filter.get().is_none().then_some("page")>"All"</a>
                {SessionStatus::ALL.into_iter().map(|status| view! {
                    <a href=format!("/dashboard/session-types?status={}", status.as_str())
                        aria-current=move || (filter.get().as_deref() == Some(status.as_str())).then_some("page")>
                        {status.label()}
                    </a>
                }).collect_view()}
            </nav>
            <FormAlert message=action_alert/>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let wanted = filter.get();
                    // Ratings only add a line to each card: without them the list still shows.
                    let ratings = ratings.await.unwrap_or_default();
                    let minis = minis.await.unwrap_or_default();
                    match types.await {
                        Ok(types) => {
                            let shown: Vec<_> = types
                                .into_iter()
                                .filter(|session_type| wanted.as_deref().is_none_or(|status| session_type.status.as_str() == status))
                                .collect();
                            if shown.is_empty() {
                                Either::Left(Either::Left(view! {
                                    <p class="empty">{if wanted.is_some() { "No session types with this status." } else { "No session types yet. Create the first one below." }}</p>
                                }))
                            } else {
                                Either::Left(Either::Right(view! {
                                    <ul class="type-list">
                                        {shown.into_iter().map(|session_type| {
                                            let rating = ratings
                                                .iter()
                                                .find(|rating| rating.session_type_id == session_type.id)
                                                .map(|rating| rating.label.clone());
                                            let is_mini = minis.contains(&session_type.id);
                                            view! { <SessionTypeCard session_type rating is_mini duplicate set_status/> }
                                        }).collect_view()}
                                    </ul>
                                }))
                            }
                        }
                        Err(error) => Either::Right(view! { <ErrorBox error/> }),
                    }
                })}
            </Transition>
        </section>
        <section aria-labelledby="new-type-heading">
            <h2 id="new-type-heading">"New session type"</h2>
            <Suspense fallback=Loading>
                {move || {
                    let new_type = new_type.clone();
                    Suspend::new(async move {
                        let forms = forms.await.ok();
                        view! {
                            <ActionForm action=create attr:class="form" attr:novalidate=true>
                                <FormAlert message=alert/>
                                <SessionTypeFields initial=new_type errors forms/>
                                <button type="submit" class="primary" disabled=move || create.pending().get()>"Create session type"</button>
                                <Show when=move || saved.get()>
                                    <p class="saved" role="status">"Session type created."</p>
                                </Show>
                            </ActionForm>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn SessionTypeCard(
    session_type: SessionTypeView,
    /// What students' surveys made of it, once any answered.
    rating: Option<String>,
    /// A mini session, set up on its overview.
    is_mini: bool,
    duplicate: ServerAction<DuplicateSessionType>,
    set_status: ServerAction<SetSessionTypeStatus>,
) -> impl IntoView {
    let id = session_type.id.to_string();
    let name = session_type.name.clone();
    let status_action = |target: SessionStatus, label: &'static str| {
        let id = id.clone();
        let name = name.clone();
        view! {
            <ActionForm action=set_status attr:class="inline">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="status" value=target.as_str()/>
                <button type="submit" class="small" aria-label=format!("{label} {name}")>{label}</button>
            </ActionForm>
        }
    };
    let status = session_type.status;
    let archived = status == SessionStatus::Archived;
    let activate = (status != SessionStatus::Active && !archived)
        .then(|| status_action(SessionStatus::Active, "Activate"));
    let pause =
        (status == SessionStatus::Active).then(|| status_action(SessionStatus::Paused, "Pause"));
    let archive = (!archived).then(|| status_action(SessionStatus::Archived, "Archive"));
    let restore = archived.then(|| status_action(SessionStatus::Draft, "Restore as draft"));
    view! {
        <li class="type-card">
            <div class="type-card-head">
                <h3>{session_type.name.clone()}</h3>
                <span class=format!("badge status-{}", session_type.status.as_str())>{session_type.status.label()}</span>
                {session_type.link_only.then(|| view! { <span class="badge link-only">"Link only"</span> })}
            </div>
            <p class="meta">
                {session_type.duration_label.clone()}" · "{session_type.capacity_label()}" · "{session_type.price_label.clone()}
            </p>
            {rating.map(|rating| view! { <p class="rating">{rating}</p> })}
            {session_type.share_link.clone().map(|link| view! {
                <p class="hint">"Not listed: students book it through this link."</p>
                <CopyableLink label=format!("Share link of {}", session_type.name) link/>
            })}
            {is_mini.then(|| view! { <p class="meta">"Mini session"</p> })}
            <div class="card-actions">
                {is_mini.then(|| view! { <a class="button small" href=format!("/dashboard/minis/{id}") aria-label=format!("Open the overview of {name}")>"Overview"</a> })}
                <a class="button small" href=format!("/dashboard/session-types/{id}") aria-label=format!("Edit {name}")>"Edit"</a>
                <ActionForm action=duplicate attr:class="inline">
                    <input type="hidden" name="id" value=id.clone()/>
                    <button type="submit" class="small" aria-label=format!("Duplicate {name}")>"Duplicate"</button>
                </ActionForm>
                {activate}
                {pause}
                {archive}
                {restore}
            </div>
        </li>
    }
}
