//! `/signin/link`: the page an emailed sign-in link opens.

use super::api::SignInWithLink;
use crate::shared::components::{FormAlert, form_error_of, query_value};
use leptos_meta::Title;

use leptos::prelude::*;

/// The page an emailed sign-in link opens. Signing in takes a press of the button, so that
/// mail scanners that open links do not use it up.
#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let token = query_value("token");
    let next = query_value("next");
    let sign_in = ServerAction::<SignInWithLink>::new();
    let alert = form_error_of(sign_in.value());
    view! {
        <main class="page narrow">
            <Title text="Sign in"/>
            <h1>"Sign in"</h1>
            <ActionForm action=sign_in attr:class="form">
                <FormAlert message=alert/>
                <input type="hidden" name="token" value=move || token().unwrap_or_default()/>
                <input type="hidden" name="next" value=move || next().unwrap_or_default()/>
                <button type="submit" class="primary" disabled=move || sign_in.pending().get()>"Sign me in"</button>
            </ActionForm>
        </main>
    }
}
