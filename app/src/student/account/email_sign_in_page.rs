//! `/signin/email`: a student asks for a sign-in link.

use super::api::RequestSignInLink;
use crate::shared::components::{
    FieldMessage, FormAlert, field_errors_of, form_error_of, invalid, query_value, succeeded,
};
use leptos_meta::Title;

use leptos::prelude::*;

/// Students sign in with a link emailed to them: no password to remember.
#[component]
pub fn EmailSignInPage() -> impl IntoView {
    let next = query_value("next");
    let request = ServerAction::<RequestSignInLink>::new();
    let errors = field_errors_of(request.value());
    let alert = form_error_of(request.value());
    let sent = succeeded(request.value());
    view! {
        <main class="page narrow">
            <Title text="Sign in with email"/>
            <h1>"Sign in with your email"</h1>
            <p class="muted">"We'll email you a link that signs you in. Members see member prices and members-only sessions; everyone sees their bookings."</p>
            <Show when=move || sent.get()>
                <p class="notice" role="status">"Check your inbox: if the address is right, a sign-in link is on its way."</p>
            </Show>
            <ActionForm action=request attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <input type="hidden" name="next" value=move || next().unwrap_or_default()/>
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" aria-invalid=invalid(errors, "email")/>
                <FieldMessage errors field="email"/>
                <button type="submit" class="primary" disabled=move || request.pending().get()>"Email me a sign-in link"</button>
            </ActionForm>
        </main>
    }
}
