//! `/dashboard/session-types/{id}`: editing a type, and its share link.

use super::api::{RenewShareLink, UpdateSessionType, session_type_settings, session_type_summary};
use super::fields::SessionTypeFields;
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    CopyableLink, ErrorBox, FormAlert, Loading, field_errors_of, form_error_of, succeeded,
    successes,
};
use crate::shared::error::AppError;
use crate::shared::views::SessionTypeView;
use leptos::either::Either;
use leptos_router::hooks::use_params_map;

use leptos::prelude::*;

#[component]
pub fn EditSessionTypePage() -> impl IntoView {
    view! {
        <Dashboard title="Edit session type">
            <EditSessionType/>
        </Dashboard>
    }
}

#[component]
fn EditSessionType() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|params| {
            params
                .get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .unwrap_or(0)
        })
    });
    let settings = Resource::new(move || id.get(), session_type_settings);
    let forms = Resource::new(|| (), |()| crate::instructor::forms::api::form_choices());
    let minis = Resource::new(
        || (),
        |()| crate::instructor::minis::api::mini_session_ids(),
    );
    let update = ServerAction::<UpdateSessionType>::new();
    let renew = ServerAction::<RenewShareLink>::new();
    let updated = successes(update.value());
    let renewed = successes(renew.value());
    let summary = Resource::new(
        move || (id.get(), updated.get(), renewed.get()),
        |(id, ..)| session_type_summary(id),
    );
    let errors = field_errors_of(update.value());
    let alert = form_error_of(update.value());
    let saved = succeeded(update.value());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let forms = forms.await.ok();
                let mini = minis.await.is_ok_and(|ids| ids.contains(&id.get()));
                match settings.await {
                    Ok(initial) => Either::Left(view! {
                        {if mini {
                            Either::Left(view! {
                                <p class="crumb"><a href=format!("/dashboard/minis/{}", id.get())>"Back to "{initial.name.clone()}</a></p>
                                <h2>"Session details"</h2>
                                <p class="hint">"The image, description, contract, questionnaire, packages and fees of this mini session. Its dates, spots and places are on its overview."</p>
                            })
                        } else {
                            Either::Right(view! {
                                <p class="crumb"><a href="/dashboard/session-types">"All session types"</a></p>
                            })
                        }}
                        <p><a class="button small" href=format!("/dashboard/session-types/{}/emails", id.get())>"Emails to students"</a></p>
                        <ActionForm action=update attr:class="form" attr:novalidate=true>
                            <FormAlert message=alert/>
                            <input type="hidden" name="session_type_id" value=id.get().to_string()/>
                            <SessionTypeFields initial errors forms mini/>
                            <button type="submit" class="primary" disabled=move || update.pending().get()>"Save changes"</button>
                            <Show when=move || saved.get()>
                                <p class="saved" role="status">"Changes saved."</p>
                            </Show>
                        </ActionForm>
                    }),
                    Err(error) => Either::Right(view! { <ErrorBox error/> }),
                }
            })}
        </Suspense>
        // Outside the form's suspense: a suspense nested in its server render could keep the
        // page from ever answering.
        <ShareLinkPanel summary renew/>
    }
}

/// A link-only type's share link, and a way to replace it when it went where it should not.
#[component]
fn ShareLinkPanel(
    summary: Resource<Result<SessionTypeView, AppError>>,
    renew: ServerAction<RenewShareLink>,
) -> impl IntoView {
    let renew_alert = form_error_of(renew.value());
    let renewed = succeeded(renew.value());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                summary.await.ok().and_then(|session_type| {
                    let link = session_type.share_link.clone()?;
                    Some(view! {
                        <section class="panel share" aria-labelledby="share-heading">
                            <h2 id="share-heading">"Share link"</h2>
                            <p class="hint">"This session type is link only: it is not listed on your booking page, and students book it through this link."</p>
                            <CopyableLink label=format!("Share link of {}", session_type.name) link/>
                            <ActionForm action=renew attr:class="inline-form">
                                <FormAlert message=renew_alert/>
                                <input type="hidden" name="id" value=session_type.id.to_string()/>
                                <button type="submit" class="small" disabled=move || renew.pending().get()>"Make a new link"</button>
                                <p class="hint">"The current link then stops working; bookings already made stay."</p>
                            </ActionForm>
                            <Show when=move || renewed.get()>
                                <p class="saved" role="status">"New link made. The old one no longer works."</p>
                            </Show>
                        </section>
                    })
                })
            })}
        </Transition>
    }
}
