//! `/reset-password`: a new password through an emailed link.

use super::api::ResetPassword;
use crate::shared::components::{FormAlert, NewPasswordField, field_errors_of, form_error_of};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use leptos::prelude::*;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|query| query.get("token").unwrap_or_default());
    let action = ServerAction::<ResetPassword>::new();
    let errors = field_errors_of(action.value());
    let alert = form_error_of(action.value());
    view! {
        <Title text="Choose a new password · Bookable"/>
        <main class="page narrow">
            <h1>"Choose a new password"</h1>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormAlert message=alert/>
                <input type="hidden" name="token" value=token/>
                <NewPasswordField field="password" label="New password"
                    hint="At least 10 characters. Every other session of your account is signed out." errors/>
                <button type="submit" class="primary" disabled=move || action.pending().get()>"Save new password"</button>
            </ActionForm>
            <p><a href="/forgot-password">"Ask for a new link"</a></p>
        </main>
    }
}
