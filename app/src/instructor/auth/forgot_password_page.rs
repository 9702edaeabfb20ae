//! `/forgot-password`: asking for a reset link.

use super::api::RequestPasswordReset;
use crate::shared::components::{EmailField, FormAlert, field_errors_of, form_error_of, succeeded};
use leptos_meta::Title;

use leptos::prelude::*;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    let sent = succeeded(action.value());
    view! {
        <Title text="Reset your password · Bookable"/>
        <main class="page narrow">
            <h1>"Reset your password"</h1>
            <p class="intro">"Enter the email of your account and we'll send you a link to choose a new password."</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <EmailField errors/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Email me a link"</button>
                <Show when=move || sent.get()>
                    <p class="saved" role="status">"If an account uses that email, a link is on its way. It works once, for one hour."</p>
                </Show>
            </ActionForm>
            <p><a href="/signin">"Back to sign in"</a></p>
        </main>
    }
}
