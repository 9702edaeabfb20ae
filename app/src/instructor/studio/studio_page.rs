//! `/dashboard`: the studio's name, address, and (for a new studio) its zone and currency.

use super::api::{AccountView, SaveStudio, account, timezone_names};
use super::zone_and_currency::ZoneAndCurrencyFields;
use crate::instructor::dashboard::Dashboard;
use crate::shared::components::{
    FieldMessage, FormAlert, Loading, field_errors_of, form_error_of, invalid, succeeded,
};
use leptos::either::Either;

use leptos::prelude::*;

#[component]
pub fn StudioSettingsPage() -> impl IntoView {
    view! {
        <Dashboard title="Studio">
            <StudioSettingsForm/>
        </Dashboard>
    }
}

#[component]
fn StudioSettingsForm() -> impl IntoView {
    let account = Resource::new(|| (), |()| account());
    let zones = Resource::new(|| (), |()| timezone_names());
    let action = ServerAction::<SaveStudio>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let saved = succeeded(action.value());
    let saved_slug = move || {
        action.value().with(|value| match value {
            Some(Ok(studio)) => Some(studio.slug.clone()),
            _ => None,
        })
    };
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let studio = account.await.ok().flatten().and_then(|account: AccountView| account.studio);
                let zones = zones.await.unwrap_or_default();
                let (name, slug) = match &studio {
                    Some(studio) => (studio.name.clone(), studio.slug.clone()),
                    None => (String::new(), String::new()),
                };
                let public_link = studio.as_ref().map(|studio| format!("/s/{}", studio.slug));
                // The zone and currency are chosen when the studio is created, and changed in
                // Settings afterwards: one place to change them.
                let zone_and_currency = match &studio {
                    None => Either::Left(view! {
                        <ZoneAndCurrencyFields zone_label="Time zone" timezone=String::new() currency="USD".to_owned() zones errors/>
                    }),
                    Some(studio) => Either::Right(view! {
                        <p class="hint">"Time zone "<strong>{studio.timezone.clone()}</strong>", currency "<strong>{studio.currency.clone()}</strong>": "
                            <a href="/dashboard/settings">"change them in Settings"</a>"."</p>
                    }),
                };
                view! {
                    <p class="intro">"Your studio's name, its public booking address and the time zone all session times are set in."</p>
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <FormAlert message=alert/>
                        <label for="name">"Studio name"</label>
                        <input id="name" name="name" value=name required maxlength="100"
                            aria-describedby="name-error" aria-invalid=invalid(errors, "name")/>
                        <FieldMessage errors field="name"/>
                        <label for="slug">"Booking page address"</label>
                        <div class="prefixed">
                            <span class="prefix" aria-hidden="true">"/s/"</span>
                            <input id="slug" name="slug" value=slug required
                                aria-describedby="slug-hint slug-error" aria-invalid=invalid(errors, "slug")/>
                        </div>
                        <p class="hint" id="slug-hint">"Lower-case letters, digits and hyphens, e.g. maple-yoga."</p>
                        <FieldMessage errors field="slug"/>
                        {zone_and_currency}
                        <button type="submit" class="primary" disabled=move || action.pending().get()>"Save studio"</button>
                        <Show when=move || saved.get()>
                            <p class="saved" role="status">"Saved. "
                                <a href=move || format!("/s/{}", saved_slug().unwrap_or_default()) rel="external">"Open your booking page"</a>
                            </p>
                        </Show>
                    </ActionForm>
                    {public_link.map(|link| view! {
                        <p class="public-link">"Students book at "<a href=link.clone() rel="external">{link.clone()}</a></p>
                    })}
                }
            })}
        </Suspense>
    }
}
